"""Who is sealed from which restricted child, and one child's restriction: the Child Restriction
tables as the restriction criterion (access/restrictions.py) and intake and break-glass read them.

*Sealed children* (`sealed_children(user)`): the children with an active Child Restriction that is
not open to the user. It is open to the people it names (as users or through its User Group), to
whoever set it, and to someone who broke the glass on it within the time the Safeguarding Policy
allows (an opening row of the restriction, `open_until` in the future). Administrator (Frappe's
own bypass) and partners (who must never see that a restriction exists; what their agency sent
stays theirs, by the referral criterion) have none. The set is read once per request from the
small Child Restriction tables (`status` and `child` indexed), and the restricted children are
kept in the site cache until a restriction changes.
"""

import frappe
from frappe.query_builder import Criterion
from frappe.utils import now_datetime

from smallchanges.access.scope import scope_of
from smallchanges.roles import RESTRICTION_GOVERNORS

RESTRICTION = "Child Restriction"
RESTRICTION_USER = "Child Restriction User"
RESTRICTION_OPENING = "Child Restriction Opening"
ACTIVE = "Active"
_SEALED = "smallchanges_sealed_children"


def request_memo(name: str) -> dict:
	"""A dict kept for this request (frappe.local is reset between requests)."""
	memo = getattr(frappe.local, name, None)
	if memo is None:
		memo = {}
		setattr(frappe.local, name, memo)
	return memo


# ---- who is sealed from what ---------------------------------------------------------------------
def exempt(user: str | None = None) -> bool:
	"""Administrator keeps Frappe's bypass; partners never meet a restriction (their agency's
	referrals stay theirs); a user without an app role reaches no record of the app anyway."""
	scope = scope_of(user)
	return scope.user == "Administrator" or not scope.staff


RESTRICTED_CACHE = "smallchanges:restricted_children"


def restricted_children() -> list[str]:
	"""Every child with an active restriction (no permission check: the set the criterion starts
	from), kept in the site cache until a restriction changes. A council restricts tens or hundreds
	of children, not thousands."""

	def read():
		r = frappe.qb.DocType(RESTRICTION)
		return frappe.qb.from_(r).select(r.child).distinct().where(r.status == ACTIVE).run(pluck=True)

	return frappe.cache.get_value(RESTRICTED_CACHE, read)


def open_to(user: str) -> list[str]:
	"""The restricted children this user may reach: named, in the named group, the one who set it,
	or within a break-glass opening."""
	r = frappe.qb.DocType(RESTRICTION)
	named = frappe.qb.DocType(RESTRICTION_USER)
	opening = frappe.qb.DocType(RESTRICTION_OPENING)
	member = frappe.qb.DocType("User Group Member")
	named_in = (
		frappe.qb.from_(named)
		.select(named.parent)
		.where((named.parenttype == RESTRICTION) & (named.user == user))
	)
	opened = (
		frappe.qb.from_(opening)
		.select(opening.parent)
		.where(
			(opening.parenttype == RESTRICTION)
			& (opening.user == user)
			& (opening.open_until > now_datetime())
		)
	)
	groups = frappe.qb.from_(member).select(member.parent).where(member.user == user)
	return (
		frappe.qb.from_(r)
		.select(r.child)
		.distinct()
		.where(r.status == ACTIVE)
		.where(
			Criterion.any(
				[r.set_by == user, r.name.isin(named_in), r.name.isin(opened), r.user_group.isin(groups)]
			)
		)
		.run(pluck=True)
	)


def sealed_children(user: str | None = None) -> tuple[str, ...]:
	"""The children `user` may not reach (empty for the exempt). Read once per request and user."""
	user = user or frappe.session.user
	if exempt(user):
		return ()
	cache = request_memo(_SEALED)
	if user not in cache:
		restricted = restricted_children()
		cache[user] = tuple(sorted(set(restricted) - set(open_to(user)))) if restricted else ()
	return cache[user]


def forget() -> None:
	"""After a restriction is set, lifted or opened: the next check reads the tables again (now, and
	once the change is committed or rolled back)."""

	def clear():
		setattr(frappe.local, _SEALED, None)
		frappe.cache.delete_value(RESTRICTED_CACHE)

	clear()
	frappe.db.after_commit.add(clear)
	frappe.db.after_rollback.add(clear)


def governs(user: str | None = None) -> bool:
	"""A Director or the Principal Social Worker: sets, lifts and reads restrictions."""
	return bool(set(frappe.get_roles(user or frappe.session.user)) & RESTRICTION_GOVERNORS)


# ---- one child's restriction, for intake and break-glass ------------------------------------------
def active_restriction(child: str):
	"""The active restriction on this child (its name, contact, who set it, who is named), or None.
	No permission check: the callers (the duplicate check, break-glass) show none of the child."""
	r = frappe.qb.DocType(RESTRICTION)
	rows = (
		frappe.qb.from_(r)
		.select(r.name, r.child, r.contact, r.set_by, r.user_group)
		.where((r.child == child) & (r.status == ACTIVE))
		.limit(1)
		.run(as_dict=True)
	)
	if not rows:
		return None
	row = rows[0]
	row.contact = row.contact or row.set_by
	row.named = named_people(row.name, row.user_group)
	return row


def named_people(restriction: str, user_group: str | None) -> list[str]:
	"""The people a restriction names, as users and through its group."""
	named = frappe.qb.DocType(RESTRICTION_USER)
	users = (
		frappe.qb.from_(named)
		.select(named.user)
		.where((named.parenttype == RESTRICTION) & (named.parent == restriction))
		.run(pluck=True)
	)
	if user_group:
		member = frappe.qb.DocType("User Group Member")
		users += (
			frappe.qb.from_(member).select(member.user).where(member.parent == user_group).run(pluck=True)
		)
	return list(dict.fromkeys(users))


def active_restriction_contact(restriction: str) -> str | None:
	"""Whom staff contact about a restriction (its contact, else whoever set it)."""
	row = frappe.db.get_value(RESTRICTION, restriction, ["contact", "set_by"], as_dict=True)
	return (row.contact or row.set_by) if row else None
