"""Core group minutes: the clocks, the carry-forward and the rules of a minutes record.

Pure Python: no Frappe import. Plain values in (dates, numbers from the Safeguarding Policy, a
WorkingDayCalendar), plain values or Problems out; the controller translates the messages.
Clocks (docs/domain.md#statutory-clocks): the first core group is due within the policy's
working days of the initial child protection conference (ICPC); later meetings at most the
policy's interval apart; minutes are due for circulation N working days after the meeting; the
first review conference is due the policy's months after the ICPC, then every interval of months.
"""

import calendar as month_calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from smallchanges.rules.calendar import WorkingDayCalendar
from smallchanges.rules.problems import Problem
from smallchanges.rules.translation import _

# Workflow states of Core Group Minutes (the workflow itself is a record an admin may edit).
DRAFT = "Draft"
SUBMITTED = "Submitted for Review"
RETURNED = "Returned"
APPROVED = "Approved"
DISTRIBUTED = "Distributed"
CANCELLED = "Cancelled"
MINUTE_TAKER_EDITS = (DRAFT, RETURNED)

# Attendance, progress and actions
ATTENDED = "Attended"
APOLOGIES = "Apologies"
SENT_REPORT = "Sent report"
DID_NOT_ATTEND = "Did not attend"
EXPECTED = "Expected"
ATTENDANCE = (EXPECTED, ATTENDED, APOLOGIES, SENT_REPORT, DID_NOT_ATTEND)
RED, AMBER, GREEN = "Red", "Amber", "Green"
OPEN, DONE, DROPPED = "Open", "Done", "Dropped"

REMIND_WITHIN_WORKING_DAYS = 2


@dataclass(frozen=True)
class ClockPolicy:
	"""The Safeguarding Policy's numbers that the core group clocks use."""

	first_core_group_working_days: int = 10
	max_core_group_interval_weeks: int = 6
	minutes_circulation_working_days: int = 5
	first_review_conference_months: int = 3
	review_conference_interval_months: int = 6


# ---- clocks ---------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
	"""The same day `months` later; the month's last day when it has no such day (31 Jan + 1)."""
	month_index = day.month - 1 + months
	year, month = day.year + month_index // 12, month_index % 12 + 1
	return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def last_working_day_on_or_before(day: date, calendar: WorkingDayCalendar) -> date:
	while not calendar.is_working_day(day):
		day -= timedelta(days=1)
	return day


def meeting_due(
	icpc_date: date, previous_meeting: date | None, policy: ClockPolicy, calendar: WorkingDayCalendar
) -> date:
	"""When this core group meeting is due at the latest.

	The first: the policy's working days after the ICPC. A later one: at most the policy's interval
	after the previous meeting; when that falls on a weekend, bank holiday or closure, the working
	day before it (a meeting "at most six weeks apart" cannot wait for the next working day).
	"""
	if previous_meeting is None:
		return calendar.add_working_days(icpc_date, policy.first_core_group_working_days)
	latest = previous_meeting + timedelta(weeks=policy.max_core_group_interval_weeks)
	return last_working_day_on_or_before(latest, calendar)


def circulation_due(meeting_date: date, policy: ClockPolicy, calendar: WorkingDayCalendar) -> date:
	return calendar.add_working_days(meeting_date, policy.minutes_circulation_working_days)


def review_conference_due(icpc_date: date, on_or_after: date, policy: ClockPolicy) -> date:
	"""The first review conference due on or after `on_or_after`: 3 months after the ICPC, then
	every 6 months (policy)."""
	due = add_months(icpc_date, policy.first_review_conference_months)
	step = 0
	while due < on_or_after:
		step += 1
		due = add_months(
			icpc_date,
			policy.first_review_conference_months + step * policy.review_conference_interval_months,
		)
	return due


def days_late(meeting_date: date, due: date, calendar: WorkingDayCalendar) -> int:
	"""Working days the meeting was held after it was due (0 when on time)."""
	return max(0, calendar.working_days_between(due, meeting_date))


# ---- prefill: less typing ------------------------------------------------------------------
@dataclass(frozen=True)
class Action:
	action: str
	owner_name: str | None = None
	owner_user: str | None = None
	due_date: date | None = None
	status: str = OPEN
	carried_from: str | None = None


def carry_forward(previous_actions: Iterable[Action], previous_minutes: str) -> list[Action]:
	"""Every action still open in the previous meeting, with its owner and due date, marked as
	carried from that meeting (an action carried before keeps where it started)."""
	return [
		Action(
			action=a.action,
			owner_name=a.owner_name,
			owner_user=a.owner_user,
			due_date=a.due_date,
			status=OPEN,
			carried_from=a.carried_from or previous_minutes,
		)
		for a in previous_actions
		if a.status == OPEN
	]


# ---- the rules of a minutes record -----------------------------------------------------------
@dataclass(frozen=True)
class MinutesEntry:
	meeting_date: date | None
	icpc_date: date | None
	today: date
	attendance: tuple[str, ...] = ()  # each row's attendance value
	actions: tuple[Action, ...] = ()
	outcome_ratings: tuple[str | None, ...] = field(default_factory=tuple)


def check_minutes(entry: MinutesEntry) -> list[Problem]:
	"""What every save of a minutes record must satisfy."""
	problems = []
	if not entry.meeting_date:
		problems.append(Problem("meeting_date", _("Give the date the meeting was held.")))
	else:
		if entry.icpc_date and entry.meeting_date < entry.icpc_date:
			problems.append(
				Problem(
					"meeting_date",
					_("The meeting date {0} is before the child protection conference ({1})."),
					(entry.meeting_date.isoformat(), entry.icpc_date.isoformat()),
				)
			)
		if entry.meeting_date > entry.today:
			problems.append(
				Problem(
					"meeting_date",
					_("The meeting date {0} is in the future: minutes record a meeting that was held."),
					(entry.meeting_date.isoformat(),),
				)
			)
	if not entry.attendance:
		problems.append(
			Problem(
				"attendance",
				_("Record the attendance: who was invited and who came, sent apologies or a report."),
			)
		)
	for row, action in enumerate(entry.actions, start=1):
		if not (action.action or "").strip():
			problems.append(Problem("actions", _("Say what the action is."), row=row))
		if not (action.owner_name or action.owner_user):
			problems.append(Problem("actions", _("Name who owns the action."), row=row))
		if not action.due_date:
			problems.append(Problem("actions", _("Give the action a due date."), row=row))
	return problems


def check_ready_for_review(entry: MinutesEntry) -> list[Problem]:
	"""What minutes sent for review must have as well: someone attended, every outcome rated."""
	problems = []
	if entry.attendance and ATTENDED not in entry.attendance:
		problems.append(Problem("attendance", _("Nobody is recorded as having attended the meeting.")))
	if EXPECTED in entry.attendance:
		problems.append(
			Problem(
				"attendance",
				_("Say for everyone expected whether they attended, sent apologies or a report."),
			)
		)
	for row, rating in enumerate(entry.outcome_ratings, start=1):
		if rating not in (RED, AMBER, GREEN):
			problems.append(Problem("outcome_progress", _("Rate the progress red, amber or green."), row=row))
	return problems


def reviewer_problem(user: str, chair: str | None, lead: str | None, minute_taker: str | None) -> str | None:
	"""Only the chair or the lead social worker approves or returns minutes, never their taker."""
	if user == minute_taker:
		return _(
			"You took these minutes, so you cannot approve or return them: the chair or the lead social worker must."
		)
	if user not in {chair, lead}:
		return _(
			"Only the chair or the lead social worker of this core group may approve or return its minutes."
		)
	return None


# ---- actions: reminders ---------------------------------------------------------------------
def action_reminder(due: date, today: date, calendar: WorkingDayCalendar) -> str | None:
	"""'overdue', 'due soon' (within two working days) or None."""
	if due < today:
		return "overdue"
	if due <= calendar.add_working_days(today, REMIND_WITHIN_WORKING_DAYS):
		return "due soon"
	return None


# ---- who takes the minutes (the seed's measure of success) -----------------------------------
@dataclass(frozen=True)
class TakerRow:
	month: str  # "2026-11"
	agency: str  # the minute taker's agency, or the council's team
	by_lead_social_worker: bool


def taker_share(rows: Iterable[TakerRow]) -> list[dict]:
	"""Per month and agency: minutes taken, and how many (and what share) by someone other than
	the lead social worker."""
	counts: dict[tuple[str, str], list[int]] = {}
	for row in rows:
		total_other = counts.setdefault((row.month, row.agency), [0, 0])
		total_other[0] += 1
		total_other[1] += 0 if row.by_lead_social_worker else 1
	return [
		{
			"month": month,
			"agency": agency,
			"minutes": total,
			"not_by_lead": other,
			"share_not_by_lead": round(100.0 * other / total, 1),
		}
		for (month, agency), (total, other) in sorted(counts.items())
	]


def share_not_by_lead(rows: Iterable[TakerRow]) -> float:
	rows = list(rows)
	if not rows:
		return 0.0
	return round(100.0 * sum(not r.by_lead_social_worker for r in rows) / len(rows), 1)
