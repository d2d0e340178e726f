"""The one scope per user, and what every capability's criteria share.

ONE scope per user, written once as a query criterion, answers both questions Frappe asks:
`permission_query_conditions` (which rows a list, report, count, search or export may read) uses
the criterion as SQL, and `has_permission` (may this user touch this one document) runs the same
criterion against the stored row. Role permissions (DocPerm) still apply first: these hooks can
only narrow them. Each capability's criteria are in this package (referrals, visits, core_groups,
resources).
"""

from dataclasses import dataclass

import frappe
from frappe.utils.caching import request_cache


@dataclass(frozen=True)
class Scope:
	everything: bool = False
	agency: str | None = None  # a partner: only this agency's referrals
	own_or_assigned: str | None = None  # a social worker: raised by or assigned to this user
	partner: bool = False  # a partner practitioner (with or without an agency yet)

	@property
	def nothing(self) -> bool:
		return not (self.everything or self.agency or self.own_or_assigned)


AGENCY_CACHE = "smallchanges:agency_of"


@request_cache
def agency_of(user: str) -> str | None:
	"""The partner agency a user belongs to (each user belongs to at most one). Every partner request
	asks it, so it is kept in the site cache, which `forget_agencies` clears whenever an agency's
	members change (and again when that change is committed or rolled back)."""
	agency = frappe.cache.hget(
		AGENCY_CACHE,
		user,
		lambda: frappe.db.get_value("Partner Agency Member", {"user": user}, "parent") or "",
	)
	return agency or None


def forget_agencies() -> None:
	"""Called by Partner Agency on every change of its members (save, rename, delete)."""
	frappe.cache.delete_key(AGENCY_CACHE)
	frappe.db.after_commit.add(lambda: frappe.cache.delete_key(AGENCY_CACHE))
	frappe.db.after_rollback.add(lambda: frappe.cache.delete_key(AGENCY_CACHE))


def as_condition(criterion) -> str:
	return criterion.get_sql(quote_char="`", with_namespace=True)


def scoped_conditions(scope, criterion) -> str:
	"""A scope's list condition: "" for every row, "1=0" for none, else `criterion(scope)` as SQL."""
	if scope.everything:
		return ""
	if scope.nothing:
		return "1=0"
	return as_condition(criterion(scope))


def stored_in_scope(doctype: str, name: str, scope, criterion, fields: tuple[str, ...]):
	"""The stored record's `fields` when `criterion(scope, table)` (the list condition run against
	the stored row) selects it, else None."""
	if scope.nothing:
		return None
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.from_(table).select(*(table[field] for field in fields)).where(table.name == name)
	if not scope.everything:
		query = query.where(criterion(scope, table))
	rows = query.run(as_dict=True)
	return rows[0] if rows else None
