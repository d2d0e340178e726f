"""End-to-end fixtures: the real web server on a free port, HTTP clients logged in as real
users, and Debian's Chromium driven by Playwright."""

import json
import os
import socket
import subprocess
import sys
import time

import frappe
import pytest
import requests

from smallchanges.notifications import DOC_METHOD_JOB, NOTIFICATION_JOB
from smallchanges.referrals.duplicates import DUPLICATE_CHECK_JOB
from tests.conftest import site_location
from tests.jobs import queued_jobs, run_jobs
from tests.serving import stop

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, which this network refuses.
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--disable-dev-shm-usage",
]


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def _empty_own_queues() -> None:
	from frappe.utils.background_jobs import get_queue, get_queue_list

	for queue in get_queue_list():
		get_queue(queue).empty()


@pytest.fixture(scope="session")
def own_job_queues(site):
	"""The test site's background jobs go to RQ queues of its own, which no worker serves, so that a
	worker of the bench (the one ./scripts/up runs beside the demo) cannot take a job before the
	test that waits for it looks. Frappe names a queue `<bench_id>:<queue>`, and ./scripts/test
	gives the test site a `bench_id` of its own in its site_config.json. Emptied before and after
	the session, since nothing else ever runs them."""
	own = frappe.get_file_json(frappe.get_site_path("site_config.json")).get("bench_id")
	common = frappe.get_file_json(os.path.join(frappe.local.sites_path, "common_site_config.json"))
	if not own or own == common.get("bench_id"):
		pytest.fail(
			f"{site} has no bench_id of its own, so a worker of the bench would take its jobs: "
			"run the tests with ./scripts/test, which sets it",
			pytrace=False,
		)
	_empty_own_queues()
	yield
	_empty_own_queues()


@pytest.fixture(scope="session")
def live_server(site, own_job_queues):
	"""Start `frappe serve` (what `bench serve` runs) for the test site; stop it at the end."""
	bench, name = site_location()
	port = _free_port()
	log_path = os.path.join(bench, "logs", f"e2e-server-{port}.log")
	log = open(log_path, "w")
	env = {**os.environ, "CI": "1"}  # CI: no reloader, no interactive debugger
	process = subprocess.Popen(
		[
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			name,
			"serve",
			"--port",
			str(port),
			"--noreload",
		],
		cwd=os.path.join(bench, "sites"),
		stdout=log,
		stderr=subprocess.STDOUT,
		env=env,
	)
	url = f"http://127.0.0.1:{port}"
	deadline = time.monotonic() + 90
	while True:
		if process.poll() is not None:
			pytest.fail(f"the web server exited with {process.returncode}; see {log_path}", pytrace=False)
		try:
			if requests.get(f"{url}/api/method/ping", timeout=5).status_code == 200:
				break
		except (requests.ConnectionError, requests.Timeout):
			pass  # not listening yet, or its first request still loading the app (a busy machine)
		if time.monotonic() > deadline:
			process.kill()
			pytest.fail(f"the web server did not answer within 90 s; see {log_path}", pytrace=False)
		time.sleep(0.5)
	yield url
	stop(process, log, 15)


@pytest.fixture(autouse=True)
def fresh_rate_limits(request):
	"""Every request of the suite comes from 127.0.0.1, and Frappe limits some calls per address
	(the web form's save: 10 a minute): each test starts with those counters at zero."""
	if "site" in request.fixturenames:
		request.getfixturevalue("site")
		frappe.cache.delete_keys("rl:")
	yield


@pytest.fixture
def committed(site):
	"""Records made in the test process must be committed for the server to see them."""
	frappe.set_user("Administrator")
	yield frappe.db.commit
	frappe.db.commit()


class Client(requests.Session):
	"""A requests session against the live server, logged in as one user."""

	def __init__(self, base_url: str):
		super().__init__()
		self.base_url = base_url
		self.headers["Accept"] = "application/json"

	def request(self, method, url, *args, **kwargs):
		if url.startswith("/"):
			url = self.base_url + url
		kwargs.setdefault("timeout", 60)
		return super().request(method, url, *args, **kwargs)

	def login(self, user: str, password: str) -> requests.Response:
		response = self.post("/api/method/login", data={"usr": user, "pwd": password})
		assert response.status_code == 200, (
			f"login as {user} failed: {response.status_code} {response.text[:300]}"
		)
		return response


@pytest.fixture
def client(live_server):
	"""Factory: client(user, password) -> a Client logged in as that user."""
	sessions = []

	def make(user: str | None = None, password: str | None = None) -> Client:
		from tests.factories import PASSWORD

		session = Client(live_server)
		if user:
			session.login(user, password or PASSWORD)
		sessions.append(session)
		return session

	yield make
	for session in sessions:
		session.close()


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import sync_playwright

	if not os.path.exists(CHROMIUM):
		pytest.fail(f"Debian's Chromium is needed at {CHROMIUM}: apt-get install chromium", pytrace=False)
	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
		yield browser
		browser.close()


@pytest.fixture
def page(browser, live_server, request):
	context = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 900})
	context.set_default_timeout(30_000)
	page = context.new_page()
	yield page
	if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
		artifacts = os.environ.get("SMALLCHANGES_ARTIFACTS", "/tmp/smallchanges-test-artifacts")
		try:
			os.makedirs(artifacts, exist_ok=True)
			shot = os.path.join(artifacts, f"{request.node.name}.png")
			page.screenshot(path=shot, full_page=True)
			print(f"screenshot of the failed page: {shot}")
		except Exception as e:
			print(f"no screenshot: {e}")
	context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
	report = yield
	setattr(item, f"rep_{report.when}", report)
	return report


def browser_login(page, user: str, password: str) -> None:
	"""Log in on the real login page, as a person would."""
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")


def wait_for_open_card(page, table: str):
	"""A child-table card just opened, once Frappe has put the cursor in its first field (it does so
	half a second after opening; typing before then loses keys to that field). Returns the card."""
	card = page.locator(f"[data-fieldname={table}] .grid-row-open .grid-form-body")
	card.wait_for()
	page.wait_for_function(
		"table => document.activeElement?.closest(`[data-fieldname=${table}] .grid-row-open`)", arg=table
	)
	return card


def send_queued_notifications(document: str) -> None:
	"""Run the e-mail jobs a document's saves queued (see smallchanges.notifications): its
	Notifications and its own send_... methods."""
	run_jobs(
		queued_jobs("short", NOTIFICATION_JOB, document) + queued_jobs("short", DOC_METHOD_JOB, document)
	)


def web_form_referral(session, **overrides):
	"""Send a referral the way a partner does: through the referral web form's own save call."""
	from tests.referral_factories import referral_data

	data = referral_data(service=overrides.pop("service"), **overrides)
	data.pop("doctype")
	return session.post(
		"/api/method/frappe.website.doctype.web_form.web_form.accept",
		data={"web_form": "universal-referral", "data": json.dumps(data)},
	)


def run_duplicate_checks(referral: str) -> None:
	"""Run the duplicate check a referral's Send queued for after its commit (the worker's job)."""
	jobs = queued_jobs("short", DUPLICATE_CHECK_JOB, referral)
	if jobs:
		frappe.db.rollback()  # a fresh snapshot: the referral as the server committed it
		run_jobs(jobs)


def act(session, name, action):
	"""Take a workflow action on a referral, as the desk and the web form's Send do, then run the
	duplicate check a Send queued (as the worker does on a served site)."""
	response = session.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps({"doctype": "Universal Referral", "name": name}), "action": action},
	)
	if response.status_code == 200:
		run_duplicate_checks(name)
	return response
