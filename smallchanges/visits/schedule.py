"""Next-visit due dates of a plan, kept on its visits.

Until plans are records of their own (the Child Protection Plan DocType), a plan is the visits
with the same child, plan type and plan reference. Each visit stores the date the next
statutory visit is due as of that visit: from the last counting visit on or before it and the
plan's frequency (Safeguarding Policy, or reg 28 for a looked-after child's placement), and that
last counting visit's date. The plan's latest visit is marked (`latest_of_plan`) and so carries
the plan's current state: the dashboard reads only those rows, one per plan, whatever the number
of visits.

Runs inside a staff member's save (a Visit has no partner DocPerm); reads the plan's visits
without user scoping on purpose, because the due date depends on every visit of the plan, and
returns only dates.
"""

from datetime import date

import frappe
from frappe.utils import getdate

from smallchanges.governance.policy import visit_policy, working_day_calendar
from smallchanges.rules import visit_due

PLAN_KEY = ("child", "plan_type", "plan_reference")


def _placement(row) -> visit_due.Placement | None:
	if row.plan_type != "Looked After" or not row.placement_start or not row.placement_kind:
		return None
	return visit_due.Placement(
		getdate(row.placement_start),
		row.placement_kind,
		getdate(row.first_review) if row.first_review else None,
	)


def _plan_visits(key: dict, exclude: str | None = None) -> list:
	Visit = frappe.qb.DocType("Visit")
	query = (
		frappe.qb.from_(Visit)
		.select(
			Visit.name,
			Visit.visit_date,
			Visit.counts_as_statutory,
			Visit.plan_type,
			Visit.placement_start,
			Visit.placement_kind,
			Visit.first_review,
			Visit.next_visit_due,
			Visit.last_counting_date,
			Visit.latest_of_plan,
		)
		.where(Visit.child == key["child"])
		.where(Visit.plan_type == key["plan_type"])
		.where(Visit.plan_reference == (key["plan_reference"] or ""))
		.orderby(Visit.visit_date)
		.orderby(Visit.creation)
	)
	if exclude:
		query = query.where(Visit.name != exclude)
	return query.run(as_dict=True)


def _due(row, last_counting: date | None, first_seen: date | None, policy, cal) -> date | None:
	return visit_due.next_due(
		row.plan_type,
		last_counting,
		policy,
		cal,
		placement=_placement(row),
		plan_seen_from=first_seen,
	)


def due_after(doc) -> tuple[date | None, date | None]:
	"""(the last counting visit's date, the next statutory visit's due date) as of `doc`."""
	key = {field: doc.get(field) for field in PLAN_KEY}
	others = _plan_visits(key, exclude=None if doc.is_new() else doc.name)
	visit_date = getdate(doc.visit_date)
	counting = [
		getdate(r.visit_date) for r in others if r.counts_as_statutory and getdate(r.visit_date) <= visit_date
	]
	if doc.counts_as_statutory:
		counting.append(visit_date)
	last_counting = max(counting, default=None)
	first_seen = min([visit_date, *(getdate(r.visit_date) for r in others)])
	due = _due(doc, last_counting, first_seen, visit_policy(doc.plan_type), working_day_calendar())
	return last_counting, due


def refresh_plan(key: dict) -> int:
	"""Recompute every visit's stored last counting date and due date for one plan, and which
	visit is the latest; returns how many visits changed."""
	rows = _plan_visits(key)
	if not rows:
		return 0
	policy, cal = visit_policy(key["plan_type"]), working_day_calendar()
	first_seen = getdate(rows[0].visit_date)
	last_counting, changed = None, 0
	for number, row in enumerate(rows, start=1):
		if row.counts_as_statutory:
			last_counting = max(getdate(row.visit_date), last_counting or getdate(row.visit_date))
		values = {
			"last_counting_date": last_counting,
			"next_visit_due": _due(row, last_counting, first_seen, policy, cal),
			"latest_of_plan": int(number == len(rows)),
		}
		stored = {
			"last_counting_date": getdate(row.last_counting_date) if row.last_counting_date else None,
			"next_visit_due": getdate(row.next_visit_due) if row.next_visit_due else None,
			"latest_of_plan": int(row.latest_of_plan or 0),
		}
		if values != stored:
			frappe.db.set_value("Visit", row.name, values, update_modified=False)
			changed += 1
	return changed


def refresh_due_dates_after(doc) -> None:
	"""After a save: refresh the visit's plan (and the plan it was moved from, if its child, plan
	type or reference changed)."""
	keys = [{field: doc.get(field) or "" for field in PLAN_KEY}]
	before = doc.get_doc_before_save()
	if before:
		old = {field: before.get(field) or "" for field in PLAN_KEY}
		if old != keys[0]:
			keys.append(old)
	for key in keys:
		refresh_plan(key)
