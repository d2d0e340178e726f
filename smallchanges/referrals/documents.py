"""A referral's documents: only files their author uploaded, and once saved, the referral's own.

`attach_to_referral` makes each uploaded file private and attached to the referral, so only
people who may read the referral may read it (the File hooks judge by the attached record).
"""

import frappe
from frappe import _


def check_uploaded_by_author(doc) -> None:
	"""Every new row of `doc.documents` is a file this user uploaded, not attached elsewhere."""
	before = doc.get_doc_before_save()
	known = {row.file for row in (before.get("documents") if before else []) or []}
	for row in doc.get("documents") or []:
		if row.file in known:
			continue
		record = _file_record(row.file)
		if (
			not record
			or record.owner != frappe.session.user
			or (record.attached_to_doctype == doc.doctype and record.attached_to_name not in (None, doc.name))
		):
			frappe.throw(
				_("Row {0}: attach a file you uploaded yourself.").format(row.idx), frappe.PermissionError
			)


def attach_to_referral(doc) -> None:
	"""Each file of `doc.documents` attached to the referral, private."""
	for row in doc.get("documents") or []:
		record = _file_record(row.file)
		if record and record.attached_to_name != doc.name:
			frappe.db.set_value(
				"File",
				record.name,
				{
					"attached_to_doctype": doc.doctype,
					"attached_to_name": doc.name,
					"attached_to_field": "documents",
					"is_private": 1,
				},
			)


def _file_record(file_url: str | None):
	if not file_url:
		return None
	# Looked up by the server to check the uploader; nothing about the file is returned to them.
	return frappe.db.get_value(
		"File",
		{"file_url": file_url},
		["name", "owner", "attached_to_doctype", "attached_to_name"],
		as_dict=True,
		order_by="creation desc",
	)
