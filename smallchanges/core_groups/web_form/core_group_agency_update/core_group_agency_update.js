// Runs when Frappe builds the web form (the standard hook for a web form's client script).
frappe.init_client_script = () => {
	const web_form = frappe.web_form;
	web_form.success_url = null;
	web_form.handle_success = function (saved) {
		smallchanges.show_confirmation({
			title: __("Update sent"),
			reference_label: __("Your update's reference:"),
			reference: saved.name,
			lines: [
				__("Thank you. Your update is with the core group's minutes: the minute taker sees it in the draft minutes."),
				__("What happens next: the core group discusses it at the meeting, and the approved minutes are sent to you."),
			],
			links: [
				{ label: __("Back to your core groups"), href: "/core-groups" },
				{ label: __("Your agency updates"), href: "/core-group-agency-update/list" },
			],
		});
	};
};
