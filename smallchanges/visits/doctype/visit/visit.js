// Visit: defaults from the child's last visit, and whether it counts shown in words.
frappe.ui.form.on("Visit", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.counting_reason) {
			frm.dashboard.set_headline_alert(
				`<div class="${frm.doc.counts_as_statutory ? "text-success" : "text-muted"}">${frappe.utils.escape_html(
					frm.doc.counting_reason
				)}</div>`
			);
		}
		if (!frm.is_new() && frm.doc.next_visit_due) {
			const due = frappe.datetime.str_to_user(frm.doc.next_visit_due);
			if (smallchanges_visit_overdue(frm.doc)) {
				frm.set_intro(__("Next statutory visit overdue: it was due {0}", [due]), "red");
			} else {
				frm.set_intro(__("Next statutory visit due {0}", [due]), "blue");
			}
		}
	},
	child(frm) {
		if (!frm.is_new() || !frm.doc.child) return;
		frappe
			.call({
				method: "smallchanges.visits.api.visit_defaults",
				type: "GET",
				args: { child: frm.doc.child },
			})
			.then((r) => {
				for (const [field, value] of Object.entries(r.message || {})) {
					if (!frm.doc[field] || field === "place") frm.set_value(field, value);
				}
			});
	},
	child_seen(frm) {
		if (frm.doc.child_seen !== "Yes") frm.set_value("seen_alone", "");
	},
	seen_alone(frm) {
		if (frm.doc.seen_alone === "Yes") frm.set_value("not_seen_alone_reason", "");
	},
});

// A next-due date in the past is overdue, on the plan's latest visit while the plan is open (the
// same test as the Statutory Visits Due report and the list).
function smallchanges_visit_overdue(doc) {
	return Boolean(
		doc.next_visit_due &&
			doc.latest_of_plan &&
			!doc.plan_ended &&
			doc.next_visit_due < frappe.datetime.get_today()
	);
}
