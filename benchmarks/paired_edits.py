"""Two editors who never overwrite each other: pairs of staff writing the same referral at the same
moment, over gunicorn."""

import threading

import frappe

from benchmarks.fixtures import SENDER_DOMAIN, make_user
from benchmarks.report import Report


def lost_update_figure(report: Report, server, trials: int = 1000) -> None:
	"""Pairs of staff writing the same referral at the same moment: half of the pairs from the same
	opened copy (one must be refused), half from fresh copies of different fields (both must land).
	A lost write is a write that was answered 200 and is not in the stored referral."""
	from smallchanges.roles import BUSINESS_SUPPORT_OFFICER, TEAM_MANAGER

	editors = (
		make_user(f"editor1@{SENDER_DOMAIN}", BUSINESS_SUPPORT_OFFICER),
		make_user(f"editor2@{SENDER_DOMAIN}", TEAM_MANAGER),
	)
	frappe.db.commit()  # before they log in
	first, second = (server.session(user) for user in editors)
	referral = frappe.get_all(
		"Universal Referral", filters={"workflow_state": "Submitted"}, pluck="name", limit=1
	)
	url = f"{server.url}/api/resource/Universal Referral/{referral[0]}"
	lost = refused_both = 0
	for trial in range(trials):
		stale = trial % 2 == 0
		opened = first.get(url).json()["data"]["modified"] if stale else None
		writes = [("key_events", f"first {trial}"), ("childs_voice", f"second {trial}")]
		answers = [None, None]
		go = threading.Barrier(2)

		def put(index, session):
			field, value = writes[index]
			body = {field: value, **({"modified": opened} if stale else {})}
			go.wait(timeout=30)
			answers[index] = session.put(url, json=body).status_code

		pair = [threading.Thread(target=put, args=(i, s)) for i, s in enumerate((first, second))]
		for thread in pair:
			thread.start()
		for thread in pair:
			thread.join()
		now = first.get(url).json()["data"]
		for (field, value), status in zip(writes, answers, strict=True):
			if status == 200 and now.get(field) != value:
				lost += 1
		refused_both += answers == [417, 417]
	report.add(
		f"lost writes in {trials:,} paired edits (half stale, half fresh)",
		str(lost),
		"0",
		lost == 0,
		f"pairs where both were refused: {refused_both}" if refused_both else "",
	)
