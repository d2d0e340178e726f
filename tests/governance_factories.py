"""Factories for Governance tests: delegations requested and decided by real users."""

import datetime

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, nowdate

from smallchanges.rules.delegation import TAKE_CORE_GROUP_MINUTES


def today() -> datetime.date:
	return getdate(nowdate())


def as_user(user: str):
	"""Context manager: act as `user`, then go back to whoever was acting before."""

	class _As:
		def __enter__(self):
			self.before = frappe.session.user
			frappe.set_user(user)

		def __exit__(self, *exc):
			frappe.set_user(self.before)

	return _As()


def request_delegation(
	requested_by: str,
	*,
	task: str = TAKE_CORE_GROUP_MINUTES,
	users: list[str] | None = None,
	role: str | None = None,
	valid_from: datetime.date | None = None,
	valid_until: datetime.date | None = None,
	reason: str = "Minute-taking cover agreed at the team meeting.",
):
	"""A Delegation request made by `requested_by` (to named users, or to a role if given)."""
	with as_user(requested_by):
		return frappe.get_doc(
			{
				"doctype": "Delegation",
				"task": task,
				"delegate_to": "Role" if role else "Named users",
				"delegate_role": role,
				"delegate_users": [{"user": u} for u in users or []],
				"valid_from": valid_from or today(),
				"valid_until": valid_until or add_days(today(), 30),
				"reason": reason,
			}
		).insert()


DECISION_NOTE = "Agreed at the senior leadership meeting; reviewed against the scheme of delegation."


def decide(delegation, user: str, action: str, note: str | None = DECISION_NOTE):
	"""`user` presses the workflow button `action` (Approve, Reject, Revoke, Expire); an approval or
	a rejection carries `note`, as the desk's dialog writes it before the action."""
	if action in ("Approve", "Reject") and note:
		frappe.db.set_value("Delegation", delegation.name, "decision_note", note)
	with as_user(user):
		return apply_workflow(frappe.get_doc("Delegation", delegation.name), action)


def approved_delegation(requested_by: str, director: str, **kwargs):
	return decide(request_delegation(requested_by, **kwargs), director, "Approve")
