frappe.ui.form.on("Duplicate Finder Settings", {
	refresh(frm) {
		const run = (retrain) => frappe.call({
			method: "smallchanges.linkage.api.find_now", type: "POST", args: { retrain: retrain ? 1 : 0 },
		}).then((r) => frappe.show_alert({ message: r.message, indicator: "blue" }));
		frm.add_custom_button(__("Find duplicates now"), () => run(false));
		frm.add_custom_button(__("Retrain the model and find"), () => run(true));
	},
});
