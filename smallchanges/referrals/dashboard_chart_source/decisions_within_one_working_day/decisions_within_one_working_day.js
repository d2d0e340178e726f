frappe.provide("frappe.dashboards.chart_sources");

// Decisions within one working day: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Decisions within one working day"] = {
	method: "smallchanges.referrals.dashboard.decisions_against_target",
	filters: [],
};
