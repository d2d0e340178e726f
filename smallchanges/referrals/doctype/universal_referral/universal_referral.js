// Staff form: the possible duplicates first (each child beside the records that may be the same
// child: link, create, undo a link), and each decision asked in a dialog where it is taken.
frappe.ui.form.on("Universal Referral", {
	refresh(frm) {
		smallchanges.resources.show_for(frm);
		// Staff-only triage lives in its own DocType (Referral Triage), read through one method.
		const can_triage = !frm.is_new() && frappe.model.can_read("Referral Triage");
		frm.toggle_display("triage_section", can_triage);
		if (frm.is_new()) return;
		if (can_triage) {
			smallchanges_show_triage(frm);
		}
		const open = ["Submitted", "Checked"].includes(frm.doc.workflow_state);
		if (open && frm.doc.decision_due && frm.doc.decision_due < frappe.datetime.get_today()) {
			frm.dashboard.add_comment(
				__("The decision was due on {0}.", [frappe.datetime.str_to_user(frm.doc.decision_due)]),
				"red",
				true
			);
		}
	},
	// Return, Accept, No Further Action, Redirect: the dialog asks exactly what the transition must
	// record (the server's own list, smallchanges.rules.referral.OUTCOME_QUESTIONS), then takes it in
	// one request. A transition that records nothing (Check) goes on as Frappe's action.
	before_workflow_action(frm) {
		const action = frm.selected_workflow_action;
		return frappe
			.call({
				method: "smallchanges.referrals.api.decision_questions",
				type: "GET",
				args: { referral: frm.doc.name, action },
			})
			.then((r) => r.message)
			.then(
				(questions) => {
					if (!questions.fields.length) return;
					frappe.dom.unfreeze();
					smallchanges_decision_dialog(frm, action, questions);
					// Frappe's own action does not run: the dialog takes the transition itself.
					return new Promise(() => {});
				},
				() => {
					frappe.dom.unfreeze();
					return new Promise(() => {});
				}
			);
	},
});

function smallchanges_decision_dialog(frm, action, questions) {
	const dialog = new frappe.ui.Dialog({
		title: __("{0}: {1}", [__(action), frm.doc.title || frm.doc.name]),
		fields: questions.fields,
		primary_action_label: __(action),
		primary_action(values) {
			dialog.disable_primary_action();
			frappe
				.xcall("smallchanges.referrals.api.decide", {
					referral: frm.doc.name,
					action,
					values,
				})
				.then((doc) => {
					dialog.hide();
					frm.reload_doc();
					frappe.show_alert({
						message: __("{0}: {1}", [frm.doc.name, __(doc.workflow_state)]),
						indicator: "green",
					});
				})
				.finally(() => dialog.enable_primary_action());
		},
	});
	dialog.$wrapper.addClass("sc-decision-dialog");
	dialog.show();
}

function smallchanges_show_triage(frm, attempt = 0) {
	const wrapper = frm.get_field("duplicates_html").$wrapper;
	if (!attempt) wrapper.html(`<p class="text-muted">${__("Loading possible duplicates...")}</p>`);
	frappe
		.call({
			method: "smallchanges.referrals.api.get_triage_view",
			args: { referral: frm.doc.name },
		})
		.then((r) => {
			const view = r.message || {};
			const triage = view.triage;
			const can_triage = view.can_triage;
			if (!triage && frm.doc.workflow_state !== "Draft" && attempt < 10) {
				// The duplicate check runs in the background once a Send has committed: look again.
				wrapper.html(
					`<p class="text-muted">${__("Checking for possible duplicates: this takes a few seconds...")}</p>`
				);
				setTimeout(() => {
					if (cur_frm === frm && !frm.is_dirty()) smallchanges_show_triage(frm, attempt + 1);
				}, 3000);
				return;
			}
			if (triage) {
				frm.add_custom_button(
					__("Triage notes"),
					() => frappe.set_route("Form", "Referral Triage", triage.name),
					__("Triage")
				);
				if (triage.is_repeat && triage.repeat_of) {
					frm.dashboard.set_headline_alert(
						__("Repeat referral: {0} is still open for the same child and service.", [
							`<a href="/app/universal-referral/${encodeURIComponent(triage.repeat_of)}">${frappe.utils.escape_html(triage.repeat_of)}</a>`,
						]),
						"orange"
					);
				}
			}
			if (can_triage) {
				frm.add_custom_button(
					__("Check duplicates again"),
					() =>
						frappe
							.call({
								method: "smallchanges.referrals.api.recheck_duplicates",
								args: { referral: frm.doc.name },
								freeze: true,
							})
							.then(() => frm.reload_doc()),
					__("Triage")
				);
			}
			smallchanges_render_duplicates(frm, wrapper, view.children || [], can_triage, view.can_undo_link);
		});
}

function smallchanges_render_duplicates(frm, wrapper, children, can_triage, can_undo_link) {
	const e = frappe.utils.escape_html;
	const date = (d) => (d ? frappe.datetime.str_to_user(d) : "");
	const rows = children
		.map((child) => {
			const undo =
				can_triage && can_undo_link
					? ` <button class="btn btn-xs btn-default sc-unlink-child" data-row="${e(child.row)}">${__("Undo link")}</button>`
					: "";
			const linked = child.linked_child
				? `<div class="text-success">${__("Linked to")} <a href="/app/child/${encodeURIComponent(child.linked_child)}">${e(child.linked_child)}</a>${undo}</div>`
				: can_triage
				? `<button class="btn btn-xs btn-default sc-create-child" data-row="${e(child.row)}" data-none="${child.candidates.length ? 0 : 1}">${
						child.candidates.length
							? __("None of these: create a new Child record")
							: __("Create a new Child record")
				  }</button>`
				: "";
			const candidates = child.candidates.length
				? child.candidates
						.map((c) => {
							if (c.restricted) {
								// A restricted record: only that it may match and whom to contact.
								const glass = c.may_break_glass
									? `<button class="btn btn-xs btn-danger sc-break-glass" data-restriction="${e(c.restriction)}">${__("Open in an emergency")}</button>`
									: "";
								return `<tr class="sc-restricted-match"><td colspan="5"><span class="indicator-pill red">${__("Restricted")}</span> ${e(c.message)}</td><td>${glass}</td></tr>`;
							}
							const link =
								c.doctype === "Child" && can_triage && !child.linked_child
									? `<button class="btn btn-xs btn-primary sc-link-child" data-row="${e(child.row)}" data-child="${e(c.name)}">${__("Same child: link")}</button>`
									: "";
							const others = (c.children || [])
								.map((k) => `${e(k.full_name)} ${date(k.date_of_birth)} ${e(k.postcode || "")}`)
								.join("<br>");
							return `<tr>
								<td><a href="/app/${frappe.router.slug(c.doctype)}/${encodeURIComponent(c.name)}">${e(c.name)}</a>
									<div class="small text-muted">${e(__(c.doctype))}${c.state ? " · " + e(__(c.state)) : ""}</div></td>
								<td>${e(c.full_name || "")}<div class="small">${others}</div></td>
								<td>${date(c.date_of_birth || c.expected_date_of_delivery)}</td>
								<td>${e(c.postcode || "")}</td>
								<td><span class="indicator-pill ${c.strength === "strong" ? "red" : "orange"}">${e(__(c.strength))} ${c.score}</span>
									<div class="small">${e(c.reasons || "")}</div></td>
								<td>${link}</td></tr>`;
						})
						.join("")
				: `<tr><td colspan="6" class="text-muted sc-no-candidates">${__(
						"There are no possible duplicates: no Child record or other referral looks like this child."
				  )}</td></tr>`;
			return `<div class="sc-duplicate-group" style="margin-bottom: var(--margin-lg)">
				<div class="row">
					<div class="col-sm-4"><h5>${e(child.name)}</h5>
						<div>${__("Born")}: ${date(child.date_of_birth) || __("not given")}</div>
						${child.expected_date_of_delivery ? `<div>${__("Due")}: ${date(child.expected_date_of_delivery)}</div>` : ""}
						<div>${__("Postcode")}: ${e(child.postcode || "")}</div>
						<div>${__("School")}: ${e(child.school || "")}</div>
						${child.also_known_as ? `<div>${__("Also known as")}: ${e(child.also_known_as)}</div>` : ""}
						${linked}</div>
					<div class="col-sm-8"><table class="table table-bordered table-sm">
						<thead><tr><th>${__("Record")}</th><th>${__("Name")}</th><th>${__("Born / due")}</th>
						<th>${__("Postcode")}</th><th>${__("Match")}</th><th></th></tr></thead>
						<tbody>${candidates}</tbody></table></div>
				</div></div>`;
		})
		.join("");
	wrapper.html(rows || `<p class="text-muted">${__("No children on this referral.")}</p>`);
	wrapper.find(".sc-link-child").on("click", (event) => {
		const { row, child } = event.currentTarget.dataset;
		frappe
			.call({
				method: "smallchanges.referrals.api.link_child",
				args: { referral: frm.doc.name, row, child },
				freeze: true,
			})
			.then(() => frm.reload_doc());
	});
	wrapper.find(".sc-break-glass").on("click", (event) => {
		const { restriction } = event.currentTarget.dataset;
		frappe.prompt(
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("Why you need the record now"),
				reqd: 1,
				description: __("Recorded in the access log; the people named on the record are told at once."),
			},
			({ reason }) =>
				frappe
					.call({
						method: "smallchanges.governance.restrictions.break_glass",
						args: { restriction, reason },
						freeze: true,
					})
					.then((r) => frappe.set_route("Form", "Child", r.message.child)),
			__("Open a restricted record"),
			__("Open it")
		);
	});
	wrapper.find(".sc-unlink-child").on("click", (event) => {
		frappe.confirm(
			__("Undo this link? The Child record stays; this child on the referral is no longer linked to it."),
			() =>
				frappe
					.call({
						method: "smallchanges.referrals.api.unlink_child",
						args: { referral: frm.doc.name, row: event.currentTarget.dataset.row },
						freeze: true,
					})
					.then(() => frm.reload_doc())
		);
	});
	wrapper.find(".sc-create-child").on("click", (event) => {
		const question =
			event.currentTarget.dataset.none === "1"
				? __("There are no possible duplicates. Create a new Child record for this child?")
				: __("None of these is the same child: create a new Child record?");
		frappe.confirm(question, () =>
			frappe
				.call({
					method: "smallchanges.referrals.api.create_child",
					args: { referral: frm.doc.name, row: event.currentTarget.dataset.row },
					freeze: true,
				})
				.then(() => frm.reload_doc())
		);
	});
}
