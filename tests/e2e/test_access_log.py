"""The access log: every read of a referral, its triage or a Child leaves one row per record,
whoever reads it and through whatever channel; only a Director or System Manager reads the log.

Over HTTP as real users against the live server."""

import json

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from smallchanges.access import access_log
from smallchanges.rules import access_log as channels
from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_partner, make_service, referral_data

LOG = "Record Access Log"


@pytest.fixture(scope="module")
def world(site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	bso = make_user("Business Support Officer", first_name="Bea", last_name="Okafor")
	director = make_user("Director", first_name="Dara", last_name="Quinn")
	frappe.set_user(partner)
	children = [{"first_name": "Logan", "last_name": "Ledger", "date_of_birth": "2015-05-05"}]
	doc = frappe.get_doc(referral_data(service=make_service(), children=children)).insert()
	apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Submit")
	frappe.set_user("Administrator")
	child = frappe.get_doc(
		{"doctype": "Child", "first_name": "Logan", "last_name": "Ledger", "date_of_birth": "2015-05-05"}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Referral Child Link",
			"referral": doc.name,
			"referral_child_row": doc.children[0].name,
			"child": child.name,
		}
	).insert()
	frappe.db.commit()
	return frappe._dict(partner=partner, bso=bso, director=director, referral=doc.name, child=child.name)


def _rows(user: str, doctype: str, name: str | None, channel: str) -> int:
	"""The reads of this record by this user through this channel: the rows that name it and the list
	reads that showed it (for None: the reads of no record in particular, e.g. an export)."""
	frappe.db.rollback()  # see what the server committed
	if name is None:
		return frappe.db.count(
			LOG,
			{
				"user": user,
				"reference_doctype": doctype,
				"reference_name": ["is", "not set"],
				"channel": channel,
			},
		)
	return len(access_log.reads_of(doctype, name, user=user, channel=channel))


def _method(session, method, **params):
	return session.post(
		f"/api/method/{method}",
		data={k: json.dumps(v) if not isinstance(v, str) else v for k, v in params.items()},
	)


def _one_row_per_read(user, doctype, name, channel, read):
	before = _rows(user, doctype, name, channel)
	response = read()
	assert response.status_code == 200, (channel, response.status_code, response.text[:300])
	assert _rows(user, doctype, name, channel) == before + 1, (channel, doctype, name)
	return response


def test_staff_reads_are_logged_once_per_record_and_channel(client, world):
	bso = client(world.bso)
	ref, child = world.referral, world.child
	UR = "Universal Referral"
	reads = [
		(UR, ref, channels.DESK_FORM, lambda: bso.get(
			"/api/method/frappe.desk.form.load.getdoc", params={"doctype": UR, "name": ref})),
		(UR, ref, channels.REST, lambda: bso.get(f"/api/resource/{UR}/{ref}")),
		(UR, ref, channels.REST, lambda: _method(bso, "frappe.client.get", doctype=UR, name=ref)),
		(UR, ref, channels.PRINT, lambda: bso.get(
			"/printview", params={"doctype": UR, "name": ref}, headers={"Accept": "text/html"})),
		(UR, ref, channels.LIST, lambda: _method(
			bso, "frappe.desk.reportview.get", doctype=UR, fields=["name", "title"],
			filters=[["name", "=", ref]])),
		(UR, ref, channels.REST, lambda: bso.get(
			f"/api/resource/{UR}", params={"filters": json.dumps([["name", "=", ref]])})),
		(UR, ref, channels.SEARCH, lambda: _method(
			bso, "frappe.desk.search.search_link", doctype=UR, txt=ref)),
		(UR, ref, channels.REPORT, lambda: _method(
			bso, "frappe.desk.query_report.run", report_name="Overdue Referrals",
			filters={"as_of": "2999-01-01"})),
		(UR, None, channels.EXPORT, lambda: bso.post(
			"/api/method/frappe.desk.reportview.export_query",
			data={"doctype": UR, "file_format_type": "CSV", "fields": json.dumps(["name", "title"]),
				"filters": json.dumps([["name", "=", ref]])})),
		("Referral Triage", ref, channels.REST, lambda: bso.get(f"/api/resource/Referral Triage/{ref}")),
		("Referral Triage", ref, channels.API, lambda: _method(
			bso, "smallchanges.referrals.api.get_triage_view", referral=ref)),
		("Child", child, channels.DESK_FORM, lambda: bso.get(
			"/api/method/frappe.desk.form.load.getdoc", params={"doctype": "Child", "name": child})),
		("Child", child, channels.REST, lambda: bso.get(
			"/api/resource/Child", params={"filters": json.dumps([["name", "=", child]])})),
	]  # fmt: skip
	for doctype, name, channel, read in reads:
		_one_row_per_read(world.bso, doctype, name, channel, read)
	frappe.db.rollback()
	row = frappe.get_all(
		LOG, filters={"user": world.bso, "channel": channels.EXPORT}, fields=["detail", "request"], limit=1
	)[0]
	assert ref in row.detail and row.request == "frappe.desk.reportview.export_query"


def test_partner_reads_through_the_portal_are_logged(client, world):
	partner = client(world.partner)
	ref = world.referral
	_one_row_per_read(
		world.partner, "Universal Referral", ref, channels.WEB_PAGE,
		lambda: partner.get(f"/universal-referral/{ref}", headers={"Accept": "text/html"}),
	)  # fmt: skip
	_one_row_per_read(
		world.partner, "Universal Referral", ref, channels.WEB_FORM,
		lambda: _method(
			partner, "frappe.website.doctype.web_form.web_form.get_form_data", doctype="Universal Referral",
			docname=ref, web_form_name="universal-referral",
		),
	)  # fmt: skip
	_one_row_per_read(
		world.partner, "Universal Referral", ref, channels.LIST,
		lambda: _method(
			partner, "frappe.www.list.get_list_data", doctype="Universal Referral",
			web_form_name="universal-referral",
		),
	)  # fmt: skip


def test_a_refused_read_or_a_count_is_not_logged_as_a_read(client, world):
	other, _agency = make_partner()
	frappe.db.commit()
	outsider = client(other)
	before = _rows(other, "Universal Referral", world.referral, channels.REST)
	assert outsider.get(f"/api/resource/Universal Referral/{world.referral}").status_code == 403
	assert _rows(other, "Universal Referral", world.referral, channels.REST) == before
	bso = client(world.bso)
	frappe.db.rollback()
	total = frappe.db.count(LOG, {"user": world.bso})
	assert _method(bso, "frappe.client.get_count", doctype="Universal Referral").status_code == 200
	frappe.db.rollback()
	assert frappe.db.count(LOG, {"user": world.bso}) == total


def test_only_a_director_or_system_manager_reads_the_log(client, world):
	bso = client(world.bso)
	bso.get(f"/api/resource/Universal Referral/{world.referral}")  # something to find
	director = client(world.director)
	rows = _method(director, "smallchanges.access.access_log.who_read", doctype="Child", name=world.child)
	assert rows.status_code == 200, rows.text[:300]
	readers = {(r["user"], r["reference_doctype"]) for r in rows.json()["message"]}
	assert (world.bso, "Universal Referral") in readers  # the child's referral, read by business support
	listed = director.get(
		f"/api/resource/{LOG}", params={"fields": json.dumps(["user"]), "limit_page_length": 5}
	)
	assert listed.status_code == 200
	report = _method(
		director, "frappe.desk.query_report.run", report_name="Record Access",
		filters={"reference_name": world.referral},
	)  # fmt: skip
	assert report.status_code == 200 and "Bea Okafor" in report.text

	for user in (world.bso, world.partner, make_user("Social Worker"), make_user("Team Manager")):
		frappe.db.commit()
		session = client(user, PASSWORD)
		for response in (
			session.get(f"/api/resource/{LOG}"),
			_method(session, "frappe.client.get_list", doctype=LOG, fields=["user", "reference_name"]),
			_method(session, "frappe.client.get_count", doctype=LOG),
			_method(session, "smallchanges.access.access_log.who_read", doctype="Child", name=world.child),
			_method(
				session,
				"frappe.desk.query_report.run",
				report_name="Record Access",
				filters={"reference_name": world.referral},
			),
		):
			assert response.status_code == 403, (user, response.url, response.text[:200])
			assert world.bso not in response.text or user == world.bso

	# nobody writes it by hand, not even an administrator
	administrator = make_user("System Manager")
	frappe.db.commit()
	for session in (director, client(administrator)):
		made = session.post(f"/api/resource/{LOG}", json={"user": world.bso, "reference_name": "UR-X"})
		assert made.status_code in (403, 417), made.text[:300]


def _more_referrals(world, count: int) -> list[str]:
	frappe.set_user(world.partner)
	names = []
	for _i in range(count):
		doc = frappe.get_doc(referral_data(service=make_service())).insert()
		apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Submit")
		names.append(doc.name)
	frappe.set_user("Administrator")
	frappe.db.commit()
	return names


def test_a_list_page_read_is_one_row_listing_its_records(client, world):
	"""A page of a list is one log row, not one per row shown; "who read this record" still finds it."""
	names = [world.referral, *_more_referrals(world, 2)]
	bso = client(world.bso)
	frappe.db.rollback()
	before = frappe.db.count(LOG, {"user": world.bso, "channel": channels.LIST})
	listed = _method(
		bso, "frappe.desk.reportview.get", doctype="Universal Referral", fields=["name", "title"],
		filters=[["name", "in", names]],
	)  # fmt: skip
	assert listed.status_code == 200, listed.text[:300]
	frappe.db.rollback()
	rows = frappe.get_all(
		LOG,
		filters={"user": world.bso, "channel": channels.LIST},
		fields=["name", "records_listed", "reference_name"],
		order_by="creation desc",
		limit=5,
	)
	assert frappe.db.count(LOG, {"user": world.bso, "channel": channels.LIST}) == before + 1
	page_read = rows[0]
	assert page_read.records_listed == 3 and page_read.reference_name is None
	recorded = frappe.get_all(
		access_log.RECORDS_DOCTYPE, filters={"parent": page_read.name}, pluck="reference_name"
	)
	assert sorted(recorded) == sorted(names)
	for name in names:
		reads = access_log.reads_of("Universal Referral", name, user=world.bso, channel=channels.LIST)
		assert page_read.name in {read.name for read in reads}


def test_who_read_and_the_report_speak_in_names_and_plain_words(client, world):
	bso = client(world.bso)
	ref = world.referral
	assert bso.get(
		"/api/method/frappe.desk.form.load.getdoc", params={"doctype": "Universal Referral", "name": ref}
	).ok
	assert _method(
		bso, "frappe.desk.reportview.get", doctype="Universal Referral", fields=["name"],
		filters=[["name", "=", ref]],
	).ok  # fmt: skip
	director = client(world.director)
	rows = _method(
		director, "smallchanges.access.access_log.who_read", doctype="Universal Referral", name=ref
	)
	assert rows.status_code == 200, rows.text[:300]
	said = {(row["full_name"], row["what"]) for row in rows.json()["message"]}
	assert ("Bea Okafor", "opened the record") in said and ("Bea Okafor", "in a list") in said
	assert not any("frappe." in what for _who, what in said)

	report = _method(
		director, "frappe.desk.query_report.run", report_name="Record Access",
		filters={"reference_name": ref},
	)  # fmt: skip
	assert report.status_code == 200, report.text[:300]
	result = report.json()["message"]["result"]
	people = {(row["full_name"], row["what"]) for row in result if isinstance(row, dict)}
	assert ("Bea Okafor", "opened the record") in people and ("Bea Okafor", "in a list") in people
	assert world.bso not in report.text and "frappe.desk.form.load.getdoc" not in report.text
	columns = [c["label"] for c in report.json()["message"]["columns"]]
	assert "Who" in columns and "What they did" in columns and "Method or Path" not in columns


def _onload(session, doctype, name) -> dict:
	response = session.get(
		"/api/method/frappe.desk.form.load.getdoc", params={"doctype": doctype, "name": name}
	)
	assert response.status_code == 200, response.text[:300]
	return response.json()["docs"][0].get("__onload") or {}


def test_the_form_says_who_may_see_who_read_it(client, world):
	"""The server's answer, in the form's onload: those who may read the log, and nobody else."""
	administrator = make_user("System Manager")
	frappe.db.commit()
	for user, may in ((world.director, True), (administrator, True), (world.bso, False)):
		session = client(user)
		for doctype, name in (("Universal Referral", world.referral), ("Child", world.child)):
			assert bool(_onload(session, doctype, name).get("may_see_who_read")) is may, (user, doctype)


def test_a_director_sees_the_button_and_names_in_chromium(page, world, client):
	from tests.e2e.conftest import browser_login

	assert (
		client(world.bso)
		.get("/api/method/frappe.desk.form.load.getdoc", params={"doctype": "Child", "name": world.child})
		.ok
	)
	browser_login(page, world.director, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/child/{world.child}")
	button = page.get_by_role("button", name="Who has read this")
	button.wait_for(state="visible")
	button.click()
	dialog = page.locator(".modal:visible", has_text="Who has read this record")
	dialog.locator("table.sc-who-read").wait_for()
	text = dialog.inner_text()
	assert "Bea Okafor" in text and "opened the record" in text
	assert world.bso not in text and "frappe.desk" not in text


def test_business_support_do_not_see_the_button(page, world):
	from tests.e2e.conftest import browser_login

	browser_login(page, world.bso, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/universal-referral/{world.referral}")
	page.wait_for_function(
		"(name) => window.cur_frm && cur_frm.doc && cur_frm.doc.name === name && !cur_frm.is_dirty()",
		arg=world.referral,
	)
	page.wait_for_timeout(1500)  # the form's refresh has added its buttons
	assert page.get_by_role("button", name="Who has read this").count() == 0
