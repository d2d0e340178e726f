"""Who may read which resources.

Staff read the whole library (drafts included, to review and approve them). Partners have NO
permission on the Resource DocType at all, so no generic channel (REST, reports, global search,
file URLs, Version history) ever gives them a resource: what a partner may read (approved,
current resources whose audience includes partners) is given only by the purpose-built readers
here, used by the portal page, the web form panel and the download method. `partner_criterion`
is the ONE definition of it; `partner_may_read` runs it against the stored row.

The hooks below keep everyone else (no app role) out of lists and single documents even if an
administrator later gives a role read permission by mistake: they can only narrow DocPerms.
"""

import frappe
from frappe.query_builder import Criterion

from smallchanges.access.scope import scope_of
from smallchanges.rules.resources import APPROVED, PARTNER_AUDIENCES


def partner_criterion(table=None) -> Criterion:
	"""The one definition of what a partner may read."""
	table = table or frappe.qb.DocType("Resource")
	return (
		table.audience.isin(PARTNER_AUDIENCES) & (table.workflow_state == APPROVED) & (table.is_current == 1)
	)


PARTNER_FILTERS = {"audience": ["in", PARTNER_AUDIENCES], "workflow_state": APPROVED, "is_current": 1}


def partner_may_read(name: str) -> bool:
	table = frappe.qb.DocType("Resource")
	rows = (
		frappe.qb.from_(table).select(table.name).where((table.name == name) & partner_criterion(table)).run()
	)
	return bool(rows)


def may_read(name: str, user: str | None = None) -> bool:
	"""Whether this user may read (and download) this one resource, judged from the stored row."""
	scope = scope_of(user)
	if scope.staff:
		return bool(frappe.db.exists("Resource", name)) and frappe.has_permission(
			"Resource", "read", doc=name, user=user
		)
	if scope.partner:
		return partner_may_read(name)
	return False


def resource_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return "" if scope_of(user).staff else "1=0"


def resource_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Deny everyone but staff; None means "no objection" (role permissions decide)."""
	return None if scope_of(user).staff else False


# ---- files attached to a resource (access/files.py dispatches to these) -----------------------
# Library files are private too: Frappe then serves one only to those who may read its Resource.
FILE_DOCTYPES = ("Resource",)


def partner_may_reach_file(resource: str, scope) -> bool:
	"""Never as a File: a partner downloads an approved resource through resources.api.download,
	which checks partner_may_read."""
	return False


PARTNER_FILE_CRITERIA = {"Resource": partner_may_reach_file}
