frappe.listview_settings["Resource"] = {
	add_fields: ["workflow_state", "review_due", "is_current"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		if (doc.workflow_state === "Approved" && doc.review_due && doc.review_due < frappe.datetime.get_today()) {
			return [__("Review overdue"), "red", "review_due,<," + frappe.datetime.get_today()];
		}
		const colours = { Draft: "orange", Approved: "green", Retired: "gray" };
		const state = doc.workflow_state || "Draft";
		return [__(state), colours[state] || "blue", "workflow_state,=," + state];
	},
	onload(listview) {
		listview.page.add_inner_button(__("Library"), () => frappe.set_route("resource-library"));
		if (frappe.user.has_role("System Manager")) {
			listview.page.add_inner_button(__("Import a folder (zip)"), () => smallchanges_import_zip(listview));
		}
	},
};

function smallchanges_import_zip(listview) {
	new frappe.ui.FileUploader({
		restrictions: { allowed_file_types: [".zip"] },
		make_attachments_public: false,
		allow_toggle_private: false,
		on_success(file) {
			frappe
				.call({
					method: "smallchanges.resources.api.import_zip",
					args: { file_url: file.file_url },
					freeze: true,
					freeze_message: __("Importing the folder..."),
				})
				.then((r) => {
					const summary = r.message || { imported: [], skipped: [] };
					const esc = frappe.utils.escape_html;
					const imported = summary.imported.map((i) => `<li>${esc(i.path)} → ${esc(i.title)}</li>`).join("");
					const skipped = summary.skipped
						.map((s) => `<li>${esc(s.path)}: ${esc(s.reason)}</li>`)
						.join("");
					frappe.msgprint({
						title: __("Import summary"),
						message: `<p>${__("{0} imported as Draft resources, {1} skipped.", [summary.imported.length, summary.skipped.length])}</p>
							${imported ? `<h5>${__("Imported")}</h5><ul>${imported}</ul>` : ""}
							${skipped ? `<h5>${__("Skipped")}</h5><ul>${skipped}</ul>` : ""}`,
						wide: true,
					});
					listview.refresh();
				});
		},
	});
}
