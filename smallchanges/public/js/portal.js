// The portal's accessibility fixes over Frappe's website templates (which this app never edits):
// every field is named by its visible label (and described by its help text), icon-only buttons
// have names, and images carry alt text. Frappe draws web form controls after the page loads, so
// the fixes are applied again whenever the page changes.
// What the app's web forms share (their scripts call these when they run, after this file):
// the confirmation after a send, and child tables as cards.
window.smallchanges = window.smallchanges || {};

// The app's own confirmation in place of Frappe's generic success page: a title, the reference in
// large type, what happens next, and where to go from here. No timed redirect.
window.smallchanges.show_confirmation = function ({ title, reference_label, reference, lines, links }) {
	const $ = window.jQuery;
	$(".web-form-container").hide();
	const $page = $(".success-page");
	$page.find(".success-title").text(title);
	const $body = $page.find(".success-body").empty();
	const $reference = $('<p class="sc-reference"></p>');
	$reference.append($('<span class="sc-reference-label"></span>').text(reference_label + " "));
	$reference.append($('<strong class="sc-reference-value"></strong>').text(reference));
	$body.append($reference);
	for (const line of lines || []) $body.append($('<p class="success-message"></p>').text(line));
	const $footer = $page.find(".success-footer").empty();
	(links || []).forEach((link, index) => {
		$footer.append(
			$(`<a class="btn btn-md ${index ? "btn-default" : "btn-primary"}"></a>`).attr("href", link.href).text(link.label)
		);
	});
	$page.attr("data-sc-confirmation", "sent").removeClass("hide");
	$page.find(".success-title").attr("tabindex", "-1").trigger("focus");
	window.scrollTo(0, 0);
};

// Every row of a web form's table opens as a card of labelled fields, never as cells of a
// spreadsheet: on a new form and on a reopened one, with no extra tap.
window.smallchanges.cards = function (web_form, cards) {
	for (const [fieldname, card] of Object.entries(cards)) {
		const field = web_form.fields_dict[fieldname];
		const grid = field && field.grid;
		if (!grid) continue;
		grid.allow_on_grid_editing = () => false;
		grid.wrapper.addClass("sc-cards");
		if (card.add) grid.wrapper.find(".grid-add-row").text(card.add);
		// No CSV upload or bulk add on a form about one family or one meeting.
		grid.wrapper.find(".grid-upload, .grid-add-multiple-rows, .grid-download").remove();
		// A new card takes the focus, so that the keyboard goes on straight into it.
		grid.wrapper.find(".grid-add-row").on("click", () => {
			setTimeout(() => {
				grid.wrapper
					.find(".grid-row-open .grid-form-body")
					.find("input:visible, select:visible, textarea:visible")
					.first()
					.trigger("focus");
			}, 300);
		});
		// "Child 2" rather than "Editing Row #2".
		const name_cards = () => {
			grid.wrapper.find(".grid-form-heading .panel-title").each(function () {
				const first = this.childNodes[0];
				if (first && first.nodeType === Node.TEXT_NODE && first.textContent.trim() !== card.noun) {
					first.textContent = `${card.noun} `;
				}
			});
		};
		new MutationObserver(name_cards).observe(grid.wrapper[0], { childList: true, subtree: true });
		grid.refresh();
	}
};

(function () {
	let next_id = 0;
	const new_id = (prefix) => `sc-${prefix}-${++next_id}`;

	const BUTTON_NAMES = [
		[".grid-collapse-row", "Done: close this card"],
		[".grid-delete-row", "Remove"],
		[".btn-open-row a", "Open"],
		[".toggle-password", "Show or hide the password"],
		[".navbar-toggler", "Menu"],
	];

	function translate(text) {
		return window.__ ? window.__(text) : text;
	}

	function name_fields(root) {
		root.querySelectorAll(".frappe-control").forEach((control) => {
			const label = control.querySelector(":scope > .form-group label.control-label, :scope label.control-label");
			const input = control.querySelector(
				"input.form-control, select.form-control, textarea.form-control, input.input-with-feedback, select, textarea"
			);
			if (!input || input.type === "checkbox") return;
			if (label && label.textContent.trim()) {
				if (!input.id) input.id = new_id("field");
				label.htmlFor = input.id;
			} else if (!input.getAttribute("aria-label")) {
				const title = control.getAttribute("title") || control.dataset.fieldname || "";
				if (title) input.setAttribute("aria-label", title.replace(/_/g, " "));
			}
			const help = control.querySelector(".help-box");
			if (help && help.textContent.trim() && !input.getAttribute("aria-describedby")) {
				if (!help.id) help.id = new_id("help");
				input.setAttribute("aria-describedby", help.id);
			}
			if (control.querySelector("label.control-label.reqd") && !input.hasAttribute("aria-required")) {
				input.setAttribute("aria-required", "true");
			}
		});
	}

	function name_buttons(root) {
		for (const [selector, name] of BUTTON_NAMES) {
			root.querySelectorAll(selector).forEach((button) => {
				if (!button.textContent.trim() && !button.getAttribute("aria-label")) {
					button.setAttribute("aria-label", translate(name));
					if (button.tagName === "A" && !button.hasAttribute("href")) {
						button.setAttribute("role", "button");
						button.setAttribute("tabindex", "0");
					}
				}
			});
		}
		// Row-selection and list checkboxes are hidden for partners; name any that remain.
		root.querySelectorAll(
			".web-list-table input[type=checkbox], .grid-row-check"
		).forEach((box) => {
			if (!box.getAttribute("aria-label")) box.setAttribute("aria-label", translate("Select"));
		});
	}

	// A region that may scroll (the list on a narrow screen) can be reached with the keyboard.
	function reach_regions(root) {
		root.querySelectorAll(".web-list-table, .form-grid-container").forEach((region) => {
			if (!region.hasAttribute("tabindex")) {
				region.setAttribute("tabindex", "0");
				region.setAttribute("role", "region");
				region.setAttribute("aria-label", translate(region.classList.contains("web-list-table") ? "Your referrals" : "Table"));
			}
		});
	}

	function describe_images(root) {
		root.querySelectorAll("img:not([alt])").forEach((img) => {
			// The site's logo stands beside the site's name: it is decoration.
			img.setAttribute("alt", "");
		});
	}

	// On a phone each row of a web form's list is a card: every cell says which column it is.
	function label_list_cells(root) {
		root.querySelectorAll(".web-list-table table, .core-groups table").forEach((table) => {
			const is_list = table.closest(".web-list-table");
			const heads = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
			table.querySelectorAll("tbody tr").forEach((row) => {
				Array.from(row.children).forEach((cell, index) => {
					if (heads[index] && !cell.dataset.label) cell.dataset.label = heads[index];
				});
				// The row opens the record: reachable and named for the keyboard, as a link is.
				if (is_list && !row.hasAttribute("tabindex")) {
					row.setAttribute("tabindex", "0");
					row.classList.add("sc-list-row");
				}
			});
		});
	}

	function mark_current_page(root) {
		const here = window.location.pathname.replace(/\/+$/, "");
		root.querySelectorAll(".navbar .nav-link[href]").forEach((link) => {
			const path = new URL(link.href, window.location.href).pathname.replace(/\/+$/, "");
			const section = path.replace(/\/list$/, "");
			if (path === here || (section && here.startsWith(section + "/"))) link.setAttribute("aria-current", "page");
		});
	}

	function fix(root) {
		label_list_cells(root);
		mark_current_page(root);
		name_fields(root);
		name_buttons(root);
		describe_images(root);
		reach_regions(root);
	}

	let scheduled = false;
	function schedule() {
		if (scheduled) return;
		scheduled = true;
		window.requestAnimationFrame(() => {
			scheduled = false;
			fix(document);
		});
	}

	// Elements made into buttons above answer the keyboard as buttons do.
	document.addEventListener("keydown", (event) => {
		const target = event.target;
		if (target.classList && target.classList.contains("sc-list-row") && event.key === "Enter") {
			target.click();
			return;
		}
		if (target.getAttribute && target.getAttribute("role") === "button" && target.tagName === "A") {
			if (event.key === "Enter" || event.key === " ") {
				event.preventDefault();
				target.click();
			}
		}
	});

	// Signed out while filling a form (the session ended): Frappe's website pages have no handler
	// for this (the desk's is missing here), so the press did nothing. Say what happened and what to do.
	function signed_out() {
		const message = translate(
			"You have been signed out, so this was not saved. Your answers are still on this page: " +
				"sign in again in a new tab, then come back to this tab and press the button again."
		);
		if (window.frappe && frappe.msgprint) {
			frappe.msgprint({
				title: translate("Signed out"),
				indicator: "orange",
				message: `${message}<br><br><a href="/login" target="_blank" rel="noopener">${translate(
					"Sign in again (opens a new tab)"
				)}</a>`,
			});
		} else {
			window.alert(message);
		}
	}
	if (window.frappe && !window.frappe.app) {
		window.frappe.app = {
			session_expired_dialog: null,
			handle_session_expired: signed_out,
			redirect_to_login: signed_out,
		};
	}

	function signed_in() {
		const user = decodeURIComponent((document.cookie.match(/(?:^|; )user_id=([^;]*)/) || [])[1] || "");
		return user && user !== "Guest";
	}

	function watch_for_sign_out() {
		if (!window.jQuery) return;
		window.jQuery(document).ajaxComplete((event, xhr) => {
			if ([400, 401, 403, 417].includes(xhr.status) && !signed_in()) {
				window.setTimeout(() => {
					// Frappe's own box ("You must login...", "Not permitted") gives way to the plain one.
					if (window.frappe && frappe.hide_msgprint) frappe.hide_msgprint(true);
					window.setTimeout(signed_out, 400);
				}, 100);
			}
		});
	}

	function start() {
		watch_for_sign_out();
		fix(document);
		new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
	}

	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", start);
	} else {
		start();
	}
})();
