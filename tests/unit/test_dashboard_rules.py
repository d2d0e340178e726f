"""The workspace charts' periods and folding: pure, no site needed."""

import datetime

import pytest

from smallchanges.rules import dashboards as rules

D = datetime.date


@pytest.mark.parametrize(
	"day, monday",
	[
		(D(2026, 11, 30), D(2026, 11, 30)),  # a Monday is its own week's start
		(D(2026, 12, 6), D(2026, 11, 30)),  # Sunday: the Monday before
		(D(2027, 1, 1), D(2026, 12, 28)),  # a week across the new year
		(D(2024, 2, 29), D(2024, 2, 26)),  # leap day
	],
)
def test_week_start(day, monday):
	assert rules.week_start(day) == monday


def test_week_starts_end_with_this_week_and_are_a_week_apart():
	starts = rules.week_starts(D(2026, 12, 2), weeks=3)
	assert starts == [D(2026, 11, 16), D(2026, 11, 23), D(2026, 11, 30)]


@pytest.mark.parametrize(
	"today, months, first, last",
	[
		(D(2026, 12, 15), 12, D(2026, 1, 1), D(2026, 12, 1)),
		(D(2026, 3, 31), 4, D(2025, 12, 1), D(2026, 3, 1)),  # across a year
		(D(2026, 1, 1), 1, D(2026, 1, 1), D(2026, 1, 1)),
	],
)
def test_month_starts(today, months, first, last):
	starts = rules.month_starts(today, months)
	assert len(starts) == months and starts[0] == first and starts[-1] == last
	assert starts == sorted(starts)


def test_fold_sums_days_into_their_weeks_and_leaves_out_what_is_not_shown():
	starts = rules.week_starts(D(2026, 12, 2), weeks=2)  # 23 Nov, 30 Nov
	counts = [
		(D(2026, 11, 23), "Accepted", 2),
		("2026-11-29", "Accepted", 1),  # a string date from the database, same week
		(datetime.datetime(2026, 12, 1, 9, 30), "Accepted", 4),
		(D(2026, 12, 1), "Submitted", 3),
		(D(2026, 11, 22), "Accepted", 50),  # before the first week shown
		(D(2026, 12, 1), "Draft", 7),  # a key not shown
		(None, "Accepted", 9),  # no date
	]
	assert rules.fold(counts, starts, ("Submitted", "Accepted")) == {"Submitted": [0, 3], "Accepted": [3, 4]}


def test_fold_by_month():
	starts = rules.month_starts(D(2026, 12, 15), 2)
	counts = [(D(2026, 11, 30), "x", 1), (D(2026, 12, 1), "x", 2), (D(2026, 12, 31), "x", 3)]
	assert rules.fold(counts, starts, ("x",), monthly=True) == {"x": [1, 5]}


def test_labels_and_chart_shape():
	weeks = [D(2026, 11, 23), D(2026, 11, 30)]
	assert rules.period_labels(weeks) == ["23 Nov", "30 Nov"]
	assert rules.period_labels([D(2026, 11, 1)], monthly=True) == ["Nov 2026"]
	chart = rules.chart(["a", "b"], {"k": [1, 2]}, {"k": "Kept"})
	assert chart == {"labels": ["a", "b"], "datasets": [{"name": "Kept", "values": [1, 2]}]}


@pytest.mark.parametrize("part, whole, share", [(1, 3, 33.3), (0, 0, 0.0), (2, 2, 100.0), (0, 5, 0.0)])
def test_share(part, whole, share):
	assert rules.share(part, whole) == share


def test_ranked_keeps_the_biggest_and_sums_the_rest():
	counts = [("B", 5), ("A", 5), ("C", 1), ("D", 2)]
	assert rules.ranked(counts, 2, "Other") == {"A": 5, "B": 5, "Other": 3}
	assert rules.ranked(counts, 10, "Other") == {"A": 5, "B": 5, "D": 2, "C": 1}
	assert rules.ranked([], 3, "Other") == {}
