"""Governance demo data for ./scripts/up (fictional people only; the users come from
smallchanges.demo): an approved delegation letting the demo Business Support Officer take core
group minutes until 31 March 2027, approved by the demo Director, and one request awaiting a
decision."""

import datetime

import frappe

from smallchanges.governance.doctype.delegation.delegation import decide
from smallchanges.rules.delegation import DISTRIBUTE_MINUTES, TAKE_CORE_GROUP_MINUTES

BSO = "billie.support@demo.smallchanges.test"
DIRECTOR = "dana.director@demo.smallchanges.test"
MANAGER = "tara.manager@demo.smallchanges.test"
PSW = "priya.psw@demo.smallchanges.test"
UNTIL = datetime.date(2027, 3, 31)


def _until() -> datetime.date:
	"""31 March 2027, or a year from today once that date has passed."""
	today = frappe.utils.getdate(frappe.utils.nowdate())
	return UNTIL if UNTIL >= today else frappe.utils.add_years(today, 1)


def make_demo() -> None:
	if frappe.db.exists("Delegation", {"task": TAKE_CORE_GROUP_MINUTES, "requested_by": MANAGER}):
		return
	user = frappe.session.user
	try:
		approved = _request(
			MANAGER,
			TAKE_CORE_GROUP_MINUTES,
			[BSO],
			"Billie has agreed to minute the Tuesday core groups so the social workers can take part "
			"in the discussion; Billie has done the minute-taking guide.",
		)
		frappe.set_user(DIRECTOR)
		decide(
			approved.name,
			"Approve",
			"Agreed: Billie has done the guide, and the chair approves each set of minutes.",
		)
		_request(
			PSW,
			DISTRIBUTE_MINUTES,
			[MANAGER],
			"Tara covers distribution of minutes while business support is short-staffed.",
		)
	finally:
		frappe.set_user(user)


def _request(requester: str, task: str, users: list[str], reason: str):
	frappe.set_user(requester)
	return frappe.get_doc(
		{
			"doctype": "Delegation",
			"task": task,
			"delegate_to": "Named users",
			"delegate_users": [{"user": u} for u in users],
			"valid_from": frappe.utils.nowdate(),
			"valid_until": _until(),
			"reason": reason,
		}
	).insert()
