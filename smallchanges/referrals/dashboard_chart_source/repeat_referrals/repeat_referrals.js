frappe.provide("frappe.dashboards.chart_sources");

// Repeat referrals: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Repeat referrals"] = {
	method: "smallchanges.referrals.dashboard.repeat_referrals",
	filters: [],
};
