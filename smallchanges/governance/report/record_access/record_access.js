frappe.query_reports["Record Access"] = {
	filters: [
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date" },
		{ fieldname: "user", label: __("Who"), fieldtype: "Link", options: "User" },
		{
			fieldname: "reference_doctype",
			label: __("Record Type"),
			fieldtype: "Select",
			options: ["", "Universal Referral", "Referral Triage", "Child"],
		},
		{ fieldname: "reference_name", label: __("Record"), fieldtype: "Data" },
		{
			fieldname: "channel",
			label: __("How"),
			fieldtype: "Select",
			options: ["", "Desk form", "REST", "Print", "Web form", "Web page", "List", "Report", "Export", "Search", "API"],
		},
	],
};
