import frappe
from frappe import _


def get_context(context):
	if context.get("is_new"):
		show_the_plans_children(context)
	doc = context.get("reference_doc")
	if doc:
		context.web_form_title = _("Agency update {0}").format(doc.get("name"))
	return context


def show_the_plans_children(context) -> None:
	"""A new update names the plan it is for (/core-group-agency-update/new?plan=...): the form shows
	the plan's children at once, as the saved update will (plan_title is fetched from the plan)."""
	plan = frappe.form_dict.get("plan")
	if not isinstance(plan, str) or not plan:
		return
	if not frappe.db.exists("Child Protection Plan", plan) or not frappe.has_permission(
		"Child Protection Plan", "read", plan
	):
		return
	title = frappe.db.get_value("Child Protection Plan", plan, "plan_title")
	for field in context.web_form_doc.web_form_fields:
		if field.fieldname == "plan_title" and title:
			field.default = title
