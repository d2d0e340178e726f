// Resource form: publish a new version, share by email, and see when the review is due.
frappe.ui.form.on("Resource", {
	refresh(frm) {
		if (frm.is_new()) return;
		const approved = frm.doc.workflow_state === "Approved";
		if (approved && frm.doc.is_current && frappe.model.can_create("Resource")) {
			frm.add_custom_button(__("New Version"), () =>
				frappe
					.call({
						method: "smallchanges.resources.api.new_version",
						args: { resource: frm.doc.name },
						freeze: true,
					})
					.then((r) => frappe.set_route("Form", "Resource", r.message))
			);
		}
		if (approved) {
			frm.add_custom_button(__("Share by Email"), () => smallchanges_share_resource(frm));
		}
		if (frm.doc.superseded_by) {
			frm.dashboard.set_headline_alert(
				__("Superseded by {0}.", [
					`<a href="/app/resource/${encodeURIComponent(frm.doc.superseded_by)}">${frappe.utils.escape_html(frm.doc.superseded_by)}</a>`,
				]),
				"gray"
			);
		} else if (approved && frm.doc.review_due && frm.doc.review_due < frappe.datetime.get_today()) {
			frm.dashboard.set_headline_alert(
				__("Review overdue: it was due on {0}.", [frappe.datetime.str_to_user(frm.doc.review_due)]),
				"red"
			);
		}
	},
});

function smallchanges_share_resource(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Share {0}", [frm.doc.title]),
		fields: [
			{
				fieldname: "recipients",
				fieldtype: "Small Text",
				label: __("To"),
				reqd: 1,
				description: __(
					"Email addresses, separated by commas. Staff get the library link (and a staff-only file); partners get their resources page; families the file, when it is for families."
				),
			},
			{ fieldname: "message", fieldtype: "Small Text", label: __("Message") },
		],
		primary_action_label: __("Send"),
		primary_action(values) {
			frappe
				.call({
					method: "smallchanges.resources.api.share",
					args: { resource: frm.doc.name, recipients: values.recipients, message: values.message || "" },
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					frappe.show_alert({
						message: __("Shared with {0}", [(r.message || []).join(", ")]),
						indicator: "green",
					});
				});
		},
	});
	dialog.show();
}
