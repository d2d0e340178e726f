"""Visit: a statutory (or other) visit to a child, and whether it counts under local policy.

The controller is a list of named steps; the rules live in `smallchanges.rules.visits`, the local
numbers in the Safeguarding Policy (`smallchanges.governance.policy`), record scoping in
`smallchanges.access.visits` (visit_criterion). Whether a visit counts, its reason, the next due
date and the write-up check are computed on every save, never typed. Only a Team Manager who did
not make the visit may override the counting (with a reason) or sign the visit off; who and when
are set here, from the session, and kept.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, nowdate

from smallchanges.governance.policy import visit_policy, visit_write_up_working_days, working_day_calendar
from smallchanges.roles import TEAM_MANAGER
from smallchanges.rules import visits as visit_rules
from smallchanges.visits import plans, schedule


class VisitValidationError(frappe.ValidationError):
	pass


class Visit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		actions: DF.Text | None
		address: DF.SmallText | None
		analysis: DF.Text | None
		bedroom_seen: DF.Check
		child: DF.Link
		child_name: DF.Data | None
		child_protection_plan: DF.Link | None
		child_seen: DF.Literal["", "Yes", "No"]
		childs_wishes: DF.Text | None
		core_group_meeting: DF.Check
		count_override: DF.Literal["", "Counts", "Does not count"]
		counted_at_non_home_place: DF.Check
		counting_reason: DF.SmallText | None
		counts_as_statutory: DF.Check
		first_review: DF.Date | None
		last_counting_date: DF.Date | None
		latest_of_plan: DF.Check
		manager_signed_off: DF.Check
		next_visit_due: DF.Date | None
		not_seen_alone_detail: DF.SmallText | None
		not_seen_alone_reason: DF.Literal[
			"",
			"The child refused",
			"Inappropriate, given the child's age and understanding",
			"Not reasonably practicable",
			"Another reason (say which)",
		]
		observations: DF.Text | None
		others_present: DF.SmallText | None
		overridden_at: DF.Datetime | None
		overridden_by: DF.Link | None
		override_reason: DF.SmallText | None
		place: DF.Literal["Home", "Placement", "School", "Nursery", "Other"]
		placement_kind: DF.Literal[
			"",
			"Placement (reg 28(2))",
			"Long-term placement, intended to last until 18 (reg 28(2))",
			"Placed with a parent (reg 19, reg 28(3))",
			"Connected person, temporary approval (reg 24, reg 28(4))",
		]
		placement_start: DF.Date | None
		plan_ended: DF.Check
		plan_reference: DF.Data | None
		plan_type: DF.Literal["Child Protection", "Child in Need", "Looked After", "Private Fostering"]
		policy_counts: DF.Check
		practitioner: DF.Link
		practitioner_name: DF.Data | None
		qualified_social_worker: DF.Literal["", "Yes", "No"]
		seen_alone: DF.Literal["", "Yes", "No"]
		signed_off_at: DF.Datetime | None
		signed_off_by: DF.Link | None
		visit_date: DF.Date
		visit_type: DF.Literal["Planned", "Unannounced", "Additional"]
		write_up_due: DF.Date | None
		write_up_late: DF.Check
		written_up_on: DF.Date | None
	# end: auto-generated types

	def validate(self):
		self.link_plan()
		self.tidy_plan_reference()
		self.check_entry()
		self.keep_signed_off_facts()
		self.record_override()
		self.record_sign_off()
		self.set_counting()
		self.set_write_up_check()
		self.set_next_visit_due()

	def on_update(self):
		self.refresh_later_visits()

	# ---- steps ------------------------------------------------------------------------------
	def link_plan(self):
		"""A child protection visit names the child's plan: the plan's name is the visit's plan
		reference (so its visits are one plan), and a visit to a plan that has ended is its last."""
		if self.plan_type != visit_rules.CHILD_PROTECTION:
			self.child_protection_plan = None
			return
		if not self.child_protection_plan:
			return
		plan = plans.plan_of(self.child_protection_plan)
		if self.child not in plan.children:
			frappe.throw(
				_("{0} is not a child on child protection plan {1}.").format(
					self.child_name or self.child, self.child_protection_plan
				),
				VisitValidationError,
			)
		self.plan_reference = plan.name
		if plan.ended:
			self.plan_ended = 1

	def tidy_plan_reference(self):
		# Visits with the same child, plan type and reference are one plan: "" and None are the same.
		self.plan_reference = (self.plan_reference or "").strip()

	def check_entry(self):
		self._check(visit_rules.check_answers, self.qualified_social_worker, self.child_seen, self.seen_alone)
		self._check(
			visit_rules.check_dates, getdate(self.visit_date), _date(self.written_up_on), getdate(nowdate())
		)
		self._check(
			visit_rules.check_seen_alone,
			self.plan_type,
			visit_rules.is_yes(self.child_seen),
			visit_rules.is_yes(self.seen_alone),
			self.not_seen_alone_reason,
		)
		if self.plan_type == "Looked After" and self.placement_start and not self.placement_kind:
			frappe.throw(
				_("Choose the kind of placement, which sets the reg 28 schedule."), VisitValidationError
			)

	def keep_signed_off_facts(self):
		before = self.get_doc_before_save()
		if not before:
			return
		changed = [
			_(self.meta.get_label(field))
			for field in visit_rules.COUNTING_FACTS
			if str(before.get(field) or "") != str(self.get(field) or "")
		]
		self._check(
			visit_rules.check_signed_off_facts,
			bool(before.manager_signed_off),
			bool(self.manager_signed_off),
			changed,
		)

	def record_override(self):
		"""Only a Team Manager who did not make the visit overrides it, with a reason; who and when
		come from the session and cannot be typed."""
		before = self.get_doc_before_save()
		old = (before.count_override, before.override_reason) if before else ("", "")
		new = (self.count_override or "", self.override_reason or "")
		changed = (old[0] or "", (old[1] or "").strip()) != (new[0], new[1].strip())
		self._check(
			visit_rules.check_override,
			changed=changed,
			override=self.count_override,
			reason=self.override_reason,
			is_team_manager=TEAM_MANAGER in frappe.get_roles(),
			recorded_by_them=self._made_by_session_user(before),
		)
		if changed:
			self.overridden_by = frappe.session.user if self.count_override else None
			self.overridden_at = now_datetime() if self.count_override else None
		else:
			self.overridden_by = before.overridden_by if before else None
			self.overridden_at = before.overridden_at if before else None

	def record_sign_off(self):
		before = self.get_doc_before_save()
		was_signed = bool(before and before.manager_signed_off)
		if bool(self.manager_signed_off) == was_signed:
			self.signed_off_by = before.signed_off_by if before else None
			self.signed_off_at = before.signed_off_at if before else None
			return
		if TEAM_MANAGER not in frappe.get_roles():
			frappe.throw(_("Only a Team Manager may sign a visit off."), VisitValidationError)
		if self._made_by_session_user(before):
			frappe.throw(
				_("You recorded or made this visit: another Team Manager must sign it off."),
				VisitValidationError,
			)
		self.signed_off_by = frappe.session.user if self.manager_signed_off else None
		self.signed_off_at = now_datetime() if self.manager_signed_off else None

	def set_counting(self):
		facts = visit_rules.VisitFacts(
			plan_type=self.plan_type,
			place=self.place,
			child_seen=visit_rules.is_yes(self.child_seen),
			seen_alone=visit_rules.is_yes(self.child_seen) and visit_rules.is_yes(self.seen_alone),
			qualified_social_worker=visit_rules.is_yes(self.qualified_social_worker),
			core_group_meeting=bool(self.core_group_meeting),
		)
		computed = visit_rules.count_visit(facts, visit_policy(self.plan_type), _)
		result = visit_rules.apply_override(computed, self.count_override, self.override_reason, _)
		self.policy_counts = int(computed.counts)
		self.counts_as_statutory = int(result.counts)
		self.counting_reason = result.reason
		self.counted_at_non_home_place = int(result.counts and self.place != visit_rules.HOME)

	def set_write_up_check(self):
		days, cal = visit_write_up_working_days(), working_day_calendar()
		visit_date = getdate(self.visit_date)
		self.write_up_due = visit_rules.write_up_due(visit_date, days, cal)
		self.write_up_late = int(
			visit_rules.write_up_late(visit_date, _date(self.written_up_on), getdate(nowdate()), days, cal)
		)

	def set_next_visit_due(self):
		self.last_counting_date, self.next_visit_due = schedule.due_after(self)

	def refresh_later_visits(self):
		schedule.refresh_due_dates_after(self)

	# ---- helpers ----------------------------------------------------------------------------
	def _made_by_session_user(self, before) -> bool:
		user = frappe.session.user
		owner = before.owner if before else user
		practitioner = before.practitioner if before else self.practitioner
		return user in (owner, practitioner, self.practitioner)

	def _check(self, rule, *args, **kwargs):
		try:
			rule(*args, **kwargs)
		except visit_rules.VisitRuleError as error:
			frappe.throw(error.message(_), VisitValidationError)


def _date(value):
	return getdate(value) if value else None
