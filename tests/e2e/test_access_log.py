"""The access log: every read of a referral, its triage or a Child leaves one row per record,
whoever reads it and through whatever channel; only a Director or System Manager reads the log.

Over HTTP as real users against the live server."""

import json

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from smallchanges.rules import access_log as channels
from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_partner, make_service, referral_data

LOG = "Record Access Log"


@pytest.fixture(scope="module")
def world(site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	bso, director = make_user("Business Support Officer"), make_user("Director")
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
	frappe.db.rollback()  # see what the server committed
	return frappe.db.count(
		LOG, {"user": user, "reference_doctype": doctype, "reference_name": name, "channel": channel}
	)


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
	assert report.status_code == 200 and world.bso in report.text

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
