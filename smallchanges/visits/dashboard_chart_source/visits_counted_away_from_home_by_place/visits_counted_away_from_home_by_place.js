frappe.provide("frappe.dashboards.chart_sources");

// Visits counted away from home by place: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Visits counted away from home by place"] = {
	method: "smallchanges.visits.dashboard.counted_away_from_home",
	filters: [],
};
