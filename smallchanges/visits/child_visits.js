// On a child's record: record a visit in one click, with the last visit's plan and place filled in.
frappe.ui.form.on("Child", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_create("Visit")) return;
		frm.add_custom_button(__("Record a visit"), () => smallchanges_record_visit(frm.doc.name));
		frm.add_custom_button(
			__("Visits"),
			() => frappe.set_route("List", "Visit", { child: frm.doc.name }),
			__("View")
		);
	},
});

function smallchanges_record_visit(child) {
	frappe
		.call({ method: "smallchanges.visits.api.visit_defaults", type: "GET", args: { child } })
		.then((r) => frappe.new_doc("Visit", { child, ...(r.message || {}) }));
}
