"""Who may reach child protection plans, their core group minutes and the agency updates sent for them.

ONE scope as for referrals: a member of a core group (a linked user in the plan's members), its
lead social worker and its chair see the plan, its minutes and the agency updates sent for them;
managers, business support, directors and the principal social worker see all; nobody else
sees any. Partners write only minutes they are taking while these are a draft or returned.
"""

from dataclasses import dataclass

import frappe
from frappe.query_builder import Criterion

from smallchanges.access.scope import as_condition, scoped_conditions, stored_in_scope
from smallchanges.roles import PARTNER_PRACTITIONER, SEE_ALL_CORE_GROUPS, SOCIAL_WORKER
from smallchanges.rules.core_groups import MINUTE_TAKER_EDITS

# The plans' and minutes' child tables: listed on their own, their rows follow their parent's scope.
CORE_GROUP_TABLES = (
	"Core Group Plan Child",
	"Core Group Member",
	"Core Group Plan Outcome",
	"Core Group Attendance",
	"Core Group Agency Update Row",
	"Core Group Outcome Progress",
	"Core Group Action",
	"Core Group Distribution",
)


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
	return as_condition(Criterion.any(parents))
