// "Who can do what": one row per task, one column per role, generated live from the app's
// permissions, workflows, delegations and Safeguarding Policy (smallchanges.governance.overview,
// smallchanges.rules.who_can_do_what). Nothing on this page is hand-written.
//
// Frappe's page loader inlines the two includes below: the page's stylesheet and the small HTML
// helpers its view uses (who_can_do_what_style.js, who_can_do_what_html.js in this folder).

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

{% include "smallchanges/governance/page/who_can_do_what/who_can_do_what_style.js" %}
class WhoCanDoWhat {
	constructor(page) {
		this.page = page;
		if (!document.getElementById("wcdw-style")) {
			$(`<style id="wcdw-style">${WCDW_STYLE}</style>`).appendTo(document.head);
		}
		this.$body = $('<div class="who-can-do-what"></div>').appendTo(page.main);
		this.$body.on("click", ".wcdw-open", (event) => this.toggle($(event.currentTarget)));
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
		window.print();
	}

	toggle($button) {
		const open = $button.attr("aria-expanded") !== "true";
		$button.attr("aria-expanded", open ? "true" : "false");
		this.$body.find(`#${$button.attr("aria-controls")}`).prop("hidden", !open);
	}

	render(data) {
		return [
			`<h1 class="wcdw-print-title" style="display:none">${e(__("Who can do what"))}</h1>`,
			this.render_you(data.you),
			this.render_table(data),
			this.render_delegations(data.delegations, data.pending),
			this.render_policy(data.policy),
			this.render_more(data),
			`<p class="text-muted small">${e(
				__("Generated from the live permissions, workflows, delegations and policy at {0}.", [
					frappe.datetime.str_to_user(data.generated_at),
				])
			)}</p>`,
		].join("");
	}

	render_you(you) {
		const rows = you.answers
			.map(
				(a) => `<tr class="wcdw-you-task" data-task="${e(a.key)}" data-kind="${e(a.kind)}">
					<th scope="row">${e(a.label)}</th>
					<td><span class="indicator-pill ${pill(a.kind)}">${e(kind_word(a.kind))}</span></td>
					<td class="wcdw-you-text">${e(a.text)}${
					a.notes.length ? ` <span class="text-muted">(${e(a.notes.join("; "))})</span>` : ""
				}</td>
				</tr>`
			)
			.join("");
		return `<section class="wcdw-you wcdw-section wcdw-no-print">
			<h2>${e(__("You"))}</h2>
			<p>${e(you.full_name)}${you.roles.length ? ` (${e(you.roles.join(", "))})` : ""}</p>
			<table class="wcdw-you-list"><tbody>${rows}</tbody></table>
		</section>`;
	}

	render_table(data) {
		const columns = data.columns;
		const head = `<tr><th scope="col" class="wcdw-task-col">${e(__("Task"))}</th>${columns
			.map((c) => `<th scope="col" data-role="${e(c.role)}">${e(c.label)}</th>`)
			.join("")}</tr>`;
		let group = null;
		const body = data.rows
			.map((row) => {
				const heading =
					row.group !== group
						? `<tr class="wcdw-group"><th scope="rowgroup" colspan="${
								columns.length + 1
						  }">${e(row.group)}</th></tr>`
						: "";
				group = row.group;
				const id = `wcdw-detail-${row.key}`;
				const cells = columns
					.map((c) => {
						const cell = row.cells[c.role];
						return `<td class="wcdw-cell" data-role="${e(c.role)}" data-kind="${e(cell.kind)}">
							<span class="wcdw-answer">${e(cell.text)}</span>${
							cell.held ? `<span class="wcdw-holders">${e(cell.held)}</span>` : ""
						}${
							cell.notes.length
								? `<span class="wcdw-notes">${e(cell.notes.join("; "))}</span>`
								: ""
						}</td>`;
					})
					.join("");
				return `${heading}<tr class="wcdw-row" data-task="${e(row.key)}">
					<th scope="row"><button type="button" class="wcdw-open" aria-expanded="false" aria-controls="${id}">${e(
					row.label
				)}</button></th>${cells}</tr>
					<tr class="wcdw-detail" id="${id}" data-task="${e(row.key)}" hidden><td colspan="${
					columns.length + 1
				}">${this.render_detail(row.detail)}</td></tr>`;
			})
			.join("");
		return `<section class="wcdw-table wcdw-section">
			<h2>${e(__("Who can do what"))}</h2>
			<p class="text-muted">${e(
				__(
					"Yes: anyone with the role. {0}: only someone who holds a delegation approved in the desk, named below the answer. No: not with this role. Open a task to see what decides it.",
					[data.delegation_words]
				)
			)}</p>
			<table class="wcdw-grid"><thead>${head}</thead><tbody>${body}</tbody></table>
		</section>`;
	}

	render_detail(detail) {
		const parts = [];
		if (detail.permissions.length) {
			parts.push(
				`<h4>${e(__("Permissions"))}</h4><ul>${detail.permissions
					.map((p) => `<li>${e(p)}</li>`)
					.join("")}</ul>
				<p><a href="/app/permission-manager/${encodeURIComponent(detail.doctype)}">${e(
					__("Open the permissions of {0}", [__(detail.doctype)])
				)}</a></p>`
			);
		}
		if (detail.steps.length) {
			const items = detail.steps
				.map((s) => {
					const who = s.roles.length
						? __("Who may: {0}.", [s.roles.join(", ")])
						: "";
					const own = s.action
						? s.own_records.length
							? __("On a record they created: {0}.", [s.own_records.join(", ")])
							: __("Never on a record they created.")
						: "";
					const conditions = s.conditions
						.map((c) => `<br>${e(__("Only when:"))} <code>${e(c)}</code>`)
						.join("");
					return `<li class="wcdw-step">${e(s.text)}. ${e(who)} ${e(own)} ${e(s.right)}${conditions}</li>`;
				})
				.join("");
			const workflow = detail.steps.find((s) => s.workflow);
			parts.push(
				`<h4>${e(__("Workflow"))}</h4><ul>${items}</ul>${
					workflow
						? `<p><a href="/app/workflow/${encodeURIComponent(workflow.workflow)}">${e(
								__("Open the workflow {0}", [workflow.workflow])
						  )}</a></p>`
						: ""
				}`
			);
		}
		if (detail.delegation) {
			const d = detail.delegation;
			const in_force = d.in_force.length
				? `<ul>${d.in_force
						.map(
							(g) =>
								`<li><a href="/app/delegation/${encodeURIComponent(g.name)}">${e(
									g.name
								)}</a>: ${e(g.who)}, ${e(__("until {0}", [g.until]))}</li>`
						)
						.join("")}</ul>`
				: `<p>${e(__("No delegation of it is in force."))}</p>`;
			parts.push(
				`<h4>${e(__("Delegation"))}</h4>
				<p>${e(
					__("A delegable task ({0}). By right of their role: {1}.", [
						d.task,
						d.by_right.join(", "),
					])
				)} ${e(d.others)}</p>${in_force}`
			);
		}
		if (detail.rule) {
			parts.push(`<h4>${e(__("Also checked by the app"))}</h4><p>${e(detail.rule)}</p>`);
		}
		if (detail.policy.length) {
			parts.push(
				`<h4>${e(__("Safeguarding Policy"))}</h4><ul>${detail.policy
					.map((p) => `<li>${e(p)}</li>`)
					.join("")}</ul>`
			);
		}
		return parts.join("");
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
			? `<div class="wcdw-no-print"><h3>${e(__("Awaiting a decision"))}</h3>` +
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
			  ) +
			  "</div>"
			: "";
		return `<section class="wcdw-delegations wcdw-section"><h2>${e(
			__("Delegations in force")
		)}</h2>${active}${waiting}</section>`;
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
		return `<section class="wcdw-policy wcdw-section"><h2>${e(__("Safeguarding Policy"))}</h2>
			<ul>${sentences}</ul>
			<p class="wcdw-no-print"><a href="/app/safeguarding-policy">${e(
				__("Open the Safeguarding Policy")
			)}</a></p>
			<details class="wcdw-no-print wcdw-history"><summary>${e(
				__("Changes to the policy")
			)}</summary>${history}</details></section>`;
	}

	render_more(data) {
		return `<details class="wcdw-more wcdw-section wcdw-no-print">
			<summary>${e(__("Every permission and workflow step, per DocType"))}</summary>
			${this.render_workflows(data.workflows)}
			${this.render_matrix(data.matrix, data.right_labels)}
		</details>`;
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
						)}</td><td>${t.condition ? `<code>${e(t.condition)}</code>` : ""}</td></tr>`
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
						__("Condition"),
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
}

{% include "smallchanges/governance/page/who_can_do_what/who_can_do_what_html.js" %}
