frappe.provide("frappe.dashboards.chart_sources");

// Minutes taken by agency: counted on the server, within what the user may see.
frappe.dashboards.chart_sources["Minutes taken by agency"] = {
	method: "smallchanges.core_groups.dashboard.takers_by_agency",
	filters: [],
};
