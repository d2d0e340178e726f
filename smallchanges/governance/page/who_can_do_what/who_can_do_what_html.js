// Included by who_can_do_what.js (its page loader inlines this file there): escaping and the
// small pieces of markup the view builds its sections from.

function kind_word(kind) {
	return kind === "yes" ? __("Yes") : kind === "delegation" ? __("With a delegation") : __("No");
}

function pill(kind) {
	return kind === "yes" ? "green" : kind === "delegation" ? "orange" : "gray";
}

function e(value) {
	return frappe.utils.escape_html(value == null ? "" : String(value));
}

function table(headers, rows) {
	return `<table class="table table-bordered table-sm"><thead><tr>${headers
		.map((h) => `<th>${e(h)}</th>`)
		.join("")}</tr></thead><tbody>${rows}</tbody></table>`;
}
