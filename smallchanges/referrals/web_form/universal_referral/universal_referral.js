// Runs when Frappe builds the web form (the standard hook for a web form's client script).
frappe.init_client_script = () => {
	const web_form = frappe.web_form;
	const editing = web_form.is_new || web_form.in_edit_mode;
	let keeping_for_later = false; // the Save for later button was pressed (not Send)
	let last_save_for_later = false; // what the save whose answer is awaited was
	web_form.success_url = null; // the app's confirmation stays until the referrer moves on

	// ---- Send: saving the form sends the referral (the workflow's Submit / Resubmit action) ----
	web_form.handle_success = function (doc) {
		// Saved: a second press of Send (after a refusal) changes this referral, never a new one.
		web_form.doc.name = doc.name;
		if (last_save_for_later) {
			show_kept_for_later(doc);
			return;
		}
		const action = { Draft: "Submit", "Returned to Referrer": "Resubmit" }[doc.workflow_state];
		if (!action) {
			show_sent(doc, false);
			return;
		}
		frappe.call({
			method: "frappe.model.workflow.apply_workflow",
			args: { doc: { doctype: doc.doctype, name: doc.name }, action: action },
			freeze: true,
			freeze_message: __("Sending your referral to the team..."),
			callback: (r) => {
				if (!r.exc) show_sent(r.message || doc, action === "Resubmit");
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
				show_problems_on_their_pages();
			},
		});
	};

	function links(doc) {
		return [
			{ label: __("Go to your referrals"), href: "/universal-referral/list" },
			{ label: __("Open referral {0}", [doc.name]), href: `/universal-referral/${encodeURIComponent(doc.name)}` },
			{ label: __("Send another referral"), href: "/universal-referral/new" },
		];
	}

	function show_sent(doc, again) {
		smallchanges.show_confirmation({
			title: again ? __("Referral sent again") : __("Referral sent"),
			reference_label: __("Your reference:"),
			reference: doc.name,
			lines: [
				__("Quote this reference if you phone the council about this referral. We have emailed it to you too."),
				__(
					"What happens next: business support check that it is complete, then a team manager decides what happens, within one working day. We will email you the outcome, and you can follow it in your referrals."
				),
				__("If a child is in immediate danger, call the police on 999."),
			],
			links: links(doc),
		});
	}

	function show_kept_for_later(doc) {
		smallchanges.show_confirmation({
			title: __("Saved for later"),
			reference_label: __("Your draft's reference:"),
			reference: doc.name,
			lines: [
				__(
					"Your referral {0} is saved as a draft. It has not been sent: only your agency can see it, and the council sees it only once you send it. Open it from your list to finish it and send it.",
					[doc.name]
				),
			],
			links: links(doc).slice(0, 2),
		});
	}

	// ---- Save for later: the web form's own save, without Send; the team does not see it ----
	const save = web_form.save.bind(web_form);
	web_form.save = function () {
		const later = keeping_for_later;
		keeping_for_later = false;
		if (!window.saving) last_save_for_later = later;
		const field = this.fields_dict.saved_for_later;
		field && field.set_input(later ? 1 : 0);
		const allow_incomplete = this.allow_incomplete;
		// A draft may lack answers; the server still refuses what is given wrongly.
		if (later) this.allow_incomplete = true;
		try {
			return save();
		} finally {
			this.allow_incomplete = allow_incomplete;
		}
	};

	if (editing) {
		const $button = $(
			`<button type="button" class="btn btn-default btn-sm ml-2 save-for-later-btn">${__(
				"Save for later"
			)}</button>`
		);
		$button.insertBefore(".web-form-footer .right-area .submit-btn");
		$button.on("click", () => {
			keeping_for_later = true;
			web_form.save();
			return false;
		});
	}

	// ---- Children, household members, services, documents: one card each, not a spreadsheet ----
	smallchanges.cards(web_form, {
		children: { add: __("Add a child"), noun: __("Child") },
		household_members: { add: __("Add a person in the household"), noun: __("Person") },
		services: { add: __("Add a service"), noun: __("Service") },
		documents: { add: __("Add a document"), noun: __("Document") },
	});

	// ---- Plain messages: the date of birth is checked where it is typed -------------------------
	const children = web_form.fields_dict.children;
	if (children && children.grid) {
		const today = frappe.datetime.get_today();
		children.grid.docfields
			.filter((df) => df.fieldname === "date_of_birth")
			.forEach((df) => {
				df.description = __("Not in the future. For an unborn baby, leave it empty and give the expected date of delivery.");
				df.max_date = frappe.datetime.str_to_obj(today);
			});
	}

	// ---- Each page is checked before Next, by the server's own rules (the Send's) -----------------
	if (editing && web_form.$next_button) check_each_page();

	function page_fields(section) {
		// The questions on one page of the form, as Frappe laid the pages out.
		if (section > web_form.page_breaks.length) return [];
		const names = $(web_form.get_page(section))
			.find(".frappe-control[data-fieldname]")
			.map((_i, control) => control.dataset.fieldname)
			.get();
		return [...new Set(names)];
	}

	function clear_problems() {
		$(".sc-field-error").remove();
		$(".web-form [aria-invalid=true]").removeAttr("aria-invalid");
		$(".web-form .frappe-control.sc-has-error").removeClass("sc-has-error has-error");
	}

	function show_problems(problems) {
		let first = null;
		problems.forEach((problem, index) => {
			const field = web_form.fields_dict[problem.field];
			const $wrapper = field ? $(field.wrapper) : $(".web-form .form-page:visible").first();
			const id = `sc-error-${problem.field}-${index}`;
			const $message = $(`<p class="sc-field-error" role="alert"></p>`).attr("id", id).text(problem.message);
			$wrapper.addClass("sc-has-error has-error").append($message);
			const $input = $wrapper.find("input, select, textarea").first();
			if ($input.length) {
				$input.attr("aria-invalid", "true");
				const described = ($input.attr("aria-describedby") || "").split(" ").filter(Boolean);
				$input.attr("aria-describedby", [...described, id].join(" "));
			}
			if (!first) first = $input.length ? $input : $wrapper.find(".grid-add-row, button").first();
		});
		if (first && first.length) first.trigger("focus");
	}

	function go_next() {
		// What Frappe's Next does once the page is valid: the next page that has questions.
		for (let idx = web_form.current_section; idx < web_form.sections.length; idx++) {
			const is_empty = web_form.is_next_section_empty(idx);
			web_form.current_section =
				web_form.current_section < web_form.sections.length
					? web_form.current_section + 1
					: web_form.current_section;
			if (!is_empty) break;
		}
		web_form.toggle_section();
		window.scrollTo(0, 0);
	}

	function page_of(fieldname) {
		for (let section = 0; section <= web_form.page_breaks.length; section++) {
			if (page_fields(section).includes(fieldname)) return section;
		}
		return null;
	}

	function page_data() {
		const values = web_form.get_values(true) || {};
		return JSON.stringify(
			Object.assign({}, web_form.doc, values, { doctype: web_form.doc_type, web_form_name: web_form.name })
		);
	}

	// A refused Send: every problem on its question, and the first one's page shown.
	function show_problems_on_their_pages() {
		if (!web_form.is_multi_step_form) return;
		const all = [];
		for (let section = 0; section <= web_form.page_breaks.length; section++) all.push(...page_fields(section));
		frappe.call({
			method: "smallchanges.referrals.checks.check_page",
			args: { data: page_data(), fields: JSON.stringify(all) },
			callback: (r) => {
				const problems = (!r.exc && r.message) || [];
				if (!problems.length) return;
				const section = page_of(problems[0].field);
				if (section !== null) {
					web_form.current_section = section;
					web_form.toggle_section();
				}
				clear_problems();
				show_problems(problems);
			},
		});
	}

	function check_each_page() {
		web_form.$next_button.off("click").on("click", () => {
			clear_problems();
			if (!web_form.validate_section()) return false;
			frappe.call({
				method: "smallchanges.referrals.checks.check_page",
				args: { data: page_data(), fields: JSON.stringify(page_fields(web_form.current_section)) },
				btn: web_form.$next_button,
				callback: (r) => {
					if (r.exc) return;
					const problems = r.message || [];
					if (problems.length) show_problems(problems);
					else go_next();
				},
			});
			return false;
		});
	}
};
