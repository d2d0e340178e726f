// Runs when Frappe builds the web form (the standard hook for a web form's client script).
frappe.init_client_script = () => {
	const web_form = frappe.web_form;
	const editing = web_form.is_new || web_form.in_edit_mode;
	let keeping_for_later = false; // the Save for later button was pressed (not Send)
	let last_save_for_later = false; // what the save whose answer is awaited was

	// ---- Send: saving the form sends the referral (the workflow's Submit / Resubmit action) ----
	const show_success = web_form.handle_success.bind(web_form);
	web_form.handle_success = function (doc) {
		if (last_save_for_later) {
			show_kept_for_later(doc);
			return;
		}
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

	function show_kept_for_later(doc) {
		$(".web-form-container").hide();
		$(".success-title").text(__("Saved for later"));
		$(".success-message").text(
			__(
				"Your referral {0} is saved as a draft. It has not been sent: only your agency can see it, and the council sees it only once you send it. Open it from your list to finish it and send it.",
				[doc.name]
			)
		);
		$(".success-footer").html(
			`<a href="/universal-referral/list" class="btn btn-primary btn-md">${__(
				"Go to your referrals"
			)}</a>`
		);
		$(".success-page").removeClass("hide");
		$(".success-title").attr("tabindex", "-1").trigger("focus");
	}

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
	const cards = {
		children: { add: __("Add a child"), noun: __("Child") },
		household_members: { add: __("Add a person in the household"), noun: __("Person") },
		services: { add: __("Add a service"), noun: __("Service") },
		documents: { add: __("Add a document"), noun: __("Document") },
	};
	for (const [fieldname, card] of Object.entries(cards)) {
		const grid = web_form.fields_dict[fieldname] && web_form.fields_dict[fieldname].grid;
		if (!grid) continue;
		// Every row opens as its own form (a card of labelled fields), never as cells in a row.
		grid.allow_on_grid_editing = () => false;
		grid.wrapper.addClass("sc-cards");
		grid.wrapper.find(".grid-add-row").text(card.add);
		// No CSV upload or bulk add for a referrer with one family to describe.
		grid.wrapper.find(".grid-upload, .grid-add-multiple-rows, .grid-download").remove();
		// A new card takes the focus, so that the keyboard goes on straight into it.
		grid.wrapper.find(".grid-add-row").on("click", () => {
			setTimeout(() => {
				grid.wrapper
					.find(".grid-row-open .grid-form-body")
					.find("input:visible, select:visible, textarea:visible")
					.first()
					.trigger("focus");
			}, 300);
		});
		// "Child 2" rather than "Editing Row #2".
		const name_cards = () => {
			grid.wrapper.find(".grid-form-heading .panel-title").each(function () {
				const first = this.childNodes[0];
				if (first && first.nodeType === Node.TEXT_NODE && first.textContent.trim() !== card.noun) {
					first.textContent = `${card.noun} `;
				}
			});
		};
		new MutationObserver(name_cards).observe(grid.wrapper[0], { childList: true, subtree: true });
		grid.refresh();
	}

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
};
