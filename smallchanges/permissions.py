"""Record-level scoping for referrals and partner agencies.

ONE scope per user, written once as a query criterion, answers both questions Frappe asks:
`permission_query_conditions` (which rows a list, report, count, search or export may read) uses
the criterion as SQL, and `has_permission` (may this user touch this one document) runs the same
criterion against the stored row. Partners see only their own agency's referrals; a social worker
sees the referrals they raised or are assigned to; managers, business support, directors and the
principal social worker see all. Role permissions (DocPerm) still apply first: these hooks can
only narrow them. The hooks of referrals, their triage and Child records also record each read in
the access log (smallchanges.access_log).
"""

from dataclasses import dataclass

import frappe
from frappe.query_builder import Criterion
from frappe.utils.caching import request_cache

from smallchanges.access_log import logged_lists, logged_reads
from smallchanges.roles import PARTNER_PRACTITIONER, SEE_ALL_REFERRALS, SOCIAL_WORKER
from smallchanges.rules.referral import PARTNER_EDITABLE_STATES


@dataclass(frozen=True)
class Scope:
	everything: bool = False
	agency: str | None = None  # a partner: only this agency's referrals
	own_or_assigned: str | None = None  # a social worker: raised by or assigned to this user
	partner: bool = False  # a partner practitioner (with or without an agency yet)

	@property
	def nothing(self) -> bool:
		return not (self.everything or self.agency or self.own_or_assigned)


@request_cache
def agency_of(user: str) -> str | None:
	"""The partner agency a user belongs to (each user belongs to at most one)."""
	return frappe.db.get_value("Partner Agency Member", {"user": user}, "parent")


def referral_scope(user: str | None = None) -> Scope:
	user = user or frappe.session.user
	if user == "Administrator":
		return Scope(everything=True)
	roles = set(frappe.get_roles(user))
	if roles & SEE_ALL_REFERRALS:
		return Scope(everything=True)
	if SOCIAL_WORKER in roles:
		return Scope(own_or_assigned=user)
	if PARTNER_PRACTITIONER in roles:
		return Scope(agency=agency_of(user), partner=True)
	return Scope()


def referral_criterion(scope: Scope, table=None):
	"""The one definition of the rows `scope` may reach (None: every row; never called for none)."""
	table = table or frappe.qb.DocType("Universal Referral")
	if scope.agency:
		return table.referrer_agency == scope.agency
	if scope.own_or_assigned:
		user = scope.own_or_assigned
		# _assign is a JSON list of users; match the quoted name exactly (LIKE wildcards escaped).
		literal = user.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
		return Criterion.any([table.owner == user, table._assign.like(f'%"{literal}"%')])
	return None


def _as_condition(criterion) -> str:
	return criterion.get_sql(quote_char="`", with_namespace=True)


@logged_lists
def referral_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	scope = referral_scope(user)
	if scope.everything:
		return ""
	if scope.nothing:
		return "1=0"
	return _as_condition(referral_criterion(scope))


def stored_referral_in_scope(name: str, scope: Scope):
	"""The stored referral's state when the scope's criterion selects it, else None."""
	if scope.nothing:
		return None
	table = frappe.qb.DocType("Universal Referral")
	query = frappe.qb.from_(table).select(table.workflow_state).where(table.name == name)
	if not scope.everything:
		query = query.where(referral_criterion(scope, table))
	rows = query.run(as_dict=True)
	return rows[0] if rows else None


@logged_reads
def referral_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Deny what the scope excludes; None means "no objection" (role permissions decide)."""
	scope = referral_scope(user)
	if scope.everything:
		return None
	if doc.is_new() or not doc.name:
		# Creating: a partner's agency (and the social worker as owner) is set by the server, which
		# also tells a partner whose account has no agency yet what to do.
		return None if ptype == "create" and (scope.partner or not scope.nothing) else False
	# Judge by what is stored, not by what the request is trying to write.
	stored = stored_referral_in_scope(doc.name, scope)
	if not stored:
		return False
	if (
		scope.agency
		and ptype not in ("read", "select", "create")
		and (ptype != "write" or stored.workflow_state not in PARTNER_EDITABLE_STATES)
	):
		# A partner edits only a draft or a referral returned to them; nothing else after that.
		return False
	return None


# ---- the referral's child tables, when listed on their own -------------------------------------
REFERRAL_TABLES = (
	"Referral Child",
	"Referral Household Member",
	"Referral Service Request",
	"Referral Document",
)


def _readable_permlevels(doctype: str, user: str | None) -> set[int]:
	roles = set(frappe.get_roles(user))
	return {
		perm.permlevel for perm in frappe.get_meta(doctype).permissions if perm.role in roles and perm.read
	}


def referral_rows_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Rows of a referral's tables (listed with `parent_doctype`) follow the referral's own scope,
	and a table at a staff-only level gives no rows at all to those who may not read it."""
	scope = referral_scope(user)
	if scope.everything:
		return ""
	table_field = next(
		(df for df in frappe.get_meta("Universal Referral").get_table_fields() if df.options == doctype), None
	)
	if scope.nothing or not table_field:
		return "1=0"
	if table_field.permlevel not in _readable_permlevels("Universal Referral", user):
		return "1=0"
	row, referral = frappe.qb.DocType(doctype), frappe.qb.DocType("Universal Referral")
	in_scope = frappe.qb.from_(referral).select(referral.name).where(referral_criterion(scope))
	return _as_condition((row.parenttype == "Universal Referral") & row.parent.isin(in_scope))


# ---- a referral's staff-only triage: the referral's own scope (and no partner DocPerm at all) ----
@logged_lists
def triage_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	scope = referral_scope(user)
	if scope.everything:
		return ""
	if scope.nothing or scope.partner:
		return "1=0"
	triage, referral = frappe.qb.DocType("Referral Triage"), frappe.qb.DocType("Universal Referral")
	in_scope = frappe.qb.from_(referral).select(referral.name).where(referral_criterion(scope))
	return _as_condition(triage.referral.isin(in_scope))


@logged_reads
def triage_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	scope = referral_scope(user)
	if scope.everything:
		return None
	if scope.partner or scope.nothing:
		return False
	# the triage is named after its referral: judged by the stored referral, as the referral is
	return None if stored_referral_in_scope(doc.name, scope) else False


# ---- Child records: role permissions decide (no partner role has any); every read is logged ----
@logged_lists
def child_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return ""


@logged_reads
def child_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return None


# ---- partner agencies: a partner sees only their own ------------------------------------------
def agency_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	scope = referral_scope(user)
	if scope.everything or scope.own_or_assigned:
		return ""
	if not scope.agency:
		return "1=0"
	return _as_condition(frappe.qb.DocType("Partner Agency").name == scope.agency)


def agency_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	scope = referral_scope(user)
	if scope.everything or scope.own_or_assigned:
		return None
	return None if scope.agency and doc.name == scope.agency and ptype in ("read", "select") else False
