"""Idempotent setup run after install and after every migrate.

Creates what the app needs as ordinary records (roles now; workflows as they arrive) and never
undoes an administrator's later edits: a record is created once; if it exists it is left as it
is, and if an administrator deleted something the app created, it is not brought back.
"""

import frappe

# (role, desk access) - staff work in the desk, partners only through web forms and portal pages.
ROLES = (
	("Social Worker", 1),
	("Team Manager", 1),
	("Business Support Officer", 1),
	("Director", 1),
	("Principal Social Worker", 1),
	("Partner Practitioner", 0),
)
STAFF_ROLES = tuple(role for role, desk_access in ROLES if desk_access)
PARTNER_ROLE = "Partner Practitioner"

_CREATED_KEY = "smallchanges_setup_created"


def before_install() -> None:
	# Roles first: the app's DocType permissions and workspace, synced next, refer to them.
	ensure_setup()


def after_install() -> None:
	ensure_setup()


def after_migrate() -> None:
	ensure_setup()


def ensure_setup() -> None:
	for role, desk_access in ROLES:
		create_once(f"Role:{role}", lambda role=role, desk_access=desk_access: _make_role(role, desk_access))


def create_once(key: str, create) -> None:
	"""Call `create` unless this app created `key` before (then an admin owns it now)."""
	created = set(
		frappe.get_all("DefaultValue", {"parent": "__default", "defkey": _CREATED_KEY}, pluck="defvalue")
	)
	if key in created:
		return
	create()
	frappe.defaults.add_global_default(_CREATED_KEY, key)


def _make_role(role: str, desk_access: int) -> None:
	if frappe.db.exists("Role", role):
		return
	frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": desk_access}).insert(
		ignore_permissions=True
	)
