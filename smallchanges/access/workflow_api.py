"""Frappe's workflow action (`apply_workflow`), with the document named by a string the user may
read: a dict in place of the name would be a filter, and a missing record would answer 404 where
another agency's answers 403 (see names.py)."""

import frappe
from frappe.model import workflow

from smallchanges.access.names import NotAName, open_record
from smallchanges.access.routes import is_an_app_doctype


@frappe.whitelist(methods=["POST"])
def apply_workflow(doc: str | dict, action: str):
	"""Frappe's apply_workflow (which this replaces for every DocType), once the name is a name.

	Only the app's own DocTypes are checked here: a workflow of another app on the same site keeps
	Frappe's behaviour exactly (a good neighbour)."""
	values = frappe.parse_json(doc) if isinstance(doc, str) else doc
	if not isinstance(values, dict):
		frappe.throw(frappe._("The document must be sent as a record."), NotAName)
	doctype = values.get("doctype")
	if not isinstance(doctype, str):
		frappe.throw(frappe._("The document's type must be text."), NotAName)
	if not is_an_app_doctype(doctype):
		return workflow.apply_workflow(doc, action)
	open_record(doctype, values.get("name"), "read")
	if not isinstance(action, str):
		frappe.throw(frappe._("The action must be text."), NotAName)
	return workflow.apply_workflow(values, action)
