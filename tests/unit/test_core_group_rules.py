"""Core group clocks, carry-forward and the rules of a minutes record: pure, no site needed."""

from datetime import date

import pytest

from smallchanges.rules import core_groups as core_group_rules
from smallchanges.rules.calendar import WorkingDayCalendar
from smallchanges.rules.core_groups import Action, ClockPolicy, MinutesEntry, TakerRow

ENGLAND = WorkingDayCalendar()
DEFAULT = ClockPolicy()


@pytest.mark.parametrize(
	"icpc, expected",
	[
		(date(2026, 11, 2), date(2026, 11, 16)),  # Monday -> 10 working days later, a Monday
		(date(2026, 11, 6), date(2026, 11, 20)),  # Friday -> Friday two weeks on
		(date(2026, 12, 18), date(2027, 1, 6)),  # Christmas, Boxing Day (substitute 28th), New Year
		(date(2025, 4, 15), date(2025, 5, 1)),  # Good Friday and Easter Monday 2025
		(date(2025, 5, 1), date(2025, 5, 16)),  # Early May bank holiday on 5 May
		(date(2026, 11, 7), date(2026, 11, 20)),  # a Saturday conference counts from Monday
	],
)
def test_first_core_group_is_due_ten_working_days_after_the_conference(icpc, expected):
	assert core_group_rules.meeting_due(icpc, None, DEFAULT, ENGLAND) == expected


def test_first_core_group_uses_the_policy_number_and_local_closures():
	policy = ClockPolicy(first_core_group_working_days=5)
	assert core_group_rules.meeting_due(date(2026, 11, 2), None, policy, ENGLAND) == date(2026, 11, 9)
	closed = WorkingDayCalendar([date(2026, 11, 4)])
	assert core_group_rules.meeting_due(date(2026, 11, 2), None, policy, closed) == date(2026, 11, 10)


@pytest.mark.parametrize(
	"previous, weeks, expected",
	[
		(date(2026, 11, 3), 6, date(2026, 12, 15)),  # six weeks on, a working day
		(date(2026, 11, 3), 4, date(2026, 12, 1)),  # a council's four-weekly interval
		(date(2026, 11, 17), 6, date(2026, 12, 29)),  # a working day between the holidays
		(date(2026, 11, 13), 6, date(2026, 12, 24)),  # 25 Dec (Friday) is Christmas: the day before
		(date(2026, 11, 16), 6, date(2026, 12, 24)),  # 28 Dec: substitute Boxing Day, then a weekend
		(date(2027, 2, 27), 6, date(2027, 4, 9)),  # 10 April 2027 is a Saturday: the Friday
	],
)
def test_later_meetings_are_at_most_the_interval_apart(previous, weeks, expected):
	policy = ClockPolicy(max_core_group_interval_weeks=weeks)
	assert core_group_rules.meeting_due(date(2026, 10, 1), previous, policy, ENGLAND) == expected


def test_a_later_meeting_due_on_a_bank_holiday_moves_earlier_not_later():
	# Six weeks after Monday 23 February 2026 is Easter Monday (6 April); Good Friday (3 April)
	# is a bank holiday too: due Thursday 2 April.
	assert core_group_rules.meeting_due(date(2026, 1, 5), date(2026, 2, 23), DEFAULT, ENGLAND) == date(
		2026, 4, 2
	)


@pytest.mark.parametrize(
	"held, days, expected",
	[
		(date(2026, 11, 16), 5, date(2026, 11, 23)),
		(date(2026, 12, 21), 5, date(2026, 12, 30)),  # Christmas and the substitute Boxing Day (28th)
		(date(2026, 12, 21), 2, date(2026, 12, 23)),
	],
)
def test_minutes_are_due_for_circulation_n_working_days_after_the_meeting(held, days, expected):
	policy = ClockPolicy(minutes_circulation_working_days=days)
	assert core_group_rules.circulation_due(held, policy, ENGLAND) == expected


@pytest.mark.parametrize(
	"icpc, on_or_after, expected",
	[
		(date(2026, 1, 15), date(2026, 1, 15), date(2026, 4, 15)),  # first: 3 months
		(date(2026, 1, 15), date(2026, 4, 15), date(2026, 4, 15)),
		(date(2026, 1, 15), date(2026, 4, 16), date(2026, 10, 15)),  # then every 6 months
		(date(2026, 1, 15), date(2026, 10, 16), date(2027, 4, 15)),
		(date(2025, 11, 30), date(2025, 12, 1), date(2026, 2, 28)),  # no 30 February
		(date(2023, 11, 29), date(2023, 12, 1), date(2024, 2, 29)),  # leap year
		(date(2026, 8, 31), date(2026, 12, 1), date(2027, 5, 31)),  # 30 Nov, then 31 May
	],
)
def test_review_conferences_three_months_after_the_conference_then_every_six(icpc, on_or_after, expected):
	assert core_group_rules.review_conference_due(icpc, on_or_after, DEFAULT) == expected


def test_days_late_counts_working_days_after_the_due_date():
	due = date(2026, 11, 16)
	assert core_group_rules.days_late(date(2026, 11, 13), due, ENGLAND) == 0
	assert core_group_rules.days_late(due, due, ENGLAND) == 0
	assert core_group_rules.days_late(date(2026, 11, 18), due, ENGLAND) == 2
	assert core_group_rules.days_late(date(2026, 11, 23), due, ENGLAND) == 5  # the weekend does not count


def test_carry_forward_keeps_open_actions_with_owner_and_due_date():
	previous = [
		Action("Book health review", "Jo", "jo@example.test", date(2026, 12, 1), core_group_rules.OPEN),
		Action("Referral to parenting course", "Sam", None, date(2026, 11, 20), core_group_rules.DONE),
		Action("Home visit", "Sam", None, date(2026, 11, 25), core_group_rules.DROPPED),
		Action("School attendance plan", "Morgan", None, date(2026, 11, 30), core_group_rules.OPEN, "CGM-1"),
	]
	carried = core_group_rules.carry_forward(previous, "CGM-2")
	assert carried == [
		Action(
			"Book health review", "Jo", "jo@example.test", date(2026, 12, 1), core_group_rules.OPEN, "CGM-2"
		),
		Action("School attendance plan", "Morgan", None, date(2026, 11, 30), core_group_rules.OPEN, "CGM-1"),
	]
	assert core_group_rules.carry_forward([], "CGM-2") == []


def _entry(**overrides) -> MinutesEntry:
	values = {
		"meeting_date": date(2026, 11, 20),
		"icpc_date": date(2026, 11, 2),
		"today": date(2026, 11, 23),
		"attendance": (core_group_rules.ATTENDED, core_group_rules.APOLOGIES),
		"actions": (Action("Book review", "Jo", None, date(2026, 12, 1)),),
		"outcome_ratings": (core_group_rules.GREEN,),
	}
	values.update(overrides)
	return MinutesEntry(**values)


@pytest.mark.parametrize(
	"overrides, fields",
	[
		({}, []),
		({"attendance": ()}, ["attendance"]),
		({"meeting_date": date(2026, 11, 1)}, ["meeting_date"]),  # before the conference
		({"meeting_date": date(2026, 11, 2)}, []),  # on the conference day itself
		({"meeting_date": date(2026, 11, 24)}, ["meeting_date"]),  # in the future
		({"meeting_date": date(2026, 11, 23)}, []),  # today
		({"meeting_date": None}, ["meeting_date"]),
		({"actions": (Action("Book review", None, None, date(2026, 12, 1)),)}, ["actions"]),
		({"actions": (Action("Book review", None, "jo@example.test", date(2026, 12, 1)),)}, []),
		({"actions": (Action("Book review", "Jo", None, None),)}, ["actions"]),
		({"actions": (Action(" ", "Jo", None, date(2026, 12, 1)),)}, ["actions"]),
	],
)
def test_check_minutes(overrides, fields):
	problems = core_group_rules.check_minutes(_entry(**overrides))
	assert [p.field for p in problems] == fields


def test_action_problems_name_their_row():
	actions = (Action("Fine", "Jo", None, date(2026, 12, 1)), Action("No owner", None, None, None))
	problems = core_group_rules.check_minutes(_entry(actions=actions))
	assert [(p.row, p.message) for p in problems] == [
		(2, "Name who owns the action."),
		(2, "Give the action a due date."),
	]


@pytest.mark.parametrize(
	"overrides, count",
	[
		({}, 0),
		({"attendance": (core_group_rules.APOLOGIES, core_group_rules.SENT_REPORT)}, 1),  # nobody attended
		(
			{"attendance": (core_group_rules.ATTENDED, core_group_rules.EXPECTED)},
			1,
		),  # someone not accounted for
		({"outcome_ratings": (None,)}, 1),
		({"outcome_ratings": (core_group_rules.RED, core_group_rules.AMBER, "")}, 1),
	],
)
def test_ready_for_review(overrides, count):
	assert len(core_group_rules.check_ready_for_review(_entry(**overrides))) == count


@pytest.mark.parametrize(
	"user, problem",
	[
		("chair@x", False),
		("lead@x", False),
		("taker@x", True),  # the minute taker, even if they are also the chair
		("other@x", True),
	],
)
def test_reviewer_is_chair_or_lead_but_never_the_minute_taker(user, problem):
	assert bool(core_group_rules.reviewer_problem(user, "chair@x", "lead@x", "taker@x")) is problem
	assert core_group_rules.reviewer_problem("chair@x", "chair@x", "lead@x", "chair@x") is not None


@pytest.mark.parametrize(
	"due, expected",
	[
		(date(2026, 11, 19), "overdue"),
		(date(2026, 11, 20), "due soon"),  # today (Friday)
		(date(2026, 11, 24), "due soon"),  # two working days on: Tuesday
		(date(2026, 11, 25), None),
	],
)
def test_action_reminders(due, expected):
	assert core_group_rules.action_reminder(due, date(2026, 11, 20), ENGLAND) == expected


def test_action_reminder_window_skips_bank_holidays():
	# Thursday 24 December 2026: the next two working days are 29 and 30 December.
	assert core_group_rules.action_reminder(date(2026, 12, 30), date(2026, 12, 24), ENGLAND) == "due soon"
	assert core_group_rules.action_reminder(date(2026, 12, 31), date(2026, 12, 24), ENGLAND) is None


def test_share_of_minutes_not_taken_by_the_lead_social_worker():
	rows = [
		TakerRow("2026-10", "Bow School", False),
		TakerRow("2026-10", "Bow School", False),
		TakerRow("2026-10", "Children's social care", True),
		TakerRow("2026-11", "Children's social care", True),
		TakerRow("2026-11", "Children's social care", False),
	]
	assert core_group_rules.taker_share(rows) == [
		{
			"month": "2026-10",
			"agency": "Bow School",
			"minutes": 2,
			"not_by_lead": 2,
			"share_not_by_lead": 100.0,
		},
		{
			"month": "2026-10",
			"agency": "Children's social care",
			"minutes": 1,
			"not_by_lead": 0,
			"share_not_by_lead": 0.0,
		},
		{
			"month": "2026-11",
			"agency": "Children's social care",
			"minutes": 2,
			"not_by_lead": 1,
			"share_not_by_lead": 50.0,
		},
	]
	assert core_group_rules.share_not_by_lead(rows) == 60.0
	assert core_group_rules.share_not_by_lead([]) == 0.0


@pytest.mark.parametrize(
	"day, months, expected",
	[
		(date(2026, 1, 31), 1, date(2026, 2, 28)),
		(date(2024, 1, 31), 1, date(2024, 2, 29)),
		(date(2026, 11, 15), 3, date(2027, 2, 15)),
		(date(2026, 12, 31), 12, date(2027, 12, 31)),
	],
)
def test_add_months(day, months, expected):
	assert core_group_rules.add_months(day, months) == expected
