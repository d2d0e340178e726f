"""Statutory Visits Due: every open plan's last counting visit, next due date and days overdue.

A plan, until plans are records of their own, is the visits with the same child, plan type and
plan reference. Its latest visit is marked and carries the plan's last counting visit and due
date (smallchanges.visits.schedule); the plan is open unless that visit says the plan ended. So
one query answers any number of plans and reads one row per plan, within the user's visit
scope (access.visits.visit_criterion), filtered by team (a Frappe User Group of practitioners),
practitioner and plan type.
"""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from smallchanges.access.restrictions import not_hidden
from smallchanges.access.scope import scope_of
from smallchanges.access.visits import visit_criterion
from smallchanges.rules import visit_due
from smallchanges.rules.safeguarding_policy import PLAN_TYPES


@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return columns(), rows(filters)


def columns() -> list[dict]:
	# The action first and the practitioner by name: the row's point is on screen without scrolling.
	return [
		{"fieldname": "record", "label": _("Next visit"), "fieldtype": "Data", "width": 110},
		{"fieldname": "child", "label": _("Child"), "fieldtype": "Link", "options": "Child", "width": 110},
		{"fieldname": "child_name", "label": _("Name"), "fieldtype": "Data", "width": 150},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "next_due", "label": _("Next visit due"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_overdue", "label": _("Days overdue"), "fieldtype": "Int", "width": 100},
		{"fieldname": "practitioner_name", "label": _("Practitioner"), "fieldtype": "Data", "width": 150},
		{"fieldname": "plan_type", "label": _("Plan"), "fieldtype": "Data", "width": 120},
		{"fieldname": "plan_reference", "label": _("Plan reference"), "fieldtype": "Data", "width": 110},
		{"fieldname": "last_visit", "label": _("Last visit"), "fieldtype": "Date", "width": 100},
		{"fieldname": "last_counting_visit", "label": _("Last counting visit"), "fieldtype": "Date", "width": 130},
		{"fieldname": "latest_visit", "label": _("Latest visit record"), "fieldtype": "Link", "options": "Visit", "width": 130},
		{"fieldname": "practitioner", "label": _("Practitioner's user"), "fieldtype": "Link", "options": "User", "hidden": 1},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "hidden": 1},
		{"fieldname": "due_this_week", "label": _("Due this week"), "fieldtype": "Int", "hidden": 1},
	]  # fmt: skip


def plan_query(filters):
	"""The one query: each open plan's latest visit (its dates and practitioner)."""
	scope = scope_of()
	Visit = frappe.qb.DocType("Visit")
	reached = None if scope.everything else visit_criterion(scope, Visit)
	if not scope.everything and reached is None:
		return None
	query = (
		frappe.qb.from_(Visit)
		.select(
			Visit.name.as_("latest_visit"),
			Visit.child,
			Visit.child_name,
			Visit.plan_type,
			Visit.plan_reference,
			Visit.practitioner,
			Visit.practitioner_name,
			Visit.visit_date.as_("last_visit"),
			Visit.last_counting_date,
			Visit.next_visit_due,
		)
		.where(Visit.latest_of_plan == 1)
		.where(Visit.plan_ended == 0)
	)
	if reached is not None:
		query = query.where(reached)
	unsealed = not_hidden("Visit", Visit)  # a restricted child's visits: only for those it is open to
	if unsealed is not None:
		query = query.where(unsealed)
	if filters.get("plan_type"):
		query = query.where(Visit.plan_type == filters.plan_type)
	if filters.get("practitioner"):
		query = query.where(Visit.practitioner == filters.practitioner)
	if filters.get("team"):
		Member = frappe.qb.DocType("User Group Member")
		members = frappe.qb.from_(Member).select(Member.user).where(Member.parent == filters.team)
		query = query.where(Visit.practitioner.isin(members))
	return query


def rows(filters) -> list[dict]:
	query = plan_query(filters)
	if query is None:
		return []
	today = getdate(filters.get("today") or nowdate())
	status = filters.get("status")
	plan_labels = {plan: _(plan) for plan in PLAN_TYPES}
	overdue_label, this_week_label, due_label = _("Overdue"), _("Due this week"), _("Due")
	out = []
	# 20,000 rows at scale: plain tuples and date arithmetic, nothing per row that queries.
	for (
		latest_visit,
		child,
		child_name,
		plan_type,
		plan_reference,
		practitioner,
		practitioner_name,
		last_visit,
		last_counting,
		due,
	) in query.run():
		overdue = visit_due.days_overdue(due, today)
		due_this_week = int(visit_due.due_this_week(due, today))
		if (status == "Overdue" and not overdue) or (status == "Due this week" and not due_this_week):
			continue
		out.append(
			{
				"child": child,
				"child_name": child_name,
				"plan_type": plan_labels.get(plan_type, plan_type),
				"plan_reference": plan_reference,
				"status": overdue_label if overdue else this_week_label if due_this_week else due_label,
				"practitioner": practitioner,
				"practitioner_name": practitioner_name or practitioner,
				"last_visit": last_visit,
				"last_counting_visit": last_counting,
				"next_due": due,
				"days_overdue": overdue,
				"overdue": int(overdue > 0),
				"due_this_week": due_this_week,
				"latest_visit": latest_visit,
				"record": "",
			}
		)
	return sorted(out, key=lambda p: (-p["days_overdue"], p["next_due"] or today, p["child"]))
