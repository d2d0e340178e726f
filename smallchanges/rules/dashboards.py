"""The workspace's charts and number cards: periods, buckets and the chart's shape.

Pure Python (no Frappe). The database counts rows per day (or per month) and per key in one
grouped query; these rules fold those few counts into the weeks or months a chart shows and
write the chart's data as Frappe Charts reads it ({"labels": [...], "datasets": [...]}).
"""

import datetime
from collections.abc import Iterable, Sequence

WEEKS = 12  # the weeks a weekly chart shows, this week last
MONTHS = 12  # the months a monthly chart shows, this month last


def week_start(day: datetime.date) -> datetime.date:
	"""The Monday of the ISO week `day` is in."""
	return day - datetime.timedelta(days=day.weekday())


def week_starts(today: datetime.date, weeks: int = WEEKS) -> list[datetime.date]:
	"""The Mondays of the last `weeks` weeks, oldest first, this week last."""
	this_week = week_start(today)
	return [this_week - datetime.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def month_start(day: datetime.date) -> datetime.date:
	return day.replace(day=1)


def month_starts(today: datetime.date, months: int = MONTHS) -> list[datetime.date]:
	"""The first days of the last `months` months, oldest first, this month last."""
	starts = []
	year, month = today.year, today.month
	for _i in range(months):
		starts.append(datetime.date(year, month, 1))
		year, month = (year, month - 1) if month > 1 else (year - 1, 12)
	return starts[::-1]


def as_date(value) -> datetime.date | None:
	"""A date from what the database returns for DATE(...): a date, a datetime or 'YYYY-MM-DD'."""
	if value is None or value == "":
		return None
	if isinstance(value, datetime.datetime):
		return value.date()
	if isinstance(value, datetime.date):
		return value
	return datetime.date.fromisoformat(str(value)[:10])


def fold(
	counts: Iterable[tuple], starts: Sequence[datetime.date], keys: Sequence[str], monthly: bool = False
) -> dict[str, list[int]]:
	"""Counts per (day, key, count) folded into the periods that begin on `starts` (weeks, or months
	when `monthly`): {key: [count per period]}. Days before the first period, after the last one's
	end or under a key not in `keys` are left out."""
	index = {start: i for i, start in enumerate(starts)}
	out = {key: [0] * len(starts) for key in keys}
	for day, key, count in counts:
		day = as_date(day)
		if day is None or key not in out:
			continue
		period = month_start(day) if monthly else week_start(day)
		if period in index:
			out[key][index[period]] += int(count or 0)
	return out


def period_labels(starts: Sequence[datetime.date], monthly: bool = False) -> list[str]:
	"""'3 Nov' for a week (its Monday), 'Nov 2026' for a month."""
	if monthly:
		return [start.strftime("%b %Y") for start in starts]
	return [f"{start.day} {start.strftime('%b')}" for start in starts]


def chart(labels: Sequence[str], series: dict[str, list], names: dict[str, str] | None = None) -> dict:
	"""Frappe Charts' data: one dataset per series, named by `names` (translated by the caller)."""
	names = names or {}
	return {
		"labels": list(labels),
		"datasets": [{"name": names.get(key, key), "values": list(values)} for key, values in series.items()],
	}


def share(part: int, whole: int) -> float:
	"""`part` of `whole` in percent, to one decimal; 0 of nothing is 0."""
	return round(100.0 * part / whole, 1) if whole else 0.0


def shares(parts: Sequence[int], wholes: Sequence[int]) -> list[float]:
	return [share(part, whole) for part, whole in zip(parts, wholes, strict=True)]


def ranked(counts: Iterable[tuple[str, int]], limit: int, rest: str) -> dict[str, int]:
	"""The `limit` biggest groups by count (ties by name), and the others summed under `rest`."""
	ordered = sorted(((key, int(count or 0)) for key, count in counts), key=lambda kc: (-kc[1], kc[0]))
	top = dict(ordered[:limit])
	others = sum(count for _key, count in ordered[limit:])
	if others:
		top[rest] = top.get(rest, 0) + others
	return top
