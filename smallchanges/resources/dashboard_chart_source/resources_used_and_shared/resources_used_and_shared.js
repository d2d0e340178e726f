frappe.provide("frappe.dashboards.chart_sources");

// Resources used and shared: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Resources used and shared"] = {
	method: "smallchanges.resources.dashboard.used_and_shared",
	filters: [],
};
