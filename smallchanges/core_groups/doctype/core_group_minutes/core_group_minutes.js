// Core Group Minutes in the desk: the library's approved minute-taking guide and template above the form.
frappe.ui.form.on("Core Group Minutes", {
	refresh(frm) {
		smallchanges.resources.show_for(frm);
	},
});
