"""Universal Referral: one form for every in-house service.

The controller is a list of named steps; the rules live in `smallchanges.rules.referral` and
`smallchanges.rules.matching`; record scoping in `smallchanges.permissions`; field-level
protection in `smallchanges.referrals.field_guard`.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.workflow import validate_workflow
from frappe.utils import get_url, getdate, now_datetime, nowdate

from smallchanges.governance.workflow_guard import state_change
from smallchanges.permissions import agency_of, referral_scope
from smallchanges.referrals.field_guard import StaffFieldGuard
from smallchanges.roles import TEAM_MANAGER
from smallchanges.rules import referral as rules


class ReferralValidationError(frappe.ValidationError):
	pass


class UniversalReferral(StaffFieldGuard, Document):
	def validate(self):
		self.set_referrer_agency()
		self.set_title()
		self.check_entry()
		self.check_documents()
		self.record_consent_dispensation()
		self.apply_state_change()
		self.set_decision_due()

	def on_update(self):
		self.attach_documents()
		self.tell_service_leads_when_accepted()

	def on_change(self):
		# Last step: whatever the request returns must not carry fields this user may not read.
		self.apply_fieldlevel_read_permissions()

	# ---- steps ------------------------------------------------------------------------------
	def set_referrer_agency(self):
		"""A partner's agency comes from their account, never from what they send."""
		scope = referral_scope()
		if scope.everything or scope.own_or_assigned:
			return
		agency = agency_of(frappe.session.user)
		if not agency:
			frappe.throw(
				_(
					"Your account is not linked to a partner agency, so the referral cannot be sent. "
					"Ask the council's system administrator to add you to your agency."
				),
				frappe.PermissionError,
			)
		if self.is_new():
			self.referrer_agency = agency

	def set_title(self):
		names = [
			" ".join(part for part in (row.first_name, row.last_name) if part)
			for row in self.get("children") or []
		]
		names = [name for name in names if name]
		if not names:
			self.title = _("Referral")
		elif len(names) == 1:
			self.title = names[0]
		else:
			self.title = _("{0} and {1} other(s)").format(names[0], len(names) - 1)

	def check_entry(self):
		before = self.get_doc_before_save()
		problems = rules.check_referral(
			self._entry(),
			today=getdate(self.received_at) if self.received_at else getdate(nowdate()),
			may_dispense=TEAM_MANAGER in frappe.get_roles(),
			dispensation_recorded=bool(
				before and before.consent_basis == rules.DISPENSED and before.dispensed_by
			),
		)
		if self.kept_for_later():
			# Save for later: what is missing may wait until Send (which checks it all again);
			# what is given wrongly is refused now, on the field it is about.
			missing = rules.still_missing(problems) + self._missing_mandatory()
			self.missing_information = "\n".join(self._message(problem) for problem in missing) or None
			self.flags.ignore_mandatory = True
			problems = rules.wrong(problems)
		else:
			self.saved_for_later = 0
			self.missing_information = None
		self._raise(problems)

	def kept_for_later(self) -> bool:
		"""A partner's draft (or returned referral) saved with the web form's Save for later."""
		return bool(self.saved_for_later) and self.workflow_state in (
			None,
			"",
			*rules.PARTNER_EDITABLE_STATES,
		)

	def check_documents(self):
		"""A referral may carry only files its author uploaded, or files already attached to it."""
		before = self.get_doc_before_save()
		known = {row.file for row in (before.get("documents") if before else []) or []}
		for row in self.get("documents") or []:
			if row.file in known:
				continue
			record = _file_record(row.file)
			if (
				not record
				or record.owner != frappe.session.user
				or (
					record.attached_to_doctype == self.doctype
					and record.attached_to_name not in (None, self.name)
				)
			):
				frappe.throw(
					_("Row {0}: attach a file you uploaded yourself.").format(row.idx), frappe.PermissionError
				)

	def attach_documents(self):
		"""Files uploaded for this referral belong to it: only people who may read it may read them."""
		for row in self.get("documents") or []:
			record = _file_record(row.file)
			if record and record.attached_to_name != self.name:
				frappe.db.set_value(
					"File",
					record.name,
					{
						"attached_to_doctype": self.doctype,
						"attached_to_name": self.name,
						"attached_to_field": "documents",
						"is_private": 1,
					},
				)

	def record_consent_dispensation(self):
		before = self.get_doc_before_save()
		if self.consent_basis != rules.DISPENSED:
			self.dispensed_by = None
		elif not (before and before.consent_basis == rules.DISPENSED and before.dispensed_by):
			self.dispensed_by = frappe.session.user

	def apply_state_change(self):
		if not self.is_new():
			# Refuse a transition the workflow does not allow before anything else is judged.
			validate_workflow(self)
		change = state_change(self)
		if not change:
			return
		old_state, new_state = change
		if new_state == rules.SUBMITTED:
			self.on_submitted(old_state)
		elif new_state in (rules.CHECKED, rules.RETURNED) and old_state == rules.SUBMITTED:
			from smallchanges.governance.delegation_api import require
			from smallchanges.rules.delegation import CHECK_REFERRAL_COMPLETENESS

			require(frappe.session.user, CHECK_REFERRAL_COMPLETENESS)
		outcome = rules.Outcome(
			returned_reason=self.returned_reason,
			decision=self.decision,
			decision_reason=self.decision_reason,
			redirected_to=self.redirected_to,
		)
		self._raise(rules.check_outcome(new_state, outcome))
		if new_state in rules.DECIDED_STATES:
			if new_state == rules.NO_FURTHER_ACTION:
				self.decision = rules.NO_FURTHER_ACTION_DECISION
			self.decided_by = frappe.session.user
			self.decided_at = now_datetime()
			self.feedback_sent = 1 if self.referrer_email else 0

	def on_submitted(self, old_state: str | None):
		"""Sent to the team: start the clock and look for duplicates and repeats."""
		from smallchanges.referrals.duplicates import check_duplicates

		if old_state == rules.RETURNED or not self.received_at:
			# A returned referral is received again when the referrer sends it back complete.
			self.received_at = now_datetime()
		check_duplicates(self)

	def set_decision_due(self):
		if not self.received_at or self.workflow_state == rules.DRAFT:
			return
		from smallchanges.governance.policy import referral_decision_working_days, working_day_calendar

		self.decision_due = rules.decision_due(
			getdate(self.received_at), referral_decision_working_days(), working_day_calendar()
		)

	def tell_service_leads_when_accepted(self):
		before = self.get_doc_before_save()
		if self.workflow_state != rules.ACCEPTED or (before and before.workflow_state == rules.ACCEPTED):
			return
		services = [row.service for row in self.get("services") or [] if row.service]
		if not services:
			return
		# The service leads of the requested services; read by the server for a decision a
		# Team Manager is making, never shown to the user.
		leads = frappe.get_all(
			"LA Service",
			filters={"name": ("in", services)},
			pluck="service_lead_email",
			ignore_permissions=True,
		)
		recipients = sorted({email for email in leads if email})
		if not recipients:
			return
		frappe.sendmail(
			recipients=recipients,
			subject=_("Referral {0} accepted: your service was asked for").format(self.name),
			template="referral_accepted_service_lead",
			args={"reference": self.name, "decision": _(self.decision or ""), "url": self.desk_url},
			reference_doctype=self.doctype,
			reference_name=self.name,
		)

	# ---- helpers ----------------------------------------------------------------------------
	@property
	def desk_url(self) -> str:
		return get_url(f"/app/universal-referral/{self.name}")

	def _entry(self) -> rules.ReferralEntry:
		return rules.ReferralEntry(
			level_of_need=self.level_of_need,
			children=tuple(
				rules.ChildEntry(
					row=row.idx,
					first_name=row.first_name,
					last_name=row.last_name,
					date_of_birth=getdate(row.date_of_birth) if row.date_of_birth else None,
					expected_date=getdate(row.expected_date_of_delivery)
					if row.expected_date_of_delivery
					else None,
				)
				for row in self.get("children") or []
			),
			service_count=len([row for row in self.get("services") or [] if row.service]),
			not_sure_which_service=bool(self.not_sure_which_service),
			referrer_name=self.referrer_name,
			referrer_email=self.referrer_email,
			referrer_phone=self.referrer_phone,
			family_informed=self.family_informed,
			reason_not_informed=self.reason_not_informed,
			consent_basis=self.consent_basis,
			consent_to_share=self.consent_to_share,
			consent_given_by=self.consent_given_by,
			consent_covers=self.consent_covers,
			dispensation_reason=self.dispensation_reason,
		)

	def _missing_mandatory(self) -> list[rules.Problem]:
		"""Questions the form requires that the rules do not cover (the concerns, the urgency)."""
		covered = {"level_of_need", "referrer_name", "children", "family_informed", "consent_basis"}
		return [
			rules.Problem(df.fieldname, _("Answer '{0}'."), (_(df.label),), missing=True)
			for df in self.meta.get("fields", {"reqd": 1})
			if df.fieldname not in covered and not self.get(df.fieldname)
		]

	@staticmethod
	def _message(problem: rules.Problem) -> str:
		message = _(problem.message).format(*problem.args)
		if problem.row:
			message = _("Row {0}: {1}").format(problem.row, message)
		return message

	def _raise(self, problems: list[rules.Problem]) -> None:
		if not problems:
			return
		messages = [self._message(problem) for problem in problems]
		frappe.throw(
			"<br>".join(frappe.utils.escape_html(m) for m in messages),
			ReferralValidationError,
			title=_("The referral is not complete"),
		)


def _file_record(file_url: str | None):
	if not file_url:
		return None
	# Looked up by the server to check the uploader; nothing about the file is returned to them.
	return frappe.db.get_value(
		"File",
		{"file_url": file_url},
		["name", "owner", "attached_to_doctype", "attached_to_name"],
		as_dict=True,
		order_by="creation desc",
	)
