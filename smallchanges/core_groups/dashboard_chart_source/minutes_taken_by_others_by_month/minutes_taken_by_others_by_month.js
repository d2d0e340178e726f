frappe.provide("frappe.dashboards.chart_sources");

// Minutes taken by others by month: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Minutes taken by others by month"] = {
	method: "smallchanges.core_groups.dashboard.share_by_month",
	filters: [],
};
