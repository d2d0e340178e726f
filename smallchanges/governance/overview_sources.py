"""The live records "who can do what" is generated from: the app's DocTypes, their permission
rules (DocPerm, or Custom DocPerm once an administrator edits them), the active workflows on them,
the approved delegations and the requests waiting for approval, as plain data.

The readers here bypass user permissions on purpose: they read permission rules, workflow
definitions and delegations, which are exactly what the page exists to show; callers check that
the user may see the page first (staff page, or partner portal page that only shows what concerns
partners and the partner themselves).
"""

import frappe
from frappe import _
from frappe.utils import getdate

from smallchanges.governance.delegation_api import approved_grants, delegate_users, full_name, today
from smallchanges.rules import permissions_text as text
from smallchanges.rules.delegation import REQUESTED, TO_ROLE

APP = "smallchanges"


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
