"""The app's one question: may this person do this delegable task?

`can_do(user, task)` answers from the person's roles and the approved, current delegations;
`require(user, task)` raises `frappe.PermissionError` with a message that names the missing
delegation and who can approve it. Every capability asks here before a delegated action (for
example before a Business Support Officer is named as minute taker). The decision itself is
`smallchanges.rules.delegation.decide` (pure); this module only gathers its inputs.
"""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from smallchanges.child_tables import values_by_parent
from smallchanges.roles import DIRECTOR
from smallchanges.rules import delegation as delegation_rules


class DelegationError(frappe.ValidationError):
	"""A Delegation breaks one of its rules."""


@dataclass(frozen=True)
class Permit:
	allowed: bool
	delegation: str | None
	message: str

	def __bool__(self) -> bool:
		return self.allowed


def can_do(user: str, task: str) -> Permit:
	"""May `user` do `task` today? Administrator and System Manager may do every task."""
	delegation_rules.get_task(task)  # an unknown task is a programming error: raise UnknownTask
	user_roles = frappe.get_roles(user)
	decision = delegation_rules.decide(user, user_roles, task, approved_grants(task), today())
	person = full_name(user)
	if decision.allowed:
		approver = (
			full_name(decision.grant.approved_by) if decision.grant and decision.grant.approved_by else None
		)
		return Permit(
			True,
			decision.grant.name if decision.grant else None,
			delegation_rules.permit_message(person, task, decision, approver, _),
		)
	roles = approver_roles()
	return Permit(
		False,
		None,
		delegation_rules.refusal_message(
			person,
			task,
			roles,
			approver_names(roles, exclude=user),
			_,
			person_approves=bool(set(roles) & set(user_roles)),
		),
	)


def require(user: str, task: str) -> Permit:
	"""`can_do`, raising `frappe.PermissionError` with its message when refused."""
	permit = can_do(user, task)
	if not permit.allowed:
		frappe.throw(permit.message, frappe.PermissionError, title=_("A delegation is needed"))
	return permit


def today():
	return getdate(nowdate())


def approved_grants(task: str | None = None, current_only: bool = True) -> list[delegation_rules.Grant]:
	"""Approved delegations (of `task`, if given) as plain Grants; current ones unless told.

	Read without permission checks on purpose: can_do must answer for any user (a partner named
	as minute taker has no read access to Delegation), and only the decision or the approved
	delegation's name, dates and approver leave this module, which the who-can-do-what page
	shows every member of staff anyway.
	"""
	Delegation = frappe.qb.DocType("Delegation")
	query = (
		frappe.qb.from_(Delegation)
		.select(
			Delegation.name,
			Delegation.task,
			Delegation.delegate_to,
			Delegation.delegate_role,
			Delegation.valid_from,
			Delegation.valid_until,
			Delegation.approved_by,
		)
		.where((Delegation.docstatus == 1) & (Delegation.workflow_state == delegation_rules.APPROVED))
		.orderby(Delegation.valid_until)
	)
	if task:
		query = query.where(Delegation.task == task)
	if current_only:
		query = query.where((Delegation.valid_from <= today()) & (Delegation.valid_until >= today()))
	rows = query.run(as_dict=True)
	users = delegate_users([row.name for row in rows if row.delegate_to == delegation_rules.TO_USERS])
	return [
		delegation_rules.Grant(
			name=row.name,
			task=row.task,
			valid_from=getdate(row.valid_from),
			valid_until=getdate(row.valid_until),
			role=row.delegate_role if row.delegate_to == delegation_rules.TO_ROLE else None,
			users=frozenset(users.get(row.name, ())),
			approved_by=row.approved_by,
		)
		for row in rows
	]


def delegate_users(delegations: list[str]) -> dict[str, list[str]]:
	"""The users each of these delegations names (read for can_do and the who-can-do-what pages)."""
	return values_by_parent("Delegation User", "Delegation", "delegate_users", "user", delegations)


def approver_roles() -> list[str]:
	"""The roles the live Delegation workflow lets approve a request (Director unless changed)."""
	from frappe.model.workflow import get_workflow_name

	name = get_workflow_name("Delegation")
	if name:
		workflow = frappe.get_cached_doc("Workflow", name)
		roles = [
			t.allowed
			for t in workflow.transitions
			if t.state == delegation_rules.REQUESTED
			and t.next_state == delegation_rules.APPROVED
			and t.allowed
		]
		if roles:
			return list(dict.fromkeys(roles))
	return [DIRECTOR]


def users_with_roles(roles: list[str]) -> list[str]:
	"""Enabled users (not Administrator) holding any of `roles`, by name.

	Reachable by partners through can_do's refusal message, which names the people who can
	approve the missing delegation (Directors' names, which staff and partners already know);
	nothing else about the users leaves this module.
	"""
	if not roles:
		return []
	HasRole = frappe.qb.DocType("Has Role")
	User = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(HasRole)
		.join(User)
		.on(User.name == HasRole.parent)
		.select(User.name)
		.distinct()
		.where(
			(HasRole.parenttype == "User")
			& HasRole.role.isin(roles)
			& (User.enabled == 1)
			& User.name.notin(["Administrator", "Guest"])
		)
		.orderby(User.name)
		.run(pluck=True)
	)


def approver_names(roles: list[str], exclude: str | None = None, limit: int = 5) -> list[str]:
	users = [u for u in users_with_roles(roles) if u != exclude]
	names = sorted(full_name(u) for u in users)
	if len(names) > limit:
		names = [*names[:limit], _("and {0} more").format(len(names) - limit)]
	return names


def full_name(user: str | None) -> str:
	if not user:
		return ""
	return frappe.utils.get_fullname(user) or user
