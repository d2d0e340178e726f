"""Universal Referral: one form for every in-house service.

The controller is a list of named steps; the rules live in `smallchanges.rules.referral`,
`smallchanges.rules.referral_form` and `smallchanges.rules.matching`; the referral as the rules see
it in `smallchanges.referrals.entry`; record scoping in `smallchanges.access.referrals`; field-level
protection in `smallchanges.access.field_guard`; the fields only their transition changes in
`smallchanges.referrals.state_fields`; the uploaded documents in `smallchanges.referrals.documents`;
the service leads' e-mail in `smallchanges.referrals.service_leads`.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.workflow import validate_workflow
from frappe.utils import get_url, getdate, now_datetime

from smallchanges.access.field_guard import StaffFieldGuard
from smallchanges.access.scope import agency_of, scope_of
from smallchanges.access.workflow_guard import state_change
from smallchanges.notifications import NotifiesAfterCommit, send_after_commit
from smallchanges.problems import problem_message, throw_problems
from smallchanges.referrals import documents, entry, service_leads
from smallchanges.referrals.state_fields import refuse_guarded_changes
from smallchanges.rules import referral as referral_rules
from smallchanges.rules import referral_form as form_rules
from smallchanges.rules.problems import Problem
from smallchanges.rules.referral import person_name


class ReferralValidationError(frappe.ValidationError):
	pass


class UniversalReferral(NotifiesAfterCommit, StaffFieldGuard, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from smallchanges.referrals.doctype.referral_child.referral_child import ReferralChild
		from smallchanges.referrals.doctype.referral_document.referral_document import ReferralDocument
		from smallchanges.referrals.doctype.referral_household_member.referral_household_member import (
			ReferralHouseholdMember,
		)
		from smallchanges.referrals.doctype.referral_service_request.referral_service_request import (
			ReferralServiceRequest,
		)

		children: DF.Table[ReferralChild]
		childs_voice: DF.Text | None
		concerns: DF.Text
		consent_basis: DF.Literal[
			"", "Consent given", "Not required: significant harm (level 4)", "Dispensed by a team manager"
		]
		consent_covers: DF.Data | None
		consent_given_by: DF.Data | None
		consent_to_share: DF.Literal["", "Yes", "No", "Not known"]
		decided_at: DF.Datetime | None
		decided_by: DF.Link | None
		decision: DF.Literal[
			"", "No further action", "Assessment", "Strategy discussion", "Early help", "Service"
		]
		decision_due: DF.Date | None
		decision_reason: DF.SmallText | None
		desired_outcome: DF.Text | None
		dispensation_reason: DF.SmallText | None
		dispensed_by: DF.Link | None
		documents: DF.Table[ReferralDocument]
		family_informed: DF.Literal["", "Yes", "No", "Not known"]
		feedback_sent: DF.Check
		household_members: DF.Table[ReferralHouseholdMember]
		key_events: DF.Text | None
		level_of_need: DF.Literal[
			"",
			"1 - Universal: needs met by everyday services",
			"2 - Early help: additional needs",
			"3 - Complex needs: child in need",
			"4 - Acute: significant harm (child protection)",
		]
		not_sure_which_service: DF.Check
		reason_not_informed: DF.SmallText | None
		received_at: DF.Datetime | None
		redirected_to: DF.Data | None
		referral_source: DF.Literal[
			"",
			"1A Individual: family member, relative or carer",
			"1B Individual: acquaintance (including neighbours and childminders)",
			"1C Individual: self",
			"1D Individual: other",
			"2A Schools",
			"2B Education services",
			"3A Health services: GP",
			"3B Health services: health visitor",
			"3C Health services: school nurse",
			"3D Health services: other primary health services",
			"3E Health services: A&E (emergency department)",
			"3F Health services: other (e.g. hospice)",
			"4 Housing (LA housing or housing association)",
			"5A LA services: social care (e.g. adult social care)",
			"5B LA services: other internal department",
			"5C LA services: external (e.g. another LA's children's services)",
			"5D LA services: early help",
			"6 Police",
			"7 Other legal agency (courts, probation, immigration, Cafcass, prison)",
			"8 Other (children's centres, independent providers, voluntary organisations)",
			"9 Anonymous",
			"10 Unknown",
		]
		referrer_agency: DF.Link | None
		referrer_email: DF.Data | None
		referrer_name: DF.Data
		referrer_phone: DF.Data | None
		referrer_role: DF.Data | None
		relationship_to_child: DF.Data | None
		returned_reason: DF.SmallText | None
		services: DF.Table[ReferralServiceRequest]
		strengths: DF.Text | None
		support_given: DF.Text | None
		title: DF.Data | None
		urgency: DF.Literal["Routine", "Urgent"]
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.keep_state_fields()
		self.set_referrer_agency()
		self.set_title()
		self.set_match_keys()
		self.check_entry()
		self.check_documents()
		self.record_consent_dispensation()
		self.apply_state_change()
		self.set_decision_due()

	def on_update(self):
		self.record_triage()
		self.attach_documents()
		self.tell_service_leads_when_accepted()

	def on_change(self):
		# Last step: whatever the request returns must not carry fields this user may not read.
		self.apply_fieldlevel_read_permissions()

	# ---- steps ------------------------------------------------------------------------------
	def keep_state_fields(self):
		"""Outcomes, the clock, the agency and the owner change only through their transition, by
		whoever may take it, judged from the stored record (on every save path)."""
		refuse_guarded_changes(self)

	def set_referrer_agency(self):
		"""A partner's agency comes from their account, never from what they send."""
		if scope_of().staff:
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
		names = [person_name(row.first_name, row.last_name) for row in self.get("children") or []]
		names = [name for name in names if name]
		if not names:
			self.title = _("Referral")
		elif len(names) == 1:
			self.title = names[0]
		else:
			self.title = _("{0} and {1} other(s)").format(names[0], len(names) - 1)

	def check_entry(self):
		"""What the rules find in the referral (`referrals.entry`, which the web form's page check
		uses too)."""
		problems = entry.problems(self)
		if self.kept_for_later():
			# Save for later: what is missing may wait until Send (which checks it all again);
			# what is given wrongly is refused now, on the field it is about.
			missing = form_rules.still_missing(problems) + entry.missing_mandatory(self)
			self.missing_information = "\n".join(problem_message(problem) for problem in missing) or None
			self.flags.ignore_mandatory = True
			problems = form_rules.wrong(problems)
		else:
			self.saved_for_later = 0
			self.missing_information = None
		self._raise(problems)

	def kept_for_later(self) -> bool:
		"""A partner's draft (or returned referral) saved with the web form's Save for later."""
		return bool(self.saved_for_later) and self.workflow_state in (
			None,
			"",
			*referral_rules.PARTNER_EDITABLE_STATES,
		)

	def check_documents(self):
		"""A referral may carry only files its author uploaded, or files already attached to it."""
		documents.check_uploaded_by_author(self)

	def attach_documents(self):
		"""Files uploaded for this referral belong to it: only people who may read it may read them."""
		documents.attach_to_referral(self)

	def record_consent_dispensation(self):
		if self.consent_basis != referral_rules.DISPENSED:
			self.dispensed_by = None
		elif not entry.dispensation_stored(self):
			self.dispensed_by = frappe.session.user

	def apply_state_change(self):
		if not self.is_new():
			# Refuse a transition the workflow does not allow before anything else is judged.
			validate_workflow(self)
			self.flags.workflow_validated = (getattr(self, "_doc_before_save", None), self.workflow_state)
		change = state_change(self)
		if not change:
			return
		old_state, new_state = change
		if new_state == referral_rules.SUBMITTED:
			self.on_submitted(old_state)
		elif (
			new_state in (referral_rules.CHECKED, referral_rules.RETURNED)
			and old_state == referral_rules.SUBMITTED
		):
			from smallchanges.governance.delegation_api import require
			from smallchanges.rules.delegation import CHECK_REFERRAL_COMPLETENESS

			require(frappe.session.user, CHECK_REFERRAL_COMPLETENESS)
		outcome = referral_rules.Outcome(
			returned_reason=self.returned_reason,
			decision=self.decision,
			decision_reason=self.decision_reason,
			redirected_to=self.redirected_to,
		)
		self._raise(referral_rules.check_outcome(new_state, outcome))
		if new_state in referral_rules.DECIDED_STATES:
			if new_state == referral_rules.NO_FURTHER_ACTION:
				self.decision = referral_rules.NO_FURTHER_ACTION_DECISION
			self.decided_by = frappe.session.user
			self.decided_at = now_datetime()
			self.feedback_sent = 1 if self.referrer_email else 0

	def on_submitted(self, old_state: str | None):
		"""Sent to the team: start the clock; duplicates and repeats are looked for once it is committed."""
		if old_state == referral_rules.RETURNED or not self.received_at:
			# A returned referral is received again when the referrer sends it back complete.
			self.received_at = now_datetime()
		self.flags.check_duplicates = True

	def set_match_keys(self):
		"""The indexed name and postcode keys duplicate searches use, and whether the referral is
		open, on every child row."""
		from smallchanges.referrals.candidates import set_match_keys, set_open_flag

		for row in self.get("children") or []:
			set_match_keys(row)
			set_open_flag(row, self.workflow_state)

	def record_triage(self):
		"""Staff-only triage (duplicates, repeat flag) goes to the referral's own Referral Triage, in
		a background job once the Send has committed: the sender (often a partner) never waits for
		staff-only work, and how long their Send takes says nothing about who else is on file."""
		if not self.flags.check_duplicates:
			return
		from smallchanges.referrals.duplicates import queue_duplicate_check

		self.flags.check_duplicates = False
		queue_duplicate_check(self.name)

	def set_decision_due(self):
		if not self.received_at or self.workflow_state == referral_rules.DRAFT:
			return
		from smallchanges.governance.policy import referral_decision_working_days, working_day_calendar

		self.decision_due = referral_rules.decision_due(
			getdate(self.received_at), referral_decision_working_days(), working_day_calendar()
		)

	def tell_service_leads_when_accepted(self):
		if self.workflow_state != referral_rules.ACCEPTED or not self.has_value_changed("workflow_state"):
			return
		if any(row.service for row in self.get("services") or []):
			send_after_commit(self, "send_to_service_leads")

	def send_to_service_leads(self):
		"""The e-mail to the service leads of the requested services (after the Accept commits)."""
		service_leads.send(self)

	def validate_workflow(self):
		"""Frappe's check of the transition (after `validate`), unless `apply_state_change` made it
		on this very save (the same stored record, loaded for it, and the same new state): its answer
		would be the same, at the cost of the transitions and a permission check again."""
		checked = self.flags.pop("workflow_validated", None)
		if (
			self._action == "save"
			and checked
			and checked[0] is not None
			and checked[0] is getattr(self, "_doc_before_save", None)
			and checked[1] == self.workflow_state
		):
			return
		super().validate_workflow()

	# ---- helpers ----------------------------------------------------------------------------
	@property
	def desk_url(self) -> str:
		return get_url(f"/app/universal-referral/{self.name}")

	@staticmethod
	def _raise(problems: list[Problem]) -> None:
		throw_problems(problems, ReferralValidationError, _("The referral is not complete"))


def on_doctype_update():
	ensure_agency_index()


def ensure_agency_index():
	# A partner's list is their agency's referrals, newest first: one index serves the filter and
	# the sort (the web form list and /api/resource both order by modified).
	frappe.db.add_index("Universal Referral", ["referrer_agency", "modified"], "agency_modified")


def get_list_context(context):
	"""Frappe's web list of referrals (the partner's /universal-referral/list)."""
	from smallchanges.access.web_forms import referral_list_context

	return referral_list_context(context)
