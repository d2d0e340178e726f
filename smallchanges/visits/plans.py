"""Visits and the Child Protection Plan they count towards (the plan is a Core Groups record; this
module reads it and follows it, the plan knows nothing of visits)."""

import frappe
from frappe import _

ENDED = "Ended"


def plan_of(name: str) -> frappe._dict:
	"""The plan's name, its children and whether it has ended (read by the server for a visit being
	saved by staff; partners have no permission on Visit)."""
	status = frappe.db.get_value("Child Protection Plan", name, "status")
	children = frappe.get_all(
		"Core Group Plan Child",
		filters={"parent": name, "parenttype": "Child Protection Plan"},
		pluck="child",
	)
	return frappe._dict(name=name, children=set(children), ended=status == ENDED)


def plan_updated(doc, method=None) -> None:
	"""doc_events: when a plan ends (or is opened again), so does its visits' clock: the latest visit
	of the plan for each child says whether the plan ended with it."""
	if doc.is_new() or not doc.has_value_changed("status"):
		return
	visit = frappe.qb.DocType("Visit")
	(
		frappe.qb.update(visit)
		.set(visit.plan_ended, 1 if doc.status == ENDED else 0)
		.where((visit.child_protection_plan == doc.name) & (visit.latest_of_plan == 1))
		.run()
	)
	doc.add_comment(
		"Info",
		_("The plan's visits are no longer due.")
		if doc.status == ENDED
		else _("The plan's visits are due again."),
	)
