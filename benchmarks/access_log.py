"""What the access log costs a read: the same REST GET of a referral with and without logging.

Builds its own data on the given site (a partner agency, a sent referral, a business support
officer, and an access log already holding `--log-rows` rows, so that each insert goes into a
table of realistic size), then reads the referral through Frappe's real WSGI application, in
process, as that officer: alternately with the access log on and off (off = the log's request
check answers "no request", and nothing is flushed), in interleaved blocks so that drift hits both.
Prints the medians, the ratio, and a bare Frappe read (a ToDo) for scale; exits 1 if the ratio
exceeds the bound.

    cd <bench>/sites && ../env/bin/python <checkout>/benchmarks/access_log.py --site <site>

Run it on a test site: it adds rows (users, a referral, log rows) that it does not remove.
"""

import argparse
import os
import statistics
import sys
import time

BOUND = 1.10


def build(site: str, log_rows: int) -> dict:
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
		referral = make_referral(partner, submit=True, service=make_service()).name
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
		return {"referral": referral, "todo": todo.name, "user": bso, "password": PASSWORD}
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
	times = {"on": [], "off": [], "bare": []}
	for _warm in range(20):
		timed(referral), timed(bare)
	for _round in range(max(1, repeats // block)):
		for mode in ("off", "on"):
			logging(mode == "on")
			times[mode] += [timed(referral) for _i in range(block)]
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
	args = parser.parse_args()

	data = build(args.site, args.log_rows)
	result = measure(args.site, data, args.repeats, args.block)
	ratio = result["on"] / result["off"]
	print(
		f"REST GET of a referral (median of {args.repeats}): with access log {result['on'] * 1000:.2f} ms,"
		f" without {result['off'] * 1000:.2f} ms; bare Frappe ToDo read {result['bare'] * 1000:.2f} ms"
	)
	print(f"access log ratio {ratio:.3f} (bound {BOUND}); referral read vs bare Frappe read"
		  f" {result['off'] / result['bare']:.2f}")  # fmt: skip
	if ratio > BOUND:
		print(f"FAIL: logging slows a read by {100 * (ratio - 1):.1f}% (bound {100 * (BOUND - 1):.0f}%)")
		return 1
	return 0


if __name__ == "__main__":
	sys.exit(main())
