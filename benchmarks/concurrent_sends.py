"""Many people sending at once, against gunicorn: Sends that never fail, never share a reference
number and are never lost or left without their duplicate check; and their time against bare
Frappe inserts by as many clients at once (information)."""

import json
import statistics
import threading
import time

import frappe

from benchmarks.baselines import BARE, make_bare_doctypes
from benchmarks.fixtures import SENDER_DOMAIN, WEB_FORM, ensure_service, make_user, referral_data
from benchmarks.report import Report, p95, say, timed
from smallchanges.access.web_forms import SAVES_PER_PERSON_PER_MINUTE
from smallchanges.referrals.duplicates import DUPLICATE_CHECK_JOB
from tests.jobs import queued_jobs, run_jobs


def colleagues_for(per_sender: int) -> int:
	"""The people behind one web form sender: colleagues at one agency sharing its front office, so
	that however fast the Sends go, no one person makes more than half the referral web form's own
	limit of saves a minute (which one account sending 100 referrals in a minute would exceed)."""
	return max(1, -(-per_sender // (SAVES_PER_PERSON_PER_MINUTE // 2)))


def _senders(count: int, per_sender: int) -> list[tuple[list[str], str]]:
	"""Half partners (each sender a team of colleagues in an agency of their own), half staff;
	(users, channel)."""
	from smallchanges.roles import PARTNER_PRACTITIONER, TEAM_MANAGER

	people = []
	agencies = frappe.get_all("Partner Agency", pluck="name", order_by="name", limit=count)
	for number in range(count):
		if number % 2 == 0:
			agency = frappe.get_doc("Partner Agency", agencies[number])
			team = []
			for colleague in range(colleagues_for(per_sender)):
				user = make_user(f"partner{number}-{colleague}@{SENDER_DOMAIN}", PARTNER_PRACTITIONER)
				if not any(row.user == user for row in agency.members):
					agency.append("members", {"user": user})
				team.append(user)
			agency.save(ignore_permissions=True)
			people.append((team, "web form"))
		else:
			people.append(([make_user(f"staff{number}@{SENDER_DOMAIN}", TEAM_MANAGER)], "REST"))
	make_user(f"admin@{SENDER_DOMAIN}", "System Manager")
	frappe.db.commit()
	return people


def _send(session, url: str, channel: str, data: dict):
	"""One Send as the person would make it: (response of the last call, referral name or None)."""
	if channel == "web form":
		saved = session.post(
			f"{url}/api/method/frappe.website.doctype.web_form.web_form.accept",
			data={"web_form": WEB_FORM, "data": json.dumps(data)},
		)
		name = saved.ok and saved.json()["message"]["name"]
	else:
		saved = session.post(f"{url}/api/resource/Universal Referral", json=data)
		name = saved.ok and saved.json()["data"]["name"]
	if not name:
		return saved, None
	sent = session.post(
		f"{url}/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps({"doctype": "Universal Referral", "name": name}), "action": "Submit"},
	)
	return sent, name


def _bare(session, url: str, data: dict):
	return session.post(f"{url}/api/resource/{BARE}", json={**data, "doctype": BARE}), None


def _run_concurrently(server, people, per_person: int, call) -> dict:
	"""Each person sends `per_person` times, all at once; times, failures and names."""
	service = ensure_service()
	# Made here: the threads below are plain HTTP clients, with no site of their own.
	datas = [[referral_data(service) for _n in range(per_person)] for _person in people]
	sessions = [([server.session(user) for user in users], channel) for users, channel in people]
	start = threading.Barrier(len(sessions))
	times, failures, names, lock = [], [], [], threading.Lock()

	def work(index: int):
		team, channel = sessions[index]
		start.wait(timeout=60)
		for number, data in enumerate(datas[index]):
			session = team[number % len(team)]  # colleagues take turns
			began = time.perf_counter()
			try:
				response, name = call(session, server.url, channel, data)
			except Exception as e:  # a dropped connection is a failure too
				response, name = None, None
				failures.append(repr(e))
			elapsed = (time.perf_counter() - began) * 1000
			with lock:
				if response is not None and response.status_code == 200:
					times.append(elapsed)
					if name:
						names.append(name)
				elif response is not None:
					failures.append(f"{response.status_code} {response.text[:160]}")

	threads = [threading.Thread(target=work, args=(i,)) for i in range(len(sessions))]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	return {"times": times, "failures": failures, "names": names}


def send_load_figures(report: Report, server, senders: int = 8, per_sender: int = 100) -> None:
	make_bare_doctypes()
	people = _senders(senders, per_sender)
	admin = [([f"admin@{SENDER_DOMAIN}"], "bare")] * senders
	say(f"{senders} senders x {per_sender} referrals at once (web form and REST)")
	sends = _run_concurrently(server, people, per_sender, _send)
	bare = _run_concurrently(server, admin, per_sender, lambda s, url, _channel, data: _bare(s, url, data))

	frappe.db.rollback()  # a fresh snapshot: what the server committed
	# Each Send queued its duplicate check for after its commit: run them as the worker would.
	checks = queued_jobs("short", DUPLICATE_CHECK_JOB)
	with timed(f"the {len(checks)} duplicate checks the Sends queued, run as a worker would"):
		run_jobs(checks)
	label = f"{senders} concurrent senders x {per_sender}"
	report.add(f"{label}: failed Sends", str(len(sends["failures"])), "0", not sends["failures"],
			   sends["failures"][0][:120] if sends["failures"] else "")  # fmt: skip
	duplicated = len(sends["names"]) - len(set(sends["names"]))
	report.add(f"{label}: duplicate reference numbers", str(duplicated), "0", duplicated == 0)
	stored = dict(
		frappe.get_all(
			"Universal Referral",
			filters={"name": ("in", sends["names"] or [""])},
			fields=["name", "workflow_state"],
			as_list=True,
		)
	)
	triaged = set(
		frappe.get_all(
			"Referral Triage", filters={"referral": ("in", sends["names"] or [""])}, pluck="referral"
		)
	)
	lost = sum(1 for name in set(sends["names"]) if stored.get(name) != "Submitted" or name not in triaged)
	report.add(f"{label}: referrals lost, not sent or without their duplicate check", str(lost), "0", lost == 0,
			   f"{len(set(sends['names']))} sent")  # fmt: skip
	if sends["times"] and bare["times"]:
		p50 = statistics.median(sends["times"]) / statistics.median(bare["times"])
		ratio95 = p95(sends["times"]) / p95(bare["times"])
		report.add(
			f"{label}: Send p50 / p95 vs a bare Frappe insert under the same load",
			f"{statistics.median(sends['times']):.0f} / {p95(sends['times']):.0f} ms vs "
			f"{statistics.median(bare['times']):.0f} / {p95(bare['times']):.0f} ms = {p50:.2f}x / {ratio95:.2f}x",
			"informational",
			None,
			f"bare inserts failed: {len(bare['failures'])}" if bare["failures"] else "",
		)
