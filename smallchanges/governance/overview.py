"""The live data behind "who can do what": read from the real records, never hand-written.

Sources: the DocPerm (or, once an administrator edits them, Custom DocPerm) of the app's
DocTypes, the active workflows on them, the approved delegations and the Safeguarding Policy
with its change history. The table's cells are worked out by smallchanges.rules.who_can_do_what,
the per-DocType detail by smallchanges.rules.permissions_text.

The readers here bypass user permissions on purpose: they read permission rules, workflow
definitions, approved delegations and the policy, which are exactly what the page exists to
show; callers check that the user may see the page first (staff page, or partner portal page
that only shows what concerns partners and the partner themselves).
"""

import json

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate

from smallchanges.governance.delegation_api import (
	approved_grants,
	approver_names,
	approver_roles,
	delegate_users,
	full_name,
	today,
)
from smallchanges.governance.policy import POLICY, get_policy
from smallchanges.roles import PARTNER_PRACTITIONER as PARTNER_ROLE
from smallchanges.roles import ROLE_NAMES, SYSTEM_MANAGER
from smallchanges.rules import delegation as delegation_rules
from smallchanges.rules import permissions_text as text
from smallchanges.rules import policy_text
from smallchanges.rules import who_can_do_what as who
from smallchanges.rules.delegation import REQUESTED, TASKS, TO_ROLE

APP = "smallchanges"
HISTORY_LIMIT = 50


def app_doctypes() -> list[dict]:
	"""The app's DocTypes that carry permissions (child tables have none of their own)."""
	# Reachable by partners (portal page): reads only DocType and module names, no records.
	modules = frappe.get_all("Module Def", filters={"app_name": APP}, pluck="name")
	if not modules:
		return []
	return [
		{
			"name": row.name,
			"module": row.module,
			"issingle": bool(row.issingle),
			"is_submittable": bool(row.is_submittable),
		}
		for row in frappe.get_all(
			"DocType",
			filters={"module": ["in", modules], "istable": 0},
			fields=["name", "module", "issingle", "is_submittable"],
			order_by="module asc, name asc",
		)
	]


def doctype_permissions(doctypes: list[dict]) -> list[dict]:
	"""Level-0 permission rules as Frappe applies them (Custom DocPerm replaces DocPerm)."""
	perms = []
	for doctype in doctypes:
		for p in frappe.get_meta(doctype["name"]).permissions:
			if int(p.permlevel or 0) != 0:
				continue
			perms.append(
				{
					"doctype": doctype["name"],
					"role": p.role,
					"if_owner": int(p.if_owner or 0),
					**{right: int(p.get(right) or 0) for right in text.RIGHTS},
				}
			)
	return perms


def permissions_at_every_level(doctypes: list[dict]) -> list[dict]:
	"""Every permission rule as Frappe applies it, with its level (the table's protected parts)."""
	perms = []
	for doctype in doctypes:
		for p in frappe.get_meta(doctype["name"]).permissions:
			perms.append(
				{
					"doctype": doctype["name"],
					"role": p.role,
					"permlevel": int(p.permlevel or 0),
					"if_owner": int(p.if_owner or 0),
					**{right: int(p.get(right) or 0) for right in text.RIGHTS},
				}
			)
	return perms


def field_level_permissions(doctypes: list[dict]) -> list[dict]:
	"""Write rights on protected parts of a DocType (permission levels above 0), named by the
	labels of the sections at that level (e.g. Visit's "Team Manager override")."""
	out = []
	for doctype in doctypes:
		meta = frappe.get_meta(doctype["name"])
		parts: dict[int, list[str]] = {}
		for df in meta.fields:
			level = int(df.permlevel or 0)
			if level and df.fieldtype == "Section Break" and df.label:
				parts.setdefault(level, []).append(df.label)
		for p in meta.permissions:
			level = int(p.permlevel or 0)
			if level and p.write and parts.get(level):
				out.append(
					{
						"doctype": doctype["name"],
						"role": p.role,
						"permlevel": level,
						"parts": parts[level],
						"write": 1,
					}
				)
	return out


def workflows(doctypes: list[dict]) -> list[dict]:
	names = [d["name"] for d in doctypes]
	if not names:
		return []
	out = []
	# Reachable by partners (portal page): workflow definitions are rules, not case data, and
	# partner_overview keeps only the transitions partners may use.
	for name in frappe.get_all(
		"Workflow",
		filters={"is_active": 1, "document_type": ["in", names]},
		pluck="name",
		order_by="document_type asc",
	):
		workflow = frappe.get_doc("Workflow", name)
		out.append(
			{
				"name": workflow.name,
				"doctype": workflow.document_type,
				"states": [
					{"state": st.state, "doc_status": int(st.doc_status or 0), "allow_edit": st.allow_edit}
					for st in workflow.states
				],
				"transitions": [
					{
						"doctype": workflow.document_type,
						"state": t.state,
						"action": t.action,
						"next_state": t.next_state,
						"allowed": t.allowed,
						"allow_self_approval": int(t.allow_self_approval or 0),
						"condition": t.condition or "",
					}
					for t in workflow.transitions
				],
			}
		)
	return out


def _people(users: list[str]) -> list[dict]:
	return [{"user": u, "full_name": full_name(u), "roles": frappe.get_roles(u)} for u in users]


def grants_as_data() -> list[dict]:
	"""Approved delegations that have not ended (current or starting later)."""
	out = []
	for grant in approved_grants(current_only=False):
		if grant.valid_until < today():
			continue
		out.append(
			{
				"name": grant.name,
				"task": grant.task,
				"role": grant.role,
				"people": _people(sorted(grant.users)),
				"valid_from": grant.valid_from,
				"valid_until": grant.valid_until,
				"approved_by_name": full_name(grant.approved_by),
			}
		)
	return out


def pending_requests() -> list[dict]:
	# Staff page only (not the partner portal): every member of staff may read delegations.
	rows = frappe.get_all(
		"Delegation",
		filters={"docstatus": 0, "workflow_state": REQUESTED},
		fields=["name", "task", "delegate_to", "delegate_role", "valid_from", "valid_until", "requested_by"],
		order_by="creation asc",
	)
	users = delegate_users([r.name for r in rows])
	return [
		{
			"name": r.name,
			"task": _(r.task),
			"delegates": text.grant_delegates(
				{
					"role": r.delegate_role if r.delegate_to == TO_ROLE else None,
					"people": _people(users.get(r.name, [])),
				},
				_,
			),
			"period": _("{0} to {1}").format(
				text.long_date(getdate(r.valid_from), _), text.long_date(getdate(r.valid_until), _)
			),
			"requested_by": full_name(r.requested_by),
		}
		for r in rows
	]


def _policy_inputs(policy) -> tuple[dict, list[dict], list[dict]]:
	meta = frappe.get_meta(POLICY)
	values = {df.fieldname: policy.get(df.fieldname) for df in meta.fields if df.fieldtype == "Int"}
	visit_rows = [row.as_dict() for row in policy.visit_policies]
	closures = [
		{"closure_date": getdate(row.closure_date), "reason": row.reason}
		for row in policy.closure_dates
		if row.closure_date
	]
	return values, visit_rows, closures


def policy_data() -> dict:
	policy = get_policy()
	meta = frappe.get_meta(POLICY)
	values, visit_rows, closures = _policy_inputs(policy)
	return {
		"parts": policy_text.policy_sentences_by_part(values, visit_rows, closures, _),
		"values": [
			{"label": _(df.label), "value": values.get(df.fieldname)}
			for df in meta.fields
			if df.fieldtype == "Int"
		],
		"sentences": policy_text.policy_sentences(values, visit_rows, closures, _),
		"history": policy_history(policy),
	}


def policy_history(policy, limit: int = HISTORY_LIMIT) -> list[dict]:
	"""Who changed which policy value, when, from what to what (Frappe's Version records)."""
	meta = frappe.get_meta(POLICY)
	labels = {df.fieldname: df.label for df in meta.fields}
	tables = {}
	for df in meta.get_table_fields():
		child = frappe.get_meta(df.options)
		title_field = "plan_type" if child.get_field("plan_type") else "closure_date"
		tables[df.fieldname] = {
			"label": df.label,
			"title_field": title_field,
			"labels": {c.fieldname: c.label for c in child.fields},
			"titles": {row.name: _(str(row.get(title_field))) for row in policy.get(df.fieldname)},
		}
	# Staff page only: the policy's history, which the policy form already shows every reader.
	versions = frappe.get_all(
		"Version",
		filters={"ref_doctype": POLICY, "docname": POLICY},
		fields=["owner", "creation", "data"],
		order_by="creation desc",
		limit=limit,
	)
	return policy_text.history_lines(
		[
			{"when": get_datetime(v.creation), "who": full_name(v.owner), "data": json.loads(v.data or "{}")}
			for v in versions
		],
		labels,
		tables,
		_,
	)


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
