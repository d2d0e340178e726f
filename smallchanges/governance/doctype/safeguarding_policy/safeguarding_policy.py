# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from smallchanges.rules import safeguarding_policy as policy_rules


class PolicyError(frappe.ValidationError):
	"""A Safeguarding Policy value breaks one of its rules."""


class SafeguardingPolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from smallchanges.governance.doctype.safeguarding_closure_date.safeguarding_closure_date import (
			SafeguardingClosureDate,
		)
		from smallchanges.governance.doctype.safeguarding_visit_policy.safeguarding_visit_policy import (
			SafeguardingVisitPolicy,
		)

		closure_dates: DF.Table[SafeguardingClosureDate]
		first_core_group_working_days: DF.Int
		first_review_conference_months: DF.Int
		max_core_group_interval_weeks: DF.Int
		minutes_circulation_working_days: DF.Int
		referral_decision_working_days: DF.Int
		review_conference_interval_months: DF.Int
		strategy_to_icpc_working_days: DF.Int
		visit_policies: DF.Table[SafeguardingVisitPolicy]
		visit_write_up_working_days: DF.Int
	# end: auto-generated types

	def validate(self):
		self.check_numbers()
		self.check_visit_policies()
		self.check_closure_dates()

	def check_numbers(self):
		labels = {df.fieldname: _(df.label) for df in self.meta.fields}
		self._apply(policy_rules.check_numbers, self.as_dict(), labels)

	def check_visit_policies(self):
		self._apply(policy_rules.check_visit_rows, [row.as_dict() for row in self.visit_policies])

	def check_closure_dates(self):
		self._apply(policy_rules.check_closures, [getdate(row.closure_date) for row in self.closure_dates])

	def _apply(self, rule, *args):
		try:
			rule(*args)
		except policy_rules.PolicyRuleError as e:
			frappe.throw(e.message(_), PolicyError, title=_("Safeguarding Policy"))
