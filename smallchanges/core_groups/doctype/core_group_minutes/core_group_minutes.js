// Core Group Minutes in the desk: the library's approved minute-taking guide and template above the
// form; once distributed, who the minutes went to (said at once after Distribute, and kept above
// the form).
frappe.ui.form.on("Core Group Minutes", {
	refresh(frm) {
		smallchanges.resources.show_for(frm);
		if (frm.doc.distributed_on) {
			const sent = smallchanges_minutes_recipients(frm);
			frm.set_intro(
				__("Distributed on {0} to {1}.", [
					frappe.datetime.str_to_user(frm.doc.distributed_on),
					sent.map((row) => frappe.utils.escape_html(row.recipient_name || row.email)).join(", "),
				]),
				"green"
			);
		}
	},
	after_workflow_action(frm) {
		if (frm.doc.workflow_state !== "Distributed" || !frm.doc.distributed_on) return;
		const e = frappe.utils.escape_html;
		const rows = smallchanges_minutes_recipients(frm)
			.map((row) => `<tr><td>${e(row.recipient_name || "")}</td><td>${e(row.email)}</td></tr>`)
			.join("");
		frappe.msgprint({
			title: __("Minutes distributed"),
			indicator: "green",
			message: `<p>${__("The approved minutes were sent as a PDF on {0} to:", [
				frappe.datetime.str_to_user(frm.doc.distributed_on),
			])}</p>
				<table class="table table-bordered table-sm sc-distributed-to">
					<thead><tr><th>${__("Name")}</th><th>${__("Email")}</th></tr></thead>
					<tbody>${rows}</tbody></table>`,
		});
	},
});

// The distribution rows sent in the Distribute step (each row records when it was sent).
function smallchanges_minutes_recipients(frm) {
	return (frm.doc.distribution || []).filter((row) => row.sent_on);
}
