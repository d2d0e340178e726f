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
		// The request is its requester's while it waits; the approver decides on it as asked (the
		// server refuses any other change too).
		const own = frm.is_new() || frm.doc.requested_by === frappe.session.user;
		const waiting = frm.is_new() || frm.doc.workflow_state === "Requested";
		for (const field of REQUEST_FIELDS) {
			frm.set_df_property(field, "read_only", own && waiting ? 0 : 1);
		}
	},

	// Approve and Reject ask the decision note (required), then act in one request.
	before_workflow_action(frm) {
		const action = frm.selected_workflow_action;
		return frappe
			.call({
				method: "smallchanges.governance.doctype.delegation.delegation.decision_note_needed",
				type: "GET",
				args: { delegation: frm.doc.name, action },
			})
			.then((r) => r.message)
			.then(
				(needed) => {
					if (!needed) return;
					frappe.dom.unfreeze();
					smallchanges_delegation_decision(frm, action);
					return new Promise(() => {});
				},
				() => {
					frappe.dom.unfreeze();
					return new Promise(() => {});
				}
			);
	},
});

const REQUEST_FIELDS = [
	"task",
	"reason",
	"delegate_to",
	"delegate_role",
	"delegate_users",
	"valid_from",
	"valid_until",
];

function smallchanges_delegation_decision(frm, action) {
	const dialog = new frappe.ui.Dialog({
		title: __("{0} delegation {1}", [__(action), frm.doc.name]),
		fields: [
			{
				fieldtype: "HTML",
				options: `<p>${frappe.utils.escape_html(frm.doc.task_description || frm.doc.task)}</p>
					<p class="text-muted">${__("To")}: ${frappe.utils.escape_html(
						frm.doc.delegates_summary || ""
					)} · ${frappe.datetime.str_to_user(frm.doc.valid_from)} – ${frappe.datetime.str_to_user(
					frm.doc.valid_until
				)}</p>`,
			},
			{
				fieldname: "note",
				fieldtype: "Small Text",
				label: __("Decision note"),
				reqd: 1,
				description: __("Why you decide this way; the requester sees it."),
			},
		],
		primary_action_label: __(action),
		primary_action(values) {
			dialog.disable_primary_action();
			frappe
				.xcall("smallchanges.governance.doctype.delegation.delegation.decide", {
					delegation: frm.doc.name,
					action,
					note: values.note,
				})
				.then((doc) => {
					dialog.hide();
					frm.reload_doc();
				})
				.finally(() => dialog.enable_primary_action());
		},
	});
	dialog.show();
}
