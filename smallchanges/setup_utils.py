"""What every module's setup uses to create its records once (imports no module's setup).

A record is created once; if it exists it is left as it is, and if an administrator deleted
something the app created, it is not brought back (see `create_once`). Workflows also follow
later changes of the app's spec while nobody has edited them in the desk (`ensure_workflow`).
"""

import hashlib
import json
from collections.abc import Callable

import frappe
from frappe.utils import get_datetime

_CREATED_KEY = "smallchanges_setup_created"


def create_once(key: str, create: Callable[[], None]) -> None:
	"""Call `create` unless this app created `key` before (then an administrator owns it now)."""
	if key in _created_keys():
		return
	create()
	frappe.defaults.add_global_default(_CREATED_KEY, key)


def _created_keys() -> set[str]:
	DefaultValue = frappe.qb.DocType("DefaultValue")
	return set(
		frappe.qb.from_(DefaultValue)
		.select(DefaultValue.defvalue)
		.where((DefaultValue.parent == "__default") & (DefaultValue.defkey == _CREATED_KEY))
		.run(pluck=True)
	)


def ensure_role(name: str, desk_access: int) -> None:
	create_once(f"Role:{name}", lambda: _make_role(name, desk_access))


def _make_role(role: str, desk_access: int) -> None:
	if frappe.db.exists("Role", role):
		return
	frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access}).insert(
		ignore_permissions=True
	)


# ---- workflows ------------------------------------------------------------------------------
# A workflow spec is plain data, kept in the setup module of the DocType it governs:
# {
#   "name": "Universal Referral", "document_type": "Universal Referral", "override_status": 1,
#   "states": [{"state": "Draft", "doc_status": 0, "allow_edit": "Partner Practitioner",
#               "style": "Warning"}, ...],          # first state = initial state
#   "transitions": [{"state": "Draft", "action": "Submit", "next_state": "Submitted",
#                    "allowed": "Partner Practitioner", "allow_self_approval": 1}, ...],
# }


def ensure_workflow(spec: dict) -> None:
	"""Create the workflow (and its states and actions) once. When the app's spec changes later,
	the workflow follows it, unless an administrator has edited it since the app last wrote it:
	then it is theirs, and it stays as they left it (as it does if they deleted it)."""
	create_once(f"Workflow:{spec['name']}", lambda: _make_workflow(spec))
	_follow_spec(spec)


_SPEC_KEY = "smallchanges_workflow_spec"  # per workflow: the spec the app last wrote it from, and when


def _follow_spec(spec: dict) -> None:
	modified = frappe.db.get_value("Workflow", spec["name"], "modified")
	if modified is None:
		return  # an administrator deleted it
	key = f"{_SPEC_KEY}:{spec['name']}"
	fingerprint = hashlib.sha1(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
	written = frappe.parse_json(_global_default(key) or "{}")
	if written.get("fingerprint") == fingerprint:
		return
	if written:
		if get_datetime(written.get("modified")) != get_datetime(modified):
			return  # edited in the desk since the app wrote it: the administrator's version stays
		_ensure_states_and_actions(spec)
		workflow = frappe.get_doc("Workflow", spec["name"])
		workflow.update(_workflow_values(spec))
		workflow.save(ignore_permissions=True)
		modified = workflow.modified
	# (A workflow made before the app remembered its specs is taken as it is.)
	frappe.defaults.set_global_default(
		key, json.dumps({"fingerprint": fingerprint, "modified": str(modified)})
	)


def _global_default(key: str) -> str | None:
	# Read from the table, not the defaults cache, so that a rolled-back transaction is never believed.
	DefaultValue = frappe.qb.DocType("DefaultValue")
	rows = (
		frappe.qb.from_(DefaultValue)
		.select(DefaultValue.defvalue)
		.where((DefaultValue.parent == "__default") & (DefaultValue.defkey == key))
		.run(pluck=True)
	)
	return rows[0] if rows else None


def _ensure_states_and_actions(spec: dict) -> None:
	for state in spec["states"]:
		if not frappe.db.exists("Workflow State", state["state"]):
			frappe.get_doc(
				{
					"doctype": "Workflow State",
					"workflow_state_name": state["state"],
					"style": state.get("style", ""),
				}
			).insert(ignore_permissions=True)
	for action in {t["action"] for t in spec["transitions"]}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)


def _make_workflow(spec: dict) -> None:
	_ensure_states_and_actions(spec)
	if frappe.db.exists("Workflow", spec["name"]):
		return
	frappe.get_doc(
		{"doctype": "Workflow", "workflow_name": spec["name"], "is_active": 1, **_workflow_values(spec)}
	).insert(ignore_permissions=True)


def _workflow_values(spec: dict) -> dict:
	return {
		"document_type": spec["document_type"],
		"workflow_state_field": "workflow_state",
		"send_email_alert": 0,
		# the list view's own indicators (e.g. "Overdue") rather than only the state's colour
		"override_status": spec.get("override_status", 0),
		"states": [
			{
				"state": s["state"],
				"doc_status": str(s.get("doc_status", 0)),
				"allow_edit": s["allow_edit"],
				"update_field": s.get("update_field"),
				"update_value": s.get("update_value"),
				"message": s.get("message"),
			}
			for s in spec["states"]
		],
		"transitions": [
			{
				"state": t["state"],
				"action": t["action"],
				"next_state": t["next_state"],
				"allowed": t["allowed"],
				"allow_self_approval": t.get("allow_self_approval", 0),
				"condition": t.get("condition"),
			}
			for t in spec["transitions"]
		],
	}


def states(state: str, style: str, editors) -> list[dict]:
	"""One workflow state that each of `editors` may edit (Frappe keeps a row per role)."""
	return [{"state": state, "doc_status": 0, "allow_edit": role, "style": style} for role in editors]


def transitions(state: str, action: str, next_state: str, roles, allow_self_approval: int = 0) -> list[dict]:
	"""One transition that each of `roles` may take (Frappe keeps a row per role)."""
	return [
		{
			"state": state,
			"action": action,
			"next_state": next_state,
			"allowed": role,
			"allow_self_approval": allow_self_approval,
		}
		for role in roles
	]
