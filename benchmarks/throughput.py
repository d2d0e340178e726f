"""The partner's list under load: requests a second through gunicorn (2 workers, 4 clients)
against Frappe's own ToDo list, in alternating rounds."""

import threading
import time

from benchmarks.fixtures import MANAGER, PARTNER
from benchmarks.lists import resource_list, todo_list, web_form_list
from benchmarks.report import Report
from benchmarks.server import Server


def throughput(server: Server, call, user: str, seconds: float, threads: int = 4) -> tuple[float, int]:
	sessions = [server.session(user) for _i in range(threads)]
	done, failed = [0] * threads, [0] * threads
	stop_at = time.monotonic() + seconds

	def work(i):
		while time.monotonic() < stop_at:
			response = call(sessions[i], server.url)
			if response.status_code == 200:
				done[i] += 1
			else:
				failed[i] += 1

	workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
	for w in workers:
		w.start()
	for w in workers:
		w.join()
	return sum(done) / seconds, sum(failed)


def throughput_figure(report: Report, server: Server, labels: list[str], seconds: float) -> None:
	"""Each partner list call that answered, against Frappe's own ToDo list (/api/resource/ToDo, 20 of
	a user's 500 ToDos) called by the Team Manager (a partner may not call Frappe's REST API at all:
	smallchanges.access.gate), alternating so that both see the same machine."""
	if not labels:
		report.add("partner list throughput vs ToDo list (gunicorn, 2 workers)", "not measured", ">= 80 %", None,
				   "every partner list endpoint was refused")  # fmt: skip
		return
	for label in labels:
		call = web_form_list if label == "web form list" else resource_list
		partner_rate = todo_rate = 0.0
		failed = 0
		rounds = 4
		for _round in range(rounds):
			rate, failed_p = throughput(server, call, PARTNER, seconds / rounds)
			partner_rate += rate / rounds
			rate, failed_t = throughput(server, todo_list, MANAGER, seconds / rounds)
			todo_rate += rate / rounds
			failed += failed_p + failed_t
		ratio = partner_rate / todo_rate if todo_rate else 0
		report.add(
			f"partner {label} throughput vs Frappe's ToDo list (gunicorn, 2 workers, 4 clients)",
			f"{partner_rate:.1f} / {todo_rate:.1f} requests/s = {100 * ratio:.0f} %",
			">= 80 %",
			ratio >= 0.8,
			f"failed requests: {failed}" if failed else "",
		)
