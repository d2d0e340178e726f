"""Core group minutes end to end, as real users: a partner member drafts the minutes through the
web form in Chromium and sends them for review; the chair approves; a business support officer
with the delegation distributes (the PDF is queued); one without it is refused, with the message;
partners see only their own core groups, and the minute taker cannot approve their own minutes."""

import json
import time
from urllib.parse import parse_qs, urlparse

import frappe
import pytest
from frappe.utils import add_days

from smallchanges import roles
from smallchanges.rules.delegation import TAKE_CORE_GROUP_MINUTES
from tests.core_groups_factories import CoreGroup, complete, start_minutes, today
from tests.e2e.conftest import browser_login, wait_for_open_card
from tests.factories import PASSWORD, make_user
from tests.governance_factories import decide, request_delegation


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	group = CoreGroup(outcomes=1)
	other = CoreGroup()  # a core group the first group's partners are not in
	bso = make_user(roles.BUSINESS_SUPPORT_OFFICER, first_name="Billie")
	bso_without = make_user(roles.BUSINESS_SUPPORT_OFFICER, first_name="Noel")
	director = make_user(roles.DIRECTOR, first_name="Dana")
	delegation = request_delegation(group.chair, task=TAKE_CORE_GROUP_MINUTES, users=[bso])
	decide(delegation, director, "Approve")
	other_minutes = start_minutes(other.plan, other.school)
	frappe.set_user("Administrator")
	frappe.db.commit()
	return frappe._dict(
		group=group, other=other, other_minutes=other_minutes.name, bso=bso, bso_without=bso_without
	)


# Every /api call a partner's browser makes on these pages: the portal gate's allow-list needs
# exactly these (the web form's own calls, and the workflow action behind "Send for review").
# (Frappe's desk-less pages post to "/" with the method in `cmd`, or to /api/method/<method>.)
PARTNER_API_CALLS = {
	"frappe.website.doctype.web_form.web_form.accept",
	"frappe.website.doctype.web_form.web_form.get_form_data",
	"frappe.website.doctype.web_form.web_form.get_web_form_filters",
	"frappe.www.list.get_list_data",
	"frappe.model.workflow.apply_workflow",
}


def called_method(request) -> str | None:
	path = urlparse(request.url).path
	if path.startswith("/api/method/"):
		return path.removeprefix("/api/method/")
	if path.startswith("/api/"):
		return path
	if request.method == "POST" and request.post_data and "cmd=" in request.post_data:
		return parse_qs(request.post_data).get("cmd", [None])[0]
	return None


def apply(session, name: str, action: str):
	return session.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps({"doctype": "Core Group Minutes", "name": name}), "action": action},
	)


def test_partner_drafts_minutes_in_the_web_form_chair_approves_bso_distributes(page, client, people):
	group = people.group
	browser_login(page, group.school, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	calls = set()
	page.on("request", lambda request: calls.add(called_method(request)))

	# the partner's core groups page offers to take the minutes of their plan, and only theirs
	page.goto("/core-groups")
	assert page.locator(f"[data-plan='{group.plan}']").count() == 1
	assert page.locator(f"[data-plan='{people.other.plan}']").count() == 0
	page.locator(f"[data-plan='{group.plan}'] a.take-minutes").click()
	page.wait_for_url("**/core-group-minutes/new**")
	# the guidance is on the form
	assert "what the child said" in page.locator(".web-form-container").inner_text().lower()

	page.locator("input[data-fieldname=meeting_date]").fill(
		frappe.utils.formatdate(add_days(today(), -1), "dd-mm-yyyy")
	)
	page.keyboard.press("Escape")
	page.locator("input[data-fieldname=venue]").fill("Bow School, meeting room 2")
	page.locator(".web-form-container button[type=submit], .submit-btn").first.click()
	# saved once: the form comes back with what the server filled in
	page.wait_for_url("**/core-group-minutes/*/edit", timeout=60_000)
	frappe.db.rollback()
	name = frappe.db.get_value("Core Group Minutes", {"plan": group.plan}, "name")
	assert name
	doc = frappe.get_doc("Core Group Minutes", name)
	assert doc.minute_taker == group.school and doc.workflow_state == "Draft"
	assert len(doc.attendance) == 3 and len(doc.outcome_progress) == 1

	# attendance and progress: each row a card of its own (the web form's tables, as on a phone)
	people_rows = page.locator("[data-fieldname=attendance] .grid-body .grid-row")
	assert people_rows.count() == 3
	for index in range(3):
		people_rows.nth(index).locator(".data-row").click()
		wait_for_open_card(page, "attendance")
		page.locator(
			"[data-fieldname=attendance] .grid-row-open select[data-fieldname=attendance]"
		).select_option("Attended")
		page.locator("[data-fieldname=attendance] .grid-row-open .grid-collapse-row").first.click()
		# the card closes before the next row is opened (a click while it closes is lost)
		page.wait_for_function("() => !document.querySelector('[data-fieldname=attendance] .grid-row-open')")
	page.locator("[data-fieldname=outcome_progress] .grid-body .grid-row .data-row").first.click()
	page.locator(
		"[data-fieldname=outcome_progress] .grid-row-open select[data-fieldname=rating]"
	).select_option("Green")
	page.locator("[data-fieldname=outcome_progress] .grid-row-open .grid-collapse-row").first.click()
	page.locator("textarea[data-fieldname=childs_views]").fill("Says she likes her new class.")
	page.locator(".web-form-container button[type=submit], .submit-btn").first.click()
	_wait_until_saved(name, "Says she likes her new class.")

	# back in the draft, Send for review
	page.goto(f"/core-group-minutes/{name}/edit")
	page.locator(".send-for-review-btn").first.click()
	# the app's own confirmation, with the minutes' reference
	page.wait_for_selector(".success-page:not(.hide) >> text=Minutes sent for review", timeout=60_000)
	assert page.locator(".success-page .sc-reference-value").inner_text().strip() == name
	frappe.db.rollback()
	assert frappe.db.get_value("Core Group Minutes", name, "workflow_state") == "Submitted for Review"
	doc = frappe.get_doc("Core Group Minutes", name)
	assert {row.attendance for row in doc.attendance} == {"Attended"}
	assert doc.outcome_progress[0].rating == "Green"

	api_calls = calls - {None}
	assert api_calls <= PARTNER_API_CALLS, api_calls - PARTNER_API_CALLS
	assert "frappe.model.workflow.apply_workflow" in api_calls, api_calls

	# the chair approves, over HTTP as themselves
	response = apply(client(group.chair), name, "Approve")
	assert response.status_code == 200, response.text[:300]

	# a BSO without the delegation cannot be named minute taker; the message names what is missing
	lead = client(group.lead)
	refused = lead.post(
		"/api/resource/Core Group Minutes",
		json={
			"plan": group.plan,
			"meeting_date": str(today()),
			"minute_taker": people.bso_without,
		},
	)
	assert refused.status_code == 403, refused.text[:300]
	message = refused.text
	assert "Take core group minutes" in message and "Director" in message

	# the BSO with the delegation may be, and distributes the approved minutes
	allowed = lead.post(
		"/api/resource/Core Group Minutes",
		json={"plan": group.plan, "meeting_date": str(today()), "minute_taker": people.bso},
	)
	assert allowed.status_code == 200, allowed.text[:300]
	response = apply(client(people.bso), name, "Distribute")
	assert response.status_code == 200, response.text[:300]
	frappe.db.rollback()
	assert frappe.db.get_value("Core Group Minutes", name, "workflow_state") == "Distributed"
	queued = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Core Group Minutes", "reference_name": name},
		pluck="name",
	)
	assert len(queued) == 1
	assert "application/pdf" in frappe.db.get_value("Email Queue", queued[0], "message")

	# the partner reads the distributed minutes on the portal
	page.goto("/core-groups")
	row = page.locator(f"tr[data-minutes='{name}']")
	assert "Distributed" in row.inner_text()
	with page.expect_popup() as popup:
		row.locator("a", has_text="Read").click()
	printed = popup.value
	printed.wait_for_load_state()
	assert group.plan in printed.content()


def test_partners_see_only_their_own_core_groups_over_http(client, people):
	partner = client(people.group.health)
	own = partner.get("/core-groups")
	assert own.status_code == 200
	assert people.group.plan in own.text and people.other.plan not in own.text
	# the other group's minutes: neither the web form page nor a print of them
	other_form = partner.get(f"/core-group-minutes/{people.other_minutes}")
	assert people.other.plan not in other_form.text
	printed = partner.get(
		"/printview",
		params={
			"doctype": "Core Group Minutes",
			"name": people.other_minutes,
			"format": "Core Group Minutes",
		},
	)
	assert people.other.plan not in printed.text
	# REST (until the portal gate refuses it outright): nothing of another core group
	for doctype in ("Core Group Minutes", "Child Protection Plan"):
		listed = partner.get(f"/api/resource/{doctype}", params={"limit_page_length": 0})
		assert listed.status_code in (200, 403)
		if listed.status_code == 200:
			names = {row["name"] for row in listed.json()["data"]}
			assert people.other_minutes not in names and people.other.plan not in names
	single = partner.get(f"/api/resource/Core Group Minutes/{people.other_minutes}")
	assert single.status_code == 403


def test_the_minute_taker_cannot_approve_their_own_minutes_by_button_or_by_save(client, people):
	group = people.group
	frappe.set_user("Administrator")
	doc = start_minutes(group.plan, group.chair, meeting_date=add_days(today(), -2))
	frappe.set_user(group.chair)
	complete(frappe.get_doc("Core Group Minutes", doc.name)).save()
	frappe.set_user("Administrator")
	frappe.db.commit()
	chair = client(group.chair)
	assert apply(chair, doc.name, "Submit for Review").status_code == 200
	assert apply(chair, doc.name, "Approve").status_code != 200
	put = chair.put(f"/api/resource/Core Group Minutes/{doc.name}", json={"workflow_state": "Approved"})
	assert put.status_code != 200
	submit = chair.post(
		"/api/method/frappe.client.submit",
		data={
			"doc": json.dumps(
				{**frappe.get_doc("Core Group Minutes", doc.name).as_dict(), "workflow_state": "Approved"},
				default=str,
			)
		},
	)
	assert submit.status_code != 200
	frappe.db.rollback()
	assert frappe.db.get_value("Core Group Minutes", doc.name, ["workflow_state", "docstatus"]) == (
		"Submitted for Review",
		0,
	)
	assert apply(client(group.lead), doc.name, "Approve").status_code == 200


def test_a_partner_sends_an_agency_update_through_the_web_form_and_it_is_in_the_draft(page, people):
	group = people.other  # its school partner has started the draft minutes
	browser_login(page, group.health, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	calls = set()
	page.on("request", lambda request: calls.add(called_method(request)))
	page.goto("/core-groups")
	page.locator(f"[data-plan='{group.plan}'] a.agency-update").click()
	page.wait_for_url("**/core-group-agency-update/new**")
	page.locator("textarea[data-fieldname=update_text]").fill("Health review done on Monday; weight is up.")
	page.locator(".web-form-container button[type=submit], .submit-btn").first.click()
	page.wait_for_selector(".success-page:not(.hide)", timeout=60_000)
	frappe.db.rollback()
	minutes = frappe.get_doc("Core Group Minutes", people.other_minutes)
	rows = [(row.agency, row.update_text) for row in minutes.agency_updates]
	assert (group.health_agency, "Health review done on Monday; weight is up.") in rows
	assert calls - {None} <= PARTNER_API_CALLS, calls - {None} - PARTNER_API_CALLS


def test_a_social_worker_distributes_in_the_desk_and_is_told_who_it_went_to(page, site):
	from tests.core_groups_factories import approved_minutes

	frappe.set_user("Administrator")
	group = CoreGroup()
	minutes = approved_minutes(group)
	frappe.set_user("Administrator")
	frappe.db.commit()
	recipients = [(row.recipient_name, row.email) for row in minutes.distribution]
	assert len(recipients) >= 2

	browser_login(page, group.lead, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/core-group-minutes/{minutes.name}")
	page.locator(".page-head .indicator-pill", has_text="Approved").wait_for()
	page.locator(".page-head .actions-btn-group button").click()
	page.locator(".page-head .actions-btn-group .dropdown-item", has_text="Distribute").click()
	told = page.locator(".modal.show", has=page.locator(".modal-title", has_text="Minutes distributed"))
	told.wait_for()
	text = told.inner_text()
	for name, email in recipients:
		assert name in text and email in text, (name, email, text)
	told.locator(".btn-modal-close").click()
	# and the form keeps saying it when it is opened again
	page.reload()
	page.locator(".form-message", has_text="Distributed on").first.wait_for()

	frappe.db.rollback()
	stored = frappe.get_doc("Core Group Minutes", minutes.name)
	assert stored.workflow_state == "Distributed" and stored.distributed_by == group.lead
	assert all(row.sent_on for row in stored.distribution)


def _wait_until_saved(name: str, childs_views: str, seconds: int = 60) -> None:
	"""The web form's Save has reached the database (read back, not taken from the page)."""
	deadline = time.monotonic() + seconds
	while True:
		frappe.db.rollback()
		if frappe.db.get_value("Core Group Minutes", name, "childs_views") == childs_views:
			return
		assert time.monotonic() < deadline, "the Save did not reach the database"
		time.sleep(0.5)
