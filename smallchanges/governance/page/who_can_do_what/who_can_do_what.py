import frappe
from frappe import _

from smallchanges.governance.overview import get_overview

PAGE = "who-can-do-what"


@frappe.whitelist(methods=["GET", "POST"])
def get_data() -> dict:
	"""The page's content, generated live from permissions, workflows, delegations and policy."""
	if not frappe.get_doc("Page", PAGE).is_permitted():
		frappe.throw(_("You are not permitted to see who can do what."), frappe.PermissionError)
	return get_overview(frappe.session.user)
