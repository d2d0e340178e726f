"""Core Group Minutes: one meeting of a child protection plan's core group.

The controller is a list of named steps; the clocks and rules live in
`smallchanges.rules.core_groups`, the scope in `smallchanges.access.core_groups`, the PDF and the
distribution in `smallchanges.core_groups.distribution`.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, nowdate

from smallchanges.access.core_groups import stored_core_group_record
from smallchanges.access.scope import agency_of, scope_of
from smallchanges.access.workflow_guard import state_change
from smallchanges.core_groups.clocks import calendar, clock_policy
from smallchanges.rules import core_groups as core_group_rules

# Set only by the transitions below, never by what a request sends.
TRANSITION_FIELDS = ("approved_by", "approved_on", "distributed_on", "distributed_by")


class MinutesValidationError(frappe.ValidationError):
	pass


class CoreGroupMinutes(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from smallchanges.core_groups.doctype.core_group_action.core_group_action import CoreGroupAction
		from smallchanges.core_groups.doctype.core_group_agency_update_row.core_group_agency_update_row import (
			CoreGroupAgencyUpdateRow,
		)
		from smallchanges.core_groups.doctype.core_group_attendance.core_group_attendance import (
			CoreGroupAttendance,
		)
		from smallchanges.core_groups.doctype.core_group_distribution.core_group_distribution import (
			CoreGroupDistribution,
		)
		from smallchanges.core_groups.doctype.core_group_outcome_progress.core_group_outcome_progress import (
			CoreGroupOutcomeProgress,
		)

		access_refused: DF.Check
		actions: DF.Table[CoreGroupAction]
		agency_updates: DF.Table[CoreGroupAgencyUpdateRow]
		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		attendance: DF.Table[CoreGroupAttendance]
		category_of_abuse: DF.Data | None
		chair: DF.Link | None
		child_seen_alone: DF.Literal["", "Yes", "No", "Not known"]
		children_initials: DF.Data | None
		childs_views: DF.Text | None
		circulation_due: DF.Date | None
		contingency_reviewed: DF.Check
		dissent: DF.SmallText | None
		distributed_by: DF.Link | None
		distributed_on: DF.Datetime | None
		distribution: DF.Table[CoreGroupDistribution]
		due_date: DF.Date | None
		how_views_gathered: DF.SmallText | None
		lateness: DF.Data | None
		lead_social_worker: DF.Link | None
		meeting_date: DF.Date
		meeting_number: DF.Int
		minute_taker: DF.Link
		minute_taker_agency: DF.Data | None
		new_risks: DF.Text | None
		next_meeting_date: DF.Date | None
		next_meeting_due: DF.Date | None
		outcome_progress: DF.Table[CoreGroupOutcomeProgress]
		parents_views: DF.Text | None
		plan: DF.Link
		review_comments: DF.SmallText | None
		review_conference_due: DF.Date | None
		venue: DF.Data | None
		visits_since_last: DF.SmallText | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.load_plan()
		self.check_author()
		self.keep_transition_fields()
		self.prefill_new()
		self.copy_from_plan()
		self.check_minute_taker()
		self.set_clocks()
		self.check_entry()
		self.apply_state_change()
		self.default_distribution_list()

	def before_update_after_submit(self):
		# Approved minutes are locked: only the distribution list and the Distribute step change.
		self.load_plan()
		self.keep_transition_fields()
		self.keep_sent_rows()
		self.apply_state_change()

	def on_update(self):
		self.claim_agency_updates()

	# ---- steps ------------------------------------------------------------------------------
	def load_plan(self):
		if not self.plan or not frappe.db.exists("Child Protection Plan", self.plan):
			frappe.throw(
				_("Choose the child protection plan these minutes belong to."), MinutesValidationError
			)
		self._plan = frappe.get_doc("Child Protection Plan", self.plan)

	def check_author(self):
		"""Only someone in the plan's core group starts its minutes; the plan never changes after."""
		before = self.get_doc_before_save()
		if before and before.plan != self.plan:
			frappe.throw(_("Minutes stay with the plan they were started for."), MinutesValidationError)
		if not self.is_new():
			return
		scope = scope_of()
		if not scope.everything and not stored_core_group_record(
			"Child Protection Plan", self.plan, scope, ()
		):
			frappe.throw(
				_("You are not in the core group of this plan, so you cannot take its minutes."),
				frappe.PermissionError,
			)
		if scope.partner:
			# A partner takes the minutes themselves; who that is comes from the session.
			self.minute_taker = frappe.session.user

	def keep_transition_fields(self):
		before = self.get_doc_before_save()
		for fieldname in TRANSITION_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)
		if scope_of().partner:
			# The reviewer's comments are the reviewer's: a partner's form shows them read-only.
			self.review_comments = before.review_comments if before else None

	def keep_sent_rows(self):
		"""Who was sent the minutes, and when, is the record of the Distribute step."""
		before = self.get_doc_before_save()
		sent = {row.email: row.sent_on for row in before.distribution} if before else {}
		for row in self.distribution:
			row.sent_on = sent.get(row.email)

	def prefill_new(self):
		"""Less typing: the plan's members, its outcomes, and the actions still open last time."""
		if not self.is_new() or self.amended_from:
			return
		if not self.attendance:
			for member in self._plan.members:
				self.append(
					"attendance",
					{
						"attendee_name": member.member_name,
						"attendee_role": member.member_role,
						"agency": member.agency or member.agency_name,
						"email": member.email,
						"user": member.user,
						"family_member": member.family_member,
						"attendance": core_group_rules.EXPECTED,
					},
				)
		if not self.outcome_progress:
			for outcome in self._plan.outcomes:
				self.append("outcome_progress", {"outcome": outcome.outcome})
		previous = self.previous_minutes()
		if previous and not self.actions:
			carried = core_group_rules.carry_forward(
				[
					core_group_rules.Action(
						action=row.action,
						owner_name=row.owner_name,
						owner_user=row.owner_user,
						due_date=getdate(row.due_date) if row.due_date else None,
						status=row.status,
						carried_from=row.carried_from,
					)
					for row in frappe.get_doc(self.doctype, previous.name).actions
				],
				previous.name,
			)
			emails = {
				row.owner_user: row.owner_email for row in frappe.get_doc(self.doctype, previous.name).actions
			}
			for action in carried:
				self.append(
					"actions",
					{
						"action": action.action,
						"owner_name": action.owner_name,
						"owner_user": action.owner_user,
						"owner_email": emails.get(action.owner_user),
						"due_date": action.due_date,
						"status": action.status,
						"carried_from": action.carried_from,
					},
				)
		if not self.agency_updates:
			for update in self.unclaimed_agency_updates():
				self.append(
					"agency_updates",
					{
						"agency": update.agency,
						"given_by": frappe.utils.get_fullname(update.given_by),
						"update_text": update.update_text,
						"agency_update": update.name,
					},
				)

	def copy_from_plan(self):
		plan = self._plan
		self.children_initials = plan.initials
		self.category_of_abuse = plan.category_of_abuse
		self.chair = plan.chair
		self.lead_social_worker = plan.lead_social_worker

	def check_minute_taker(self):
		"""Any core group member, of any agency; anyone else (a business support officer) only with
		the delegation `require` asks for. Changed only while the minutes are being written."""
		before = self.get_doc_before_save()
		if before and before.minute_taker == self.minute_taker:
			return
		if before and before.workflow_state not in core_group_rules.MINUTE_TAKER_EDITS:
			frappe.throw(
				_("The minute taker can change only while the minutes are a draft."), MinutesValidationError
			)
		if before and scope_of().partner:
			frappe.throw(
				_("Ask the lead social worker to name another minute taker."), frappe.PermissionError
			)
		if not self.minute_taker:
			frappe.throw(_("Name the minute taker."), MinutesValidationError)
		from smallchanges.governance.delegation_api import require
		from smallchanges.rules.delegation import TAKE_CORE_GROUP_MINUTES

		is_member = self.minute_taker in self._plan.member_users() | {
			self._plan.chair,
			self._plan.lead_social_worker,
		}
		if not is_member and scope_of(self.minute_taker).partner:
			frappe.throw(
				_("{0} is not in this plan's core group, so cannot take its minutes.").format(
					frappe.utils.get_fullname(self.minute_taker)
				),
				MinutesValidationError,
			)
		require(self.minute_taker, TAKE_CORE_GROUP_MINUTES)
		self.minute_taker_agency = agency_of(self.minute_taker) or self.member_agency(self.minute_taker)

	def set_clocks(self):
		if not self.meeting_date:
			return
		policy, days = clock_policy(), calendar()
		icpc, held = getdate(self._plan.icpc_date), getdate(self.meeting_date)
		previous = self.previous_minutes()
		self.meeting_number = self.count_earlier_meetings() + 1
		self.due_date = core_group_rules.meeting_due(
			icpc, getdate(previous.meeting_date) if previous else None, policy, days
		)
		late = core_group_rules.days_late(held, self.due_date, days)
		self.lateness = _("Held {0} working days after it was due").format(late) if late else ""
		self.next_meeting_due = core_group_rules.meeting_due(icpc, held, policy, days)
		self.circulation_due = core_group_rules.circulation_due(held, policy, days)
		self.review_conference_due = core_group_rules.review_conference_due(icpc, held, policy)

	def check_entry(self):
		self._raise(core_group_rules.check_minutes(self._entry()))

	def apply_state_change(self):
		change = state_change(self)
		if not change:
			return
		_old_state, new_state = change
		before = self.get_doc_before_save()
		user = frappe.session.user
		if new_state == core_group_rules.SUBMITTED:
			if user != before.minute_taker:
				frappe.throw(_("Only the minute taker sends the minutes for review."), frappe.PermissionError)
			self._raise(core_group_rules.check_ready_for_review(self._entry()))
		elif new_state in (core_group_rules.APPROVED, core_group_rules.RETURNED):
			problem = core_group_rules.reviewer_problem(
				user, self._plan.chair, self._plan.lead_social_worker, before.minute_taker
			)
			if problem and user != "Administrator":
				frappe.throw(_(problem), frappe.PermissionError, title=_("Not yours to approve"))
			if new_state == core_group_rules.RETURNED and not (self.review_comments or "").strip():
				frappe.throw(_("Say what to change before returning the minutes."), MinutesValidationError)
			if new_state == core_group_rules.APPROVED:
				self.approved_by, self.approved_on = user, now_datetime()
		elif new_state == core_group_rules.DISTRIBUTED:
			from smallchanges.core_groups.distribution import distribute
			from smallchanges.governance.delegation_api import require
			from smallchanges.rules.delegation import DISTRIBUTE_MINUTES

			require(user, DISTRIBUTE_MINUTES)
			distribute(self)

	def default_distribution_list(self):
		"""The core group members with an email, unless someone has made the list already."""
		if self.distribution:
			return
		for member in self._plan.members:
			if member.email:
				self.append("distribution", {"recipient_name": member.member_name, "email": member.email})

	def claim_agency_updates(self):
		for row in self.agency_updates:
			if row.agency_update:
				frappe.db.set_value("Core Group Agency Update", row.agency_update, "minutes", self.name)

	# ---- helpers ----------------------------------------------------------------------------
	def previous_minutes(self):
		"""The latest meeting of this plan before this one (cancelled minutes do not count)."""
		minutes = frappe.qb.DocType("Core Group Minutes")
		query = (
			frappe.qb.from_(minutes)
			.select(minutes.name, minutes.meeting_date)
			.where(
				(minutes.plan == self.plan) & (minutes.docstatus < 2) & (minutes.name != (self.name or ""))
			)
			.orderby(minutes.meeting_date, order=frappe.qb.desc)
			.orderby(minutes.creation, order=frappe.qb.desc)
			.limit(1)
		)
		if self.meeting_date:
			query = query.where(minutes.meeting_date < getdate(self.meeting_date))
		if self.amended_from:
			query = query.where(minutes.name != self.amended_from)
		rows = query.run(as_dict=True)
		return rows[0] if rows else None

	def count_earlier_meetings(self) -> int:
		minutes = frappe.qb.DocType("Core Group Minutes")
		return (
			frappe.qb.from_(minutes)
			.select(frappe.query_builder.functions.Count(minutes.name))
			.where(
				(minutes.plan == self.plan)
				& (minutes.docstatus < 2)
				& (minutes.name != (self.name or ""))
				& (minutes.name != (self.amended_from or ""))
				& (minutes.meeting_date < getdate(self.meeting_date))
			)
			.run()[0][0]
		)

	def unclaimed_agency_updates(self):
		update = frappe.qb.DocType("Core Group Agency Update")
		return (
			frappe.qb.from_(update)
			.select(update.name, update.agency, update.given_by, update.update_text)
			.where((update.plan == self.plan) & update.minutes.isnull())
			.orderby(update.creation)
			.run(as_dict=True)
		)

	def member_agency(self, user: str) -> str:
		for member in self._plan.members:
			if member.user == user:
				return member.agency or member.agency_name or ""
		return _("Children's social care")

	def _entry(self) -> core_group_rules.MinutesEntry:
		return core_group_rules.MinutesEntry(
			meeting_date=getdate(self.meeting_date) if self.meeting_date else None,
			icpc_date=getdate(self._plan.icpc_date),
			today=getdate(nowdate()),
			attendance=tuple(row.attendance for row in self.attendance),
			actions=tuple(
				core_group_rules.Action(
					action=row.action,
					owner_name=row.owner_name,
					owner_user=row.owner_user,
					due_date=getdate(row.due_date) if row.due_date else None,
					status=row.status,
				)
				for row in self.actions
			),
			outcome_ratings=tuple(row.rating or None for row in self.outcome_progress),
		)

	def _raise(self, problems: list[core_group_rules.Problem]) -> None:
		if not problems:
			return
		messages = []
		for problem in problems:
			message = _(problem.message).format(*problem.args)
			if problem.row:
				label = _(self.meta.get_label(problem.field))
				message = _("{0}, row {1}: {2}").format(label, problem.row, message)
			messages.append(message)
		frappe.throw(
			"<br>".join(frappe.utils.escape_html(m) for m in messages),
			MinutesValidationError,
			title=_("The minutes are not complete"),
		)
