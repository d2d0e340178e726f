// The visit list shows whether each visit counted, and why (the "Why" column).
frappe.listview_settings["Visit"] = {
	add_fields: ["counts_as_statutory", "counting_reason", "count_override"],
	get_indicator(doc) {
		const overridden = doc.count_override ? " " + __("(override)") : "";
		return doc.counts_as_statutory
			? [__("Counts") + overridden, "green", "counts_as_statutory,=,1"]
			: [__("Does not count") + overridden, "gray", "counts_as_statutory,=,0"];
	},
};
