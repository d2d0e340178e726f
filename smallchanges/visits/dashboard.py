"""The visits number cards that are not sums of the Statutory Visits Due report."""

import frappe

AWAY_FROM_HOME = [
	["counts_as_statutory", "=", 1],
	["counted_at_non_home_place", "=", 1],
	["visit_date", "Timespan", "this month"],
]


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
