"""Who may read which resources: ONE criterion for lists and for single documents.

Staff read the whole library (drafts included, to review and approve them). A partner reads
only approved, current resources whose audience includes partners; `permission_query_conditions`
uses the criterion as SQL and `has_permission` runs it against the stored row, so a file attached
to any other resource is refused too (Frappe serves a private file only to those who may read
the document it is attached to). Role permissions (DocPerm) apply first: these hooks only narrow.
"""

import frappe
from frappe.query_builder import Criterion

from smallchanges.roles import PARTNER_PRACTITIONER, STAFF_ROLES, SYSTEM_MANAGER
from smallchanges.rules.resources import APPROVED, PARTNER_AUDIENCES

EVERYTHING, PARTNER, NOTHING = "everything", "partner", "nothing"


def resource_scope(user: str | None = None) -> str:
	user = user or frappe.session.user
	if user == "Administrator":
		return EVERYTHING
	roles = set(frappe.get_roles(user))
	if roles & {*STAFF_ROLES, SYSTEM_MANAGER}:
		return EVERYTHING
	if PARTNER_PRACTITIONER in roles:
		return PARTNER
	return NOTHING


def partner_criterion(table=None) -> Criterion:
	"""The one definition of what a partner may read."""
	table = table or frappe.qb.DocType("Resource")
	return (
		table.audience.isin(PARTNER_AUDIENCES) & (table.workflow_state == APPROVED) & (table.is_current == 1)
	)


def resource_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	scope = resource_scope(user)
	if scope == EVERYTHING:
		return ""
	if scope == NOTHING:
		return "1=0"
	return partner_criterion().get_sql(quote_char="`", with_namespace=True)


def partner_may_read(name: str) -> bool:
	table = frappe.qb.DocType("Resource")
	rows = (
		frappe.qb.from_(table).select(table.name).where((table.name == name) & partner_criterion(table)).run()
	)
	return bool(rows)


def resource_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Deny what the scope excludes; None means "no objection" (role permissions decide)."""
	scope = resource_scope(user)
	if scope == EVERYTHING:
		return None
	if scope == PARTNER and ptype in ("read", "select", "print") and doc.name and not doc.is_new():
		# Judged from the stored row, never from what a request carries.
		return None if partner_may_read(doc.name) else False
	return False
