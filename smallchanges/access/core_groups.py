"""Who may reach child protection plans, their core group minutes and the agency updates sent for them.

ONE scope as for referrals: a member of a core group (a linked user in the plan's members), its
lead social worker and its chair see the plan, its minutes and the agency updates sent for them;
managers, business support, directors and the principal social worker see all; nobody else
sees any. Partners write only minutes they are taking while these are a draft or returned.
"""

import frappe
from frappe.query_builder import Criterion

from smallchanges.access.scope import Scope, as_condition, scope_of, scoped_conditions, stored_in_scope
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


def plans_criterion(scope: Scope, plan=None):
	"""The one definition of the plans `scope` may reach (None: none): those whose core group the
	user is a member, the lead social worker or the chair of."""
	if not scope.member:
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


def plans_in_scope_query(scope: Scope):
	plan = frappe.qb.DocType("Child Protection Plan")
	return frappe.qb.from_(plan).select(plan.name).where(plans_criterion(scope, plan))


def minutes_criterion(scope: Scope, minutes=None):
	if not scope.member:
		return None
	minutes = minutes or frappe.qb.DocType("Core Group Minutes")
	return minutes.plan.isin(plans_in_scope_query(scope)) | (minutes.minute_taker == scope.member)


def agency_update_criterion(scope: Scope, update=None):
	if not scope.member:
		return None
	update = update or frappe.qb.DocType("Core Group Agency Update")
	return update.plan.isin(plans_in_scope_query(scope))


_CORE_GROUP_CRITERIA = {
	"Child Protection Plan": plans_criterion,
	"Core Group Minutes": minutes_criterion,
	"Core Group Agency Update": agency_update_criterion,
}


def core_group_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	scope = scope_of(user)
	if doctype not in _CORE_GROUP_CRITERIA and not scope.everything:
		return "1=0"
	return scoped_conditions(scope, _CORE_GROUP_CRITERIA.get(doctype))


def stored_core_group_record(doctype: str, name: str, scope: Scope, fields: tuple[str, ...]):
	"""The stored record's `fields` when the scope's criterion selects it, else None."""
	return stored_in_scope(doctype, name, scope, _CORE_GROUP_CRITERIA[doctype], ("name", *fields))


def _core_group_permission(doctype: str, fields: tuple[str, ...], doc, ptype, user):
	"""(scope, stored row) or a final answer (False / None) for the common cases."""
	scope = scope_of(user)
	if scope.everything:
		return scope, None, None
	if doc.is_new() or not doc.name:
		# Creating: the controller checks that the author is in the plan's core group.
		return scope, None, (None if ptype == "create" and scope.member else False)
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
	scope = scope_of(user)
	if scope.everything:
		return ""
	if not scope.member:
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
