"""Field-level protection for documents with staff-only fields (permlevel > 0).

Writing: Frappe quietly resets a field the user may not write, and only when permissions are
checked (web forms save with `ignore_permissions`). `StaffFieldGuard` refuses with a 403 an
attempt to SET such a field, so nothing is saved, and resets them on every save path.

Reading: a controller's reply is stripped by Frappe's own `apply_fieldlevel_read_permissions`
(the Universal Referral controller calls it in on_change; access.web_forms for web form data);
`strip_unreadable_from_dict` does it for the one place that has a plain dict, not a document:
the web form page, which embeds the referral as JSON.
"""

import frappe
from frappe import _
from frappe.model import display_fieldtypes, table_fields


def _blank(value) -> bool:
	return value is None or value == "" or value == [] or value == 0 or value is False


def _same(doc, df, value, old) -> bool:
	if _blank(value):
		return True  # not sent (or cleared): Frappe restores the stored value
	return doc.cast(value, df) == doc.cast(old, df)


def _refuse(doc, df) -> None:
	frappe.throw(
		_("You may not set {0} on a {1}.").format(_(df.label or df.fieldname), _(doc.doctype)),
		frappe.PermissionError,
		title=_("Not permitted"),
	)


def refuse_unwritable_values(doc) -> None:
	"""Raise PermissionError if the document carries a value the user may not write."""
	if frappe.session.user == "Administrator" or frappe.flags.in_install:
		return
	writable = set(doc.get_permlevel_access("write"))
	before = None if doc.is_new() else doc.get_latest()

	for df in doc.meta.fields:
		if df.fieldtype in display_fieldtypes:
			continue
		if df.fieldtype in table_fields:
			old_rows = {row.name: row for row in (before.get(df.fieldname) if before else []) or []}
			child_meta = frappe.get_meta(df.options)
			for row in doc.get(df.fieldname) or []:
				old_row = old_rows.get(row.name)
				if df.permlevel not in writable and (
					old_row is None or _row_changed(row, old_row, child_meta)
				):
					_refuse(doc, df)
				for child_df in child_meta.fields:
					if child_df.permlevel in writable or child_df.fieldtype in display_fieldtypes:
						continue
					old = old_row.get(child_df.fieldname) if old_row else None
					if not _same(row, child_df, row.get(child_df.fieldname), old):
						_refuse(doc, child_df)
		elif df.permlevel not in writable:
			old = before.get(df.fieldname) if before else None
			if not _same(doc, df, doc.get(df.fieldname), old):
				_refuse(doc, df)


def _row_changed(row, old_row, child_meta) -> bool:
	return any(
		not _same(row, df, row.get(df.fieldname), old_row.get(df.fieldname))
		for df in child_meta.fields
		if df.fieldtype not in display_fieldtypes
	)


class StaffFieldGuard:
	"""Mixin for a Document controller (put it before `Document` in the bases)."""

	def validate_higher_perm_levels(self):
		refuse_unwritable_values(self)
		# Reset what the user may not write even on `ignore_permissions` saves (web forms), so
		# that rows and values sent without staff fields never wipe what staff recorded.
		ignore = self.flags.ignore_permissions
		self.flags.ignore_permissions = False
		try:
			super().validate_higher_perm_levels()
		finally:
			self.flags.ignore_permissions = ignore


def strip_unreadable_from_dict(doctype: str, data: dict) -> dict:
	"""Remove from a plain dict of a document (and its rows) the fields the user may not read."""
	if frappe.session.user == "Administrator" or not data:
		return data
	meta = frappe.get_meta(doctype)
	readable = set(frappe.new_doc(doctype).get_permlevel_access("read"))
	for df in meta.fields:
		if df.permlevel not in readable:
			data.pop(df.fieldname, None)
		elif df.fieldtype in table_fields:
			child_meta = frappe.get_meta(df.options)
			hidden = [c.fieldname for c in child_meta.fields if c.permlevel not in readable]
			for row in data.get(df.fieldname) or []:
				for fieldname in hidden:
					row.pop(fieldname, None)
	return data
