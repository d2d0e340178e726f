frappe.provide("frappe.dashboards.chart_sources");

// Referrals by state and week: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Referrals by state and week"] = {
	method: "smallchanges.referrals.dashboard.referrals_by_state_and_week",
	filters: [],
};
