from datetime import date, datetime

import pytest

from smallchanges.rules.calendar import (
	WorkingDayCalendar,
	add_working_days,
	is_working_day,
	working_days_between,
)


@pytest.mark.parametrize(
	"day, expected",
	[
		(date(2026, 11, 26), True),  # an ordinary Thursday
		(date(2026, 11, 28), False),  # Saturday
		(date(2026, 11, 29), False),  # Sunday
		(date(2024, 2, 29), True),  # leap day, a Thursday
		(date(2024, 3, 29), False),  # Good Friday
		(date(2024, 4, 1), False),  # Easter Monday
		(date(2025, 5, 5), False),  # Early May bank holiday
		(date(2025, 5, 26), False),  # Spring bank holiday
		(date(2025, 8, 25), False),  # Summer bank holiday (England, not Scotland's 4 August)
		(date(2025, 8, 4), True),
		(date(2025, 3, 17), True),  # St Patrick's Day is a holiday in Northern Ireland only
		(date(2023, 5, 8), False),  # one-off: coronation of King Charles III
		(date(2022, 9, 19), False),  # one-off: state funeral of Queen Elizabeth II
		(date(2026, 1, 1), False),
	],
)
def test_is_working_day(day, expected):
	assert is_working_day(day) is expected


def test_christmas_and_boxing_day_on_a_weekend_move_to_substitute_days():
	# 2021: Christmas Saturday, Boxing Day Sunday -> Monday 27 and Tuesday 28 are bank holidays
	assert not is_working_day(date(2021, 12, 27))
	assert not is_working_day(date(2021, 12, 28))
	assert is_working_day(date(2021, 12, 29))
	assert add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)
	# 2022: Christmas Sunday, Boxing Day Monday -> Tuesday 27 is the substitute for Christmas
	assert not is_working_day(date(2022, 12, 26))
	assert not is_working_day(date(2022, 12, 27))
	assert add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)


def test_easter_weekend_is_four_days_off():
	# Thursday 28 March 2024 -> next working day is Tuesday 2 April
	assert add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)
	assert working_days_between(date(2024, 3, 28), date(2024, 4, 2)) == 1


def test_leap_day_counts_as_a_working_day():
	assert add_working_days(date(2024, 2, 28), 1) == date(2024, 2, 29)
	assert add_working_days(date(2024, 2, 28), 2) == date(2024, 3, 1)
	assert add_working_days(date(2023, 2, 28), 1) == date(2023, 3, 1)  # no leap day in 2023
	assert working_days_between(date(2024, 2, 27), date(2024, 3, 1)) == 3


def test_counting_across_a_year_end():
	# Wed 24 Dec 2025: 25, 26 holidays, 27-28 weekend -> Mon 29; then 30, 31, (1 Jan) -> Fri 2 Jan
	assert add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)
	assert add_working_days(date(2025, 12, 24), 4) == date(2026, 1, 2)
	assert working_days_between(date(2025, 12, 24), date(2026, 1, 2)) == 4
	assert working_days_between(date(2026, 1, 2), date(2025, 12, 24)) == -4


def test_friday_plus_one_is_monday_and_zero_rolls_forward():
	assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
	assert add_working_days(date(2026, 11, 27), 0) == date(2026, 11, 27)
	assert add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 30)


def test_negative_days_count_backwards():
	assert add_working_days(date(2026, 11, 30), -1) == date(2026, 11, 27)
	assert add_working_days(date(2024, 4, 2), -1) == date(2024, 3, 28)


def test_45th_working_day_assessment_deadline():
	# Referral on Mon 1 Dec 2025: 20 WD left in December (25, 26 Dec off), Jan 1 off -> Thu 5 Feb
	due = add_working_days(date(2025, 12, 1), 45)
	assert due == date(2026, 2, 5)
	assert working_days_between(date(2025, 12, 1), due) == 45
	assert working_days_between(date(2025, 12, 1), add_working_days(due, -1)) == 44


def test_local_closure_dates_are_not_working_days():
	closures = [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
	calendar = WorkingDayCalendar(closures)
	assert not calendar.is_working_day(date(2026, 12, 30))
	assert calendar.holiday_name(date(2026, 12, 30)) == "Local closure"
	assert calendar.holiday_name(date(2026, 12, 25)) == "Christmas Day"
	# Thu 24 Dec 2026 -> 25 Fri, 26-27 weekend, 28 Mon substitute Boxing Day, 29-31 closed, 1 Jan
	assert calendar.add_working_days(date(2026, 12, 24), 1) == date(2027, 1, 4)
	assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_datetimes_are_read_as_their_date():
	assert add_working_days(datetime(2026, 11, 27, 16, 30), 1) == date(2026, 11, 30)
	assert working_days_between(datetime(2026, 11, 27, 9), datetime(2026, 11, 30, 17)) == 1


@pytest.mark.parametrize("n", [0, 1, 5, 10, 15, 45, 90, 250])
def test_add_and_between_are_inverse(n):
	start = date(2026, 12, 18)
	assert working_days_between(start, add_working_days(start, n)) == n
