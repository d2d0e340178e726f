"""England working-day calendar for the statutory clocks.

A working day is Monday to Friday that is neither an England bank holiday (from the `holidays`
library, which knows substitute days and one-off holidays) nor a local closure date passed in.
Pure Python: no Frappe import, plain dates in and out.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _england_bank_holidays() -> holidays.HolidayBase:
	# expand=True (the default) fills in each year the first time a date in it is asked about.
	return holidays.country_holidays("GB", subdiv="ENG")


def _as_date(value: date | datetime) -> date:
	return value.date() if isinstance(value, datetime) else value


class WorkingDayCalendar:
	"""England bank holidays plus the local closure dates given (e.g. a council's closure days)."""

	def __init__(self, closures: Iterable[date] = ()):
		self.closures = frozenset(_as_date(d) for d in closures)

	def is_bank_holiday(self, day: date) -> bool:
		return _as_date(day) in _england_bank_holidays()

	def holiday_name(self, day: date) -> str | None:
		day = _as_date(day)
		if day in self.closures:
			return "Local closure"
		return _england_bank_holidays().get(day)

	def is_working_day(self, day: date) -> bool:
		day = _as_date(day)
		return day.weekday() < 5 and day not in self.closures and not self.is_bank_holiday(day)

	def add_working_days(self, start: date, days: int) -> date:
		"""The date `days` working days after `start` (before it, if negative).

		`start` itself is never counted: one working day after a Friday is the Monday. With
		`days == 0` the answer is `start` if it is a working day, else the next working day.
		"""
		day = _as_date(start)
		if days == 0:
			while not self.is_working_day(day):
				day += timedelta(days=1)
			return day
		step = timedelta(days=1 if days > 0 else -1)
		remaining = abs(days)
		while remaining:
			day += step
			if self.is_working_day(day):
				remaining -= 1
		return day

	def working_days_between(self, start: date, end: date) -> int:
		"""Working days after `start` up to and including `end` (negative if `end` is earlier).

		The inverse of `add_working_days`: for a working day `end`,
		`working_days_between(s, add_working_days(s, n)) == n`.
		"""
		start, end = _as_date(start), _as_date(end)
		if end < start:
			return -self.working_days_between(end, start)
		count, day = 0, start
		while day < end:
			day += timedelta(days=1)
			if self.is_working_day(day):
				count += 1
		return count


def is_working_day(day: date, closures: Iterable[date] = ()) -> bool:
	return WorkingDayCalendar(closures).is_working_day(day)


def add_working_days(start: date, days: int, closures: Iterable[date] = ()) -> date:
	return WorkingDayCalendar(closures).add_working_days(start, days)


def working_days_between(start: date, end: date, closures: Iterable[date] = ()) -> int:
	return WorkingDayCalendar(closures).working_days_between(start, end)
