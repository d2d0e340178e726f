"""Visit rules: counting under local policy, reg 28 schedules, write-up working days (no site)."""

import itertools
from datetime import date

import pytest

from smallchanges.rules import visit_due
from smallchanges.rules import visits as visit_rules
from smallchanges.rules.calendar import WorkingDayCalendar
from smallchanges.rules.safeguarding_policy import (
	CHILD_IN_NEED,
	CHILD_PROTECTION,
	DEFAULT_VISIT_POLICIES,
	LOOKED_AFTER,
	PLAN_TYPES,
	PRIVATE_FOSTERING,
)
from smallchanges.rules.visit_due import Placement, reg28_next_due
from smallchanges.rules.visits import (
	CONNECTED_PERSON,
	HOME,
	LONG_TERM,
	NURSERY,
	OTHER,
	PLACEMENT,
	PLACES,
	SCHOOL,
	STANDARD,
	WITH_PARENT,
	VisitFacts,
	VisitRuleError,
	count_visit,
)

CAL = WorkingDayCalendar()
DEFAULT = {row["plan_type"]: dict(row) for row in DEFAULT_VISIT_POLICIES}
# The seed's change: school visits count for child protection plans (the rest as the default).
SCHOOL_FOR_CP = {plan: dict(row) for plan, row in DEFAULT.items()}
SCHOOL_FOR_CP[CHILD_PROTECTION]["school_counts"] = 1

# Places that count under each policy, per plan type (the default, as in
# docs/domain.md#what-counts-as-a-statutory-visit: where the child lives; schools only once a
# council decides so).
COUNTING_PLACES = {
	"default": {
		CHILD_PROTECTION: {HOME, PLACEMENT},
		CHILD_IN_NEED: {HOME, PLACEMENT},
		LOOKED_AFTER: {PLACEMENT},
		PRIVATE_FOSTERING: {PLACEMENT},
	},
	"school counts for child protection": {
		CHILD_PROTECTION: {HOME, PLACEMENT, SCHOOL},
		CHILD_IN_NEED: {HOME, PLACEMENT},
		LOOKED_AFTER: {PLACEMENT},
		PRIVATE_FOSTERING: {PLACEMENT},
	},
}
POLICIES = {"default": DEFAULT, "school counts for child protection": SCHOOL_FOR_CP}


def facts(plan=CHILD_PROTECTION, place=HOME, seen=True, alone=True, qualified=True, core_group=False):
	return VisitFacts(plan, place, seen, alone, qualified, core_group)


@pytest.mark.parametrize(
	("policy_name", "plan", "place", "alone"),
	list(itertools.product(POLICIES, PLAN_TYPES, PLACES, (True, False))),
)
def test_every_place_plan_and_seen_alone_under_two_policies(policy_name, plan, place, alone):
	result = count_visit(facts(plan, place, alone=alone), POLICIES[policy_name][plan])
	place_counts = place in COUNTING_PLACES[policy_name][plan]
	# every default policy row requires the child seen alone
	assert result.counts == (place_counts and alone)
	assert result.reason.startswith("counts: " if result.counts else "does not count: ")
	assert result.non_home_place == (result.counts and place != HOME)
	if not place_counts:
		assert "under local policy" in result.reason
	elif not alone:
		assert "not seen alone" in result.reason


def test_the_seeds_school_visit_counts_when_the_policy_says_so_and_not_otherwise():
	school = facts(CHILD_PROTECTION, SCHOOL, alone=True)
	on = count_visit(school, SCHOOL_FOR_CP[CHILD_PROTECTION])
	off = count_visit(school, DEFAULT[CHILD_PROTECTION])
	assert on.counts and on.non_home_place
	assert on.reason == (
		"counts: school visits count for child protection plans under local policy; child seen alone; "
		"by a qualified social worker"
	)
	assert not off.counts
	assert off.reason == (
		"does not count: school visits do not count for child protection plans under local policy"
	)


def test_a_core_group_meeting_never_counts_even_where_every_place_counts():
	everywhere = dict(DEFAULT[CHILD_PROTECTION], **{f: 1 for f in visit_rules.PLACE_POLICY_FIELD.values()})
	for place in PLACES:
		result = count_visit(facts(place=place, core_group=True), everywhere)
		assert not result.counts
		assert "core group meeting never counts" in result.reason


def test_not_seen_no_policy_row_and_unqualified_visitor():
	row = DEFAULT[CHILD_PROTECTION]
	assert "not seen" in count_visit(facts(seen=False, alone=False), row).reason
	assert "no visit policy" in count_visit(facts(), None).reason
	unqualified = count_visit(facts(qualified=False), row)
	assert not unqualified.counts and "qualified social worker" in unqualified.reason
	relaxed = dict(row, qualified_social_worker_required=0, seen_alone_required=0)
	result = count_visit(facts(qualified=False, alone=False), relaxed)
	assert result.counts and result.reason.endswith("child seen")


def test_reasons_are_translated_through_the_given_function():
	french = {"school visits": "les visites à l'école", "does not count: {why}": "ne compte pas : {why}"}
	result = count_visit(facts(place=SCHOOL), DEFAULT[CHILD_PROTECTION], translate=lambda s: french.get(s, s))
	assert result.reason.startswith("ne compte pas : les visites à l'école do not count")


# ---- override ------------------------------------------------------------------------------------


def test_override_needs_a_team_manager_who_did_not_make_the_visit_and_a_reason():
	ok = {
		"changed": True,
		"override": visit_rules.OVERRIDE_COUNTS,
		"reason": "seen at school, with good reason",
	}
	visit_rules.check_override(**ok, is_team_manager=True, recorded_by_them=False)
	with pytest.raises(VisitRuleError, match="Only a Team Manager"):
		visit_rules.check_override(**ok, is_team_manager=False, recorded_by_them=False)
	with pytest.raises(VisitRuleError, match="another Team Manager"):
		visit_rules.check_override(**ok, is_team_manager=True, recorded_by_them=True)
	with pytest.raises(VisitRuleError, match="reason"):
		visit_rules.check_override(**(ok | {"reason": "  "}), is_team_manager=True, recorded_by_them=False)
	# an unchanged override is not judged again (a social worker may edit the notes)
	visit_rules.check_override(**(ok | {"changed": False}), is_team_manager=False, recorded_by_them=True)


def test_override_wins_and_keeps_the_policy_result_in_the_reason():
	computed = count_visit(facts(place=SCHOOL), DEFAULT[CHILD_PROTECTION])
	result = visit_rules.apply_override(
		computed, visit_rules.OVERRIDE_COUNTS, "child discloses only at school"
	)
	assert result.counts
	assert result.reason.startswith("counts: a team manager decided so (child discloses only at school)")
	assert "does not count: school visits" in result.reason
	assert visit_rules.apply_override(computed, "", None) is computed


def test_seen_alone_reasons_and_reg_29_for_looked_after_children():
	visit_rules.check_seen_alone(CHILD_PROTECTION, True, True, None)
	visit_rules.check_seen_alone(CHILD_PROTECTION, False, False, None)
	visit_rules.check_seen_alone(CHILD_PROTECTION, True, False, visit_rules.OTHER_REASON)
	with pytest.raises(VisitRuleError, match="why"):
		visit_rules.check_seen_alone(CHILD_PROTECTION, True, False, None)
	with pytest.raises(VisitRuleError, match="reg 29"):
		visit_rules.check_seen_alone(LOOKED_AFTER, True, False, visit_rules.OTHER_REASON)
	for reason in visit_rules.REG29_REASONS:
		visit_rules.check_seen_alone(LOOKED_AFTER, True, False, reason)
	with pytest.raises(VisitRuleError, match="Child seen"):
		visit_rules.check_seen_alone(CHILD_PROTECTION, False, True, None)


# ---- reg 28 schedules (cases from the regulation's text) -----------------------------------------
START = date(2026, 1, 5)  # a placement starting on Monday 5 January 2026


@pytest.mark.parametrize(
	("case", "kind", "last_visit", "first_review", "due"),
	[
		# 28(2)(a): within one week of the start of any placement
		("no visit yet", STANDARD, None, None, date(2026, 1, 12)),
		("no visit yet, long-term", LONG_TERM, None, None, date(2026, 1, 12)),
		("no visit yet, with parent", WITH_PARENT, None, None, date(2026, 1, 12)),
		("a visit before this placement", STANDARD, date(2025, 12, 1), None, date(2026, 1, 12)),
		# 28(2)(b): at intervals of not more than six weeks for the first year of any placement
		("first year", STANDARD, date(2026, 1, 9), None, date(2026, 2, 20)),
		("first year, long-term", LONG_TERM, date(2026, 11, 2), None, date(2026, 12, 14)),
		("last day of the first year", LONG_TERM, date(2027, 1, 4), None, date(2027, 2, 15)),
		# 28(2)(c)(i): thereafter, intended to last until 18: not more than three months
		("second year, long-term", LONG_TERM, date(2027, 1, 5), None, date(2027, 4, 5)),
		("second year, long-term, month end", LONG_TERM, date(2027, 11, 30), None, date(2028, 2, 29)),
		# 28(2)(c)(ii): in any other case, not more than six weeks
		("second year, other", STANDARD, date(2027, 3, 1), None, date(2027, 4, 12)),
		# 28(3), reg 19: at least once a week until the first review, then six-weekly
		("with parent before review", WITH_PARENT, date(2026, 1, 9), date(2026, 3, 30), date(2026, 1, 16)),
		("with parent, no review set", WITH_PARENT, date(2026, 2, 2), None, date(2026, 2, 9)),
		("with parent, on review day", WITH_PARENT, date(2026, 3, 30), date(2026, 3, 30), date(2026, 5, 11)),
		# 28(4), reg 24: at least once a week until the first review, then four-weekly
		("connected person before review", CONNECTED_PERSON, date(2026, 1, 9), date(2026, 3, 30), date(2026, 1, 16)),
		("connected person after review", CONNECTED_PERSON, date(2026, 4, 2), date(2026, 3, 30), date(2026, 4, 30)),
	],
)  # fmt: skip
def test_reg_28_schedule(case, kind, last_visit, first_review, due):
	assert reg28_next_due(START, kind, last_visit, first_review) == due, case


def test_reg_28_needs_a_placement_kind():
	with pytest.raises(VisitRuleError):
		reg28_next_due(START, "", None)


def test_next_due_uses_reg_28_for_looked_after_and_the_policy_interval_otherwise():
	lac = Placement(START, STANDARD)
	assert visit_due.next_due(LOOKED_AFTER, None, DEFAULT[LOOKED_AFTER], CAL, placement=lac) == date(
		2026, 1, 12
	)
	# without a placement recorded, the policy's six weeks
	assert visit_due.next_due(LOOKED_AFTER, date(2026, 1, 9), DEFAULT[LOOKED_AFTER], CAL) == date(2026, 2, 20)
	# child in need: 4 weeks; private fostering: 6 weeks
	assert visit_due.next_due(CHILD_IN_NEED, date(2026, 2, 3), DEFAULT[CHILD_IN_NEED], CAL) == date(
		2026, 3, 3
	)
	assert visit_due.next_due(PRIVATE_FOSTERING, date(2026, 2, 3), DEFAULT[PRIVATE_FOSTERING], CAL) == date(
		2026, 3, 17
	)
	# no counting visit yet: due from the day the plan was first seen
	assert (
		visit_due.next_due(CHILD_PROTECTION, None, DEFAULT[CHILD_PROTECTION], CAL, plan_seen_from=START)
		== START
	)
	assert visit_due.next_due(CHILD_PROTECTION, START, None, CAL) is None


# ---- working days across bank holidays -----------------------------------------------------------


@pytest.mark.parametrize(
	("last", "due"),
	[
		# child protection: 10 working days
		(date(2026, 3, 23), date(2026, 4, 8)),  # over Good Friday 3 April and Easter Monday 6 April
		(date(2026, 12, 18), date(2027, 1, 6)),  # over Christmas, Boxing Day (substitute 28 Dec) and New Year
		(date(2026, 5, 1), date(2026, 5, 18)),  # over the early May bank holiday (4 May)
		(date(2026, 6, 1), date(2026, 6, 15)),  # no bank holiday: two calendar weeks
	],
)
def test_child_protection_interval_in_working_days_across_bank_holidays(last, due):
	assert visit_due.next_due(CHILD_PROTECTION, last, DEFAULT[CHILD_PROTECTION], CAL) == due


def test_local_closure_days_move_the_due_date():
	closed = WorkingDayCalendar([date(2026, 6, 8)])
	assert visit_due.next_due(CHILD_PROTECTION, date(2026, 6, 1), DEFAULT[CHILD_PROTECTION], closed) == date(
		2026, 6, 16
	)


@pytest.mark.parametrize(
	("visit", "written", "late"),
	[
		(date(2026, 4, 2), date(2026, 4, 8), False),  # Thu; Good Friday, Easter Monday: due Wed 8 April
		(date(2026, 4, 2), date(2026, 4, 9), True),
		(date(2026, 12, 24), date(2026, 12, 30), False),  # 25, 28 (substitute) closed: due 30 Dec
		(date(2026, 12, 24), date(2026, 12, 31), True),
		(date(2026, 6, 5), date(2026, 6, 9), False),  # Fri: Mon, Tue
	],
)
def test_write_up_within_two_working_days(visit, written, late):
	assert visit_rules.write_up_late(visit, written, written, 2, CAL) == late


def test_write_up_not_yet_done_is_late_only_after_the_due_day():
	visit = date(2026, 6, 5)
	assert not visit_rules.write_up_late(visit, None, date(2026, 6, 9), 2, CAL)
	assert visit_rules.write_up_late(visit, None, date(2026, 6, 10), 2, CAL)


def test_dates_cannot_be_in_the_future_or_write_up_before_the_visit():
	today = date(2026, 6, 10)
	visit_rules.check_dates(today, today, today)
	for visit, written in ((date(2026, 6, 11), None), (today, date(2026, 6, 9)), (today, date(2026, 6, 11))):
		with pytest.raises(VisitRuleError):
			visit_rules.check_dates(visit, written, today)


def test_months_end_on_the_shorter_months_last_day():
	assert visit_due.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
	assert visit_due.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
	assert visit_due.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


# ---- dashboard helpers ---------------------------------------------------------------------------


def test_overdue_due_this_week_and_the_two_working_day_reminder():
	today = date(2026, 6, 10)  # a Wednesday
	assert visit_due.days_overdue(date(2026, 6, 7), today) == 3
	assert visit_due.days_overdue(today, today) == 0
	assert visit_due.days_overdue(None, today) == 0
	assert visit_due.due_this_week(today, today) and visit_due.due_this_week(date(2026, 6, 17), today)
	assert not visit_due.due_this_week(date(2026, 6, 18), today) and not visit_due.due_this_week(
		date(2026, 6, 9), today
	)
	assert visit_due.reminder_due(date(2026, 6, 12), today, CAL)  # Fri: Thu, Fri
	assert not visit_due.reminder_due(date(2026, 6, 11), today, CAL)
	# due Tuesday 9 June: reminded on Friday 5 June only, not at the weekend
	due = date(2026, 6, 9)
	reminded = [
		d
		for d in (date(2026, 6, 4), date(2026, 6, 5), date(2026, 6, 6), date(2026, 6, 7))
		if visit_due.reminder_due(due, d, CAL)
	]
	assert reminded == [date(2026, 6, 5)]
	# over the spring bank holiday (Mon 25 May 2026): due Wed 27 May, reminded Fri 22 May
	assert visit_due.reminder_due(date(2026, 5, 27), date(2026, 5, 22), CAL)


def test_a_signed_off_visit_keeps_its_facts_until_the_sign_off_is_withdrawn():
	visit_rules.check_signed_off_facts(True, True, [])
	visit_rules.check_signed_off_facts(False, True, ["Visit date"])  # signing off while correcting
	visit_rules.check_signed_off_facts(True, False, ["Visit date"])  # a Team Manager withdraws it
	with pytest.raises(VisitRuleError, match="Visit date, Place"):
		visit_rules.check_signed_off_facts(True, True, ["Visit date", "Place"])
	assert "visit_date" in visit_rules.COUNTING_FACTS and "observations" not in visit_rules.COUNTING_FACTS


# ---- what happened is answered, never assumed ---------------------------------------------------
@pytest.mark.parametrize(
	"qualified, seen, alone, refused",
	[
		("Yes", "Yes", "Yes", None),
		("No", "No", "", None),  # not seen: "seen alone" is not asked
		("Yes", "Yes", "No", None),
		("", "Yes", "Yes", "qualified social worker"),
		(None, "Yes", "Yes", "qualified social worker"),
		("Yes", "", "Yes", "child was seen"),
		("Yes", None, None, "child was seen"),
		("Yes", "Yes", "", "seen alone"),
		("Yes", "Yes", None, "seen alone"),
		("1", "Yes", "Yes", "qualified social worker"),  # an old tick box's value is not an answer
	],
)
def test_each_fact_of_a_visit_is_answered(qualified, seen, alone, refused):
	if refused is None:
		visit_rules.check_answers(qualified, seen, alone)
	else:
		with pytest.raises(visit_rules.VisitRuleError) as error:
			visit_rules.check_answers(qualified, seen, alone)
		assert refused in error.value.message(lambda text: text)


def test_only_yes_is_yes():
	assert visit_rules.is_yes("Yes")
	assert not any(visit_rules.is_yes(value) for value in ("No", "", None, "1", 1, True))


@pytest.mark.parametrize(
	"due, overdue",
	[(None, False), (date(2026, 11, 25), True), (date(2026, 11, 26), False), (date(2026, 11, 27), False)],
)
def test_a_next_due_date_in_the_past_is_overdue(due, overdue):
	today = date(2026, 11, 26)
	assert visit_due.is_overdue(due, today) is overdue
	assert (visit_due.days_overdue(due, today) > 0) is overdue  # the report's days say the same
