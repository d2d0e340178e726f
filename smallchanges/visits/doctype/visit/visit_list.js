// The visit list shows whether each visit counted, and why (the "Why" column), and a plan whose
// next statutory visit is overdue (on the plan's latest visit, as the form and the report do).
frappe.listview_settings["Visit"] = {
	add_fields: [
		"counts_as_statutory",
		"counting_reason",
		"count_override",
		"next_visit_due",
		"latest_of_plan",
		"plan_ended",
	],
	get_indicator(doc) {
		const today = frappe.datetime.get_today();
		const overridden = doc.count_override ? " " + __("(override)") : "";
		const counted = (doc.counts_as_statutory ? __("Counts") : __("Does not count")) + overridden;
		if (doc.latest_of_plan && !doc.plan_ended && doc.next_visit_due && doc.next_visit_due < today) {
			return [
				__("{0}; next visit overdue", [counted]),
				"red",
				`latest_of_plan,=,1|plan_ended,=,0|next_visit_due,<,${today}`,
			];
		}
		return doc.counts_as_statutory
			? [counted, "green", "counts_as_statutory,=,1"]
			: [counted, "gray", "counts_as_statutory,=,0"];
	},
};
