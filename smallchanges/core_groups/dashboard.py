"""Who takes the minutes (the seed's measure of success), for the report, the number card and the
charts.

The card and the charts count in the database, per month and minute taker's agency, over the
minutes the user may reach (`access.core_groups`'s own criterion, the one their lists use), in
one grouped query on the indexed meeting date (`INDEXES`, added by the governance setup).
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, IfNull
from frappe.utils import getdate, nowdate
from pypika.terms import Case

from smallchanges.access.core_groups import minutes_criterion
from smallchanges.access.scope import rows_reached, scope_of
from smallchanges.rules import core_groups as core_group_rules
from smallchanges.rules import dashboards as chart_rules

MINUTES = "Core Group Minutes"
INDEXES = ((MINUTES, ("meeting_date",), "meeting_date"),)
AGENCIES_SHOWN = 5  # the agencies a chart names; the rest are summed as "Other agencies"
BY_LEAD, BY_OTHERS = "lead", "others"


def taker_rows(from_date=None, to_date=None) -> list[core_group_rules.TakerRow]:
	"""One row per minutes record (not cancelled) the user may read, through the core group scope."""
	filters = {"docstatus": ["<", 2]}
	if from_date and to_date:
		filters["meeting_date"] = ["between", [getdate(from_date), getdate(to_date)]]
	elif from_date:
		filters["meeting_date"] = [">=", getdate(from_date)]
	elif to_date:
		filters["meeting_date"] = ["<=", getdate(to_date)]
	minutes = frappe.get_list(
		"Core Group Minutes",
		filters=filters,
		fields=["meeting_date", "minute_taker", "minute_taker_agency", "lead_social_worker"],
		limit_page_length=0,
	)
	return [
		core_group_rules.TakerRow(
			month=getdate(row.meeting_date).strftime("%Y-%m"),
			agency=row.minute_taker_agency or _("Children's social care"),
			by_lead_social_worker=row.minute_taker == row.lead_social_worker,
		)
		for row in minutes
		if row.meeting_date
	]


def _by_whom(minutes):
	"""'lead' when the lead social worker took the minutes, else 'others' (as `TakerRow` judges)."""
	return (
		Case()
		.when(IfNull(minutes.minute_taker, "") == IfNull(minutes.lead_social_worker, ""), BY_LEAD)
		.else_(BY_OTHERS)
	)


def monthly_takers(since) -> list[tuple]:
	"""(first day of the meeting, lead or others, minute taker's agency, count) of the minutes (not
	cancelled) the user may reach, held since `since`: one grouped query."""
	frappe.has_permission(MINUTES, "read", throw=True)
	minutes = frappe.qb.DocType(MINUTES)
	reached = rows_reached(scope_of(), minutes_criterion, minutes)
	if reached is None:
		return []
	by_whom = _by_whom(minutes)
	return (
		frappe.qb.from_(minutes)
		.select(minutes.meeting_date, by_whom, minutes.minute_taker_agency, Count("*"))
		.where(minutes.meeting_date >= since)
		.where(minutes.docstatus < 2)
		.where(reached)
		.groupby(minutes.meeting_date, by_whom, minutes.minute_taker_agency)
		.run()
	)


def _months():
	return chart_rules.month_starts(getdate(nowdate()))


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def minutes_taken_by_others(filters: str | dict | None = None) -> dict:
	"""Number card: the share of the last twelve months' minutes taken by someone other than the
	lead social worker."""
	rows = monthly_takers(_months()[0])
	others = sum(count for _day, whom, _agency, count in rows if whom == BY_OTHERS)
	return {
		"value": chart_rules.share(others, sum(row[-1] for row in rows)),
		"fieldtype": "Percent",
		"precision": 1,
	}


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def share_by_month(filters: str | dict | None = None, **kwargs) -> dict:
	"""Each month's share (%) of minutes taken by someone other than the lead social worker."""
	starts = _months()
	rows = monthly_takers(starts[0])
	series = chart_rules.fold(
		[(day, whom, count) for day, whom, _agency, count in rows], starts, (BY_LEAD, BY_OTHERS), monthly=True
	)
	totals = [lead + others for lead, others in zip(series[BY_LEAD], series[BY_OTHERS], strict=True)]
	return chart_rules.chart(
		chart_rules.period_labels(starts, monthly=True),
		{"share": chart_rules.shares(series[BY_OTHERS], totals)},
		{"share": _("Taken by others (%)")},
	)


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def takers_by_agency(filters: str | dict | None = None, **kwargs) -> dict:
	"""Minutes taken each month: by the lead social worker, and by anyone else, by their agency."""
	starts = _months()
	rows = monthly_takers(starts[0])
	council = _("Children's social care")
	lead = _("The lead social worker")
	keyed = [
		(day, lead if whom == BY_LEAD else (agency or council), count) for day, whom, agency, count in rows
	]
	totals: dict[str, int] = {}
	for _day, key, count in keyed:
		if key != lead:
			totals[key] = totals.get(key, 0) + count
	other = _("Other agencies")
	shown = chart_rules.ranked(totals.items(), AGENCIES_SHOWN, other)
	named = [(day, key if key == lead or key in shown else other, count) for day, key, count in keyed]
	keys = (lead, *shown)
	series = chart_rules.fold(named, starts, keys, monthly=True)
	return chart_rules.chart(chart_rules.period_labels(starts, monthly=True), series)
