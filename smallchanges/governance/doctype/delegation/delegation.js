// Copyright (c) 2026, smallchanges contributors
// For license information, please see license.txt

frappe.ui.form.on("Delegation", {
	setup(frm) {
		// Staff may request a delegation to a role without reading the Role list itself.
		frm.set_query("delegate_role", () => ({
			query: "smallchanges.governance.doctype.delegation.delegation.role_query",
		}));
	},

	refresh(frm) {
		frm.add_custom_button(__("Who can do what"), () => frappe.set_route("who-can-do-what"));
	},
});
