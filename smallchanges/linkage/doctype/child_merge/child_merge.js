// The two records side by side, with the evidence, on the merge's form.
frappe.ui.form.on("Child Merge", {
	refresh(frm) {
		const records = (frm.doc.__onload || {}).side_by_side || [];
		const labels = {
			name: __("Record"), full_name: __("Name"), also_known_as: __("Also known as"),
			date_of_birth: __("Date of birth"), expected_date_of_delivery: __("Expected date"),
			sex: __("Sex"), nhs_number: __("NHS number"), upn: __("UPN"), address: __("Address"),
			postcode: __("Postcode"),
		};
		if (!records.length) {
			frm.fields_dict.side_by_side.$wrapper.empty();
			return;
		}
		const head = [__("Keep"), __("Merge into it")].slice(0, records.length);
		const rows = Object.keys(labels).map((field) => `<tr><th>${labels[field]}</th>${records
			.map((r) => `<td>${frappe.utils.escape_html(String(r[field] ?? ""))}</td>`).join("")}</tr>`);
		frm.fields_dict.side_by_side.$wrapper.html(`<table class="table table-bordered">
			<thead><tr><th></th>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>
			<tbody>${rows.join("")}</tbody></table>`);
	},
});
