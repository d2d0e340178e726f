frappe.provide("frappe.dashboards.chart_sources");

// Duplicates caught at intake: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Duplicates caught at intake"] = {
	method: "smallchanges.referrals.dashboard.duplicates_caught",
	filters: [],
};
