"""The visit charts of the Small Changes workspace and dashboard: statutory visits that counted
away from home (the seed's school visits), by place; overdue visits, by team; and the visits
number card that is not a sum of the Statutory Visits Due report.

Each is one grouped query over the visits the user may reach (`access.visits`'s own criterion,
the one their lists use). Counted visits are read through an index led by the flag and the date
(`INDEXES`, added by the governance setup); overdue plans through the covering index of each
plan's latest visit (`visits.setup.LATEST_INDEX`), as the Statutory Visits Due report is.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import getdate, nowdate

from smallchanges.access.scope import rows_reached, scope_of
from smallchanges.access.visits import visit_criterion
from smallchanges.rules import dashboards as chart_rules
from smallchanges.rules import visits as visit_rules

VISIT = "Visit"
INDEXES = (
	(VISIT, ("counted_at_non_home_place", "visit_date", "counts_as_statutory", "place"), "counted_away_date"),
)
AWAY_PLACES = tuple(place for place in visit_rules.PLACES if place != visit_rules.HOME)
AWAY_FROM_HOME = [
	["counts_as_statutory", "=", 1],
	["counted_at_non_home_place", "=", 1],
	["visit_date", "Timespan", "this month"],
]
TEAMS_SHOWN = 10  # the teams the chart names; the rest are summed as "Other teams"


def _reached(visit):
	frappe.has_permission(VISIT, "read", throw=True)
	return rows_reached(scope_of(), visit_criterion, visit)


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def counted_away_from_home(filters: str | dict | None = None, **kwargs) -> dict:
	"""Statutory visits each month that counted although they were not at home, by place."""
	starts = chart_rules.month_starts(getdate(nowdate()))
	visit = frappe.qb.DocType(VISIT)
	reached = _reached(visit)
	counts = []
	if reached is not None:
		counts = (
			frappe.qb.from_(visit)
			.select(visit.visit_date, visit.place, Count("*"))
			.where(visit.counted_at_non_home_place == 1)
			.where(visit.visit_date >= starts[0])
			.where(visit.counts_as_statutory == 1)
			.where(visit.docstatus < 2)
			.where(reached)
			.groupby(visit.visit_date, visit.place)
			.run()
		)
	series = chart_rules.fold(counts, starts, AWAY_PLACES, monthly=True)
	return chart_rules.chart(
		chart_rules.period_labels(starts, monthly=True), series, {place: _(place) for place in AWAY_PLACES}
	)


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def overdue_by_team(filters: str | dict | None = None, **kwargs) -> dict:
	"""Open plans whose next statutory visit is overdue today, by the practitioner's team (a Frappe
	User Group, as in the Statutory Visits Due report); a practitioner in no team is "No team"."""
	visit = frappe.qb.DocType(VISIT)
	member = frappe.qb.DocType("User Group Member")
	reached = _reached(visit)
	counts = []
	if reached is not None:
		counts = (
			frappe.qb.from_(visit)
			.left_join(member)
			.on(member.user == visit.practitioner)
			.select(member.parent, Count("*"))
			.where(visit.latest_of_plan == 1)
			.where(visit.plan_ended == 0)
			.where(visit.next_visit_due < getdate(nowdate()))
			.where(reached)
			.groupby(member.parent)
			.run()
		)
	no_team = _("No team")
	shown = chart_rules.ranked(
		[(team or no_team, count) for team, count in counts], TEAMS_SHOWN, _("Other teams")
	)
	if not shown:  # nothing overdue: a chart that says so, not an empty box
		shown = {_("No visit overdue"): 0}
	return chart_rules.chart(list(shown), {"overdue": list(shown.values())}, {"overdue": _("Overdue visits")})


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def visits_counted_away_from_home(filters: str | dict | None = None) -> dict:
	"""Number card: this month's statutory visits that counted at a place other than home, among
	the visits the user may read (frappe.get_list applies the visit scope). Opens the list of them."""
	frappe.has_permission("Visit", "read", throw=True)
	rows = frappe.get_list("Visit", filters=AWAY_FROM_HOME, fields=["count(name) as n"])
	return {
		"value": rows[0].n if rows else 0,
		"fieldtype": "Int",
		"route": ["List", "Visit"],
		"route_options": {field: [op, value] for field, op, value in AWAY_FROM_HOME},
	}
