// Child Import: attach the file, save, then "Start Import"; the progress bar comes from the job's
// frappe.publish_progress; the form shows the result when the job is done.
frappe.ui.form.on("Child Import", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.import_file) {
			return;
		}
		if (["Pending", "Refused", "Failed"].includes(frm.doc.status)) {
			frm.page.set_primary_action(__("Start Import"), () =>
				frappe
					.call({
						method: "smallchanges.referrals.child_import.start",
						args: { name: frm.doc.name },
						freeze: true,
					})
					.then(() => frm.reload_doc())
			);
		}
		if (frm.doc.refused_rows_file) {
			frm.dashboard.set_headline(
				__("{0} rows refused: nothing was written. Download the report, fix the file and import again.", [
					frm.doc.refused_count,
				]),
				"red"
			);
		} else if (frm.doc.status === "Imported") {
			frm.dashboard.set_headline(
				__("{0} children created, {1} updated, {2} unchanged.", [
					frm.doc.created_count,
					frm.doc.updated_count,
					frm.doc.unchanged_count,
				]),
				"green"
			);
		}
	},
});
