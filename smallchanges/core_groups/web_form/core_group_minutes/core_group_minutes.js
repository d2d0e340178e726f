// Runs when Frappe builds the web form (the standard hook for a web form's client script).
frappe.init_client_script = () => {
	const web_form = frappe.web_form;
	const doc = web_form.doc || {};
	web_form.success_url = null;
	let sending = null; // the workflow action to take once the save that is awaited has succeeded

	// Attendance, agency updates, progress and actions: one card each, on a phone too.
	smallchanges.cards(web_form, {
		attendance: { add: __("Add a person"), noun: __("Person") },
		agency_updates: { noun: __("Agency update") },
		outcome_progress: { add: __("Add an outcome"), noun: __("Outcome") },
		actions: { add: __("Add an action"), noun: __("Action") },
	});

	const links = (saved) => [
		{ label: __("Back to your core groups"), href: "/core-groups" },
		{ label: __("Open minutes {0}", [saved.name]), href: `/core-group-minutes/${encodeURIComponent(saved.name)}` },
	];

	// A new record is saved once to start: then the form shows what the server filled in.
	const show_success = web_form.handle_success.bind(web_form);
	web_form.handle_success = function (saved) {
		if (web_form.is_new && saved && saved.name) {
			window.location.href = `/${web_form.route}/${encodeURIComponent(saved.name)}/edit`;
			return;
		}
		const action = sending;
		sending = null;
		if (action) {
			send_for_review(saved, action);
			return;
		}
		smallchanges.show_confirmation({
			title: __("Minutes saved"),
			reference_label: __("Reference:"),
			reference: saved.name,
			lines: [__("The minutes are saved as a draft. Open them again to go on, or send them for review.")],
			links: links(saved),
		});
	};

	const action = { Draft: "Submit for Review", Returned: "Resubmit" }[doc.workflow_state];
	if (!doc.name || !action || !web_form.in_edit_mode) return;
	const button = $(
		`<button type="button" class="send-for-review-btn btn btn-primary btn-sm ml-2">${__("Send for review")}</button>`
	);
	$(".web-form-footer .right-area, .web-form-header .right-area").first().append(button);
	// Send for review saves what is on the screen first (through the form's own save and its
	// checks), then takes the workflow action: nothing typed is lost, and a refusal keeps the text.
	button.on("click", () => {
		sending = action;
		web_form.save();
		if (!window.saving) sending = null; // the form's own checks stopped it: they say what to fix
		return false;
	});

	function send_for_review(saved, action) {
		frappe.call({
			method: "frappe.model.workflow.apply_workflow",
			args: { doc: { doctype: saved.doctype, name: saved.name }, action: action },
			freeze: true,
			freeze_message: __("Sending the minutes to the chair and the lead social worker..."),
			callback: (r) => {
				if (r.exc) return;
				smallchanges.show_confirmation({
					title: __("Minutes sent for review"),
					reference_label: __("Reference:"),
					reference: saved.name,
					lines: [
						__("What you wrote is saved and the minutes are with the chair and the lead social worker."),
						__(
							"What happens next: they approve the minutes or return them to you with comments. Once approved, the minutes are sent to everyone in the core group."
						),
					],
					links: links(saved),
				});
			},
			error: () => {
				frappe.msgprint({
					title: __("Saved, not sent for review"),
					message: __("What you wrote is saved in minutes {0}, but they were not sent for review. Correct what is shown and press Send for review again.", [saved.name]),
					indicator: "orange",
				});
			},
		});
	}
};
