"""Partner A can never see Partner B's referrals, nor staff-only fields, through any channel.

Over HTTP, as real users logged in through /api/method/login, against the live server. Partners
do not reach Frappe's desk and REST API at all (gate.py refuses it, 403): where that API was the
channel, the test asserts the refusal and then checks the second wall, the record scoping, by
calling the same Frappe functions as the partner in this process.
"""

import json

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_partner, make_service, referral_data

STAFF_MARKER = "STAFF-ONLY-TRIAGE-NOTE-7731"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def _as(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def _upload(user: str, referral: str, name: str, content: bytes):
	def save():
		return frappe.get_doc(
			{
				"doctype": "File",
				"file_name": name,
				"attached_to_doctype": "Universal Referral",
				"attached_to_name": referral,
				"content": content,
				"is_private": 1,
			}
		).insert()

	return _as(user, save)


@pytest.fixture(scope="module")
def world(site):
	"""Two agencies with a partner each, staff, and a submitted referral from each agency."""
	frappe.set_user("Administrator")
	a_user, a_agency = make_partner()
	b_user, b_agency = make_partner()
	bso = make_user("Business Support Officer")
	service = make_service()

	def submitted(user, first_name):
		children = [{"first_name": first_name, "last_name": "Isolation", "date_of_birth": "2016-01-01"}]
		doc = _as(user, lambda: frappe.get_doc(referral_data(service=service, children=children)).insert())
		_as(user, apply_workflow, {"doctype": "Universal Referral", "name": doc.name}, "Submit")
		return doc.name

	ra, rb = submitted(a_user, "Alpha"), submitted(b_user, "Bravo")
	# staff triage on A's own referral: a note and a known duplicate that partner A must never see
	alfa = frappe.get_doc(
		{"doctype": "Child", "first_name": "Alfa", "last_name": "Isolation", "date_of_birth": "2016-01-01"}
	).insert()
	from smallchanges.referrals.child_links import link_row
	from smallchanges.referrals.duplicates import check_duplicates
	from smallchanges.referrals.triage import triage_of

	link_row(ra, frappe.get_doc("Universal Referral", ra).children[0].name, alfa.name)  # staff linked it

	check_duplicates(frappe.get_doc("Universal Referral", ra))
	triage = triage_of(ra)
	triage.triage_notes = STAFF_MARKER
	triage.primary_need = "N4 Family in acute stress"
	triage.save()
	frappe.db.set_value("Referral Triage", ra, "is_repeat", 1)  # so that a leak would show
	assert triage.candidates(), "the fixture needs a stored duplicate candidate"
	# different bytes: Frappe stores identical content once, under the first file's URL
	rb_file = _upload(b_user, rb, "bravo-report.png", PNG + b"bravo")
	ra_file = _upload(a_user, ra, "alpha-report.png", PNG + b"alpha")
	frappe.db.commit()
	return frappe._dict(
		a=a_user, b=b_user, a_agency=a_agency, b_agency=b_agency, ra=ra, rb=rb, bso=bso, alfa=alfa.name,
		ra_file=ra_file.file_url, rb_file=rb_file.file_url,
	)  # fmt: skip


@pytest.fixture
def partner_a(client, world):
	return client(world.a, PASSWORD)


def _names(response) -> set[str]:
	data = response.json()
	rows = data.get("data", data.get("message"))
	if isinstance(rows, dict) and "values" in rows:  # reportview's compressed form
		index = rows["keys"].index("name")
		return {row[index] for row in rows["values"]}
	return {row["name"] if isinstance(row, dict) else row[0] for row in rows or []}


def _method(session, method, **params):
	return session.post(
		f"/api/method/{method}",
		data={k: json.dumps(v) if not isinstance(v, str) else v for k, v in params.items()},
	)


def test_rest_get_of_another_agencys_referral_is_refused(partner_a, world):
	assert partner_a.get(f"/api/resource/Universal Referral/{world.rb}").status_code == 403
	assert partner_a.get(f"/api/resource/Universal Referral/{world.ra}").status_code == 403  # the gate
	# behind the gate, the scope: their own agency's referral, not the other's
	assert not _as(world.a, frappe.has_permission, "Universal Referral", "read", world.rb)
	assert _as(world.a, frappe.has_permission, "Universal Referral", "read", world.ra)
	own = partner_a.get(f"/universal-referral/{world.ra}", headers={"Accept": "text/html"})
	assert own.status_code == 200  # read on the portal, through the web form


def test_rest_list_shows_only_the_agencys_referrals(partner_a, world):
	response = partner_a.get("/api/resource/Universal Referral", params={"limit_page_length": 0})
	assert response.status_code == 403  # the gate
	names = set(_as(world.a, frappe.get_list, "Universal Referral", pluck="name", limit_page_length=0))
	assert world.ra in names and world.rb not in names
	by_name = partner_a.get(
		"/api/resource/Universal Referral", params={"filters": json.dumps([["name", "=", world.rb]])}
	)
	assert by_name.status_code == 403 and _names(by_name) == set()
	assert _as(world.a, frappe.get_list, "Universal Referral", filters={"name": world.rb}) == []


def test_frappe_client_get_value_and_count(partner_a, world):
	assert (
		_method(partner_a, "frappe.client.get", doctype="Universal Referral", name=world.rb).status_code
		== 403
	)
	value = _method(
		partner_a, "frappe.client.get_value", doctype="Universal Referral", fieldname="concerns",
		filters={"name": world.rb},
	)  # fmt: skip
	assert value.status_code in (403, 200)
	assert not (value.json().get("message") or {}).get("concerns")
	count = _method(partner_a, "frappe.client.get_count", doctype="Universal Referral")
	assert count.status_code == 403  # the gate
	from frappe.client import get_count

	mine = _as(world.a, frappe.get_list, "Universal Referral", pluck="name", limit_page_length=0)
	assert _as(world.a, get_count, "Universal Referral") == len(mine)


def test_reportview_returns_only_their_rows_and_no_staff_fields(partner_a, world):
	response = _method(
		partner_a, "frappe.desk.reportview.get", doctype="Universal Referral",
		fields=["name", "concerns"], limit_page_length=0,
	)  # fmt: skip
	assert response.status_code == 403  # the gate
	assert world.rb not in response.text
	assert STAFF_MARKER not in response.text
	from frappe.desk.reportview import get

	def report():
		frappe.local.form_dict = frappe._dict(
			doctype="Universal Referral", fields=["name", "concerns"],
			limit_page_length=0,
		)  # fmt: skip
		return json.dumps(get(), default=str)

	text = _as(world.a, report)
	assert world.rb not in text
	assert world.ra in text
	assert STAFF_MARKER not in text
	# the staff-only fields are not the referral's any more: asking for them, or joining the triage
	for fields in (
		["name", "triage_notes", "is_repeat"],
		["name", "`tabReferral Triage`.triage_notes"],
	):
		joined = _method(
			partner_a, "frappe.desk.reportview.get", doctype="Universal Referral", fields=fields,
			limit_page_length=0,
		)  # fmt: skip
		assert joined.status_code != 200 or STAFF_MARKER not in joined.text, fields
		assert STAFF_MARKER not in joined.text


def test_search_link_finds_only_their_referrals(partner_a, world):
	response = _method(
		partner_a, "frappe.desk.search.search_link", doctype="Universal Referral", txt="UR-", page_length=100
	)
	assert world.rb not in response.text


def test_private_attachments_follow_the_referral(client, partner_a, world):
	assert partner_a.get(world.rb_file).status_code == 403
	assert partner_a.get(world.ra_file).status_code == 200
	partner_b = client(world.b, PASSWORD)
	assert partner_b.get(world.ra_file).status_code == 403


def test_web_form_list_shows_only_their_agencys_referrals(partner_a, world):
	response = _method(
		partner_a,
		"frappe.www.list.get_list_data",
		doctype="Universal Referral",
		web_form_name="universal-referral",
	)
	assert response.status_code == 200
	rows = response.json()["message"]
	names = {row["name"] for row in rows}
	assert world.ra in names and world.rb not in names
	# the columns the list shows (and the name it links by), not every column of the referral
	assert set(rows[0]) == {"name", "title", "workflow_state", "received_at", "decision", "modified"}
	page = partner_a.get(f"/universal-referral/{world.rb}", headers={"Accept": "text/html"})
	assert page.status_code == 403


def test_print_view_and_desk_form_load_are_refused(partner_a, world):
	def printview(name):
		return partner_a.get(
			"/printview",
			params={"doctype": "Universal Referral", "name": name},
			headers={"Accept": "text/html"},
		)

	other = printview(world.rb)
	assert other.status_code == 403 and "Bravo" not in other.text
	# partners print no referral, not even their own (they read it on the portal): the same refusal
	own = printview(world.ra)
	assert own.status_code == 403 and "Isolation" not in own.text  # the children's surname
	assert STAFF_MARKER not in own.text and "Alfa" not in own.text
	load = partner_a.get(
		"/api/method/frappe.desk.form.load.getdoc", params={"doctype": "Universal Referral", "name": world.rb}
	)
	assert load.status_code == 403


def test_child_rows_workflow_actions_versions_and_comments_do_not_leak(partner_a, world):
	rows = _method(
		partner_a, "frappe.client.get_list", doctype="Referral Child", parent="Universal Referral",
		fields=["parent", "first_name"], limit_page_length=0,
	)  # fmt: skip
	assert "Bravo" not in rows.text
	duplicates = _method(
		partner_a, "frappe.client.get_list", doctype="Referral Duplicate Candidate", parent="Universal Referral",
		fields=["parent", "candidate_name"], limit_page_length=0,
	)  # fmt: skip
	assert "Alfa" not in duplicates.text and world.ra not in duplicates.text
	for call in (
		partner_a.get("/api/resource/Referral Triage", params={"limit_page_length": 0}),
		partner_a.get(f"/api/resource/Referral Triage/{world.ra}"),
		_method(
			partner_a, "frappe.client.get_list", doctype="Referral Triage", fields=["name", "triage_notes"]
		),
		_method(partner_a, "frappe.client.get_count", doctype="Referral Triage"),
		_method(
			partner_a,
			"frappe.client.get_count",
			doctype="Universal Referral",
			filters=[["Referral Triage", "triage_notes", "like", "%STAFF%"]],
		),
		_method(partner_a, "smallchanges.referrals.api.get_triage_view", referral=world.ra),
		partner_a.get("/api/resource/Referral Child Link", params={"fields": '["*"]'}),
		_method(partner_a, "frappe.client.get_list", doctype="Referral Child Link", fields=["child"]),
		_method(
			partner_a,
			"frappe.client.get_count",
			doctype="Universal Referral",
			filters=[["Referral Child Link", "child", "=", world.alfa]],
		),
	):
		assert call.status_code >= 400, call.text[:300]  # refused: no answer, not even a count
		assert STAFF_MARKER not in call.text and "Alfa" not in call.text and world.alfa not in call.text
	for doctype in ("Workflow Action", "Version", "Comment", "Child", "Email Queue"):
		response = partner_a.get(f"/api/resource/{doctype}", params={"limit_page_length": 0})
		assert world.rb not in response.text, doctype
		assert "Bravo" not in response.text, doctype


def test_partner_sees_only_their_own_agency(partner_a, world):
	listed = partner_a.get("/api/resource/Partner Agency", params={"limit_page_length": 0})
	assert listed.status_code == 403 and world.b_agency not in listed.text  # the gate
	names = set(_as(world.a, frappe.get_list, "Partner Agency", pluck="name", limit_page_length=0))
	assert names == {world.a_agency}
	assert partner_a.get(f"/api/resource/Partner Agency/{world.b_agency}").status_code == 403
	assert not _as(world.a, frappe.has_permission, "Partner Agency", "read", world.b_agency)


def test_staff_only_fields_never_reach_the_partner(partner_a, world):
	assert partner_a.get(f"/api/resource/Universal Referral/{world.ra}").status_code == 403  # the gate
	from frappe.api.v1 import read_doc
	from frappe.utils.response import json_handler

	frappe.local.form_dict = frappe._dict()
	# what the REST read answered before the gate: the same function, as the partner
	own = json.loads(json.dumps(_as(world.a, read_doc, "Universal Referral", world.ra), default=json_handler))
	for field in ("triage_notes", "primary_need", "duplicates_checked_at"):
		assert field not in own, field
	# Frappe sends a removed Check as 0 and a removed table as []: no staff data either way
	assert not own.get("is_repeat") and not own.get("possible_duplicates")
	assert "child" not in own["children"][0] and "match_summary" not in own["children"][0]
	assert (
		own["workflow_state"] == "Submitted" and own["referrer_agency"] == world.a_agency
	)  # level 2: readable

	form = _method(
		partner_a, "frappe.website.doctype.web_form.web_form.get_form_data", doctype="Universal Referral",
		docname=world.ra, web_form_name="universal-referral",
	)  # fmt: skip
	assert form.status_code == 200 and world.ra in form.text
	page = partner_a.get(f"/universal-referral/{world.ra}", headers={"Accept": "text/html"})
	assert '"allow_edit": 0' in page.text or '"allow_edit":0' in page.text  # sent: not editable
	for response in (form, page):
		assert STAFF_MARKER not in response.text
		assert '"candidate' not in response.text and "Referral Duplicate Candidate" not in response.text
		assert "Alfa" not in response.text  # the Child record found as a possible duplicate
		assert world.alfa not in response.text  # the council record staff linked the child to
	assert world.alfa not in json.dumps(own, default=json_handler)


def test_staff_see_what_partners_cannot(client, world):
	bso = client(world.bso, PASSWORD)
	triage = bso.get(f"/api/resource/Referral Triage/{world.ra}").json()["data"]
	assert triage["triage_notes"] == STAFF_MARKER and json.loads(triage["possible_duplicates"])
	view = _method(bso, "smallchanges.referrals.api.get_triage_view", referral=world.ra).json()["message"]
	assert view["triage"]["triage_notes"] == STAFF_MARKER and view["children"][0]["candidates"]
	assert bso.get(f"/api/resource/Universal Referral/{world.rb}").status_code == 200
