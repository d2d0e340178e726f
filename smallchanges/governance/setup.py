"""Governance setup: the Delegation workflow and the Safeguarding Policy defaults.

Both are created once, as ordinary records; after that they belong to the administrator, who
may change them in the desk, and `bench migrate` keeps those changes (see setup_utils.create_once).
"""

import frappe

from smallchanges.governance import dashboards
from smallchanges.roles import DIRECTOR, STAFF_ROLES, SYSTEM_MANAGER
from smallchanges.rules.delegation import APPROVED, EXPIRED, REJECTED, REQUESTED, REVOKED
from smallchanges.rules.safeguarding_policy import DEFAULT_BREAK_GLASS_ROLES, DEFAULT_VISIT_POLICIES, DEFAULTS
from smallchanges.setup_utils import create_once, ensure_workflow

# The delegation is valid through its last day; the Expire button appears the day after.
_ENDED = (
	"frappe.utils.add_to_date(frappe.utils.get_datetime(doc.valid_until), days=1) "
	"<= frappe.utils.now_datetime()"
)

DELEGATION_WORKFLOW = {
	"name": "Delegation",
	"document_type": "Delegation",
	# Anyone on staff may ask (and edit their request) while it is Requested; the decided
	# states are submitted, which freezes the task, the delegates and the dates.
	"states": [
		*(
			{"state": REQUESTED, "doc_status": 0, "allow_edit": role, "style": "Warning"}
			for role in (*STAFF_ROLES, SYSTEM_MANAGER)
		),
		{"state": APPROVED, "doc_status": 1, "allow_edit": DIRECTOR, "style": "Success"},
		{"state": REJECTED, "doc_status": 1, "allow_edit": DIRECTOR, "style": "Danger"},
		{"state": REVOKED, "doc_status": 1, "allow_edit": DIRECTOR, "style": "Danger"},
		{"state": EXPIRED, "doc_status": 1, "allow_edit": SYSTEM_MANAGER, "style": "Inverse"},
	],
	"transitions": [
		{"state": REQUESTED, "action": "Approve", "next_state": APPROVED, "allowed": DIRECTOR},
		{"state": REQUESTED, "action": "Reject", "next_state": REJECTED, "allowed": DIRECTOR},
		{"state": APPROVED, "action": "Revoke", "next_state": REVOKED, "allowed": DIRECTOR},
		# The daily job (as Administrator) uses this; a System Manager may too, once it has ended.
		{
			"state": APPROVED,
			"action": "Expire",
			"next_state": EXPIRED,
			"allowed": SYSTEM_MANAGER,
			"condition": _ENDED,
		},
	],
}


def ensure() -> None:
	ensure_workflow(DELEGATION_WORKFLOW)
	create_once("Safeguarding Policy:defaults", make_policy_defaults)
	# A policy set up before restricted records existed gets their defaults once, on its migrate.
	create_once("Safeguarding Policy:break-glass defaults", make_break_glass_defaults)
	create_once("System Settings:no error tracebacks", hide_error_tracebacks)
	dashboards.ensure_indexes()  # the workspace's charts and cards read indexed date ranges


def hide_error_tracebacks() -> None:
	"""Error responses carry a plain message, not the server's traceback (Frappe's default shows it).

	Set once: an administrator who turns it back on keeps their choice, and even then only System
	Managers get a traceback (gate.py switches it off for everyone else, request by request).
	"""
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)


def make_policy_defaults() -> None:
	"""Fill in the defaults (docs/domain.md#statutory-clocks) where the Safeguarding Policy has none."""
	policy = frappe.get_single("Safeguarding Policy")
	for field, value in DEFAULTS.items():
		if not policy.get(field):
			policy.set(field, value)
	if not policy.visit_policies:
		policy.set("visit_policies", [dict(row) for row in DEFAULT_VISIT_POLICIES])
	policy.flags.ignore_permissions = True
	policy.save()


def make_break_glass_defaults() -> None:
	"""Restricted records' defaults where the policy has none: the opening's minutes, and who may
	break the glass when that was never set (empty: nobody may, the council's choice)."""
	policy = frappe.get_single("Safeguarding Policy")
	if not policy.get("break_glass_minutes"):
		policy.set("break_glass_minutes", DEFAULTS["break_glass_minutes"])
	if policy.get("break_glass_roles") is None:
		policy.set("break_glass_roles", DEFAULT_BREAK_GLASS_ROLES)
	policy.flags.ignore_permissions = True
	policy.save()
