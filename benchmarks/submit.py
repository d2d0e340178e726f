"""The partner's Send of a new referral (the web form's save, then the workflow's Submit, as the
browser makes them), against Frappe's own web form save and Send of the same referral on the
Frappe-only copy (what the app adds: the bound), and against a bare insert (information: what
Frappe's web form and workflow cost is not the app's to cut)."""

import json
import statistics
import time

import frappe

from benchmarks.baselines import BARE, FRAPPE_ONLY, FRAPPE_ONLY_WEB_FORM, make_bare_doctypes
from benchmarks.fixtures import PARTNER, WEB_FORM, ensure_service, referral_data
from benchmarks.report import Report, questions

MAX_ADDED = 1.2  # the app's Send against Frappe's own of the same referral
ROUNDS = 20
WARM = 3  # the first rounds warm the caches, as a running server has them


def submit_figure(report: Report, rounds: int = ROUNDS) -> None:
	"""The three ways with the same referral, interleaved, so that each round sees the same machine:
	the partner's Send through the app (its web form save, as the browser's POST reaches it, then
	the workflow's Submit), the same Send on the Frappe-only copy, and a bare insert."""
	from frappe.model.workflow import apply_workflow
	from frappe.website.doctype.web_form import web_form as frappe_web_form

	from smallchanges.access import web_forms

	make_bare_doctypes()
	service = ensure_service()

	def send(accept, web_form: str, doctype: str, data: dict) -> None:
		doc = accept(web_form, json.dumps(data))
		apply_workflow({"doctype": doctype, "name": doc.name}, "Submit")
		frappe.db.commit()

	def bare(data: dict) -> None:
		frappe.get_doc({**data, "doctype": BARE}).insert()
		frappe.db.commit()

	ways = {  # who, and what they do
		"app": (PARTNER, lambda data: send(web_forms.accept, WEB_FORM, "Universal Referral", data)),
		"frappe": (
			PARTNER,
			lambda data: send(frappe_web_form.accept, FRAPPE_ONLY_WEB_FORM, FRAPPE_ONLY, data),
		),
		"bare": ("Administrator", bare),
	}
	ms = {way: [] for way in ways}
	sql = {way: [] for way in ways}
	for number in range(WARM + rounds):
		data = referral_data(service)
		for way, (user, call) in ways.items():
			frappe.set_user(user)
			before, start = questions(), time.perf_counter()
			call(data)
			elapsed, count = (time.perf_counter() - start) * 1000, questions() - before
			if number >= WARM:
				ms[way].append(elapsed)
				sql[way].append(count)
	frappe.set_user("Administrator")
	med = {way: statistics.median(ms[way]) for way in ways}
	statements = {way: f"{statistics.median(sql[way]):.0f}" for way in ways}
	added = med["app"] / med["frappe"]
	report.add(
		"what the app adds: referral Send (web form save + Submit) vs Frappe's own of the same referral",
		f"{med['app']:.1f} ms / {med['frappe']:.1f} ms = {added:.2f}x",
		f"<= {MAX_ADDED}x",
		added <= MAX_ADDED,
		f"SQL statements {statements['app']} vs {statements['frappe']}; medians of {rounds}",
	)
	report.add(
		"referral Send vs a bare insert of the same referral, server time",
		f"{med['app']:.1f} ms / {med['bare']:.1f} ms = {med['app'] / med['bare']:.2f}x",
		"informational",
		None,
		f"SQL statements {statements['app']} vs {statements['bare']}",
	)
	report.add(
		"Frappe's own web form save + Submit (same fields, permissions, workflow; no app code) vs bare insert",
		f"{med['frappe']:.1f} ms / {med['bare']:.1f} ms = {med['frappe'] / med['bare']:.2f}x",
		"informational",
		None,
		f"SQL statements {statements['frappe']} vs {statements['bare']}",
	)
