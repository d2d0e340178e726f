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
			frm.dashboard.add_comment(
				__("Next statutory visit due {0}", [frappe.datetime.str_to_user(frm.doc.next_visit_due)]),
				"blue",
				true
			);
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
	seen_alone(frm) {
		if (frm.doc.seen_alone) frm.set_value("not_seen_alone_reason", "");
	},
});
