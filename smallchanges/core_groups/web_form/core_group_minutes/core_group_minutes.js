// Runs when Frappe builds the web form (the standard hook for a web form's client script).
frappe.init_client_script = () => {
	const web_form = frappe.web_form;
	const doc = web_form.doc || {};

	// A new record is saved once to start: then the form shows what the server filled in.
	const show_success = web_form.handle_success.bind(web_form);
	web_form.handle_success = function (saved) {
		if (web_form.is_new && saved && saved.name) {
			window.location.href = `/${web_form.route}/${encodeURIComponent(saved.name)}/edit`;
			return;
		}
		show_success(saved);
	};

	const action = { Draft: "Submit for Review", Returned: "Resubmit" }[doc.workflow_state];
	if (!doc.name || !action || !web_form.in_edit_mode) return;
	const button = $(
		`<button type="button" class="send-for-review-btn btn btn-primary btn-sm ml-2">${__("Send for review")}</button>`
	);
	$(".web-form-footer .right-area, .web-form-header .right-area").first().append(button);
	button.on("click", () => {
		frappe.call({
			method: "frappe.model.workflow.apply_workflow",
			args: { doc: { doctype: doc.doctype, name: doc.name }, action: action },
			freeze: true,
			freeze_message: __("Sending the minutes to the chair and the lead social worker..."),
			callback: (r) => {
				if (r.exc) return;
				frappe.msgprint({
					title: __("Sent for review"),
					message: __("The chair or the lead social worker will approve the minutes or return them with comments."),
					indicator: "green",
					primary_action: {
						label: __("Back to your core groups"),
						action: () => (window.location.href = "/core-groups"),
					},
				});
			},
		});
	});
};
