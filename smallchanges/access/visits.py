"""Who may reach visits: staff only; a social worker sees the visits of the children they work with.

There is no team model yet, so "the children a social worker works with" are the children of
the visits they recorded, made (practitioner) or are assigned to (Frappe assignment). Team
Managers, Directors, the Principal Social Worker and Business Support (read) see every visit.
No partner role has any DocPerm on Visit: partners never reach these hooks with a right.
"""

import frappe
from frappe.query_builder import Criterion

from smallchanges.access.scope import Scope, assigned_to, scope_of, scoped_conditions, stored_in_scope


def visit_criterion(scope: Scope, table=None):
	"""The one definition of the visits `scope` may reach (None: none): a social worker's are every
	visit of a child who has a visit they recorded, made or are assigned to."""
	table = table or frappe.qb.DocType("Visit")
	if not scope.social_worker:
		return None
	user = scope.user
	theirs = frappe.qb.DocType("Visit").as_("their_visit")
	their_children = (
		frappe.qb.from_(theirs)
		.select(theirs.child)
		.where(Criterion.any([theirs.owner == user, theirs.practitioner == user, assigned_to(theirs, user)]))
	)
	return table.child.isin(their_children)


def visit_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return scoped_conditions(scope_of(user), visit_criterion)


def stored_visit_in_scope(name: str, scope: Scope):
	"""The stored visit (its owner and practitioner) when the scope's criterion selects it, else None."""
	return stored_in_scope("Visit", name, scope, visit_criterion, ("owner", "practitioner"))


def visit_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Deny what the scope excludes; None means "no objection" (role permissions decide)."""
	scope = scope_of(user)
	if scope.everything:
		return None
	if not scope.social_worker:
		return False
	if doc.is_new() or not doc.name:
		# A social worker records a visit (it is then theirs); DocPerm decides who may create.
		return None if ptype == "create" else False
	# Judge by what is stored, not by what the request is trying to write.
	return None if stored_visit_in_scope(doc.name, scope) else False
