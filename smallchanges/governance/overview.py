"""The live data behind "who can do what": read from the real records, never hand-written.

Sources (smallchanges.governance.overview_sources): the DocPerm (or, once an administrator edits
them, Custom DocPerm) of the app's DocTypes, the active workflows on them, the approved
delegations; and the Safeguarding Policy with its change history
(smallchanges.governance.overview_policy). The table's cells are worked out by
smallchanges.rules.who_can_do_what, the per-DocType detail by smallchanges.rules.permissions_text.

The readers bypass user permissions on purpose: they read permission rules, workflow definitions,
approved delegations and the policy, which are exactly what the page exists to show; callers check
that the user may see the page first (staff page, or partner portal page that only shows what
concerns partners and the partner themselves).
"""

import frappe
from frappe import _

from smallchanges.governance.delegation_api import (
	approved_grants,
	approver_names,
	approver_roles,
	full_name,
	today,
)
from smallchanges.governance.overview_policy import policy_data
from smallchanges.governance.overview_sources import (
	app_doctypes,
	doctype_permissions,
	grants_as_data,
	pending_requests,
	permissions_at_every_level,
	workflows,
)
from smallchanges.roles import PARTNER_PRACTITIONER as PARTNER_ROLE
from smallchanges.roles import ROLE_NAMES, SYSTEM_MANAGER
from smallchanges.rules import delegation as delegation_rules
from smallchanges.rules import permissions_text as text
from smallchanges.rules import who_can_do_what as who
from smallchanges.rules.delegation import TASKS


def column_roles(perms: list[dict], flows: list[dict], grants: list[dict]) -> list[dict]:
	"""The table's columns: the app's roles in their usual order, then any other role the live
	rules name (Frappe's All and Desk User are held by every person of a column, not columns)."""
	transitions = [t for flow in flows for t in flow["transitions"]]
	roles = [
		role
		for role in text.roles_in_order(
			[*ROLE_NAMES, SYSTEM_MANAGER],
			[p["role"] for p in perms],
			[t["allowed"] for t in transitions],
			[g["role"] for g in grants if g["role"]],
		)
		if role not in who.IMPLIED_ROLES and role != "Administrator"
	]
	# Reads Role names and their desk flag only: whether a column's people work in the desk.
	desk = dict(
		frappe.get_all("Role", filters={"name": ["in", roles]}, fields=["name", "desk_access"], as_list=True)
	)
	return [{"role": role, "label": _(role), "desk_access": bool(desk.get(role, 1))} for role in roles]


def _decision(user: str, roles: list[str], task: str, grants) -> dict:
	"""rules.delegation.decide for this person, as can_do asks it, as plain data."""
	decision = delegation_rules.decide(user, roles, task, grants, today())
	grant = decision.grant
	return {
		"allowed": decision.allowed,
		"basis": decision.basis,
		"role": decision.role,
		"grant": {
			"name": grant.name,
			"valid_until": grant.valid_until,
			"approved_by_name": full_name(grant.approved_by),
		}
		if grant
		else None,
	}


def you(
	user: str,
	rows: list[dict],
	columns: list[str],
	perms: list[dict],
	flows: list[dict],
	approvers: list[str],
) -> dict:
	"""This person's own answer for every task of the table: the same structural checks as the
	cells, for their roles, and for a delegable task the decision the app itself makes (can_do)."""
	person_roles = frappe.get_roles(user)
	current = approved_grants()
	approver_people = approver_names(approvers, exclude=user)
	cells = {row["key"]: row["cells"] for row in rows}
	answers = []
	for task in who.TABLE:
		if not task.staff_table:
			continue
		answers.append(
			who.you_answer(
				task,
				person_roles,
				is_administrator=user == "Administrator",
				decision=_decision(user, person_roles, task.delegable, current) if task.delegable else None,
				approver_roles=approvers,
				approvers=approver_people,
				columns=columns,
				cells=cells[task.key],
				perms=perms,
				workflows=flows,
				translate=_,
			)
		)
	return {
		"user": user,
		"full_name": full_name(user),
		"roles": [_(r) for r in person_roles if r in _known_roles()],
		"answers": answers,
	}


def _known_roles() -> set[str]:
	return set(ROLE_NAMES) | {SYSTEM_MANAGER}


def get_overview(user: str) -> dict:
	"""Everything the staff page shows, for `user` (the caller checks the page permission)."""
	doctypes = app_doctypes()
	perms = doctype_permissions(doctypes)
	every_level = permissions_at_every_level(doctypes)
	flows = workflows(doctypes)
	grants = grants_as_data()
	approvers = approver_roles()
	columns = column_roles(every_level, flows, grants)
	policy = policy_data()
	rows = who.table(
		[(c["role"], c["desk_access"]) for c in columns],
		perms=every_level,
		workflows=flows,
		grants=grants,
		approver_roles=approvers,
		policy_sentences=policy["parts"],
		today=today(),
		translate=_,
	)
	for flow in flows:
		for t in flow["transitions"]:
			t["allowed_label"] = _(t["allowed"])
	role_names = [c["role"] for c in columns]
	return {
		"generated_at": frappe.utils.now(),
		"columns": [{"role": c["role"], "label": c["label"]} for c in columns],
		"rows": rows,
		"delegation_words": who.delegation_words(approvers, _),
		"you": you(user, rows, role_names, every_level, flows, approvers),
		"matrix": text.permission_matrix(doctypes, perms, role_names),
		"right_labels": {right: _(label) for right, label in text.RIGHT_LABELS.items()},
		"workflows": flows,
		"tasks": text.tasks_table(TASKS, _),
		"delegations": [
			{
				"name": g["name"],
				"task": _(g["task"]),
				"delegates": text.grant_delegates(g, _),
				"period": text.grant_period(g, today(), _),
				"approved_by": g["approved_by_name"],
			}
			for g in grants
		],
		"pending": pending_requests(),
		"policy": policy,
	}


def partner_overview(user: str) -> dict:
	"""What partners may do, for the partner portal page, in the words of a referrer: only the
	Partner Practitioner role's rules, delegations to that role, and this partner's own
	delegations by name (never anyone else's, never another role's rules)."""
	doctypes = app_doctypes()
	partner_roles = {PARTNER_ROLE, who.ALL}
	perms = [p for p in permissions_at_every_level(doctypes) if p["role"] in partner_roles]
	flows = []
	for flow in workflows(doctypes):
		flows.append(
			flow
			| {
				"states": [s for s in flow["states"] if s["allow_edit"] in partner_roles],
				"transitions": [t for t in flow["transitions"] if t["allowed"] in partner_roles],
			}
		)
	grants = [
		g
		for g in grants_as_data()
		if g["role"] == PARTNER_ROLE or any(p["user"] == user for p in g["people"])
	]
	# Other people named in a delegation are left out: a partner sees only their own.
	for g in grants:
		g["people"] = [p for p in g["people"] if p["user"] == user]
	approvers = approver_roles()
	approver_people = approver_names(approvers, exclude=user)
	current = [g for g in approved_grants() if g.role == PARTNER_ROLE or (not g.role and user in g.users)]
	answers = []
	for task in who.TABLE:
		if not (task.for_partners or task.by_staff):
			continue
		answer = who.you_answer(
			task,
			sorted(partner_roles),
			is_administrator=False,
			decision=_decision(user, [PARTNER_ROLE], task.delegable, current) if task.delegable else None,
			approver_roles=approvers,
			approvers=approver_people,
			columns=[PARTNER_ROLE],
			cells={},
			perms=perms,
			workflows=flows,
			translate=_,
		)
		answer["detail"] = who.detail(
			task,
			perms=perms,
			workflows=flows,
			grants=grants,
			approver_roles=approvers,
			policy_sentences={},  # the Safeguarding Policy is staff-only
			translate=_,
		)
		answers.append(answer)
	return {
		"role": _(PARTNER_ROLE),
		"groups": who.partner_groups(answers, _),
		"full_name": full_name(user),
	}
