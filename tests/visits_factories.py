"""Factories for visit tests: children, staff and visits (fictional). Each call makes distinct records."""

from datetime import date, timedelta

import frappe

from smallchanges.roles import SOCIAL_WORKER, TEAM_MANAGER
from tests.factories import make_user, unique


def make_child(**fields) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Child",
				"first_name": fields.pop("first_name", unique("Visited")),
				"last_name": fields.pop("last_name", "Child"),
				"date_of_birth": fields.pop("date_of_birth", date(2016, 5, 1)),
				"address": fields.pop("address", "1 Test Street, London"),
				**fields,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_social_worker(**fields) -> str:
	return make_user(SOCIAL_WORKER, **fields)


def make_team_manager(**fields) -> str:
	return make_user(TEAM_MANAGER, **fields)


def visit_data(child: str, practitioner: str, **fields) -> dict:
	return {
		"doctype": "Visit",
		"child": child,
		"plan_type": "Child Protection",
		"plan_reference": unique("CPP"),
		"visit_date": date.today() - timedelta(days=1),
		"visit_type": "Planned",
		"place": "Home",
		"practitioner": practitioner,
		"qualified_social_worker": "Yes",
		"child_seen": "Yes",
		"seen_alone": "Yes",
		"observations": "Fictional test visit.",
		**fields,
	}


def make_visit(user: str, child: str | None = None, **fields):
	"""A visit recorded by `user` (who is its practitioner unless told), as that user."""
	child = child or make_child()
	fields.setdefault("practitioner", user)
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		return frappe.get_doc(visit_data(child, **fields)).insert()
	finally:
		frappe.set_user(previous)


def set_policy(plan_type: str, **values) -> None:
	"""Edit the Safeguarding Policy's visit row for `plan_type` (as Administrator, rolled back)."""
	policy = frappe.get_doc("Safeguarding Policy")
	row = next(r for r in policy.visit_policies if r.plan_type == plan_type)
	row.update(values)
	policy.save(ignore_permissions=True)
