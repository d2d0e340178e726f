"""What the access log costs a read: the same REST GET of a referral with and without logging.

Builds its own data on the given site (a partner agency, a sent referral, a business support
officer, and an access log already holding `--log-rows` rows, so that each insert goes into a
table of realistic size), then reads the referral through Frappe's real WSGI application, in
process, as that officer: alternately with the access log on and off (off = the log's request
check answers "no request", and nothing is flushed), in interleaved blocks so that drift hits both.
Prints the medians, the ratio, and a bare Frappe read (a ToDo) for scale; exits 1 if the ratio
exceeds the bound. For information it also times a list page of `--list-size` referrals (one log
row for the page and one Record Access Log Record per referral it shows) with and without logging.

    cd <bench>/sites && ../env/bin/python <checkout>/benchmarks/access_log.py --site <site>

Run it on a test site: it adds rows (users, a referral, log rows) that it does not remove.
"""

import argparse
import json
import os
import statistics
import sys
import time
from urllib.parse import urlencode

BOUND = 1.10


def build(site: str, log_rows: int, list_size: int) -> dict:
	import frappe
	from frappe.utils import now_datetime

	sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
	from tests.factories import PASSWORD, make_user
	from tests.referral_factories import make_partner, make_referral, make_service

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		partner, _agency = make_partner()
		service = make_service()
		referral = make_referral(partner, submit=True, service=service).name
		listed = [referral] + [
			make_referral(partner, submit=True, service=service).name for _i in range(list_size - 1)
		]
		bso = make_user("Business Support Officer")
		todo = frappe.get_doc({"doctype": "ToDo", "description": "benchmark", "allocated_to": bso})
		todo.insert(ignore_permissions=True)
		frappe.share.add("ToDo", todo.name, bso, read=1)
		have = frappe.db.count("Record Access Log")
		now = now_datetime()
		batch = []
		for i in range(max(0, log_rows - have)):
			batch.append(
				(frappe.generate_hash(length=12), now, now, bso, bso, bso, "Universal Referral",
				 f"UR-BENCH-{i % 50000:05d}", "REST", "/api/resource", None, now)
			)  # fmt: skip
			if len(batch) == 10000:
				_insert(batch)
				batch = []
		if batch:
			_insert(batch)
		frappe.db.commit()
		return {"referral": referral, "listed": listed, "todo": todo.name, "user": bso, "password": PASSWORD}
	finally:
		frappe.destroy()


def _insert(rows):
	import frappe

	from smallchanges.access import access_log

	fields = ["name", "creation", "modified", "owner", "modified_by", "user", "reference_doctype",
			  "reference_name", "channel", "request", "detail", "accessed_at"]  # fmt: skip
	frappe.db.bulk_insert(access_log.LOG_DOCTYPE, fields, rows)


def measure(site: str, data: dict, repeats: int, block: int) -> dict:
	import frappe.app
	from werkzeug.test import Client

	from smallchanges.access import access_log

	client = Client(frappe.app.application)
	headers = {"X-Frappe-Site-Name": site, "Accept": "application/json"}
	login = client.post(
		"/api/method/login", data={"usr": data["user"], "pwd": data["password"]}, headers=headers
	)
	assert login.status_code == 200, login.get_data(as_text=True)[:300]

	on_in_request, on_flush = access_log._in_request, access_log.flush

	def logging(enabled: bool) -> None:
		access_log._in_request = on_in_request if enabled else (lambda: False)
		access_log.flush = on_flush if enabled else (lambda response=None, request=None: None)

	def timed(path: str) -> float:
		start = time.perf_counter()
		response = client.get(path, headers=headers)
		elapsed = time.perf_counter() - start
		assert response.status_code == 200, response.get_data(as_text=True)[:300]
		return elapsed

	referral = f"/api/resource/Universal Referral/{data['referral']}"
	bare = f"/api/resource/ToDo/{data['todo']}"
	listing = "/api/method/frappe.client.get_list?" + urlencode(
		{
			"doctype": "Universal Referral",
			"fields": json.dumps(["name", "title"]),
			"filters": json.dumps([["name", "in", data["listed"]]]),
			"limit_page_length": len(data["listed"]),
		}
	)
	times = {"on": [], "off": [], "bare": [], "list on": [], "list off": []}
	for _warm in range(20):
		timed(referral), timed(bare), timed(listing)
	for _round in range(max(1, repeats // block)):
		for mode in ("off", "on"):
			logging(mode == "on")
			times[mode] += [timed(referral) for _i in range(block)]
			times[f"list {mode}"] += [timed(listing) for _i in range(block // 2 or 1)]
		logging(False)
		times["bare"] += [timed(bare) for _i in range(block)]
	logging(True)
	return {mode: statistics.median(values) for mode, values in times.items()}


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--log-rows", type=int, default=200_000, help="rows the log holds first")
	parser.add_argument("--repeats", type=int, default=400, help="reads per mode")
	parser.add_argument("--block", type=int, default=20, help="reads per mode before switching")
	parser.add_argument("--list-size", type=int, default=20, help="referrals on the list page timed")
	args = parser.parse_args()

	data = build(args.site, args.log_rows, args.list_size)
	result = measure(args.site, data, args.repeats, args.block)
	ratio = result["on"] / result["off"]
	print(
		f"REST GET of a referral (median of {args.repeats}): with access log {result['on'] * 1000:.2f} ms,"
		f" without {result['off'] * 1000:.2f} ms; bare Frappe ToDo read {result['bare'] * 1000:.2f} ms"
	)
	print(f"access log ratio {ratio:.3f} (bound {BOUND}); referral read vs bare Frappe read"
		  f" {result['off'] / result['bare']:.2f}")  # fmt: skip
	print(
		f"list page of {args.list_size} referrals (median): with access log {result['list on'] * 1000:.2f} ms,"
		f" without {result['list off'] * 1000:.2f} ms, ratio {result['list on'] / result['list off']:.3f}"
		" (one log row for the page, one record row per referral; for information)"
	)
	if ratio > BOUND:
		print(f"FAIL: logging slows a read by {100 * (ratio - 1):.1f}% (bound {100 * (BOUND - 1):.0f}%)")
		return 1
	return 0


if __name__ == "__main__":
	sys.exit(main())
