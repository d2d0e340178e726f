"""The partner's list of their agency's referrals: the plan of its SQL (EXPLAIN), and its p95 over
gunicorn against the same call by a Team Manager, who sees every agency's referrals."""

import json
import time

import frappe

from benchmarks.fixtures import MANAGER, PARTNER, WEB_FORM
from benchmarks.report import Report, p95
from benchmarks.server import Server


def explain_partner_list(report: Report) -> None:
	frappe.set_user(PARTNER)
	sql = frappe.get_list(
		"Universal Referral",
		fields=["name", "title", "workflow_state", "modified"],
		order_by="modified desc",
		limit_page_length=20,
		run=0,
	)
	frappe.set_user("Administrator")
	plan = frappe.db.sql(f"EXPLAIN {sql}", as_dict=True)  # the list's own SQL, as Frappe built it
	keys = [row.get("key") for row in plan]
	extra = " ".join(str(row.get("Extra") or "") for row in plan)
	ok = "agency_modified" in keys and "filesort" not in extra
	report.add(
		"EXPLAIN of the partner's list", f"key {keys}, {extra or 'no extra'}", "agency index, no filesort", ok
	)


LIST_FIELDS = json.dumps(["name", "title", "workflow_state", "modified"])


def web_form_list(session, url: str):
	"""What /universal-referral/list calls for its rows (frappe.call: a POST)."""
	return session.post(
		f"{url}/api/method/frappe.www.list.get_list_data",
		data={"doctype": "Universal Referral", "limit_start": 0, "limit": 20, "web_form_name": WEB_FORM},
	)


def resource_list(session, url: str):
	return session.get(
		f"{url}/api/resource/Universal Referral", params={"fields": LIST_FIELDS, "limit_page_length": 20}
	)


def todo_list(session, url: str):
	return session.get(
		f"{url}/api/resource/ToDo",
		params={"fields": json.dumps(["name", "description", "status", "modified"]), "limit_page_length": 20},
	)


def latencies(sessions: list, call, url: str, count: int) -> list[tuple[list[float], int, int]]:
	"""For each session: (milliseconds of the answered calls, status of the first, rows in the first).
	The sessions' calls alternate, one each in turn, so that every session sees the same machine."""
	out = [([], None, 0) for _session in sessions]
	for _i in range(count):
		for k, session in enumerate(sessions):
			times, status, rows = out[k]
			if status is not None and status != 200:
				continue
			start = time.perf_counter()
			response = call(session, url)
			elapsed = (time.perf_counter() - start) * 1000
			if status is None:
				status = response.status_code
				if response.ok:
					rows = len(response.json().get("message") or response.json().get("data") or [])
			if response.status_code != 200:
				out[k] = ([], response.status_code, 0)
				continue
			times.append(elapsed)
			out[k] = (times, status, rows)
	return out


def list_figures(
	report: Report, server: Server, referrals: int, agencies: int, requests_each: int
) -> list[str]:
	partner, manager = server.session(PARTNER), server.session(MANAGER)
	usable = []
	for label, call in (("web form list", web_form_list), ("/api/resource", resource_list)):
		for session in (partner, manager):
			call(session, server.url)  # warm
		(p_times, p_status, p_rows), (m_times, m_status, m_rows) = latencies(
			[partner, manager], call, server.url, requests_each
		)
		name = f"partner's {label} p95 vs Team Manager's, {referrals:,} referrals / {agencies} agencies"
		if p_status != 200 or m_status != 200:
			report.add(
				name,
				f"refused: partner {p_status}, manager {m_status}",
				"<= 1.2x",
				None,
				"the endpoint is not open to this user (API gate?): allow it or measure another call",
			)
			continue
		ratio = p95(p_times) / p95(m_times)
		report.add(
			name,
			f"{p95(p_times):.1f} ms / {p95(m_times):.1f} ms = {ratio:.2f}x",
			"<= 1.2x",
			ratio <= 1.2 and p_rows > 0,
			f"{p_rows} rows vs {m_rows}",
		)
		usable.append(label)
	return usable
