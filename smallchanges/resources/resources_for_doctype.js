// The library's approved, current resources for this form's DocType, shown above the form.
// A DocType opts in by listing this file in hooks.doctype_js and calling
// smallchanges.resources.show_for(frm) from its form's refresh.
frappe.provide("smallchanges.resources");

smallchanges.resources.show_for = function (frm) {
	frappe
		.call({
			method: "smallchanges.resources.api.for_doctype",
			args: { doctype: frm.doctype },
		})
		.then((r) => {
			if (frm.smallchanges_resources) frm.smallchanges_resources.remove();
			const resources = r.message || [];
			if (!resources.length) return;
			const items = resources
				.map((res) => {
					const href = res.href || `/app/resource/${encodeURIComponent(res.name)}`;
					return `<li><a href="${frappe.utils.escape_html(href)}" target="_blank" rel="noopener">${frappe.utils.escape_html(res.title)}</a>
						<span class="text-muted">(${frappe.utils.escape_html(__(res.kind))}, ${__("version {0}", [res.version])})</span></li>`;
				})
				.join("");
			frm.smallchanges_resources = frm.dashboard.add_section(
				`<div class="smallchanges-resources-panel"><strong>${__("Guidance for this form")}</strong><ul class="list-unstyled">${items}</ul></div>`,
				__("Resources")
			);
			frm.dashboard.show();
		});
};
