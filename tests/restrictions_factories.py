"""Factories for restricted records: a child with everything about it (a referral linked to the
Child record, its triage, a visit, a child protection plan and its minutes, a comment, a file, a
change in its history), restricted by a Director who names one social worker (fictional people)."""

import random
from datetime import date, timedelta

import frappe

from smallchanges import roles
from tests.core_groups_factories import member
from tests.factories import make_user, nhs_number, unique
from tests.referral_factories import make_partner, make_referral
from tests.visits_factories import make_visit


def make_restriction(child: str, by: str, named: list[str], reason: str | None = None, **fields):
	"""A restriction on `child` set by `by` (a Director or the Principal Social Worker)."""
	previous = frappe.session.user
	frappe.set_user(by)
	try:
		return frappe.get_doc(
			{
				"doctype": "Child Restriction",
				"child": child,
				"reason": reason or "A member of staff's child.",
				"named_users": [{"user": user} for user in named],
				**fields,
			}
		).insert()
	finally:
		frappe.set_user(previous)


def make_user_group(members: list[str], prefix: str = "Named") -> str:
	"""A User Group of `members` (a restriction may name one)."""
	return (
		frappe.get_doc(
			{
				"doctype": "User Group",
				"name": f"{prefix} {frappe.generate_hash(length=6)}",
				"user_group_members": [{"user": user} for user in members],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def restricted_world(restrict: bool = True) -> frappe._dict:
	"""Everything about one child, and its restriction (when `restrict`), committed by the caller."""
	frappe.set_user("Administrator")
	w = frappe._dict()
	w.director = make_user(roles.DIRECTOR, first_name="Restricting")
	w.named = make_user(roles.SOCIAL_WORKER, first_name="Named")
	w.worker = make_user(roles.SOCIAL_WORKER, first_name="Unnamed")
	w.partner, w.agency = make_partner(first_name="Referring")
	w.first_name, w.last_name = unique("Sealedchild"), unique("Quennell")
	w.full_name = f"{w.first_name} {w.last_name}"
	w.nhs_number = nhs_number()
	w.address = f"{unique('Hidden')} Lane, London"
	w.reason = f"Restricted because {unique('reason')}"
	w.observations = f"Seen at home {unique('observed')}"
	# a birthday and postcode of this world's own, so that no other world's child matches this one
	rng = random.Random(w.first_name)
	w.date_of_birth = date(2010, 1, 1) + timedelta(days=rng.randrange(3650))
	w.postcode = f"E{rng.randint(1, 18)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
	w.child = (
		frappe.get_doc(
			{
				"doctype": "Child",
				"first_name": w.first_name,
				"last_name": w.last_name,
				"date_of_birth": w.date_of_birth,
				"postcode": w.postcode,
				"address": w.address,
				"nhs_number": w.nhs_number,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	child = frappe.get_doc("Child", w.child)
	child.upn = unique("UPN")  # a change: the child's Version history
	child.save(ignore_permissions=True)
	# A referral the partner sent, whose child was linked to the Child record at triage.
	w.referral = make_referral(
		w.partner,
		submit=True,
		children=[
			{"first_name": w.first_name, "last_name": w.last_name, "date_of_birth": str(w.date_of_birth),
			 "postcode": w.postcode}
		],
	).name  # fmt: skip
	frappe.set_user("Administrator")
	referral = frappe.get_doc("Universal Referral", w.referral)
	frappe.get_doc(
		{
			"doctype": "Referral Child Link",
			"referral": w.referral,
			"referral_child_row": referral.children[0].name,
			"child": w.child,
		}
	).insert(ignore_permissions=True)
	w.visit = make_visit(w.named, child=w.child, observations=w.observations).name
	frappe.set_user("Administrator")
	w.plan = (
		frappe.get_doc(
			{
				"doctype": "Child Protection Plan",
				"children": [{"child": w.child}],
				"icpc_date": date.today(),
				"category_of_abuse": "Neglect",
				"lead_social_worker": w.named,
				"chair": make_user(roles.TEAM_MANAGER, first_name="Chair"),
				"visit_frequency": "Every 10 working days",
				"members": [member(w.named, "Social worker")],
				"outcomes": [{"outcome": unique("Outcome")}],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	w.comment = (
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "Child",
				"reference_name": w.child,
				"content": f"About {w.full_name}",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	w.file = (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{w.first_name}.txt",
				"attached_to_doctype": "Child",
				"attached_to_name": w.child,
				"is_private": 1,
				"content": f"Notes on {w.full_name}".encode(),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	if restrict:
		w.restriction = make_restriction(w.child, w.director, [w.named], reason=w.reason).name
	frappe.set_user("Administrator")
	return w


def secrets(w) -> dict[str, str]:
	"""What of the restricted child nobody it is not open to may be sent."""
	return {
		"the child's name": w.first_name,
		"the child's NHS number": w.nhs_number,
		"the child's address": w.address,
		"the restriction's reason": w.reason,
		"the visit's observations": w.observations,
	}
