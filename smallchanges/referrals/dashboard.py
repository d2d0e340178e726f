"""The referral charts and number card of the Small Changes workspace and dashboard.

Each one is one grouped query over the referrals the user may reach (`access.referrals`'s own
criterion, the one their lists use), counting per day and key in the database; `rules.dashboards`
folds those counts into weeks. The dates they filter on are indexed (`INDEXES`, added by the
governance setup), so a chart reads the few weeks it shows, not the whole table.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Date
from frappe.utils import add_days, getdate, nowdate
from pypika.terms import Case, ValueWrapper

from smallchanges.access.referrals import referrals_reached
from smallchanges.access.scope import scope_of
from smallchanges.rules import dashboards as chart_rules
from smallchanges.rules import referral as referral_rules

REFERRAL, TRIAGE = "Universal Referral", "Referral Triage"
# (DocType, columns, index name): the dates the charts read a range of, and what they group by.
INDEXES = (
	(REFERRAL, ("received_at", "workflow_state"), "received_state"),
	(REFERRAL, ("decided_at", "decision_due"), "decided_due"),
	(TRIAGE, ("duplicates_checked_at",), "duplicates_checked_at"),
)
STATES = (
	referral_rules.SUBMITTED,
	referral_rules.CHECKED,
	referral_rules.RETURNED,
	referral_rules.ACCEPTED,
	referral_rules.NO_FURTHER_ACTION,
	referral_rules.REDIRECTED,
)
CARD_DAYS = 28  # the number card's period: the last four weeks
ON_TIME, LATE = "on_time", "late"


def _reached(table):
	"""The user's referrals as a criterion, after Frappe's own role check (None: none at all)."""
	frappe.has_permission(REFERRAL, "read", throw=True)
	return referrals_reached(scope_of(), table)


def _today():
	return getdate(nowdate())


def _weekly(counts, keys, names) -> dict:
	starts = chart_rules.week_starts(_today())
	series = chart_rules.fold(counts, starts, keys)
	return chart_rules.chart(chart_rules.period_labels(starts), series, names)


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def referrals_by_state_and_week(filters: str | dict | None = None, **kwargs) -> dict:
	"""Referrals received each week, by where they are now (sent, checked, returned, decided)."""
	ur = frappe.qb.DocType(REFERRAL)
	reached = _reached(ur)
	counts = []
	if reached is not None:
		first = chart_rules.week_starts(_today())[0]
		counts = (
			frappe.qb.from_(ur)
			.select(Date(ur.received_at), ur.workflow_state, Count("*"))
			.where(ur.received_at >= first)
			.where(reached)
			.groupby(Date(ur.received_at), ur.workflow_state)
			.run()
		)
	return _weekly(counts, STATES, {state: _(state) for state in STATES})


def _decided_on_time(ur):
	return Case().when(Date(ur.decided_at) <= ur.decision_due, ON_TIME).else_(LATE)


def decisions(since) -> list[tuple]:
	"""(day decided, on time or late, count) of the user's referrals decided since `since`."""
	ur = frappe.qb.DocType(REFERRAL)
	reached = _reached(ur)
	if reached is None:
		return []
	on_time = _decided_on_time(ur)
	return (
		frappe.qb.from_(ur)
		.select(Date(ur.decided_at), on_time, Count("*"))
		.where(ur.decided_at >= since)
		.where(ur.decision_due.isnotnull())
		.where(reached)
		.groupby(Date(ur.decided_at), on_time)
		.run()
	)


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def decisions_against_target(filters: str | dict | None = None, **kwargs) -> dict:
	"""Referrals decided each week: within the one-working-day target (by the decision's due date,
	set from the policy on receipt) or after it."""
	counts = decisions(chart_rules.week_starts(_today())[0])
	names = {ON_TIME: _("Within one working day"), LATE: _("Later")}
	return _weekly(counts, (ON_TIME, LATE), names)


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def decided_within_target(filters: str | dict | None = None) -> dict:
	"""Number card: the share of the last four weeks' decisions made within one working day."""
	counts = decisions(add_days(_today(), -CARD_DAYS))
	on_time = sum(count for _day, key, count in counts if key == ON_TIME)
	total = sum(count for _day, _key, count in counts)
	return {"value": chart_rules.share(on_time, total), "fieldtype": "Percent", "precision": 1}


def _intake_checks(flag) -> list[tuple]:
	"""(day checked, "all" or "flagged", count) of the user's referrals checked at intake."""
	ur, triage = frappe.qb.DocType(REFERRAL), frappe.qb.DocType(TRIAGE)
	reached = _reached(ur)
	frappe.has_permission(TRIAGE, "read", throw=True)
	if reached is None:
		return []
	first = chart_rules.week_starts(_today())[0]
	day = Date(triage.duplicates_checked_at)
	base = (
		frappe.qb.from_(triage)
		.join(ur)
		.on(ur.name == triage.referral)
		.where(triage.duplicates_checked_at >= first)
		.where(reached)
	)
	checked = base.select(day, ValueWrapper("all"), Count("*")).groupby(day).run()
	flagged = base.select(day, ValueWrapper("flagged"), Count("*")).where(flag(triage)).groupby(day).run()
	return [*checked, *flagged]


def _with_candidates(triage):
	return triage.possible_duplicates.isnotnull() & (triage.possible_duplicates != "[]")


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def duplicates_caught(filters: str | dict | None = None, **kwargs) -> dict:
	"""Referrals checked at intake each week, and how many of them the check found possible
	duplicates of a child already known for."""
	counts = _intake_checks(_with_candidates)
	names = {"all": _("Referrals checked"), "flagged": _("Possible duplicates found")}
	return _weekly(counts, ("all", "flagged"), names)


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def repeat_referrals(filters: str | dict | None = None, **kwargs) -> dict:
	"""Referrals checked at intake each week, and how many were about a child referred before."""
	counts = _intake_checks(lambda triage: triage.is_repeat == 1)
	names = {"all": _("Referrals checked"), "flagged": _("Repeat referrals")}
	return _weekly(counts, ("all", "flagged"), names)
