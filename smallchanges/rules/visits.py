"""Rules for a statutory visit: whether it counts, write-up timeliness.

Pure Python (no Frappe): plain values in, plain values out. What counts is *local* policy: the
caller passes the Safeguarding Policy's Visit Policy row for the plan type (a dict with the
fields of DEFAULT_VISIT_POLICIES), so a council's change to its policy changes the counting of
new visits without any code change. Every answer comes with its reason in words; messages are
English templates marked with `_` that the Frappe side translates (`translate` arguments). When
the next visit is due (reg 28 for looked-after children) is in `smallchanges.rules.visit_due`.
"""

from dataclasses import dataclass
from datetime import date

from smallchanges.rules.calendar import WorkingDayCalendar
from smallchanges.rules.problems import RuleError
from smallchanges.rules.safeguarding_policy import (
	CHILD_IN_NEED,
	CHILD_PROTECTION,
	LOOKED_AFTER,
	PLAN_TYPES,
	PRIVATE_FOSTERING,
)
from smallchanges.rules.translation import Translate, _, untranslated

# ---- the Visit's choices (the DocType's Select options are these, in this order) ---------------
HOME, PLACEMENT, SCHOOL, NURSERY, OTHER = "Home", "Placement", "School", "Nursery", "Other"
PLACES = (HOME, PLACEMENT, SCHOOL, NURSERY, OTHER)
# The Visit Policy row's tick box for each place.
PLACE_POLICY_FIELD = {
	HOME: "home_counts",
	PLACEMENT: "placement_counts",
	SCHOOL: "school_counts",
	NURSERY: "nursery_counts",
	OTHER: "other_counts",
}
PLACE_PHRASE = {
	HOME: _("home visits"),
	PLACEMENT: _("visits at the placement"),
	SCHOOL: _("school visits"),
	NURSERY: _("nursery visits"),
	OTHER: _("visits at other places"),
}
PLAN_PHRASE = {
	CHILD_PROTECTION: _("child protection plans"),
	CHILD_IN_NEED: _("child in need plans"),
	LOOKED_AFTER: _("looked-after children"),
	PRIVATE_FOSTERING: _("private fostering arrangements"),
}

PLANNED, UNANNOUNCED, ADDITIONAL = "Planned", "Unannounced", "Additional"
VISIT_TYPES = (PLANNED, UNANNOUNCED, ADDITIONAL)

# Reg 29: the child is spoken to in private unless they refuse, it is inappropriate, or it is not
# reasonably practicable. Other plans may give any reason.
REFUSED = "The child refused"
INAPPROPRIATE = "Inappropriate, given the child's age and understanding"
NOT_PRACTICABLE = "Not reasonably practicable"
OTHER_REASON = "Another reason (say which)"
REG29_REASONS = (REFUSED, INAPPROPRIATE, NOT_PRACTICABLE)
NOT_ALONE_REASONS = (*REG29_REASONS, OTHER_REASON)

# Reg 28: what kind of placement the looked-after child is in.
STANDARD = "Placement (reg 28(2))"
LONG_TERM = "Long-term placement, intended to last until 18 (reg 28(2))"
WITH_PARENT = "Placed with a parent (reg 19, reg 28(3))"
CONNECTED_PERSON = "Connected person, temporary approval (reg 24, reg 28(4))"
PLACEMENT_KINDS = (STANDARD, LONG_TERM, WITH_PARENT, CONNECTED_PERSON)

# What happened at the visit is answered, never assumed: these are Selects with no default, so a
# hurried save cannot record a statutory visit that did not happen.
YES, NO = "Yes", "No"
ANSWERS = (YES, NO)
# The answers a visit must give, in the form's order: (field, what to ask).
ANSWERED_FACTS = (
	("qualified_social_worker", _("Say whether a qualified social worker made the visit.")),
	("child_seen", _("Say whether the child was seen.")),
	("seen_alone", _("Say whether the child was seen alone.")),
)


def is_yes(answer: str | None) -> bool:
	"""An answer of "Yes" (anything else, including no answer, is not)."""
	return answer == YES


def check_answers(
	qualified_social_worker: str | None, child_seen: str | None, seen_alone: str | None
) -> None:
	"""Each fact a statutory visit depends on is answered Yes or No; "seen alone" only when the
	child was seen."""
	given = {
		"qualified_social_worker": qualified_social_worker,
		"child_seen": child_seen,
		"seen_alone": seen_alone,
	}
	for field, question in ANSWERED_FACTS:
		if field == "seen_alone" and not is_yes(child_seen):
			continue
		if given[field] not in ANSWERS:
			raise VisitRuleError(question)


# Override of the counting by a Team Manager.
OVERRIDE_COUNTS = "Counts"
OVERRIDE_DOES_NOT_COUNT = "Does not count"
OVERRIDES = (OVERRIDE_COUNTS, OVERRIDE_DOES_NOT_COUNT)


class VisitRuleError(RuleError):
	"""A rule was broken; `message(translate)` gives the human message."""


# ---- 1. does the visit count? ------------------------------------------------------------------


@dataclass(frozen=True)
class VisitFacts:
	plan_type: str
	place: str
	child_seen: bool
	seen_alone: bool
	qualified_social_worker: bool
	core_group_meeting: bool = False


@dataclass(frozen=True)
class Counting:
	counts: bool
	reason: str
	# counted only because local policy allows a place other than the child's home
	non_home_place: bool = False


def count_visit(facts: VisitFacts, policy: dict | None, translate: Translate = untranslated) -> Counting:
	"""Whether the visit counts as a statutory visit under `policy` (the plan type's Visit Policy
	row, or None when there is none), with the reason in words."""
	t = translate
	plan = t(PLAN_PHRASE.get(facts.plan_type, facts.plan_type))
	place = t(PLACE_PHRASE.get(facts.place, facts.place))

	def no(template: str, **params) -> Counting:
		return Counting(False, t(_("does not count: {why}")).format(why=t(template).format(**params)))

	if facts.core_group_meeting:
		return no(_("a core group meeting never counts as a statutory visit, even if the child is there"))
	if not policy:
		return no(_("the Safeguarding Policy has no visit policy for {plan}"), plan=plan)
	if not facts.child_seen:
		return no(_("the child was not seen"))
	if not policy.get(PLACE_POLICY_FIELD.get(facts.place, "")):
		return no(_("{place} do not count for {plan} under local policy"), place=place, plan=plan)
	if policy.get("seen_alone_required") and not facts.seen_alone:
		return no(_("the child was not seen alone, which local policy requires for {plan}"), plan=plan)
	if policy.get("qualified_social_worker_required") and not facts.qualified_social_worker:
		return no(_("local policy requires a qualified social worker for {plan}"), plan=plan)
	parts = [t(_("{place} count for {plan} under local policy")).format(place=place, plan=plan)]
	if facts.seen_alone:
		parts.append(t(_("child seen alone")))
	else:
		parts.append(t(_("child seen")))
	if facts.qualified_social_worker:
		parts.append(t(_("by a qualified social worker")))
	return Counting(
		True, t(_("counts: {why}")).format(why="; ".join(parts)), non_home_place=facts.place != HOME
	)


def apply_override(
	computed: Counting, override: str | None, reason: str | None, translate: Translate = untranslated
):
	"""The result after a Team Manager's override (none: the computed result stands)."""
	if not override:
		return computed
	t = translate
	counts = override == OVERRIDE_COUNTS
	template = _("counts: a team manager decided so ({reason}); by the policy it {computed}")
	if not counts:
		template = _("does not count: a team manager decided so ({reason}); by the policy it {computed}")
	return Counting(
		counts,
		t(template).format(reason=(reason or "").strip(), computed=computed.reason),
		non_home_place=False,
	)


def check_override(
	*,
	changed: bool,
	override: str | None,
	reason: str | None,
	is_team_manager: bool,
	recorded_by_them: bool,
) -> None:
	"""An override (or taking one away) is made by a Team Manager who did not record the visit,
	and an override always has a reason."""
	if not changed:
		if override and not (reason or "").strip():
			raise VisitRuleError(_("Give the reason for the override."))
		return
	if not is_team_manager:
		raise VisitRuleError(_("Only a Team Manager may override whether a visit counts."))
	if recorded_by_them:
		raise VisitRuleError(
			_("You recorded or made this visit: another Team Manager must decide on an override.")
		)
	if override and override not in OVERRIDES:
		raise VisitRuleError(_("Choose whether the visit counts or not."))
	if override and not (reason or "").strip():
		raise VisitRuleError(_("Give the reason for the override."))


# What a visit's counting and due dates are computed from: fixed once a manager signs it off.
COUNTING_FACTS = (
	"child",
	"plan_type",
	"plan_reference",
	"visit_date",
	"place",
	"core_group_meeting",
	"qualified_social_worker",
	"child_seen",
	"seen_alone",
	"placement_start",
	"placement_kind",
	"first_review",
)


def check_signed_off_facts(signed_off_before: bool, still_signed_off: bool, changed: list[str]) -> None:
	"""A signed-off visit keeps the facts its counting was judged on, until the sign-off is
	withdrawn (by a Team Manager) in the same or an earlier save."""
	if signed_off_before and still_signed_off and changed:
		raise VisitRuleError(
			_(
				"This visit has been signed off, so {fields} can no longer change. Ask a Team Manager "
				"to withdraw the sign-off first."
			),
			fields=", ".join(changed),
		)


def check_seen_alone(
	plan_type: str, child_seen: bool, seen_alone: bool, not_alone_reason: str | None
) -> None:
	"""When the child was seen but not alone, say why; for looked-after children, a reg 29 reason."""
	if seen_alone and not child_seen:
		raise VisitRuleError(_("The child cannot be seen alone without being seen: answer 'Child seen' Yes."))
	if not child_seen or seen_alone:
		return
	if not not_alone_reason:
		raise VisitRuleError(_("Say why the child was not seen alone."))
	if plan_type == LOOKED_AFTER and not_alone_reason not in REG29_REASONS:
		raise VisitRuleError(
			_(
				"For a looked-after child, say which reg 29 reason applies: the child refused, it was "
				"inappropriate, or it was not reasonably practicable."
			)
		)


# ---- 2. write-up timeliness --------------------------------------------------------------------


def write_up_due(visit_date: date, working_days: int, cal: WorkingDayCalendar) -> date:
	return cal.add_working_days(visit_date, working_days)


def write_up_late(visit_date: date, written_up_on: date | None, today: date, working_days: int, cal) -> bool:
	"""Late when written up after the due day, or still not written up after it."""
	due = write_up_due(visit_date, working_days, cal)
	return (written_up_on or today) > due


def check_dates(visit_date: date, written_up_on: date | None, today: date) -> None:
	if visit_date > today:
		raise VisitRuleError(_("A visit is recorded once it has happened: the visit date is in the future."))
	if written_up_on and written_up_on < visit_date:
		raise VisitRuleError(_("The write-up date cannot be before the visit."))
	if written_up_on and written_up_on > today:
		raise VisitRuleError(_("The write-up date cannot be in the future."))
