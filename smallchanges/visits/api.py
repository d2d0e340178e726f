"""Whitelisted calls for the visit form: the defaults of a quick visit entry."""

import frappe
from frappe import _

from smallchanges.rules.visits import HOME, PLACEMENT


@frappe.whitelist(methods=["GET"])
def visit_defaults(child: str) -> dict:
	"""What a new visit to `child` most likely repeats from the last visit this user may read:
	plan type and reference, place and address, placement details; empty for a first visit."""
	if not frappe.has_permission("Visit", "create"):
		frappe.throw(_("You may not record visits."), frappe.PermissionError)
	if not frappe.has_permission("Child", "read", child):
		frappe.throw(_("You may not read this child's record."), frappe.PermissionError)
	# get_list applies the user's visit scope (access.visits.visit_criterion) and DocPerm.
	last = frappe.get_list(
		"Visit",
		filters={"child": child, "plan_ended": 0},
		fields=[
			"plan_type",
			"child_protection_plan",
			"plan_reference",
			"place",
			"address",
			"placement_start",
			"placement_kind",
			"first_review",
		],
		order_by="visit_date desc, creation desc",
		limit=1,
	)
	defaults = {k: v for k, v in (last[0] if last else {}).items() if v}
	if defaults.get("place") not in (HOME, PLACEMENT):
		# a school or other place is a choice made for that visit; the next one starts at home
		defaults.pop("place", None)
		defaults.pop("address", None)
	if not defaults.get("address"):
		address = frappe.db.get_value("Child", child, "address")
		if address:
			defaults["address"] = address
	return defaults
