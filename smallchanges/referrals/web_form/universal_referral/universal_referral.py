import frappe

from smallchanges.access.field_guard import strip_unreadable_from_dict
from smallchanges.resources.library import web_form_panel
from smallchanges.rules.referral import PARTNER_EDITABLE_STATES


def get_context(context):
	# The page embeds the referral as JSON: never with the council's staff-only fields.
	if context.get("reference_doc"):
		strip_unreadable_from_dict("Universal Referral", context.reference_doc)
		# Once sent, a referral is the team's until they return it: no Edit button meanwhile.
		if context.reference_doc.get("workflow_state") not in PARTNER_EDITABLE_STATES:
			context.web_form_doc.allow_edit = 0
	# Frappe gives a web form's tables only their list-view columns; a referrer needs every field
	# of a row (school, GP, risks to staff...) in the row's form, and none of the staff-only ones.
	for field in context.web_form_doc.web_form_fields:
		if field.fieldtype == "Table":
			field.fields = row_fields(field.options)
	# The referral guidance (approved library resources for this DocType), rendered on the server.
	web_form_panel(context, "Universal Referral")
	return context


def row_fields(child_doctype: str) -> list[dict]:
	return [df.as_dict() for df in _shown(child_doctype)]


def saved_row_fields(child_doctype: str) -> list[tuple[str, bool]]:
	"""(fieldname, read only) of each field a row shows: what the save's shape needs, without
	building the page's dicts (access/web_form_writes.py reads it on every save)."""
	return [(df.fieldname, bool(df.read_only)) for df in _shown(child_doctype)]


def _shown(child_doctype: str) -> list:
	writable = set(frappe.get_doc({"doctype": "Universal Referral"}).get_permlevel_access("write"))
	return [df for df in frappe.get_meta(child_doctype).fields if df.permlevel in writable and not df.hidden]
