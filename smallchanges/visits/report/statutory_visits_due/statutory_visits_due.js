// Statutory Visits Due: every open plan, most overdue first; record the next visit from a row.
frappe.query_reports["Statutory Visits Due"] = {
	filters: [
		{ fieldname: "team", label: __("Team"), fieldtype: "Link", options: "User Group" },
		{ fieldname: "practitioner", label: __("Practitioner"), fieldtype: "Link", options: "User" },
		{
			fieldname: "plan_type",
			label: __("Plan"),
			fieldtype: "Select",
			options: ["", "Child Protection", "Child in Need", "Looked After", "Private Fostering"],
		},
		{
			fieldname: "status",
			label: __("Show"),
			fieldtype: "Select",
			options: ["", "Overdue", "Due this week"],
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		const overdue = data && data.days_overdue > 0;
		if (["days_overdue", "status"].includes(column.fieldname) && overdue) {
			value = `<span class="text-danger">${value}</span>`;
		}
		if (column.fieldname === "record" && data && data.child) {
			value = `<a href="#" data-child="${frappe.utils.escape_html(
				data.child
			)}" class="record-visit btn btn-xs btn-default">${__("Record a visit")}</a>`;
		}
		return value;
	},
	onload(report) {
		report.page.wrapper.on("click", "a.record-visit", function (e) {
			e.preventDefault();
			const child = $(this).attr("data-child");
			frappe
				.call({ method: "smallchanges.visits.api.visit_defaults", type: "GET", args: { child } })
				.then((r) => frappe.new_doc("Visit", { child, ...(r.message || {}) }));
		});
	},
};
