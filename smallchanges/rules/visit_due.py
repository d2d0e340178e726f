"""When a statutory visit is due: the next visit, and whether a due date is overdue or reminded.

Pure Python (no Frappe). The due date runs from the last visit that counted (judged by
`smallchanges.rules.visits`): the local policy's interval (the plan type's Visit Policy row), or,
for a looked-after child with a placement recorded, reg 28, which no local policy may loosen.

Looked-after children follow the Care Planning, Placement and Case Review (England) Regulations
2010, reg 28 (visits by the responsible authority's representative):
  28(2) within one week of the start of any placement; at intervals of not more than six weeks
        for the first year of any placement; thereafter, where the placement is intended to last
        until the child is 18, at intervals of not more than three months, in any other case at
        intervals of not more than six weeks;
  28(3) where reg 19 applies (placed with a parent before the assessment is complete): at least
        once a week until the first review, thereafter at intervals of not more than six weeks;
  28(4) where the child is placed under reg 24 (temporary approval of a relative, friend or other
        connected person): at least once a week until the first review, thereafter at intervals
        of not more than four weeks.
"""

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, timedelta

from smallchanges.rules.calendar import WorkingDayCalendar
from smallchanges.rules.safeguarding_policy import LOOKED_AFTER
from smallchanges.rules.translation import _
from smallchanges.rules.visits import (
	CONNECTED_PERSON,
	LONG_TERM,
	PLACEMENT_KINDS,
	WITH_PARENT,
	VisitRuleError,
)

# ---- 1. when is the next visit due? ------------------------------------------------------------


def add_months(day: date, months: int) -> date:
	"""The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
	month_index = day.month - 1 + months
	year, month = day.year + month_index // 12, month_index % 12 + 1
	return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def add_interval(start: date, count: int, unit: str, cal: WorkingDayCalendar) -> date:
	"""`start` plus an interval of the Visit Policy ("Working days", "Days", "Weeks", "Months")."""
	if unit == "Working days":
		return cal.add_working_days(start, count)
	if unit == "Weeks":
		return start + timedelta(weeks=count)
	if unit == "Months":
		return add_months(start, count)
	return start + timedelta(days=count)


def first_anniversary(day: date) -> date:
	return add_months(day, 12)


def reg28_next_due(
	placement_start: date,
	kind: str,
	last_visit: date | None,
	first_review: date | None = None,
) -> date:
	"""The latest date of the next visit to a looked-after child under reg 28.

	`last_visit` is the last visit that counted since the placement started (None: none yet).
	The first-year and first-review tests are judged on the day of that last visit.
	"""
	if kind not in PLACEMENT_KINDS:
		raise VisitRuleError(_("Choose the kind of placement."))
	if last_visit is None or last_visit < placement_start:
		return placement_start + timedelta(weeks=1)
	if kind in (WITH_PARENT, CONNECTED_PERSON):
		if first_review is None or last_visit < first_review:
			return last_visit + timedelta(weeks=1)
		return last_visit + timedelta(weeks=6 if kind == WITH_PARENT else 4)
	if last_visit < first_anniversary(placement_start):
		return last_visit + timedelta(weeks=6)
	if kind == LONG_TERM:
		return add_months(last_visit, 3)
	return last_visit + timedelta(weeks=6)


@dataclass(frozen=True)
class Placement:
	start: date
	kind: str
	first_review: date | None = None


def next_due(
	plan_type: str,
	last_counting: date | None,
	policy: dict | None,
	cal: WorkingDayCalendar,
	*,
	placement: Placement | None = None,
	plan_seen_from: date | None = None,
) -> date | None:
	"""When the next statutory visit is due.

	Looked-after children with a placement recorded follow reg 28 (which no local policy may
	loosen); everything else follows the policy's interval from the last counting visit. With no
	counting visit yet, a visit is due at once (`plan_seen_from`, the first day the plan was seen).
	"""
	if plan_type == LOOKED_AFTER and placement and placement.start:
		return reg28_next_due(placement.start, placement.kind, last_counting, placement.first_review)
	if last_counting is None:
		return plan_seen_from
	if not policy or not policy.get("visit_interval"):
		return None
	return add_interval(last_counting, int(policy["visit_interval"]), policy.get("interval_unit"), cal)


# ---- 2. the dashboard --------------------------------------------------------------------------

REMIND_WORKING_DAYS_BEFORE = 2


def is_overdue(due: date | None, today: date) -> bool:
	"""A next-due date in the past is overdue (a date of today is due, not overdue)."""
	return bool(due) and due < today


def days_overdue(due: date | None, today: date) -> int:
	if not due:
		return 0
	return max(0, (today - due).days)


def due_this_week(due: date | None, today: date) -> bool:
	"""Due from today up to seven days ahead (not already overdue)."""
	return bool(due) and today <= due <= today + timedelta(days=7)


def reminder_due(due: date | None, today: date, cal: WorkingDayCalendar) -> bool:
	"""True on the one working day that leaves two working days before the due date (a visit due
	on a Tuesday is reminded on the Friday before)."""
	return (
		bool(due)
		and cal.is_working_day(today)
		and cal.working_days_between(today, due) == REMIND_WORKING_DAYS_BEFORE
	)
