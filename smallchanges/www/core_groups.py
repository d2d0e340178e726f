"""/core-groups: a partner's (or any member's) core groups, their minutes and what they can do."""

import frappe
from frappe import _

from smallchanges.rules.core_groups import APPROVED, DISTRIBUTED

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see your core groups."), frappe.PermissionError)
	context.no_cache = 1
	context.show_sidebar = False
	# get_list applies the one core group scope (smallchanges.access.core_groups): members see their own.
	plans = frappe.get_list(
		"Child Protection Plan",
		filters={"status": "Active"},
		fields=[
			"name",
			"plan_title",
			"category_of_abuse",
			"first_core_group_due",
			"next_review_conference",
		],
		order_by="icpc_date desc",
		limit_page_length=50,
	)
	minutes = frappe.get_list(
		"Core Group Minutes",
		filters={"plan": ["in", [p.name for p in plans] or [""]], "docstatus": ["<", 2]},
		fields=["name", "plan", "meeting_number", "meeting_date", "minute_taker", "workflow_state"],
		order_by="meeting_date desc",
		limit_page_length=500,
	)
	by_plan: dict[str, list] = {}
	for row in minutes:
		row.taker_name = frappe.utils.get_fullname(row.minute_taker)
		row.readable_in_print = row.workflow_state in (APPROVED, DISTRIBUTED)
		by_plan.setdefault(row.plan, []).append(row)
	for plan in plans:
		plan.minutes = by_plan.get(plan.name, [])
	context.plans = plans
	context.title = _("Your core groups")
	return context
