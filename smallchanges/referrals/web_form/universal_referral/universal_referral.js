frappe.ready(function () {
	const web_form = frappe.web_form;

	// Columns the council's team fills in during triage are not part of the referrer's form.
	const staff_only = ["child", "match_summary", "first_name_key", "last_name_key", "postcode_normalised"];
	const children = web_form.fields_dict.children;
	if (children && children.grid) {
		staff_only.forEach((fieldname) =>
			children.grid.update_docfield_property(fieldname, "hidden", 1)
		);
	}

	// Saving the form sends the referral to the team (the workflow's Submit / Resubmit action).
	const show_success = web_form.handle_success.bind(web_form);
	web_form.handle_success = function (doc) {
		const action = { Draft: "Submit", "Returned to Referrer": "Resubmit" }[doc.workflow_state];
		if (!action) {
			show_success(doc);
			return;
		}
		frappe.call({
			method: "frappe.model.workflow.apply_workflow",
			args: { doc: { doctype: doc.doctype, name: doc.name }, action: action },
			freeze: true,
			freeze_message: __("Sending your referral to the team..."),
			callback: (r) => {
				if (!r.exc) show_success(r.message);
			},
			error: () => {
				frappe.msgprint({
					title: __("Saved, not sent"),
					message: __(
						"Your referral {0} is saved as a draft but was not sent. Correct what is shown and press Send again.",
						[doc.name]
					),
					indicator: "orange",
				});
			},
		});
	};
});
