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
from smallchanges.core_groups import CORE_GROUP_TABLES
from smallchanges.roles import (
	PARTNER_PRACTITIONER,
	SEE_ALL_CORE_GROUPS,
	SEE_ALL_REFERRALS,
	SEE_ALL_VISITS,
	SOCIAL_WORKER,
)
from smallchanges.rules.core_groups import MINUTE_TAKER_EDITS
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


def scoped_conditions(scope, criterion) -> str:
	"""A scope's list condition: "" for every row, "1=0" for none, else `criterion(scope)` as SQL."""
	if scope.everything:
		return ""
	if scope.nothing:
		return "1=0"
	return _as_condition(criterion(scope))


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


@logged_lists
def referral_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return scoped_conditions(referral_scope(user), referral_criterion)


def stored_referral_in_scope(name: str, scope: Scope):
	"""The stored referral's state when the scope's criterion selects it, else None."""
	return stored_in_scope("Universal Referral", name, scope, referral_criterion, ("workflow_state",))


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


# ---- staff-only records of one referral (its triage, its children's links to Child records):
# the referral's own scope, and nothing at all for partners (who have no DocPerm on them either) ----
def _of_referrals_in_scope(doctype: str, user: str | None) -> str:
	"""The list condition of a staff-only DocType whose `referral` field names its referral."""
	scope = referral_scope(user)
	if scope.everything:
		return ""
	if scope.nothing or scope.partner:
		return "1=0"
	table, referral = frappe.qb.DocType(doctype), frappe.qb.DocType("Universal Referral")
	in_scope = frappe.qb.from_(referral).select(referral.name).where(referral_criterion(scope))
	return _as_condition(table.referral.isin(in_scope))


def _referral_in_scope(user: str | None, referral) -> bool | None:
	"""has_permission of such a record, judged by its stored referral (a callable: looked up only
	when the scope needs it)."""
	scope = referral_scope(user)
	if scope.everything:
		return None
	if scope.partner or scope.nothing:
		return False
	name = referral()
	return None if name and stored_referral_in_scope(name, scope) else False


@logged_lists
def triage_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return _of_referrals_in_scope("Referral Triage", user)


@logged_reads
def triage_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _referral_in_scope(user, lambda: doc.name)  # a triage is named after its referral


def child_link_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return _of_referrals_in_scope("Referral Child Link", user)


def child_link_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	# a new link is judged by the referral it names; a stored one by its stored referral
	return _referral_in_scope(
		user,
		lambda: (
			doc.referral if doc.is_new() else frappe.db.get_value("Referral Child Link", doc.name, "referral")
		),
	)


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


# ---- visits: staff only; a social worker sees the visits of the children they work with -----
# There is no team model yet, so "the children a social worker works with" are the children of
# the visits they recorded, made (practitioner) or are assigned to (Frappe assignment). Team
# Managers, Directors, the Principal Social Worker and Business Support (read) see every visit.
# No partner role has any DocPerm on Visit: partners never reach these hooks with a right.


def visit_scope(user: str | None = None) -> Scope:
	user = user or frappe.session.user
	if user == "Administrator":
		return Scope(everything=True)
	roles = set(frappe.get_roles(user))
	if roles & SEE_ALL_VISITS:
		return Scope(everything=True)
	if SOCIAL_WORKER in roles:
		return Scope(own_or_assigned=user)
	return Scope()


def visit_criterion(scope: Scope, table=None):
	"""The one definition of the visits `scope` may reach (None: every row; never called for none):
	every visit of a child who has a visit this user recorded, made or is assigned to."""
	table = table or frappe.qb.DocType("Visit")
	if not scope.own_or_assigned:
		return None
	user = scope.own_or_assigned
	literal = user.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
	theirs = frappe.qb.DocType("Visit").as_("their_visit")
	their_children = (
		frappe.qb.from_(theirs)
		.select(theirs.child)
		.where(
			Criterion.any(
				[theirs.owner == user, theirs.practitioner == user, theirs._assign.like(f'%"{literal}"%')]
			)
		)
	)
	return table.child.isin(their_children)


def visit_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return scoped_conditions(visit_scope(user), visit_criterion)


def stored_visit_in_scope(name: str, scope: Scope):
	"""The stored visit (its owner and practitioner) when the scope's criterion selects it, else None."""
	return stored_in_scope("Visit", name, scope, visit_criterion, ("owner", "practitioner"))


def visit_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Deny what the scope excludes; None means "no objection" (role permissions decide)."""
	scope = visit_scope(user)
	if scope.everything:
		return None
	if scope.nothing:
		return False
	if doc.is_new() or not doc.name:
		# A social worker records a visit (it is then theirs); DocPerm decides who may create.
		return None if ptype == "create" else False
	# Judge by what is stored, not by what the request is trying to write.
	return None if stored_visit_in_scope(doc.name, scope) else False


# ---- child protection plans and their core group minutes ---------------------------------------
# ONE scope as for referrals: a member of a core group (a linked user in the plan's members), its
# lead social worker and its chair see the plan, its minutes and the agency updates sent for them;
# managers, business support, directors and the principal social worker see all; nobody else
# sees any. Partners write only minutes they are taking while these are a draft or returned.


@dataclass(frozen=True)
class CoreGroupScope:
	everything: bool = False
	member: str | None = None  # only the core groups this user belongs to (or leads, or chairs)
	partner: bool = False

	@property
	def nothing(self) -> bool:
		return not (self.everything or self.member)


def core_group_scope(user: str | None = None) -> CoreGroupScope:
	user = user or frappe.session.user
	if user == "Administrator":
		return CoreGroupScope(everything=True)
	roles = set(frappe.get_roles(user))
	if roles & SEE_ALL_CORE_GROUPS:
		return CoreGroupScope(everything=True)
	if SOCIAL_WORKER in roles:
		return CoreGroupScope(member=user)
	if PARTNER_PRACTITIONER in roles:
		return CoreGroupScope(member=user, partner=True)
	return CoreGroupScope()


def plans_criterion(scope: CoreGroupScope, plan=None):
	"""The one definition of the plans `scope` may reach (None: every plan)."""
	if scope.everything:
		return None
	plan = plan or frappe.qb.DocType("Child Protection Plan")
	member = frappe.qb.DocType("Core Group Member")
	member_of = (
		frappe.qb.from_(member)
		.select(member.parent)
		.where(
			(member.parenttype == "Child Protection Plan")
			& (member.parentfield == "members")
			& (member.user == scope.member)
		)
	)
	return Criterion.any(
		[plan.lead_social_worker == scope.member, plan.chair == scope.member, plan.name.isin(member_of)]
	)


def plans_in_scope_query(scope: CoreGroupScope):
	plan = frappe.qb.DocType("Child Protection Plan")
	return frappe.qb.from_(plan).select(plan.name).where(plans_criterion(scope, plan))


def minutes_criterion(scope: CoreGroupScope, minutes=None):
	minutes = minutes or frappe.qb.DocType("Core Group Minutes")
	return minutes.plan.isin(plans_in_scope_query(scope)) | (minutes.minute_taker == scope.member)


def agency_update_criterion(scope: CoreGroupScope, update=None):
	update = update or frappe.qb.DocType("Core Group Agency Update")
	return update.plan.isin(plans_in_scope_query(scope))


_CORE_GROUP_CRITERIA = {
	"Child Protection Plan": plans_criterion,
	"Core Group Minutes": minutes_criterion,
	"Core Group Agency Update": agency_update_criterion,
}


def core_group_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	scope = core_group_scope(user)
	if doctype not in _CORE_GROUP_CRITERIA and not scope.everything:
		return "1=0"
	return scoped_conditions(scope, _CORE_GROUP_CRITERIA.get(doctype))


def stored_core_group_record(doctype: str, name: str, scope: CoreGroupScope, fields: tuple[str, ...]):
	"""The stored record's `fields` when the scope's criterion selects it, else None."""
	return stored_in_scope(doctype, name, scope, _CORE_GROUP_CRITERIA[doctype], ("name", *fields))


def _core_group_permission(doctype: str, fields: tuple[str, ...], doc, ptype, user):
	"""(scope, stored row) or a final answer (False / None) for the common cases."""
	scope = core_group_scope(user)
	if scope.everything:
		return scope, None, None
	if doc.is_new() or not doc.name:
		# Creating: the controller checks that the author is in the plan's core group.
		return scope, None, (None if ptype == "create" and not scope.nothing else False)
	stored = stored_core_group_record(doctype, doc.name, scope, fields)
	if not stored:
		return scope, None, False
	return scope, stored, "judge"


def plan_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	scope, _stored, answer = _core_group_permission("Child Protection Plan", (), doc, ptype, user)
	if answer != "judge":
		return answer
	if scope.partner and ptype not in ("read", "select", "print"):
		return False
	return None


def minutes_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	scope, stored, answer = _core_group_permission(
		"Core Group Minutes", ("minute_taker", "workflow_state", "docstatus"), doc, ptype, user
	)
	if answer != "judge":
		return answer
	if scope.partner and ptype not in ("read", "select", "print"):
		# A partner changes only the minutes they are taking, while a draft or returned to them.
		if ptype != "write" or stored.minute_taker != scope.member:
			return False
		if stored.docstatus != 0 or stored.workflow_state not in MINUTE_TAKER_EDITS:
			return False
	return None


def agency_update_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	scope, stored, answer = _core_group_permission(
		"Core Group Agency Update", ("given_by",), doc, ptype, user
	)
	if answer != "judge":
		return answer
	if scope.partner and ptype not in ("read", "select"):
		return None if ptype == "write" and stored.given_by == scope.member else False
	return None


def core_group_rows_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Rows of the plans' and minutes' tables, listed on their own, follow their parent's scope."""
	scope = core_group_scope(user)
	if scope.everything:
		return ""
	if scope.nothing:
		return "1=0"
	row = frappe.qb.DocType(doctype)
	parents = []
	for parent_doctype in ("Child Protection Plan", "Core Group Minutes"):
		if any(df.options == doctype for df in frappe.get_meta(parent_doctype).get_table_fields()):
			parent = frappe.qb.DocType(parent_doctype)
			in_scope = (
				frappe.qb.from_(parent)
				.select(parent.name)
				.where(_CORE_GROUP_CRITERIA[parent_doctype](scope, parent))
			)
			parents.append((row.parenttype == parent_doctype) & row.parent.isin(in_scope))
	if not parents:
		return "1=0"
	return _as_condition(Criterion.any(parents))
