"""Who may reach referrals, their tables, their triage, their children's links to Child records,
Child records and partner agencies.

Partners see only their own agency's referrals; a social worker sees the referrals they raised or
are assigned to; managers, business support, directors and the principal social worker see all.
A draft stays on the side that drafted it until it is sent: a partner's is seen only by their
agency (no member of staff, of any role, lists, opens or sends it), one drafted in the desk only by
staff (not by the agency it names). That is part of the one referral criterion, so lists, reports,
counts, search, workflow actions and single documents agree; only Administrator reaches every row.
The hooks of referrals, their triage and Child records also record each read in the access log
(smallchanges.access.access_log).
"""

import frappe
from frappe.query_builder import Criterion
from pypika.terms import EmptyCriterion

from smallchanges.access.access_log import logged_lists, logged_reads
from smallchanges.access.scope import (
	DESK_USER,
	Scope,
	as_condition,
	assigned_to,
	scope_of,
	scoped_conditions,
	stored_in_scope,
)
from smallchanges.rules.referral import DRAFT, PARTNER_EDITABLE_STATES


def reaches_every_referral(scope: Scope) -> bool:
	"""Only Administrator: every other rung, the see-all one included, goes through the criterion."""
	return scope.everything and scope.user == "Administrator"


def referral_criterion(scope: Scope, table=None):
	"""The one definition of the referrals `scope` may reach (None: none): a partner's agency's,
	except the drafts staff took for it; a social worker's own (raised by or assigned to them); the
	see-all staff's every referral. No member of staff reaches a partner's unsent draft."""
	table = table or frappe.qb.DocType("Universal Referral")
	sent = Criterion.any([table.workflow_state.isnull(), table.workflow_state != DRAFT])
	if scope.agency:
		members = frappe.qb.DocType("Partner Agency Member")
		drafted_by_the_agency = table.owner.isin(
			frappe.qb.from_(members).select(members.user).where(members.parent == scope.agency)
		)
		return (table.referrer_agency == scope.agency) & Criterion.any([sent, drafted_by_the_agency])
	users = frappe.qb.DocType("User")
	drafted_in_the_desk = table.owner.isin(
		frappe.qb.from_(users).select(users.name).where(users.user_type == DESK_USER)
	)
	not_a_partners_draft = Criterion.any([sent, drafted_in_the_desk])
	if scope.social_worker:
		return Criterion.any(
			[table.owner == scope.user, assigned_to(table, scope.user) & not_a_partners_draft]
		)
	if scope.everything:
		return not_a_partners_draft
	return None


def referrals_reached(scope: Scope, table=None):
	"""The referrals `scope` reaches as a query criterion for an aggregate (a card, a chart): the
	list condition's criterion; an empty one for every row, None for none."""
	if reaches_every_referral(scope):
		return EmptyCriterion()
	return referral_criterion(scope, table)


@logged_lists
def referral_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	scope = scope_of(user)
	if reaches_every_referral(scope):
		return ""
	reached = referral_criterion(scope)
	return "1=0" if reached is None else as_condition(reached)


def stored_referral_in_scope(name: str, scope: Scope):
	"""The stored referral's state when the scope's criterion selects it, else None."""
	return stored_in_scope(
		"Universal Referral",
		name,
		scope,
		referral_criterion,
		("workflow_state",),
		reaches_every_row=reaches_every_referral(scope),
	)


@logged_reads
def referral_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Deny what the scope excludes; None means "no objection" (role permissions decide)."""
	scope = scope_of(user)
	if reaches_every_referral(scope):
		return None
	if doc.is_new() or not doc.name:
		# Creating: a partner's agency (and the social worker as owner) is set by the server, which
		# also tells a partner whose account has no agency yet what to do.
		return None if ptype == "create" and (scope.partner or scope.staff) else False
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
	scope = scope_of(user)
	if reaches_every_referral(scope):
		return ""
	table_field = next(
		(df for df in frappe.get_meta("Universal Referral").get_table_fields() if df.options == doctype), None
	)
	reached = referral_criterion(scope)
	if reached is None or not table_field:
		return "1=0"
	if table_field.permlevel not in _readable_permlevels("Universal Referral", user):
		return "1=0"
	row, referral = frappe.qb.DocType(doctype), frappe.qb.DocType("Universal Referral")
	in_scope = frappe.qb.from_(referral).select(referral.name).where(reached)
	return as_condition((row.parenttype == "Universal Referral") & row.parent.isin(in_scope))


# ---- staff-only records of one referral (its triage, its children's links to Child records):
# the referral's own scope, and nothing at all for partners (who have no DocPerm on them either) ----
def _of_referrals_in_scope(doctype: str, user: str | None) -> str:
	"""The list condition of a staff-only DocType whose `referral` field names its referral."""
	scope = scope_of(user)
	if scope.everything:
		return ""
	if not scope.social_worker:  # partners (and users without an app role) reach none
		return "1=0"
	table, referral = frappe.qb.DocType(doctype), frappe.qb.DocType("Universal Referral")
	in_scope = frappe.qb.from_(referral).select(referral.name).where(referral_criterion(scope))
	return as_condition(table.referral.isin(in_scope))


def _referral_in_scope(user: str | None, referral) -> bool | None:
	"""has_permission of such a record, judged by its stored referral (a callable: looked up only
	when the scope needs it)."""
	scope = scope_of(user)
	if scope.everything:
		return None
	if not scope.social_worker:
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
	scope = scope_of(user)
	if scope.staff:
		return ""
	if not scope.agency:
		return "1=0"
	return as_condition(frappe.qb.DocType("Partner Agency").name == scope.agency)


def agency_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	scope = scope_of(user)
	if scope.staff:
		return None
	return None if scope.agency and doc.name == scope.agency and ptype in ("read", "select") else False


# ---- files attached to a referral (access/files.py dispatches to these) -----------------------
FILE_DOCTYPES = ("Universal Referral", "Referral Document")  # about a child: always private


def partner_may_reach_file(referral: str, scope: Scope) -> bool:
	"""A partner reaches a file attached to a referral when the referral is in their scope."""
	return bool(stored_referral_in_scope(referral, scope))


PARTNER_FILE_CRITERIA = {"Universal Referral": partner_may_reach_file}
