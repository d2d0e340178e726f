frappe.provide("frappe.dashboards.chart_sources");

// Overdue visits by team: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Overdue visits by team"] = {
	method: "smallchanges.visits.dashboard.overdue_by_team",
	filters: [],
};
