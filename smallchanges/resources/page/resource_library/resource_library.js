// The resource library: search over titles, descriptions, tags, categories and the words inside
// PDF and Office files; filters by kind, topic and audience; newest approved versions by default.

frappe.pages["resource-library"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Resource Library"),
		single_column: true,
	});
	wrapper.resource_library = new ResourceLibrary(page);
};

frappe.pages["resource-library"].on_page_show = function (wrapper) {
	if (wrapper.resource_library) wrapper.resource_library.load();
};

class ResourceLibrary {
	constructor(page) {
		this.page = page;
		page.set_primary_action(__("New Resource"), () => frappe.new_doc("Resource"), "add");
		this.query = page.add_field({
			fieldname: "query",
			label: __("Search"),
			fieldtype: "Data",
			placeholder: __("Search titles, tags and the text inside files"),
			change: () => this.load(),
		});
		this.kind = page.add_field({
			fieldname: "kind",
			label: __("Kind"),
			fieldtype: "Select",
			options: ["", "Form", "Template", "Guide", "Procedure link"],
			change: () => this.load(),
		});
		this.topic = page.add_field({
			fieldname: "topic",
			label: __("Topic"),
			fieldtype: "Data",
			placeholder: __("Topic"),
			change: () => this.load(),
		});
		this.audience = page.add_field({
			fieldname: "audience",
			label: __("Audience"),
			fieldtype: "Select",
			options: [
				"",
				"Staff",
				"Staff and partners",
				"Staff and families",
				"Staff, partners and families",
			],
			change: () => this.load(),
		});
		this.include_old = page.add_field({
			fieldname: "include_old",
			label: __("Drafts and old versions too"),
			fieldtype: "Check",
			change: () => this.load(),
		});
		this.$results = $('<div class="resource-library-results"></div>').appendTo(page.main);
		this.load();
	}

	load() {
		const args = {
			query: this.query.get_value() || "",
			kind: this.kind.get_value() || "",
			topic: this.topic.get_value() || "",
			audience: this.audience.get_value() || "",
			include_old: this.include_old.get_value() ? 1 : 0,
		};
		frappe.call({ method: "smallchanges.resources.api.search", args }).then((r) => {
			this.render(r.message || []);
		});
	}

	render(rows) {
		const esc = frappe.utils.escape_html;
		if (!rows.length) {
			this.$results.html(
				`<p class="text-muted resource-library-empty" style="padding: 1em">${__("No resources match.")}</p>`
			);
			return;
		}
		const items = rows
			.map((row) => {
				const badges = [
					`<span class="indicator-pill ${row.workflow_state === "Approved" ? "green" : "gray"}">${esc(__(row.workflow_state || "Draft"))}</span>`,
					row.review_status
						? `<span class="indicator-pill ${row.review_status === "Review overdue" ? "red" : "orange"} review-status">${esc(__(row.review_status))}</span>`
						: "",
				].join(" ");
				const open = row.file || row.url;
				return `<div class="resource-library-item frappe-card" style="margin: .5em 0; padding: .75em 1em" data-name="${esc(row.name)}">
					<div><a class="resource-title" href="/app/resource/${encodeURIComponent(row.name)}"><b>${esc(row.title)}</b></a>
						<span class="text-muted">${esc(__(row.kind))} · ${__("version {0}", [row.version])}${row.topic ? " · " + esc(row.topic) : ""}${row.category_name ? " · " + esc(row.category_name) : ""} · ${esc(__(row.audience))}</span>
						${badges}</div>
					${row.description ? `<div class="text-muted">${esc(row.description)}</div>` : ""}
					${open ? `<div><a href="${esc(open)}" target="_blank" rel="noopener">${row.file ? __("Download") : __("Open link")}</a></div>` : ""}
				</div>`;
			})
			.join("");
		this.$results.html(items);
	}
}
