// "Who can do what": generated live from the app's permissions, workflows, delegations and
// Safeguarding Policy (smallchanges.governance.overview). Nothing on this page is hand-written.

frappe.pages["who-can-do-what"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Who can do what"),
		single_column: true,
	});
	const view = new WhoCanDoWhat(page);
	page.set_primary_action(__("Print"), () => view.print(), "printer");
	page.add_inner_button(__("Refresh"), () => view.load());
	page.add_inner_button(__("Request a delegation"), () => frappe.new_doc("Delegation"));
	wrapper.who_can_do_what = view;
	view.load();
};

frappe.pages["who-can-do-what"].on_page_show = function (wrapper) {
	// Come back to the page and see the latest rules (an admin may have changed them meanwhile).
	if (wrapper.who_can_do_what && wrapper.who_can_do_what.loaded) {
		wrapper.who_can_do_what.load();
	}
};

class WhoCanDoWhat {
	constructor(page) {
		this.page = page;
		this.$body = $('<div class="who-can-do-what"></div>').appendTo(page.main);
		this.loaded = false;
	}

	load() {
		return frappe
			.call({
				method: "smallchanges.governance.page.who_can_do_what.who_can_do_what.get_data",
				type: "GET",
			})
			.then((r) => {
				this.data = r.message;
				this.loaded = true;
				this.$body.html(this.render(this.data));
			});
	}

	print() {
		if (!this.data) return;
		const w = window.open("", "_blank");
		if (!w) {
			frappe.msgprint(__("Allow pop-ups for this site to print the page."));
			return;
		}
		w.document.write(`<!doctype html><html><head><meta charset="utf-8">
			<title>${e(__("Who can do what"))}</title>
			<style>
				body { font-family: system-ui, sans-serif; font-size: 11pt; margin: 2em; color: #000; }
				h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 1.5em; } h3 { font-size: 12pt; }
				table { border-collapse: collapse; margin: .5em 0 1em; }
				th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
				a { color: inherit; text-decoration: none; }
				.text-muted { color: #555; }
				.wcdw-no-print { display: none; }
			</style></head><body>
			<h1>${e(__("Who can do what"))}</h1>
			${this.render(this.data)}
			</body></html>`);
		w.document.close();
		w.focus();
		w.print();
	}

	render(data) {
		return [
			this.render_you(data.you),
			this.render_roles(data.roles),
			this.render_tasks(data.tasks),
			this.render_delegations(data.delegations, data.pending),
			this.render_workflows(data.workflows),
			this.render_matrix(data.matrix, data.right_labels),
			this.render_policy(data.policy),
			`<p class="text-muted small">${e(
				__("Generated from the live permissions, workflows, delegations and policy at {0}.", [
					frappe.datetime.str_to_user(data.generated_at),
				])
			)}</p>`,
		].join("");
	}

	render_you(you) {
		const items = you.tasks
			.map(
				(t) => `<li class="wcdw-you-task" data-allowed="${t.allowed ? 1 : 0}">
					<span class="indicator-pill ${t.allowed ? "green" : "gray"}">${e(
					t.allowed ? __("Yes") : __("No")
				)}</span> ${e(t.message)}</li>`
			)
			.join("");
		return `<section class="wcdw-you">
			<h2>${e(__("You"))}</h2>
			<p>${e(you.full_name)}${
			you.roles.length ? ` (${e(you.roles.join(", "))})` : ""
		}</p>
			<ul class="list-unstyled">${items}</ul>
		</section>`;
	}

	render_roles(roles) {
		const blocks = roles
			.map(
				(r) => `<div class="wcdw-role" data-role="${e(r.role)}">
					<h3>${e(r.label)}</h3>
					<p class="wcdw-sentence">${e(r.sentence)}</p>
					${r.named.map((s) => `<p class="wcdw-named">${e(s)}</p>`).join("")}
				</div>`
			)
			.join("");
		return `<section class="wcdw-roles"><h2>${e(__("What each role may do"))}</h2>${blocks}</section>`;
	}

	render_tasks(tasks) {
		const rows = tasks
			.map(
				(t) =>
					`<tr><td>${e(t.task)}</td><td>${e(t.description)}</td><td>${e(
						t.by_right.join(", ")
					)}</td></tr>`
			)
			.join("");
		return `<section class="wcdw-tasks"><h2>${e(__("Delegable tasks"))}</h2>
			<p class="text-muted">${e(
				__(
					"Anyone else needs an approved delegation. Anyone on staff may request one; a Director decides."
				)
			)}</p>
			${table([__("Task"), __("What it allows"), __("By right of their role")], rows)}</section>`;
	}

	render_delegations(delegations, pending) {
		const link = (name) =>
			`<a href="/app/delegation/${encodeURIComponent(name)}">${e(name)}</a>`;
		const active = delegations.length
			? table(
					[__("Delegation"), __("Task"), __("Who"), __("Period"), __("Approved by")],
					delegations
						.map(
							(d) =>
								`<tr><td>${link(d.name)}</td><td>${e(d.task)}</td><td>${e(
									d.delegates
								)}</td><td>${e(d.period)}</td><td>${e(d.approved_by)}</td></tr>`
						)
						.join("")
			  )
			: `<p class="text-muted">${e(__("No delegation is in force."))}</p>`;
		const waiting = pending.length
			? `<h3>${e(__("Awaiting a decision"))}</h3>` +
			  table(
					[__("Request"), __("Task"), __("Who"), __("Period"), __("Requested by")],
					pending
						.map(
							(d) =>
								`<tr><td>${link(d.name)}</td><td>${e(d.task)}</td><td>${e(
									d.delegates
								)}</td><td>${e(d.period)}</td><td>${e(d.requested_by)}</td></tr>`
						)
						.join("")
			  )
			: "";
		return `<section class="wcdw-delegations"><h2>${e(
			__("Delegations in force")
		)}</h2>${active}${waiting}</section>`;
	}

	render_workflows(workflows) {
		const blocks = workflows
			.map((w) => {
				const rows = w.transitions
					.map(
						(t) => `<tr><td>${e(__(t.state))}</td><td>${e(__(t.action))}</td><td>${e(
							__(t.next_state)
						)}</td><td>${e(t.allowed_label)}</td><td>${e(
							t.allow_self_approval ? __("Yes") : __("No")
						)}</td><td>${e(t.condition ? __("Yes") : "")}</td></tr>`
					)
					.join("");
				return `<div class="wcdw-workflow" data-workflow="${e(w.name)}"><h3>${e(
					__(w.doctype)
				)}</h3>${table(
					[
						__("From state"),
						__("Action"),
						__("To state"),
						__("Allowed role"),
						__("On their own records"),
						__("Has a condition"),
					],
					rows
				)}</div>`;
			})
			.join("");
		return `<section class="wcdw-workflows"><h2>${e(__("Workflows"))}</h2>${
			blocks || `<p class="text-muted">${e(__("No active workflow."))}</p>`
		}</section>`;
	}

	render_matrix(matrix, right_labels) {
		const blocks = matrix
			.map((m) => {
				const rights = m.rights;
				const rows = m.rows
					.map(
						(r) =>
							`<tr><td>${e(__(r.role))}</td>${rights
								.map((right) => {
									const v = r.rights[right];
									const shown = v === "yes" ? "✓" : v === "own" ? __("own") : "";
									return `<td class="text-center" data-right="${e(right)}">${e(shown)}</td>`;
								})
								.join("")}</tr>`
					)
					.join("");
				return `<div class="wcdw-matrix" data-doctype="${e(m.doctype)}"><h3>${e(
					__(m.doctype)
				)}</h3>${table([__("Role"), ...rights.map((r) => right_labels[r])], rows)}</div>`;
			})
			.join("");
		return `<section class="wcdw-matrices"><h2>${e(__("Permissions per DocType"))}</h2>
			<p class="text-muted">${e(
				__(
					"✓: on every record the role can see. own: only on records the person created. Set by an administrator in Role Permissions Manager."
				)
			)}</p>${blocks}</section>`;
	}

	render_policy(policy) {
		const sentences = policy.sentences.map((s) => `<li>${e(s)}</li>`).join("");
		const history = policy.history.length
			? table(
					[__("When"), __("Who"), __("What changed")],
					policy.history
						.map(
							(h) =>
								`<tr class="wcdw-history-row"><td>${e(h.when)}</td><td>${e(
									h.who
								)}</td><td>${h.changes.map((c) => e(c)).join("<br>")}</td></tr>`
						)
						.join("")
			  )
			: `<p class="text-muted">${e(__("No change since the defaults were set."))}</p>`;
		return `<section class="wcdw-policy"><h2>${e(__("Safeguarding Policy"))}</h2>
			<ul>${sentences}</ul>
			<p class="wcdw-no-print"><a href="/app/safeguarding-policy">${e(
				__("Open the Safeguarding Policy")
			)}</a></p>
			<h3>${e(__("Changes to the policy"))}</h3>${history}</section>`;
	}
}

function e(value) {
	return frappe.utils.escape_html(value == null ? "" : String(value));
}

function table(headers, rows) {
	return `<table class="table table-bordered table-sm"><thead><tr>${headers
		.map((h) => `<th>${e(h)}</th>`)
		.join("")}</tr></thead><tbody>${rows}</tbody></table>`;
}
