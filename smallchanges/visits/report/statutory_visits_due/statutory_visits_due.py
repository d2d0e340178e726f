"""Statutory Visits Due: every open plan's last counting visit, next due date and days overdue.

A plan, until plans are records of their own, is the visits with the same child, plan type and
plan reference; it is open until a visit says the plan ended. The latest visit of a plan carries
the plan's current due date (smallchanges.visits.schedule). One query answers any number of
plans: a grouped read of the plan index joined back to each plan's latest visit, within the
user's visit scope (permissions.visit_criterion) and filtered by team (a Frappe User Group of
practitioners) and practitioner.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Max
from frappe.utils import getdate, nowdate

from smallchanges.permissions import visit_criterion, visit_scope
from smallchanges.rules import visits as rules


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return columns(), rows(filters)


def columns() -> list[dict]:
	return [
		{"fieldname": "child", "label": _("Child"), "fieldtype": "Link", "options": "Child", "width": 110},
		{"fieldname": "child_name", "label": _("Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "plan_type", "label": _("Plan"), "fieldtype": "Data", "width": 130},
		{"fieldname": "plan_reference", "label": _("Plan reference"), "fieldtype": "Data", "width": 110},
		{"fieldname": "practitioner", "label": _("Practitioner"), "fieldtype": "Link", "options": "User", "width": 160},
		{"fieldname": "last_visit", "label": _("Last visit"), "fieldtype": "Date", "width": 100},
		{"fieldname": "last_counting_visit", "label": _("Last counting visit"), "fieldtype": "Date", "width": 130},
		{"fieldname": "next_due", "label": _("Next visit due"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_overdue", "label": _("Days overdue"), "fieldtype": "Int", "width": 100},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "hidden": 1},
		{"fieldname": "due_this_week", "label": _("Due this week"), "fieldtype": "Int", "hidden": 1},
		{"fieldname": "latest_visit", "label": _("Latest visit record"), "fieldtype": "Link", "options": "Visit", "width": 130},
		{"fieldname": "record", "label": _("Next visit"), "fieldtype": "Data", "width": 120},
	]  # fmt: skip


def plan_query(filters):
	"""The one query: each open plan's latest visit (its due date and practitioner)."""
	scope = visit_scope()
	if scope.nothing:
		return None
	Visit = frappe.qb.DocType("Visit")
	plans = (
		frappe.qb.from_(Visit)
		.select(
			Visit.child,
			Visit.plan_type,
			Visit.plan_reference,
			Max(Visit.visit_date).as_("last_visit"),
			Max(Case().when(Visit.counts_as_statutory == 1, Visit.visit_date)).as_("last_counting"),
		)
		.groupby(Visit.child, Visit.plan_type, Visit.plan_reference)
		.having(Max(Visit.plan_ended) == 0)
	)
	if not scope.everything:
		plans = plans.where(visit_criterion(scope, Visit))
	if filters.get("plan_type"):
		plans = plans.where(Visit.plan_type == filters.plan_type)
	plan = plans.as_("plan")
	latest = frappe.qb.DocType("Visit").as_("latest")
	query = (
		frappe.qb.from_(plan)
		.join(latest)
		.on(
			(latest.child == plan.child)
			& (latest.plan_type == plan.plan_type)
			& (latest.plan_reference == plan.plan_reference)
			& (latest.visit_date == plan.last_visit)
		)
		.select(
			plan.child,
			plan.plan_type,
			plan.plan_reference,
			plan.last_visit,
			plan.last_counting,
			latest.name.as_("latest_visit"),
			latest.child_name,
			latest.practitioner,
			latest.next_visit_due,
			latest.creation,
		)
	)
	if filters.get("practitioner"):
		query = query.where(latest.practitioner == filters.practitioner)
	if filters.get("team"):
		Member = frappe.qb.DocType("User Group Member")
		members = frappe.qb.from_(Member).select(Member.user).where(Member.parent == filters.team)
		query = query.where(latest.practitioner.isin(members))
	return query


def rows(filters) -> list[dict]:
	query = plan_query(filters)
	if query is None:
		return []
	today = getdate(filters.get("today") or nowdate())
	plans: dict[tuple, dict] = {}
	for row in query.run(as_dict=True):
		key = (row.child, row.plan_type, row.plan_reference)
		# two visits on a plan's last day: the one recorded last speaks for the plan
		if key in plans and plans[key]["creation"] >= row.creation:
			continue
		due = getdate(row.next_visit_due) if row.next_visit_due else None
		overdue = rules.days_overdue(due, today)
		plans[key] = {
			"child": row.child,
			"child_name": row.child_name,
			"plan_type": _(row.plan_type),
			"plan_reference": row.plan_reference,
			"practitioner": row.practitioner,
			"last_visit": row.last_visit,
			"last_counting_visit": row.last_counting,
			"next_due": due,
			"days_overdue": overdue,
			"overdue": int(overdue > 0),
			"due_this_week": int(rules.due_this_week(due, today)),
			"latest_visit": row.latest_visit,
			"record": "",
			"creation": row.creation,
		}
	status = filters.get("status")
	out = [
		plan
		for plan in plans.values()
		if not status
		or (status == "Overdue" and plan["overdue"])
		or (status == "Due this week" and plan["due_this_week"])
	]
	for plan in out:
		del plan["creation"]
	return sorted(out, key=lambda p: (-p["days_overdue"], p["next_due"] or today, p["child"]))
