"""Factories for core group tests: children, plans with a core group, minutes (fictional)."""

import datetime

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, nowdate

from smallchanges import roles
from tests.factories import make_user, unique
from tests.governance_factories import as_user
from tests.referral_factories import make_partner


def today() -> datetime.date:
	return getdate(nowdate())


def make_child(first_name: str | None = None, last_name: str = "Okoro") -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Child",
				"first_name": first_name or unique("Amara"),
				"last_name": last_name,
				"date_of_birth": add_days(today(), -9 * 365),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


class CoreGroup:
	"""A plan and its people: lead social worker, chair (a team manager), two partner members
	(a school and health) and a family member without an account."""

	def __init__(self, icpc_date: datetime.date | None = None, outcomes: int = 2):
		self.lead = make_user(roles.SOCIAL_WORKER, first_name="Lead")
		self.chair = make_user(roles.TEAM_MANAGER, first_name="Chair")
		self.school, self.school_agency = make_partner(first_name="School")
		self.health, self.health_agency = make_partner(first_name="Health")
		self.child = make_child()
		self.icpc_date = icpc_date or add_days(today(), -60)
		self.plan = (
			frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"children": [{"child": self.child}],
					"icpc_date": self.icpc_date,
					"category_of_abuse": "Neglect",
					"lead_social_worker": self.lead,
					"chair": self.chair,
					"visit_frequency": "Every 10 working days",
					"members": [
						member(self.school, "Designated safeguarding lead", self.school_agency),
						member(self.health, "Health visitor", self.health_agency),
						{"member_name": "Sara Okoro", "member_role": "Mother", "family_member": 1},
					],
					"outcomes": [{"outcome": f"Outcome {i + 1} {unique('o')}"} for i in range(outcomes)],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)


def member(user: str, role: str, agency: str | None = None) -> dict:
	return {
		"member_name": frappe.utils.get_fullname(user),
		"member_role": role,
		"agency": agency,
		"email": user,
		"user": user,
	}


def start_minutes(plan: str, by: str, meeting_date=None, minute_taker: str | None = None, **fields):
	"""`by` starts the minutes of a meeting (prefilled by the server), as they would."""
	with as_user(by):
		return frappe.get_doc(
			{
				"doctype": "Core Group Minutes",
				"plan": plan,
				"meeting_date": meeting_date or add_days(today(), -1),
				"minute_taker": minute_taker or by,
				"venue": "Children's centre",
				**fields,
			}
		).insert()


def complete(doc):
	"""Fill in what review needs: everyone's attendance and every outcome rated."""
	for row in doc.attendance:
		row.attendance = "Attended"
	for row in doc.outcome_progress:
		row.rating = "Amber"
		row.note = "Some progress"
	doc.childs_views = "Says school is fine."
	return doc


def add_action(doc, action: str = "Book the health review", owner: str | None = None, due=None):
	doc.append(
		"actions",
		{
			"action": action,
			"owner_name": frappe.utils.get_fullname(owner) if owner else "Jo Test",
			"owner_user": owner,
			"owner_email": owner,
			"due_date": due or add_days(today(), 10),
			"status": "Open",
		},
	)
	return doc


def act(doc, user: str, action: str):
	with as_user(user):
		return apply_workflow(frappe.get_doc("Core Group Minutes", doc.name), action)


def approved_minutes(group: CoreGroup, taker: str | None = None):
	doc = start_minutes(group.plan, taker or group.school)
	with as_user(taker or group.school):
		doc = complete(frappe.get_doc("Core Group Minutes", doc.name))
		add_action(doc, owner=group.health)
		doc.save()
	act(doc, taker or group.school, "Submit for Review")
	return act(doc, group.chair, "Approve")
