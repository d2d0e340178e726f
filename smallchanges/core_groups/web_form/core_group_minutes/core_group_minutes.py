import frappe
from frappe import _

from smallchanges.resources.library import web_form_panel
from smallchanges.rules.core_groups import MINUTE_TAKER_EDITS

# Rows of the minutes' tables show every field on the web form; links become plain text, so the
# form makes no search calls a partner's account is not allowed.
_AS_TEXT = ("Link", "Dynamic Link")


def get_context(context):
	doc = context.get("reference_doc")
	if doc and not frappe.has_permission("Core Group Minutes", "write", doc.get("name")):
		# Minutes sent for review, approved or distributed, and another agency's draft, are read on
		# the portal: no Edit, no Save (the page and the form's script agree).
		for holder in (context, context.web_form_doc):
			holder.allow_edit = 0
			holder.in_edit_mode = False
			holder.in_view_mode = True
	elif doc and context.get("in_view_mode"):
		# Minutes the partner may still change open straight into the form, with no Edit to press.
		frappe.redirect(f"/{context.web_form_doc.route}/{doc.get('name')}/edit")
	if doc:
		# The heading is the minutes' reference; the children under it.
		context.web_form_title = _("Minutes {0}").format(doc.get("name"))
	for field in context.web_form_doc.web_form_fields:
		if field.fieldtype == "Table":
			field.fields = row_fields(field.options)
	context.minute_taker_states = list(MINUTE_TAKER_EDITS)
	# The approved minute-taking guide and template from the library, rendered on the server.
	web_form_panel(context, "Core Group Minutes")
	return context


def saved_row_fields(child_doctype: str) -> list[tuple[str, bool]]:
	"""(fieldname, read only) of each field a row shows: what the save's shape needs, without
	building the page's dicts (access/web_form_writes.py reads it on every save)."""
	return [
		(df.fieldname, bool(df.read_only or df.fieldtype in _AS_TEXT))
		for df in frappe.get_meta(child_doctype).fields
		if not df.hidden
	]


def row_fields(child_doctype: str) -> list[dict]:
	fields = []
	for df in frappe.get_meta(child_doctype).fields:
		if df.hidden:
			continue
		field = df.as_dict()
		if field.fieldtype in _AS_TEXT:
			field.update({"fieldtype": "Data", "read_only": 1, "options": ""})
		fields.append(field)
	return fields
