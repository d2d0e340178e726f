frappe.query_reports["Overdue Referrals"] = {
	filters: [
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{
			fieldname: "level_of_need",
			label: __("Level of Need"),
			fieldtype: "Select",
			options: [
				"",
				"1 - Universal: needs met by everyday services",
				"2 - Early help: additional needs",
				"3 - Complex needs: child in need",
				"4 - Acute: significant harm (child protection)",
			],
		},
		{ fieldname: "urgency", label: __("Urgency"), fieldtype: "Select", options: ["", "Routine", "Urgent"] },
		{ fieldname: "service", label: __("Service"), fieldtype: "Link", options: "LA Service" },
		{ fieldname: "referrer_agency", label: __("Referrer"), fieldtype: "Link", options: "Partner Agency" },
	],
};
