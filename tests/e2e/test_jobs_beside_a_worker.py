"""The suite passes while ./scripts/up serves on the same bench: a worker of the bench (started
here as ./scripts/up starts it, `frappe worker` with no site) does not take the test site's
background jobs, so a test still finds the jobs its requests queued and runs them itself."""

import os
import subprocess
import sys
import time

import frappe
import pytest
from rq import Queue, Worker
from rq.job import JobStatus

from tests.conftest import site_location
from tests.e2e.conftest import NOTIFICATION_JOB, act, queued_jobs, run_jobs, web_form_referral
from tests.referral_factories import make_partner, make_service
from tests.serving import stop


@pytest.fixture
def bench_worker(site):
	"""A real RQ worker of the bench on Frappe's default queues; yields it once it is listening."""
	from frappe.utils.background_jobs import get_redis_conn

	bench, _name = site_location()
	log_path = os.path.join(bench, "logs", f"e2e-bench-worker-{os.getpid()}.log")
	log = open(log_path, "w")
	process = subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker"],
		cwd=os.path.join(bench, "sites"),
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	connection = get_redis_conn()
	deadline = time.monotonic() + 120
	worker = None
	while worker is None:
		if process.poll() is not None:
			pytest.fail(f"the worker exited with {process.returncode}; see {log_path}", pytrace=False)
		if time.monotonic() > deadline:
			process.kill()
			pytest.fail(f"the worker did not start within 120 s; see {log_path}", pytrace=False)
		worker = next((w for w in Worker.all(connection=connection) if w.pid == process.pid), None)
		time.sleep(0.5)
	yield worker
	stop(process, log, 30)


def wait_until_run(job, seconds: int = 120) -> None:
	deadline = time.monotonic() + seconds
	while job.get_status(refresh=True) not in (JobStatus.FINISHED, JobStatus.FAILED):
		assert time.monotonic() < deadline, f"no worker ran {job.id} within {seconds} s"
		time.sleep(0.2)


def test_a_worker_of_the_bench_leaves_the_test_sites_jobs_to_the_test(client, committed, bench_worker):
	partner, _agency = make_partner()
	service = make_service()
	committed()
	session = client(partner)
	saved = web_form_referral(session, service=service)
	assert saved.status_code == 200, saved.text[:300]
	name = saved.json()["message"]["name"]
	assert act(session, name, "Submit").status_code == 200

	# The worker takes the first job of the first of its queues that has one, in order (short,
	# default, long): once a job put at the end of its last queue has run, it has seen all of them.
	queues = bench_worker.queue_names()
	assert [queue.rsplit(":", 1)[-1] for queue in queues] == ["short", "default", "long"]
	marker = Queue(queues[-1], connection=bench_worker.connection).enqueue("os.getpid")  # any plain function
	try:
		wait_until_run(marker)
		assert marker.get_status() == JobStatus.FINISHED
	finally:
		marker.delete()

	jobs = queued_jobs("short", NOTIFICATION_JOB, name)
	assert sorted(job.kwargs["kwargs"]["notification"] for job in jobs) == [
		"Referral received",
		"Referral submitted for triage",
	]
	run_jobs(jobs)
	frappe.db.rollback()  # see what the jobs committed
	assert frappe.db.count("Email Queue", {"reference_doctype": "Universal Referral", "reference_name": name})
