"""Child Protection Plan: the children, the core group and the outcomes its minutes follow."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from smallchanges.core_groups.clocks import calendar, clock_policy
from smallchanges.rules import core_groups as core_group_rules


class PlanValidationError(frappe.ValidationError):
	pass


class ChildProtectionPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from smallchanges.core_groups.doctype.core_group_member.core_group_member import CoreGroupMember
		from smallchanges.core_groups.doctype.core_group_plan_child.core_group_plan_child import (
			CoreGroupPlanChild,
		)
		from smallchanges.core_groups.doctype.core_group_plan_outcome.core_group_plan_outcome import (
			CoreGroupPlanOutcome,
		)

		category_of_abuse: DF.Literal[
			"", "Neglect", "Physical abuse", "Emotional abuse", "Sexual abuse", "Multiple"
		]
		chair: DF.Link
		children: DF.Table[CoreGroupPlanChild]
		first_core_group_due: DF.Date | None
		icpc_date: DF.Date
		lead_social_worker: DF.Link
		members: DF.Table[CoreGroupMember]
		next_review_conference: DF.Date | None
		outcomes: DF.Table[CoreGroupPlanOutcome]
		plan_title: DF.Data | None
		status: DF.Literal["Active", "Ended"]
		visit_frequency: DF.Data | None

	# end: auto-generated types
	def validate(self):
		self.set_initials_and_title()
		self.check_members()
		self.set_clocks()

	def set_initials_and_title(self):
		for row in self.children:
			names = frappe.db.get_value("Child", row.child, ["first_name", "last_name"], as_dict=True) or {}
			row.initials = "".join(
				f"{part[0].upper()}." for part in (names.get("first_name"), names.get("last_name")) if part
			)
		initials = ", ".join(row.initials for row in self.children if row.initials) or _("Plan")
		self.plan_title = _("{0} (conference {1})").format(initials, frappe.format(self.icpc_date, "Date"))

	def check_members(self):
		users = [row.user for row in self.members if row.user]
		twice = sorted({user for user in users if users.count(user) > 1})
		if twice:
			frappe.throw(
				_("{0} is listed more than once in the core group.").format(", ".join(twice)),
				PlanValidationError,
			)

	def set_clocks(self):
		icpc = getdate(self.icpc_date)
		policy = clock_policy()
		self.first_core_group_due = core_group_rules.meeting_due(icpc, None, policy, calendar())
		self.next_review_conference = core_group_rules.review_conference_due(icpc, getdate(nowdate()), policy)

	@property
	def initials(self) -> str:
		return ", ".join(row.initials for row in self.children if row.initials)

	def member_users(self) -> set[str]:
		return {row.user for row in self.members if row.user}
