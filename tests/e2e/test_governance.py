"""Governance over HTTP and in Chromium, as real users of the live server.

Delegation approvals refused by button and by PUT of workflow_state; the Safeguarding Policy
refused to non-Directors and its history written; the who-can-do-what page and the partner
portal page; a BSO reads the page and a Director approves a delegation in the browser.
"""

import json

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD, make_user

BSO = "Business Support Officer"
TAKE = "Take core group minutes"
PAGE_DATA = "/api/method/smallchanges.governance.page.who_can_do_what.who_can_do_what.get_data"
APPLY = "/api/method/frappe.model.workflow.apply_workflow"
POLICY = "/api/resource/Safeguarding Policy/Safeguarding Policy"


def request_over_http(session, users: list[str], task: str = TAKE) -> dict:
	response = session.post(
		"/api/resource/Delegation",
		json={
			"task": task,
			"delegate_to": "Named users",
			"delegate_users": [{"user": u} for u in users],
			"valid_from": nowdate(),
			"valid_until": str(add_days(getdate(nowdate()), 60)),
			"reason": "Minute-taking cover agreed at the team meeting.",
		},
	)
	assert response.status_code == 200, response.text[:500]
	return response.json()["data"]


def taking_minutes(data: dict, role: str = BSO) -> dict:
	"""The table's cell "Take core group minutes" for `role`."""
	return next(r for r in data["rows"] if r["key"] == "take_minutes")["cells"][role]


NOTE = "Agreed at the senior leadership meeting."


def press(session, doc: dict, action: str):
	"""The workflow button; an approval or rejection with its decision note saved first, as the
	desk's dialog does (a user who may not write the request is refused that save too)."""
	if action in ("Approve", "Reject"):
		session.put(f"/api/resource/Delegation/{doc['name']}", json={"decision_note": NOTE})
	return session.post(APPLY, data={"doc": json.dumps(doc), "action": action})


def state_of(name: str) -> tuple:
	frappe.db.rollback()  # a fresh snapshot: see what the server committed
	return frappe.db.get_value("Delegation", name, ["workflow_state", "docstatus", "approved_by"])


@pytest.fixture(scope="module")
def team(site):
	"""The people of these tests, made once (Frappe throttles creating many users an hour)."""
	frappe.set_user("Administrator")
	people = frappe._dict(
		bso=make_user(BSO, first_name="Billie", last_name="Novak"),
		director=make_user("Director", first_name="Dana", last_name="Whitfield"),
		other_director=make_user("Director", first_name="Olu", last_name="Mensah"),
		manager=make_user("Team Manager", first_name="Tara", last_name="Begum"),
		psw=make_user("Principal Social Worker", first_name="Priya", last_name="Shah"),
		partner=make_user("Partner Practitioner", first_name="Morgan", last_name="Hughes"),
	)
	frappe.db.commit()
	return people


def test_a_bso_cannot_approve_by_button_or_by_put(client, team):
	bso = client(team.bso, PASSWORD)
	request = request_over_http(bso, [team.bso])
	assert request["workflow_state"] == "Requested"
	assert request["requested_by"] == team.bso

	response = press(bso, request, "Approve")
	assert response.status_code == 417 and "Not a valid Workflow Action" in response.text

	for body in (
		{"workflow_state": "Approved"},
		{"workflow_state": "Approved", "docstatus": 1},
	):
		response = bso.put(f"/api/resource/Delegation/{request['name']}", json=body)
		assert response.status_code in (403, 417), (body, response.status_code, response.text[:300])

	manager = client(team.manager, PASSWORD)
	assert press(manager, request, "Approve").status_code == 417
	assert state_of(request["name"]) == ("Requested", 0, None)


def test_staff_can_pick_people_and_roles_when_requesting(client, team):
	bso = client(team.bso, PASSWORD)
	search = "/api/method/frappe.desk.search.search_link"
	people = bso.get(
		search, params={"doctype": "User", "txt": team.director, "reference_doctype": "Delegation"}
	)
	assert team.director in [r["value"] for r in people.json()["message"]]
	roles = bso.get(
		search,
		params={
			"doctype": "Role",
			"txt": "",
			"page_length": 100,
			"reference_doctype": "Delegation",
			"query": "smallchanges.governance.doctype.delegation.delegation.role_query",
		},
	)
	assert roles.status_code == 200, roles.text[:300]
	names = [r["value"] for r in roles.json()["message"]]
	assert BSO in names and "Partner Practitioner" in names
	assert not {"Administrator", "All", "Guest", "Desk User"} & set(names)


def test_a_director_cannot_approve_their_own_request_by_button_or_by_put(client, team):
	director = client(team.director, PASSWORD)
	request = request_over_http(director, [team.bso])

	response = press(director, request, "Approve")
	assert response.status_code == 417 and "Self approval is not allowed" in response.text

	for body in (
		{"workflow_state": "Approved", "docstatus": 1},  # submitting with the approved state
		{"workflow_state": "Approved"},  # the state alone, left as a draft
		{"docstatus": 1},  # submitting without the workflow
	):
		response = director.put(f"/api/resource/Delegation/{request['name']}", json=body)
		assert response.status_code == 417, (body, response.status_code, response.text[:300])
	assert state_of(request["name"]) == ("Requested", 0, None)


def test_another_director_approves_and_the_server_records_who(client, team):
	request = request_over_http(client(team.manager, PASSWORD), [team.bso])
	director = client(team.director, PASSWORD)
	# A forged approver is ignored: the server records who really acted.
	response = director.put(
		f"/api/resource/Delegation/{request['name']}", json={"approved_by": team.other_director}
	)
	assert response.status_code == 200 and response.json()["data"].get("approved_by") is None

	response = press(director, request, "Approve")
	assert response.status_code == 200, response.text[:500]
	assert state_of(request["name"]) == ("Approved", 1, team.director)
	assert frappe.db.exists("Notification Log", {"for_user": team.bso, "document_name": request["name"]})

	# The BSO now may take minutes, and the page says so: in their own answer and in the table.
	data = client(team.bso, PASSWORD).get(PAGE_DATA).json()["message"]
	you = {a["key"]: a for a in data["you"]["answers"]}
	assert you["take_minutes"]["kind"] == "yes" and request["name"] in you["take_minutes"]["text"]
	assert "Billie Novak" in taking_minutes(data)["held"]

	# Revoking is for another Director too, and it ends the permission.
	assert (
		press(
			client(team.bso, PASSWORD), {"doctype": "Delegation", "name": request["name"]}, "Revoke"
		).status_code
		== 417
	)
	response = press(
		client(team.other_director, PASSWORD), {"doctype": "Delegation", "name": request["name"]}, "Revoke"
	)
	assert response.status_code == 200, response.text[:500]
	assert state_of(request["name"])[0] == "Revoked"
	data = client(team.bso, PASSWORD).get(PAGE_DATA).json()["message"]
	assert {a["key"]: a for a in data["you"]["answers"]}["take_minutes"]["kind"] == "delegation"


def test_only_a_director_may_change_the_policy_and_each_change_is_in_its_history(client, team):
	for user in (team.manager, team.bso, team.psw):
		session = client(user, PASSWORD)
		assert session.get(POLICY).status_code == 200  # everyone on staff reads it
		response = session.put(POLICY, json={"minutes_circulation_working_days": 9})
		assert response.status_code == 403, (user, response.status_code)

	director = client(team.director, PASSWORD)
	before = director.get(POLICY).json()["data"]["minutes_circulation_working_days"]
	try:
		response = director.put(POLICY, json={"minutes_circulation_working_days": before + 2})
		assert response.status_code == 200, response.text[:500]

		data = client(team.bso, PASSWORD).get(PAGE_DATA).json()["message"]
		assert any(f"circulated within {before + 2} working days" in s for s in data["policy"]["sentences"])
		latest = data["policy"]["history"][0]
		assert latest["who"] == "Dana Whitfield"
		assert f"Minutes circulation (working days): {before} → {before + 2}" in latest["changes"]
	finally:
		director.put(POLICY, json={"minutes_circulation_working_days": before})


def test_the_page_is_for_staff_and_the_portal_page_for_partners(client, team):
	partner = client(team.partner, PASSWORD)
	assert partner.get(PAGE_DATA).status_code == 403

	response = partner.get("/what-partners-can-do", headers={"Accept": "text/html"})
	assert response.status_code == 200
	assert "You can send a referral" in response.text
	assert "You can take the minutes of a core group you are a member of" in response.text
	assert "may use" not in response.text  # the permissions dump is gone...
	assert "<details" in response.text and "Submit for Review" in response.text  # ...behind a disclosure

	guest = client()
	response = guest.get("/what-partners-can-do", headers={"Accept": "text/html"}, allow_redirects=False)
	assert response.status_code in (301, 302) and "/login" in response.headers["Location"]

	data = client(team.psw, PASSWORD).get(PAGE_DATA).json()["message"]
	assert {"Social Worker", BSO, "Director", "Partner Practitioner"} <= {c["role"] for c in data["columns"]}


# ---- in Chromium --------------------------------------------------------------------------------


def test_a_bso_opens_the_page_and_sees_what_they_may_do(page, team, committed):
	from tests.governance_factories import approved_delegation

	bso = make_user(BSO, first_name="Robin", last_name="Ellis")
	delegation = approved_delegation(team.manager, team.director, users=[bso])
	committed()

	browser_login(page, bso, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto("/app/who-can-do-what")
	check = page.locator(
		".wcdw-row[data-task='check_referral'] .wcdw-cell[data-role='Business Support Officer']"
	)
	check.wait_for()
	assert check.locator(".wcdw-answer").inner_text().strip() == "Yes"
	assert "never on one they created" in check.inner_text()  # Check is not an approval of one's own
	minutes = page.locator(
		".wcdw-row[data-task='take_minutes'] .wcdw-cell[data-role='Business Support Officer']"
	)
	assert "With a Director's delegation" in minutes.inner_text() and "Robin Ellis" in minutes.inner_text()
	you = page.locator(".wcdw-you-task[data-task='take_minutes']")
	assert f"Yes, under the delegation {delegation.name} approved by Dana Whitfield" in you.inner_text()
	assert page.locator(".wcdw-matrix[data-doctype='Delegation']").count() == 1
	assert page.locator(".wcdw-policy").inner_text().count("working day") >= 3

	# Print is the browser's own print of the page (its print styles: tests/e2e/test_who_can_do_what.py).
	assert page.locator(".page-head .primary-action", has_text="Print").is_visible()


def test_a_director_approves_a_delegation_in_the_browser(page, client, team):
	request = request_over_http(client(team.manager, PASSWORD), [team.bso])

	browser_login(page, team.director, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/delegation/{request['name']}")
	page.locator(".page-head .indicator-pill", has_text="Requested").wait_for()
	# the request is the requester's: the Director reads it, and cannot edit it
	page.locator(".frappe-control[data-fieldname=reason]").wait_for()
	for field in ("reason", "valid_until", "task"):
		control = page.locator(f".frappe-control[data-fieldname={field}]")
		assert control.locator("input:visible, textarea:visible, select:visible").count() == 0, field
	page.locator(".page-head .actions-btn-group button").click()
	page.locator(".page-head .actions-btn-group .dropdown-item", has_text="Approve").click()
	dialog = page.locator(".modal.show", has=page.locator("[data-fieldname=note]"))
	dialog.wait_for()
	dialog.locator(".btn-primary", has_text="Approve").click()  # the note is required
	missing = page.locator(
		".modal.show", has=page.locator(".modal-title", has_text="Missing Values Required")
	)
	missing.wait_for()
	missing.locator(".btn-modal-close").click()
	missing.wait_for(state="hidden")
	assert dialog.is_visible()
	dialog.locator("[data-fieldname=note] textarea").fill("Agreed: cover while two posts are vacant.")
	dialog.locator(".btn-primary", has_text="Approve").click()
	page.locator(".page-head .indicator-pill", has_text="Approved").wait_for()

	assert state_of(request["name"]) == ("Approved", 1, team.director)

	# The approval shows at once in the table, and the Director's own answers are true.
	page.goto("/app/who-can-do-what")
	cell = page.locator(
		".wcdw-row[data-task='take_minutes'] .wcdw-cell[data-role='Business Support Officer']"
	)
	cell.wait_for()
	assert "Billie Novak" in cell.inner_text()
	you = page.locator(".wcdw-you")
	assert (
		you.locator(".wcdw-you-task[data-task='approve_delegation']").inner_text().find("Yes, as a Director")
		>= 0
	)
	minutes = you.locator(".wcdw-you-task[data-task='take_minutes']").inner_text()
	assert "No. A Social Worker, a Team Manager" in minutes
	assert "nobody holds that role" not in you.inner_text()
	assert (
		frappe.db.get_value("Delegation", request["name"], "decision_note")
		== "Agreed: cover while two posts are vacant."
	)


def test_the_approver_cannot_change_the_request_and_must_give_a_note(client, team):
	manager = client(team.manager, PASSWORD)
	request = request_over_http(manager, [team.bso])
	name = request["name"]
	director = client(team.director, PASSWORD)
	for body in (
		{"reason": "Changed by the approver"},
		{"valid_until": str(add_days(getdate(nowdate()), 365))},
	):
		response = director.put(f"/api/resource/Delegation/{name}", json=body)
		assert response.status_code == 403, (body, response.status_code, response.text[:300])
		assert "Only the person who asked" in response.text
	# Approve without a note is refused, and nothing is decided
	response = director.post(APPLY, data={"doc": json.dumps(request), "action": "Approve"})
	assert response.status_code == 417 and "decision note" in response.text, response.text[:300]
	assert state_of(name) == ("Requested", 0, None)
	# the dialog's one call records the note and the approval together
	decided = director.post(
		"/api/method/smallchanges.governance.doctype.delegation.delegation.decide",
		data={"delegation": name, "action": "Approve", "note": "Agreed for the winter."},
	)
	assert decided.status_code == 200, decided.text[:300]
	assert state_of(name) == ("Approved", 1, team.director)
	assert frappe.db.get_value("Delegation", name, "decision_note") == "Agreed for the winter."
	# once decided, neither the requester nor the approver changes the request or the note
	for session, body in (
		(manager, {"reason": "Changed after the decision"}),
		(director, {"decision_note": "Rewritten"}),
	):
		response = session.put(f"/api/resource/Delegation/{name}", json=body)
		assert response.status_code in (403, 417), (body, response.status_code, response.text[:300])
	frappe.db.rollback()
	assert frappe.db.get_value("Delegation", name, ["reason", "decision_note"]) == (
		"Minute-taking cover agreed at the team meeting.",
		"Agreed for the winter.",
	)
	# the requester may still change their own request while it waits
	other = request_over_http(manager, [team.bso])
	response = manager.put(f"/api/resource/Delegation/{other['name']}", json={"reason": "Cover for March"})
	assert response.status_code == 200, response.text[:300]
