frappe.query_reports["Overdue Core Group Actions"] = {
	filters: [
		{ fieldname: "plan", label: __("Plan"), fieldtype: "Link", options: "Child Protection Plan" },
		{ fieldname: "as_of", label: __("As of"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
