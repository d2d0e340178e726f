// Runs when Frappe builds the web form (the standard hook for a web form's client script).
frappe.init_client_script = () => {
	const web_form = frappe.web_form;

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
};
