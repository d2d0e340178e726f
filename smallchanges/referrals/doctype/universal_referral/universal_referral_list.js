frappe.listview_settings["Universal Referral"] = {
	add_fields: ["workflow_state", "decision_due", "urgency"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const open = ["Submitted", "Checked"].includes(doc.workflow_state);
		if (open && doc.decision_due && doc.decision_due < frappe.datetime.get_today()) {
			return [__("Overdue"), "red", "decision_due,<," + frappe.datetime.get_today()];
		}
		const colours = {
			Draft: "gray",
			Submitted: "blue",
			Checked: "cyan",
			"Returned to Referrer": "orange",
			Accepted: "green",
			"No Further Action": "darkgrey",
			Redirected: "purple",
		};
		return [
			__(doc.workflow_state),
			colours[doc.workflow_state] || "gray",
			"workflow_state,=," + doc.workflow_state,
		];
	},
	onload(listview) {
		smallchanges_keep_referral_ids_whole();
		listview.page.add_inner_button(__("Overdue"), () => {
			listview.filter_area.clear().then(() => {
				listview.filter_area.add([
					["Universal Referral", "workflow_state", "in", ["Submitted", "Checked"]],
					["Universal Referral", "decision_due", "<", frappe.datetime.get_today()],
				]);
			});
		});
		listview.page.add_inner_button(__("Due today"), () => {
			listview.filter_area.clear().then(() => {
				listview.filter_area.add([
					["Universal Referral", "workflow_state", "in", ["Submitted", "Checked"]],
					["Universal Referral", "decision_due", "=", frappe.datetime.get_today()],
				]);
			});
		});
		listview.page.add_inner_button(__("By service"), () => {
			frappe.prompt(
				{ fieldname: "service", fieldtype: "Link", options: "LA Service", label: __("Service"), reqd: 1 },
				(values) => {
					listview.filter_area.add([
						["Referral Service Request", "service", "=", values.service],
					]);
				},
				__("Referrals asking for a service")
			);
		});
	},
};

// The ID column (UR-2026-00123) is as wide as the ID: Frappe's list gives every column an equal
// share, which cuts it to "UR-2026-001...".
function smallchanges_keep_referral_ids_whole() {
	if (document.getElementById("sc-referral-ids")) return;
	const style = document.createElement("style");
	style.id = "sc-referral-ids";
	style.textContent = `
		[data-page-route="List/Universal Referral/List"] .list-row-col:has(> span > [data-filter^="name,="]),
		[data-page-route="List/Universal Referral/List"] .list-row-head .list-row-col:has(> [data-sort-by="name"]) {
			flex: 0 0 auto;
			min-width: 9.5em;
		}`;
	document.head.appendChild(style);
}
