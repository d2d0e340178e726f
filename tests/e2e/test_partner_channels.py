"""Issue 8's "Why", one regression test per channel: what a partner of one agency tried with the
session cookie and Frappe's standard endpoints, over HTTP against the live server.

Staff-only values are ones this module plants (a unique triage note, a unique duplicate
candidate), so the assertions hold wherever the app keeps triage.
"""

import json

import frappe
import pytest

from tests.factories import PASSWORD, make_user
from tests.referral_factories import PNG, make_referral, make_two_agencies

TRACEBACK = "Traceback (most recent call last)"
NOT_FROM_THE_PORTAL = "not available from the partner portal"


@pytest.fixture(scope="module")
def world(site):
	world = make_two_agencies()
	world.bso = make_user("Business Support Officer")
	world.admin = make_user("System Manager")
	frappe.db.commit()
	return world


@pytest.fixture
def partner_a(client, world):
	return client(world.a, PASSWORD)


def _post(session, method, **params):
	data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
	return session.post(f"/api/method/{method}", data=data)


def assert_refused(response, *secrets):
	assert response.status_code == 403, response.text[:300]
	assert NOT_FROM_THE_PORTAL in response.text  # a plain message...
	assert TRACEBACK not in response.text  # ...and nothing of the server's insides
	for secret in secrets:
		assert secret not in response.text


def test_search_with_ignore_user_permissions_is_refused(partner_a, world):
	for method in ("frappe.desk.search.search_widget", "frappe.desk.search.search_link"):
		response = _post(
			partner_a,
			method,
			doctype="Universal Referral",
			txt="",
			ignore_user_permissions=1,
			page_length=100,
		)
		assert_refused(response, world.rb, world.b_child)
	# the one search the referral form needs: the council's services, never another doctype's rows
	services = _post(partner_a, "frappe.desk.search.search_link", doctype="LA Service", txt="")
	assert services.status_code == 200 and world.service in services.text
	through_query = _post(
		partner_a, "frappe.desk.search.search_link", doctype="LA Service", txt="",
		query="frappe.desk.search.search_widget",
	)  # fmt: skip
	assert_refused(through_query)


def test_rest_and_reportview_with_a_child_table_column_are_refused(partner_a, world):
	# Before triage had its own DocType the candidates were a child table of the referral.
	column = "`tabReferral Triage`.`possible_duplicates`"
	rest = partner_a.get(
		"/api/resource/Universal Referral",
		params={"fields": json.dumps(["name", column]), "limit_page_length": 0},
	)
	assert_refused(rest, world.candidate_name, world.candidate)
	report = _post(
		partner_a, "frappe.desk.reportview.get", doctype="Universal Referral", fields=["name", column]
	)
	assert_refused(report, world.candidate_name, world.candidate)


def test_getdoc_and_docinfo_with_version_history_are_refused_on_their_own_referral(partner_a, world):
	for method in ("frappe.desk.form.load.getdoc", "frappe.desk.form.load.get_docinfo"):
		response = partner_a.get(
			f"/api/method/{method}", params={"doctype": "Universal Referral", "name": world.ra}
		)
		assert_refused(response, world.triage_note, world.candidate_name)
	versions = partner_a.get(
		"/api/resource/Version", params={"filters": json.dumps({"docname": world.ra}), "fields": '["data"]'}
	)
	assert_refused(versions, world.triage_note, world.candidate_name)


def test_get_count_with_a_staff_only_filter_is_refused(partner_a, world):
	for filters in (
		[["Universal Referral", "triage_notes", "like", f"%{world.triage_note}%"]],
		[["Referral Duplicate Candidate", "candidate_name", "like", f"%{world.candidate_name}%"]],
	):
		response = _post(partner_a, "frappe.client.get_count", doctype="Universal Referral", filters=filters)
		assert_refused(response)
		assert '"message"' not in response.text  # no count at all: no yes/no answer
	v2 = partner_a.get("/api/v2/doctype/Universal Referral/count")
	assert_refused(v2)


def test_dashboard_chart_on_another_agency_is_refused(partner_a, world):
	chart = {
		"chart_name": "leak",
		"chart_type": "Count",
		"type": "Heatmap",
		"document_type": "Universal Referral",
		"based_on": "creation",
		"filters_json": json.dumps([["Universal Referral", "referrer_agency", "=", world.b_agency]]),
		"timeseries": 1,
	}
	response = _post(partner_a, "frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart=chart)
	assert_refused(response)


def test_partner_agency_members_of_other_agencies_are_not_listed(partner_a, world):
	response = _post(
		partner_a, "frappe.client.get_list", doctype="Partner Agency Member", parent="Partner Agency",
		fields=["parent", "user"], limit_page_length=0,
	)  # fmt: skip
	assert_refused(response, world.b, world.b_agency)
	rest = partner_a.get(
		"/api/resource/Partner Agency Member", params={"parent": "Partner Agency", "fields": '["*"]'}
	)
	assert_refused(rest, world.b, world.b_agency)


def test_upload_by_file_url_or_library_name_is_refused_and_the_file_stays_closed(partner_a, world):
	files_before = frappe.db.count("File")
	for args in ({"file_url": world.rb_file}, {"library_file_name": world.rb_file_name}):
		response = partner_a.post(
			"/api/method/upload_file",
			data={"doctype": "Universal Referral", "docname": world.ra, "is_private": 1, **args},
		)
		assert_refused(response, world.rb_file)
		legacy = partner_a.post(
			"/api/method/frappe.handler.upload_file", data={"doctype": "Universal Referral", **args}
		)
		assert_refused(legacy, world.rb_file)
	frappe.db.rollback()
	assert frappe.db.count("File") == files_before
	assert partner_a.get(world.rb_file).status_code == 403
	assert partner_a.get(world.ra_file).status_code == 200  # their own agency's, through their referral
	# uploading content to their own draft is what the web form does, and still works
	draft = make_referral(world.a, service=world.service).name
	frappe.db.commit()
	own = partner_a.post(
		"/api/method/upload_file",
		files={"file": ("report.png", PNG + draft.encode())},
		data={"doctype": "Universal Referral", "docname": draft, "is_private": 1},
	)
	assert own.status_code == 200, own.text[:300]
	assert partner_a.get(own.json()["message"]["file_url"]).status_code == 200


def test_a_partners_file_by_reference_is_refused_behind_the_gate_too(world):
	"""The second wall: even on a channel the gate let through, a partner's File holds only content."""
	frappe.set_user(world.a)
	try:
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc(
				{"doctype": "File", "file_url": world.rb_file, "attached_to_doctype": "Universal Referral",
				 "attached_to_name": world.ra, "is_private": 1}
			).insert()  # fmt: skip
		other = frappe.get_doc("File", world.rb_file_name)
		assert not frappe.has_permission("File", "read", doc=other)
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()


def _broken_call(session, service: str):
	"""A call that fails inside Frappe (the fields asked for are not JSON): a 500 for anyone. (A web
	form save with data that is not JSON was one; the app's forms now refuse it with a 400.)"""
	return session.post(
		"/api/method/frappe.client.validate_link",
		data={"doctype": "LA Service", "docname": service, "fields": "{not json"},
	)


def test_no_traceback_in_error_responses_except_to_a_system_manager(client, world):
	assert not frappe.db.get_single_value("System Settings", "allow_error_traceback")  # set at install
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)  # an administrator's choice
	frappe.db.commit()
	try:
		for user in (world.a, world.bso):
			response = _broken_call(client(user, PASSWORD), world.service)
			assert response.status_code >= 500, response.text[:300]
			assert TRACEBACK not in response.text and "json.decoder" not in response.text, user
			assert "exception" not in response.json() and "exc" not in response.json()
			assert response.json().get("_server_messages"), "a plain message says what happened"
			html = client(user, PASSWORD).post(
				"/", data={"cmd": "frappe.website.doctype.web_form.web_form.accept", "web_form": "universal-referral",
						   "data": "{not json"}, headers={"Accept": "text/html"},
			)  # fmt: skip
			assert TRACEBACK not in html.text, user
		admin = _broken_call(client(world.admin, PASSWORD), world.service)
		assert TRACEBACK in admin.text  # the administrator who turned it on sees it
	finally:
		frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)
		frappe.db.commit()


def test_staff_keep_frappes_api(client, world):
	bso = client(world.bso, PASSWORD)
	report = _post(bso, "frappe.desk.reportview.get", doctype="Universal Referral", fields=["name"])
	assert report.status_code == 200 and world.rb in report.text
	assert bso.get(f"/api/resource/Universal Referral/{world.rb}").status_code == 200
	search = _post(bso, "frappe.desk.search.search_link", doctype="Universal Referral", txt="")
	assert search.status_code == 200
