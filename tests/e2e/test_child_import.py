"""The children import over HTTP as real users: only a System Manager starts it (a Business Support
Officer, who may make and change a Child, and a Team Manager may not; a partner is stopped by the
gate); the job runs on the long queue; the refused rows' report is downloaded by the importer only;
and in Chromium the form's Start Import runs it and shows the result."""

import csv
import io

import frappe
import pytest

from tests import child_import_factories as files
from tests.e2e.conftest import browser_login, queued_jobs, run_jobs
from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_partner

START = "/api/method/smallchanges.referrals.child_import.start"
JOB = "smallchanges.referrals.child_import.run"


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	people = frappe._dict(
		admin=make_user("System Manager"),
		officer=make_user("Business Support Officer"),
		manager=make_user("Team Manager"),
		partner=make_partner()[0],
	)
	frappe.db.commit()
	return people


@pytest.fixture
def ids(site):
	prefix = files.prefix()
	yield prefix
	frappe.db.rollback()
	frappe.set_user("Administrator")
	files.remove(prefix)


def _import_by(user: str, body: list[list]) -> str:
	frappe.set_user(user)
	name = files.child_import(files.write_csv(body))
	frappe.set_user("Administrator")
	frappe.db.commit()
	return name


def test_only_a_system_manager_may_start_an_import(people, ids, client):
	name = _import_by(people.admin, files.rows(ids, 3))
	for user in (people.officer, people.manager, people.partner):
		session = client(user)
		assert session.post(START, json={"name": name}).status_code == 403, user
		assert session.get(f"/api/resource/Child Import/{name}").status_code == 403, user
		made = session.post("/api/resource/Child Import", json={"import_file": "/private/files/x.csv"})
		assert made.status_code == 403, user
	assert queued_jobs("long", JOB, name) == []
	assert frappe.db.get_value("Child Import", name, "status") == "Pending"

	started = client(people.admin).post(START, json={"name": name})
	assert started.status_code == 200, started.text[:300]
	jobs = queued_jobs("long", JOB, name)
	assert len(jobs) == 1
	run_jobs(jobs)
	doc = frappe.get_doc("Child Import", name)
	assert (doc.status, doc.created_count) == ("Imported", 3)
	assert [c.owner for c in files.imported(ids)] == [people.admin] * 3


def test_the_refused_rows_report_is_the_importers_to_download(people, ids, client):
	body = files.rows(ids, 2)
	body[1][6] = "Unknown sex"
	name = _import_by(people.admin, body)
	admin = client(people.admin)
	assert admin.post(START, json={"name": name}).status_code == 200
	run_jobs(queued_jobs("long", JOB, name))
	report = frappe.db.get_value("Child Import", name, "refused_rows_file")

	downloaded = admin.get(report)
	assert downloaded.status_code == 200
	assert list(csv.reader(io.StringIO(downloaded.text)))[1] == [
		"3",
		f"{ids}0000001",
		"sex",
		"Unknown sex is not one of the options for sex (Female, Male, Other, Not known).",
	]
	for user in (people.officer, people.partner):
		assert client(user).get(report).status_code in (403, 404), user


def test_the_form_starts_the_import_and_shows_what_it_did(people, ids, page):
	name = _import_by(people.admin, files.rows(ids, 4))
	browser_login(page, people.admin, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/child-import/{name}")
	page.get_by_role("button", name="Start Import").click()
	page.locator(".indicator-pill", has_text="Queued").wait_for()

	frappe.db.rollback()  # see what the server committed
	run_jobs(queued_jobs("long", JOB, name))
	page.reload()
	page.get_by_text("4 children created, 0 updated, 0 unchanged.").wait_for()
	assert page.locator(".indicator-pill", has_text="Imported").is_visible()
	assert frappe.db.get_value("Child Import", name, "status") == "Imported"
