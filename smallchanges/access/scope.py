"""The one scope per user, and what every capability's criteria share.

The role ladder is written here once: Administrator and the see-all roles reach everything; a
social worker reaches their own records (what they raised, made, are assigned to or are a member
of); a partner practitioner reaches what their agency, or they themselves, took part in; anyone
else reaches nothing. Each capability's criteria in this package (referrals, visits, core_groups,
resources) say which rows each rung reaches, written once as a query criterion that answers both
questions Frappe asks: `permission_query_conditions` (which rows a list, report, count, search or
export may read) uses it as SQL, and `has_permission` (may this user touch this one document) runs
it against the stored row. Role permissions (DocPerm) still apply first: these hooks can only
narrow them.
"""

from dataclasses import dataclass

import frappe
from frappe.query_builder import Criterion
from frappe.utils.caching import request_cache
from pypika.terms import EmptyCriterion

from smallchanges.roles import PARTNER_PRACTITIONER, SEE_ALL, SOCIAL_WORKER

# The rungs of the ladder, top down.
EVERYTHING, OWN, PARTNER, NOTHING = "everything", "own", "partner", "nothing"


@dataclass(frozen=True)
class Scope:
	"""Where one user stands on the ladder; the capabilities' criteria read it."""

	user: str
	rung: str = NOTHING

	@property
	def everything(self) -> bool:
		return self.rung == EVERYTHING

	@property
	def social_worker(self) -> bool:
		"""A social worker: their own records only."""
		return self.rung == OWN

	@property
	def partner(self) -> bool:
		"""A partner practitioner (with or without an agency yet)."""
		return self.rung == PARTNER

	@property
	def staff(self) -> bool:
		"""Works in the desk: everything, or a social worker."""
		return self.rung in (EVERYTHING, OWN)

	@property
	def nothing(self) -> bool:
		"""No app role at all: reaches no record of any capability."""
		return self.rung == NOTHING

	@property
	def own_or_assigned(self) -> str | None:
		"""A social worker: the user whose own and assigned records they reach."""
		return self.user if self.rung == OWN else None

	@property
	def member(self) -> str | None:
		"""The user whose memberships (of a core group) count: a social worker's or a partner's."""
		return self.user if self.rung in (OWN, PARTNER) else None

	@property
	def agency(self) -> str | None:
		"""A partner's agency (None for a partner whose account has none yet, and for staff)."""
		return agency_of(self.user) if self.rung == PARTNER else None


def scope_of(user: str | None = None) -> Scope:
	"""THE role ladder: the one place that decides which rung a user stands on."""
	user = user or frappe.session.user
	if user == "Administrator":
		return Scope(user, EVERYTHING)
	roles = set(frappe.get_roles(user))
	if roles & SEE_ALL:
		return Scope(user, EVERYTHING)
	if SOCIAL_WORKER in roles:
		return Scope(user, OWN)
	if PARTNER_PRACTITIONER in roles:
		return Scope(user, PARTNER)
	return Scope(user, NOTHING)


AGENCY_CACHE = "smallchanges:agency_of"


DESK_USER = "System User"  # Frappe's user type of staff (partners are website users)


def user_type_of(user: str) -> str | None:
	"""Frappe's user type of `user` (None for Guest)."""
	return None if user == "Guest" else frappe.get_cached_value("User", user, "user_type")


def is_desk_user(user: str) -> bool:
	return user_type_of(user) == DESK_USER


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


def like_literal(text: str) -> str:
	"""`text` for inside a LIKE pattern, matched literally (its wildcards and escapes escaped)."""
	return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def assigned_to(table, user: str) -> Criterion:
	"""Rows assigned to `user`: `_assign` is a JSON list of users; the quoted name matches exactly."""
	return table._assign.like(f'%"{like_literal(user)}"%')


def as_condition(criterion) -> str:
	"""A criterion as a list condition, in parentheses: Frappe joins the conditions of every hook of a
	DocType (this app's own and the restriction criterion registered under "*") with a bare "and",
	so an unparenthesised "a or b" would bind to the next hook's condition."""
	return "(" + criterion.get_sql(quote_char="`", with_namespace=True) + ")"


# A capability's criterion: `criterion(scope, table=None)`, called only for a scope that is not
# `everything`, returns the rows that scope reaches, or None when it reaches none.


def rows_reached(scope: Scope, criterion, table):
	"""What `scope` reaches of `table` as a query criterion, for an aggregate over those rows (a
	number card, a chart): the list condition's own criterion; an empty criterion for every row,
	None for none."""
	if scope.everything:
		return EmptyCriterion()
	return criterion(scope, table)


def scoped_conditions(scope: Scope, criterion) -> str:
	"""A scope's list condition: "" for every row, "1=0" for none, else `criterion(scope)` as SQL."""
	if scope.everything:
		return ""
	reached = criterion(scope)
	return "1=0" if reached is None else as_condition(reached)


def stored_in_scope(
	doctype: str,
	name: str,
	scope: Scope,
	criterion,
	fields: tuple[str, ...],
	reaches_every_row: bool | None = None,
):
	"""The stored record's `fields` when `criterion(scope, table)` (the list condition run against
	the stored row) selects it, else None. `reaches_every_row`: whether the criterion is skipped
	(default: the scope reaches everything).

	One save asks this several times of the same row (loading, each permission check, submitting):
	the answer is kept in the transaction's own value cache (which Frappe empties at every commit
	and rollback) under the question and the number of writes made so far, so that it is read again
	after any write of the transaction and otherwise is what the same read would return (the
	transaction reads one snapshot; the criteria read only what a write would change)."""
	if not isinstance(name, str):
		return _stored_in_scope(doctype, name, scope, criterion, fields, reaches_every_row)
	key = (frappe.db.transaction_writes, doctype, name, fields, scope, criterion, reaches_every_row)
	cache = frappe.db.value_cache.setdefault(_STORED_IN_SCOPE, {})
	if key not in cache:
		if len(cache) >= _MOST_KEPT:  # a long transaction over many records keeps only the latest
			cache.clear()
		cache[key] = _stored_in_scope(doctype, name, scope, criterion, fields, reaches_every_row)
	return frappe._dict(cache[key]) if cache[key] is not None else None


def _stored_in_scope(doctype, name, scope, criterion, fields, reaches_every_row):
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.from_(table).select(*(table[field] for field in fields)).where(table.name == name)
	if not (scope.everything if reaches_every_row is None else reaches_every_row):
		reached = criterion(scope, table)
		if reached is None:
			return None
		query = query.where(reached)
	rows = query.run(as_dict=True)
	return rows[0] if rows else None


_STORED_IN_SCOPE = "smallchanges.access.scope.stored_in_scope"
_MOST_KEPT = 256
