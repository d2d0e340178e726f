// Review of a cluster: propose a merge of two of its children, or dismiss it.
frappe.ui.form.on("Possible Duplicate", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Open") return;
		const children = (frm.doc.members || []).map((m) => ({
			value: m.child, label: `${m.child}: ${m.child_name || ""} (${m.date_of_birth || ""})`,
		}));
		frm.add_custom_button(__("Propose merge"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Propose a merge"),
				fields: [
					{ fieldname: "survivor", fieldtype: "Select", label: __("Keep this record"), options: children, reqd: 1, default: children[0]?.value },
					{ fieldname: "merged_child", fieldtype: "Select", label: __("Merge this record into it"), options: children, reqd: 1, default: children[1]?.value },
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Why"), reqd: 1 },
				],
				primary_action_label: __("Propose"),
				primary_action(values) {
					frappe.db.insert({ doctype: "Child Merge", possible_duplicate: frm.doc.name, ...values })
						.then((doc) => { dialog.hide(); frappe.set_route("Form", "Child Merge", doc.name); });
				},
			});
			dialog.show();
		});
		frm.add_custom_button(__("Dismiss"), () => {
			frappe.prompt({ fieldname: "reason", fieldtype: "Small Text", label: __("Why these are different children"), reqd: 1 },
				({ reason }) => {
					frm.set_value({ status: "Dismissed", dismissed_reason: reason }).then(() => frm.save());
				}, __("Dismiss"));
		});
	},
});
