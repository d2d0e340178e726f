"""Rules for a Universal Referral: what makes it complete, consent, the decision clock, outcomes.

Pure Python (no Frappe): plain values in, a list of `Problem`s out. Each problem names the field
it is about and carries an English message template that the Frappe controller translates. The
form's own rules (its cards and pages, a draft kept for later, attachments) are in
`smallchanges.rules.referral_form`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from smallchanges.rules.calendar import WorkingDayCalendar
from smallchanges.rules.problems import Problem
from smallchanges.rules.translation import _

# ---- workflow states (the Workflow record is created from these by the install code) --------
DRAFT = "Draft"
SUBMITTED = "Submitted"
CHECKED = "Checked"
RETURNED = "Returned to Referrer"
ACCEPTED = "Accepted"
NO_FURTHER_ACTION = "No Further Action"
REDIRECTED = "Redirected"

PARTNER_EDITABLE_STATES = (DRAFT, RETURNED)
OPEN_STATES = (SUBMITTED, CHECKED, RETURNED)  # sent, not yet decided
DECIDED_STATES = (ACCEPTED, NO_FURTHER_ACTION, REDIRECTED)

# ---- consent ------------------------------------------------------------------------------------
CONSENT_GIVEN = "Consent given"
NOT_REQUIRED_LEVEL_4 = "Not required: significant harm (level 4)"
DISPENSED = "Dispensed by a team manager"

YES, NO, NOT_KNOWN = "Yes", "No", "Not known"

NO_FURTHER_ACTION_DECISION = "No further action"

ADULT_AGE = 18
LATEST_EDD_DAYS = 300  # an expected date of delivery more than ~10 months away is a mistake
EDD_GRACE_DAYS = 31  # a baby due more than a month ago has probably been born


def person_name(first_name: str | None, last_name: str | None) -> str:
	"""A person's name as written on forms: first then last, leaving out what is missing."""
	return " ".join(part for part in (first_name, last_name) if part)


@dataclass(frozen=True)
class ChildEntry:
	row: int
	first_name: str | None
	last_name: str | None = None
	date_of_birth: date | None = None
	expected_date: date | None = None

	@property
	def display_name(self) -> str:
		return person_name(self.first_name, self.last_name) or f"child {self.row}"


@dataclass(frozen=True)
class ReferralEntry:
	level_of_need: str | None
	children: tuple[ChildEntry, ...] = ()
	service_count: int = 0
	not_sure_which_service: bool = False
	referrer_name: str | None = None
	referrer_email: str | None = None
	referrer_phone: str | None = None
	family_informed: str | None = None
	reason_not_informed: str | None = None
	consent_basis: str | None = None
	consent_to_share: str | None = None
	consent_given_by: str | None = None
	consent_covers: str | None = None
	dispensation_reason: str | None = None


def level_number(level_of_need: str | None) -> int | None:
	"""'3 - Complex needs: child in need' -> 3."""
	text = (level_of_need or "").strip()
	if text[:1] in "1234" and text[:1]:
		return int(text[0])
	return None


def age_on(date_of_birth: date, day: date) -> int:
	"""Age in whole years on `day`. A 29 February birthday falls on 1 March in other years."""
	return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _blank(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def check_children(children: Iterable[ChildEntry], today: date) -> list[Problem]:
	children = tuple(children)
	if not children:
		return [Problem("children", _("Add at least one child this referral is about."), missing=True)]
	problems = []
	for child in children:
		name, row = child.display_name, child.row
		if child.date_of_birth and child.expected_date:
			problems.append(
				Problem(
					"expected_date_of_delivery",
					_(
						"{0}: give a date of birth, or an expected date of delivery for an unborn child, not both."
					),
					(name,),
					row,
				)
			)
		elif child.date_of_birth:
			if child.date_of_birth > today:
				problems.append(
					Problem(
						"date_of_birth", _("{0}: the date of birth cannot be in the future."), (name,), row
					)
				)
			elif age_on(child.date_of_birth, today) >= ADULT_AGE:
				problems.append(
					Problem(
						"date_of_birth",
						_("{0} is 18 or over: children's services take referrals for under-18s only."),
						(name,),
						row,
					)
				)
		elif child.expected_date:
			if child.expected_date > today + timedelta(days=LATEST_EDD_DAYS):
				problems.append(
					Problem(
						"expected_date_of_delivery",
						_("{0}: the expected date of delivery is more than ten months away."),
						(name,),
						row,
					)
				)
			elif child.expected_date < today - timedelta(days=EDD_GRACE_DAYS):
				problems.append(
					Problem(
						"expected_date_of_delivery",
						_(
							"{0}: the expected date of delivery has passed; if the baby is born, give the date of birth."
						),
						(name,),
						row,
					)
				)
		else:
			problems.append(
				Problem(
					"date_of_birth",
					_("{0}: give the date of birth, or the expected date of delivery for an unborn child."),
					(name,),
					row,
					missing=True,
				)
			)
	return problems


def check_consent(entry: ReferralEntry, may_dispense: bool, dispensation_recorded: bool) -> list[Problem]:
	"""Consent to share and whether the family knows (docs/domain.md#consent-and-the-family).

	`may_dispense`: the user is a Team Manager. `dispensation_recorded`: a Team Manager already
	dispensed with consent on this referral (so a later save by someone else keeps it).
	"""
	problems = []
	level = level_number(entry.level_of_need)
	if _blank(entry.family_informed):
		problems.append(
			Problem(
				"family_informed",
				_("Say whether the family knows about this referral (Yes, No or Not known)."),
				missing=True,
			)
		)
	elif entry.family_informed == NO and _blank(entry.reason_not_informed):
		problems.append(
			Problem("reason_not_informed", _("Say why the family has not been told."), missing=True)
		)

	basis = entry.consent_basis
	if _blank(basis):
		problems.append(
			Problem("consent_basis", _("Choose the basis for sharing this information."), missing=True)
		)
		return problems
	if basis == NOT_REQUIRED_LEVEL_4 and level != 4:
		problems.append(
			Problem(
				"consent_basis",
				_(
					"Consent is only not needed at level 4 (significant harm). For levels 1 to 3, record consent "
					"to share, or ask a team manager to dispense with it."
				),
			)
		)
	elif basis == CONSENT_GIVEN:
		if entry.consent_to_share != YES:
			problems.append(
				Problem(
					"consent_to_share",
					_(
						"Without consent to share (the answer is not Yes), levels 1 to 3 need a team manager to "
						"dispense with consent; at level 4 choose 'Not required: significant harm (level 4)'."
					),
					missing=_blank(entry.consent_to_share),
				)
			)
		if _blank(entry.consent_given_by):
			problems.append(Problem("consent_given_by", _("Say who gave consent to share."), missing=True))
		if _blank(entry.consent_covers):
			problems.append(
				Problem("consent_covers", _("Say whom and what the consent covers."), missing=True)
			)
	elif basis == DISPENSED:
		if not may_dispense and not dispensation_recorded:
			problems.append(
				Problem("consent_basis", _("Only a team manager can dispense with consent to share."))
			)
		if _blank(entry.dispensation_reason):
			problems.append(
				Problem(
					"dispensation_reason",
					_("Give the reason for dispensing with consent to share."),
					missing=True,
				)
			)
	return problems


def check_referral(
	entry: ReferralEntry, today: date, may_dispense: bool = False, dispensation_recorded: bool = False
) -> list[Problem]:
	"""Everything a referral needs before it can be saved."""
	problems = []
	if level_number(entry.level_of_need) is None:
		problems.append(Problem("level_of_need", _("Choose the level of need (1 to 4)."), missing=True))
	problems += check_children(entry.children, today)
	if entry.service_count == 0 and not entry.not_sure_which_service:
		problems.append(
			Problem(
				"services",
				_("Ask for at least one service, or tick 'Not sure: let the team decide'."),
				missing=True,
			)
		)
	if _blank(entry.referrer_name):
		problems.append(Problem("referrer_name", _("Give your name, so that we can reply."), missing=True))
	if _blank(entry.referrer_email) and _blank(entry.referrer_phone):
		problems.append(
			Problem(
				"referrer_email",
				_("Give an email address or a phone number, so that we can reply."),
				missing=True,
			)
		)
	problems += check_consent(entry, may_dispense, dispensation_recorded)
	return problems


# ---- outcomes -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
	returned_reason: str | None = None
	decision: str | None = None
	decision_reason: str | None = None
	redirected_to: str | None = None


@dataclass(frozen=True)
class OutcomeQuestion:
	"""One thing a transition must record: the Universal Referral field, what to say when it is
	missing, and the field's choices this transition does not take."""

	field: str
	message: str
	not_choices: tuple[str, ...] = ()


# What each transition into a state must record: the one definition the server checks
# (`check_outcome`) and the desk's decision dialogs ask (`referrals.api.decision_questions`).
# "No further action" is its own transition, never a choice of Accept.
OUTCOME_QUESTIONS: dict[str, tuple[OutcomeQuestion, ...]] = {
	RETURNED: (
		OutcomeQuestion("returned_reason", _("Tell the referrer what is missing before returning it.")),
	),
	ACCEPTED: (
		OutcomeQuestion(
			"decision",
			_("Choose what happens next (assessment, strategy discussion, ...)."),
			not_choices=(NO_FURTHER_ACTION_DECISION,),
		),
	),
	NO_FURTHER_ACTION: (OutcomeQuestion("decision_reason", _("Give the reason for no further action.")),),
	REDIRECTED: (
		OutcomeQuestion("redirected_to", _("Say where the referral is redirected to.")),
		OutcomeQuestion("decision_reason", _("Give the reason for redirecting it.")),
	),
}


def check_outcome(new_state: str, outcome: Outcome) -> list[Problem]:
	"""What must be recorded when a referral is returned or decided."""
	problems = []
	for question in OUTCOME_QUESTIONS.get(new_state, ()):
		value = getattr(outcome, question.field)
		if _blank(value) or value in question.not_choices:
			problems.append(Problem(question.field, question.message))
	return problems


# ---- the decision clock -------------------------------------------------------------------------
def decision_due(received_at: date | datetime, working_days: int, calendar: WorkingDayCalendar) -> date:
	"""The decision is due `working_days` working days after the day of receipt."""
	return calendar.add_working_days(received_at, working_days)


def is_overdue(due: date | None, today: date, state: str | None) -> bool:
	return bool(due) and state not in DECIDED_STATES and state != DRAFT and today > due


# ---- repeats ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OpenReferral:
	name: str
	services: frozenset[str] = field(default_factory=frozenset)
	same_child: bool = False  # a strong match (or the same linked Child) with a child on this referral


def repeat_of(services: Iterable[str], open_referrals: Iterable[OpenReferral]) -> str | None:
	"""The open referral this one repeats: the same child and at least one same service."""
	wanted = set(services)
	for other in open_referrals:
		if other.same_child and wanted & set(other.services):
			return other.name
	return None
