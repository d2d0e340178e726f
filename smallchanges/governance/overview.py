"""The live data behind "who can do what": read from the real records, never hand-written.

Sources: the DocPerm (or, once an administrator edits them, Custom DocPerm) of the app's
DocTypes, the active workflows on them, the approved delegations and the Safeguarding Policy
with its change history. The sentences are written by smallchanges.rules.permissions_text.

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
	can_do,
	delegate_users,
	full_name,
	today,
)
from smallchanges.governance.policy import POLICY, get_policy
from smallchanges.roles import PARTNER_PRACTITIONER as PARTNER_ROLE
from smallchanges.roles import ROLE_NAMES, SYSTEM_MANAGER
from smallchanges.rules import permissions_text as text
from smallchanges.rules import policy_text
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


def policy_data() -> dict:
	policy = get_policy()
	meta = frappe.get_meta(POLICY)
	values = {df.fieldname: policy.get(df.fieldname) for df in meta.fields if df.fieldtype == "Int"}
	visit_rows = [row.as_dict() for row in policy.visit_policies]
	closures = [
		{"closure_date": getdate(row.closure_date), "reason": row.reason}
		for row in policy.closure_dates
		if row.closure_date
	]
	return {
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


def you(user: str) -> dict:
	"""What this user may do with the delegable tasks: the same answers can_do gives."""
	answers = []
	for task in TASKS:
		permit = can_do(user, task)
		answers.append({"task": _(task), "allowed": permit.allowed, "message": permit.message})
	return {
		"user": user,
		"full_name": full_name(user),
		"roles": [_(r) for r in frappe.get_roles(user) if r in _known_roles()],
		"tasks": answers,
	}


def _known_roles() -> set[str]:
	return set(ROLE_NAMES) | {SYSTEM_MANAGER}


def get_overview(user: str) -> dict:
	"""Everything the staff page shows, for `user` (the caller checks the page permission)."""
	doctypes = app_doctypes()
	perms = doctype_permissions(doctypes)
	field_perms = field_level_permissions(doctypes)
	flows = workflows(doctypes)
	transitions = [t for flow in flows for t in flow["transitions"]]
	grants = grants_as_data()
	roles = text.roles_in_order(
		[*ROLE_NAMES, SYSTEM_MANAGER],
		[p["role"] for p in perms],
		[t["allowed"] for t in transitions],
		[g["role"] for g in grants if g["role"]],
	)
	for flow in flows:
		for t in flow["transitions"]:
			t["allowed_label"] = _(t["allowed"])
	return {
		"generated_at": frappe.utils.now(),
		"you": you(user),
		"roles": [
			text.describe_role(
				role,
				doctypes=doctypes,
				perms=perms,
				transitions=transitions,
				grants=grants,
				today=today(),
				translate=_,
				field_perms=field_perms,
			)
			| {"label": _(role)}
			for role in roles
		],
		"matrix": text.permission_matrix(doctypes, perms, roles),
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
		"policy": policy_data(),
	}


def partner_overview(user: str) -> dict:
	"""What partners may do, for the partner portal page: only the Partner Practitioner role's
	rules, delegations to that role, and this partner's own delegations by name."""
	doctypes = app_doctypes()
	perms = [p for p in doctype_permissions(doctypes) if p["role"] == PARTNER_ROLE]
	transitions = [
		t for flow in workflows(doctypes) for t in flow["transitions"] if t["allowed"] == PARTNER_ROLE
	]
	grants = [
		g
		for g in grants_as_data()
		if g["role"] == PARTNER_ROLE or any(p["user"] == user for p in g["people"])
	]
	# Other people named in a delegation are left out: a partner sees only their own.
	for g in grants:
		g["people"] = [p for p in g["people"] if p["user"] == user]
	description = text.describe_role(
		PARTNER_ROLE,
		doctypes=doctypes,
		perms=perms,
		transitions=transitions,
		grants=grants,
		today=today(),
		translate=_,
	)
	return {
		"role": _(PARTNER_ROLE),
		"subject": text.subject(PARTNER_ROLE, _),
		"clauses": description["clauses"],
		"sentence": description["sentence"],
		"named": description["named"],
		"full_name": full_name(user),
	}
