// "Who has read this": the access log of a child's record, for those who may read the log (a
// Director or System Manager). The server says who they are (__onload.may_see_who_read).
frappe.provide("smallchanges");

smallchanges.add_who_read_button = function (frm) {
	if (frm.is_new() || !(frm.doc.__onload || {}).may_see_who_read) return;
	frm.add_custom_button(__("Who has read this"), () =>
		frappe
			.call({
				method: "smallchanges.access.access_log.who_read",
				args: { doctype: frm.doctype, name: frm.doc.name },
			})
			.then((r) => {
				const e = frappe.utils.escape_html;
				const rows = (r.message || [])
					.map(
						(row) => `<tr><td>${e(frappe.datetime.str_to_user(row.accessed_at))}</td>
						<td>${e(row.full_name || "")}</td><td>${e(row.what || "")}</td>
						<td>${e(__(row.reference_doctype))} ${e(row.reference_name || "")}</td></tr>`
					)
					.join("");
				frappe.msgprint({
					title: __("Who has read this record"),
					wide: true,
					message: rows
						? `<table class="table table-bordered table-sm sc-who-read"><thead><tr><th>${__("When")}</th>
							<th>${__("Who")}</th><th>${__("What they did")}</th><th>${__("Record")}</th></tr></thead>
							<tbody>${rows}</tbody></table>`
						: __("No reads recorded."),
				});
			})
	);
};

// This file is loaded with each of these forms' scripts: register the handlers once.
if (!smallchanges.who_read_registered) {
	smallchanges.who_read_registered = true;
	["Universal Referral", "Child"].forEach((doctype) =>
		frappe.ui.form.on(doctype, { refresh: (frm) => smallchanges.add_who_read_button(frm) })
	);
}
