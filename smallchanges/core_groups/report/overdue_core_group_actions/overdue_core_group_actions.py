"""Overdue Core Group Actions: per plan, the open actions of its latest approved minutes that are
past their due date."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from smallchanges.core_groups.clocks import calendar
from smallchanges.core_groups.tasks import open_actions


@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	today = getdate(filters.get("as_of") or nowdate())
	columns = [
		{
			"fieldname": "plan",
			"label": _("Plan"),
			"fieldtype": "Link",
			"options": "Child Protection Plan",
			"width": 150,
		},
		{"fieldname": "children_initials", "label": _("Children"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "minutes",
			"label": _("Minutes"),
			"fieldtype": "Link",
			"options": "Core Group Minutes",
			"width": 150,
		},
		{"fieldname": "action", "label": _("Action"), "fieldtype": "Data", "width": 280},
		{"fieldname": "owner_name", "label": _("Owner"), "fieldtype": "Data", "width": 150},
		{"fieldname": "due_date", "label": _("Due"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "working_days_overdue",
			"label": _("Working days overdue"),
			"fieldtype": "Int",
			"width": 120,
		},
	]
	# The plans this user may read (the core group scope), then their open actions.
	plans = set(frappe.get_list("Child Protection Plan", pluck="name", limit_page_length=0))
	if filters.get("plan"):
		plans &= {filters.plan}
	days = calendar()
	data = [
		{**row, "working_days_overdue": days.working_days_between(getdate(row.due_date), today)}
		for row in open_actions()
		if row.plan in plans and getdate(row.due_date) < today
	]
	data.sort(key=lambda row: (row["plan"], row["due_date"]))
	return columns, data
