"""Lifting a restriction, breaking the glass on one, and telling the named people of a referral that
may be about the child: the steps of a Child Restriction that are not a plain save.

Break-glass: a member of staff whose role the Safeguarding Policy lists opens a restricted record by
giving a reason; it is open to them for the policy's number of minutes (an opening row of the
restriction, which access/sealed.py reads); the opening is written to the access log with the
reason (the Record Access report shows it), and whoever set the restriction, its contact and the
named people are told at once (desk notification).
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import format_datetime, now_datetime

from smallchanges.access import sealed
from smallchanges.access.access_log import write_in_transaction
from smallchanges.governance.doctype.child_restriction.child_restriction import ACTIVE, LIFTED, is_governor
from smallchanges.governance.policy import get_policy, policy_value
from smallchanges.rules import access_log as access_rules
from smallchanges.rules.safeguarding_policy import roles_in

BREAK_GLASS_CHANNEL = access_rules.BREAK_GLASS


class NoSuchRestriction(frappe.PermissionError):
	pass


def _reason(reason: str) -> str:
	reason = (reason or "").strip() if isinstance(reason, str) else ""
	if not reason:
		frappe.throw(
			_("Give the reason: it is recorded and the people named are told."), frappe.ValidationError
		)
	return reason


def _active(restriction: str):
	"""The active restriction of that name; one refusal for a missing, lifted or not-a-name one."""
	if isinstance(restriction, str) and restriction.strip():
		name = frappe.db.get_value("Child Restriction", {"name": restriction, "status": ACTIVE}, "name")
		if name:
			return frappe.get_doc("Child Restriction", name)
	frappe.throw(_("There is no active restriction of that name."), NoSuchRestriction)


def may_break_glass(user: str | None = None) -> bool:
	user = user or frappe.session.user
	allowed = roles_in(get_policy().get("break_glass_roles"))
	return bool(allowed & set(frappe.get_roles(user))) and user != "Guest"


@frappe.whitelist(methods=["POST"])
def lift_restriction(restriction: str, reason: str) -> str:
	"""Lift a restriction (a Director or the Principal Social Worker, with a reason): normal access
	returns; the restriction stays, as history."""
	if not is_governor():
		frappe.throw(
			_("Only a Director or the Principal Social Worker can lift a restriction."),
			frappe.PermissionError,
		)
	reason = _reason(reason)
	doc = _active(restriction)
	doc.check_permission("write")
	doc.update(
		{
			"status": LIFTED,
			"lifted_by": frappe.session.user,
			"lifted_on": now_datetime(),
			"lift_reason": reason,
		}
	)
	doc.flags.restriction_step = True
	doc.save()
	doc.notify(
		doc.people_to_tell(),
		_("{0} lifted {1} on child {2}: {3}").format(frappe.session.user, doc.name, doc.child, reason),
	)
	return doc.name


@frappe.whitelist(methods=["POST"])
def break_glass(restriction: str, reason: str) -> dict:
	"""Open a restricted record in an emergency, for the policy's minutes: logged with the reason,
	and whoever set it and the named people are told at once."""
	if not may_break_glass():
		frappe.throw(
			_("Your role may not open a restricted record: contact the people named on it."),
			frappe.PermissionError,
		)
	reason = _reason(reason)
	doc = _active(restriction)
	user, now = frappe.session.user, now_datetime()
	until = now + timedelta(minutes=policy_value("break_glass_minutes"))
	doc.append("openings", {"user": user, "reason": reason, "opened_on": now, "open_until": until})
	doc.flags.restriction_step = True
	# The opening is the one change a member of staff who is not a governor makes to a restriction:
	# the row above, through this step only (their role has no permission on Child Restriction).
	doc.save(ignore_permissions=True)
	log_opening(doc.child, user, reason)
	sealed.forget()
	doc.notify(
		[person for person in doc.people_to_tell() if person != user],
		_("{0} broke the glass on the restricted record of child {1} ({2}): {3}").format(
			frappe.utils.get_fullname(user), doc.child, doc.name, reason
		),
	)
	return {"child": doc.child, "open_until": format_datetime(until)}


def log_opening(child: str, user: str, reason: str) -> None:
	"""The opening's row in the access log, with its reason (the Record Access report shows it)."""
	write_in_transaction(
		"Child", child, user, BREAK_GLASS_CHANNEL, "break_glass", _("Break-glass: {0}").format(reason)
	)


def tell_of_possible_match(restriction: str, referral: str) -> None:
	"""A new referral may be about a restricted child: whoever set it and the named people are told
	(the referral's staff see only "contact <person>")."""
	doc = frappe.get_doc("Child Restriction", restriction)
	doc.notify(
		doc.people_to_tell(),
		_("Referral {0} may be about the child whose record is restricted ({1}): please look at it.").format(
			referral, doc.name
		),
	)
