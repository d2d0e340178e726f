"""Who can do what, as the table and as the partners' page, over HTTP and in Chromium as real users
of the live server: an administrator's change (a role permission, a workflow transition, a
delegation approved) shows in the table's cell at once; each row opens its detail; the page
prints on at most two A4 pages; the partners' page changes with the permissions and reads well
on a phone."""

import io
import json

import frappe
import pytest
from pypdf import PdfReader

from tests.e2e.conftest import browser_login
from tests.e2e.test_partner_accessibility import PHONE, blocking_violations, wider_than_the_screen
from tests.factories import PASSWORD, make_user, unique
from tests.governance_factories import request_delegation
from tests.referral_factories import make_partner

BSO = "Business Support Officer"
PSW = "Principal Social Worker"
PAGE_DATA = "/api/method/smallchanges.governance.page.who_can_do_what.who_can_do_what.get_data"
PERMISSIONS = "/api/method/frappe.core.page.permission_manager.permission_manager."
UPDATE_SENTENCE = "You can send your agency&#39;s update to a core group you are a member of."


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	people = frappe._dict(
		admin=make_user("System Manager", first_name="Ira", last_name="Admin"),
		bso=make_user(BSO, first_name="Kit", last_name="Mallory"),
		director=make_user("Director", first_name="Jo", last_name="Adeyemi"),
		manager=make_user("Team Manager", first_name="Sasha", last_name="Green"),
		partner=make_partner(first_name="Rene")[0],
	)
	frappe.db.commit()
	return people


def cell(session, task: str, role: str) -> dict:
	response = session.get(PAGE_DATA)
	assert response.status_code == 200, response.text[:300]
	rows = response.json()["message"]["rows"]
	return next(r for r in rows if r["key"] == task)["cells"][role]


class PermissionChange:
	"""An administrator's change in Role Permissions Manager, over HTTP, undone afterwards."""

	def __init__(self, admin, doctype: str):
		self.admin, self.doctype = admin, doctype
		frappe.db.rollback()
		self.had_custom = bool(frappe.db.exists("Custom DocPerm", {"parent": doctype}))

	def call(self, method: str, **data):
		response = self.admin.post(PERMISSIONS + method, data={"doctype": self.doctype, **data})
		assert response.status_code == 200, response.text[:300]

	def undo(self, method: str, **data):
		if self.had_custom:
			self.call(method, **data)
		else:
			self.call("reset")


def test_a_permission_an_administrator_gives_shows_in_the_cell_at_once(client, people):
	admin, bso = client(people.admin), client(people.bso)
	assert cell(bso, "read_access_log", PSW)["kind"] == "no"
	change = PermissionChange(admin, "Record Access Log")
	response = admin.post(
		PERMISSIONS + "add", data={"parent": "Record Access Log", "role": PSW, "permlevel": 0}
	)
	assert response.status_code == 200, response.text[:300]
	try:
		assert cell(bso, "read_access_log", PSW)["kind"] == "yes"
	finally:
		change.undo("remove", role=PSW, permlevel=0)
	assert cell(bso, "read_access_log", PSW)["kind"] == "no"


def test_a_workflow_transition_an_administrator_moves_shows_in_the_cell_at_once(client, people):
	admin, bso = client(people.admin), client(people.bso)
	workflow = admin.get("/api/resource/Workflow/Resource").json()["data"]
	before = [dict(t) for t in workflow["transitions"]]
	moved = [
		{**t, "allowed": "Team Manager"} if t["action"] == "Approve" and t["allowed"] == PSW else t
		for t in before
	]
	assert cell(bso, "approve_resource", "Team Manager")["kind"] == "no"
	response = admin.put("/api/resource/Workflow/Resource", json={"transitions": moved})
	assert response.status_code == 200, response.text[:300]
	try:
		assert cell(bso, "approve_resource", "Team Manager")["kind"] == "yes"
		assert cell(bso, "approve_resource", PSW)["kind"] == "no"
	finally:
		response = admin.put("/api/resource/Workflow/Resource", json={"transitions": before})
		assert response.status_code == 200, response.text[:300]
	assert cell(bso, "approve_resource", PSW)["kind"] == "yes"


def test_a_delegation_a_director_approves_shows_in_the_cell_at_once(client, people, committed):
	surname = unique("Halloran")  # one of a kind, on a site that keeps earlier runs' delegations
	delegate = make_user(BSO, first_name="Noor", last_name=surname)
	request = request_delegation(people.manager, users=[delegate])
	committed()
	bso = client(people.bso)
	assert f"Noor {surname}" not in cell(bso, "take_minutes", BSO)["held"]

	response = client(people.director).post(  # the approval dialog's one call, with its decision note
		"/api/method/smallchanges.governance.doctype.delegation.delegation.decide",
		data={"delegation": request.name, "action": "Approve", "note": "Cover while two posts are vacant."},
	)
	assert response.status_code == 200, response.text[:300]

	held = cell(bso, "take_minutes", BSO)
	assert held["kind"] == "delegation" and f"Noor {surname} until" in held["held"]
	you = client(delegate).get(PAGE_DATA).json()["message"]["you"]["answers"]
	answer = next(a for a in you if a["key"] == "take_minutes")
	assert answer["kind"] == "yes" and request.name in answer["text"]


# ---- in Chromium --------------------------------------------------------------------------------


def pdf_of(page) -> PdfReader:
	return PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))


def test_each_row_opens_its_detail_and_the_page_prints_on_two_a4_pages_at_most(page, people):
	browser_login(page, people.bso, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto("/app/who-can-do-what")
	row = page.locator(".wcdw-row[data-task='take_minutes']")
	row.wait_for()
	columns = page.locator(".wcdw-grid thead th[data-role]").all_inner_texts()
	assert columns[:7] == [
		"Social Worker",
		"Team Manager",
		BSO,
		"Director",
		PSW,
		"Partner Practitioner",
		"System Manager",
	]
	assert page.locator(".wcdw-row").count() >= 10
	# No cell's text is cut off.
	clipped = page.evaluate(
		"""() => [...document.querySelectorAll('.wcdw-grid td, .wcdw-grid th')]
			.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.innerText.slice(0, 40))"""
	)
	assert clipped == []

	detail = page.locator("#wcdw-detail-take_minutes")
	assert detail.is_hidden()
	row.locator("button.wcdw-open").click()
	detail.wait_for()
	text = detail.inner_text()
	assert '"Submit for Review" takes a Core Group Minutes from Draft to Submitted for Review' in text
	assert "doc.minute_taker == frappe.session.user" in text  # the condition
	assert (
		"Take core group minutes" in text and "Anyone else needs a delegation approved by a Director" in text
	)
	assert row.locator("button.wcdw-open").get_attribute("aria-expanded") == "true"

	pdf = pdf_of(page)
	assert 1 <= len(pdf.pages) <= 2, f"{len(pdf.pages)} pages"
	printed = " ".join(p.extract_text() for p in pdf.pages)
	assert "Take core group minutes" in printed and "See who read a child" in printed
	assert "Safeguarding Policy" in printed and "Delegations in force" in printed
	for left_out in (
		"Request a delegation",
		"Every permission and workflow step",
		'"Submit for Review" takes',
	):
		assert left_out not in printed, left_out


def test_the_partners_page_changes_when_a_permission_changes(client, people):
	admin, partner = client(people.admin), client(people.partner)

	def page_text() -> str:
		response = partner.get("/what-partners-can-do", headers={"Accept": "text/html"})
		assert response.status_code == 200
		return response.text

	assert UPDATE_SENTENCE in page_text()
	change = PermissionChange(admin, "Core Group Agency Update")
	change.call("update", role="Partner Practitioner", permlevel=0, ptype="create", value=0)
	try:
		text = page_text()
		assert UPDATE_SENTENCE not in text
		assert "You can send a referral" in text
	finally:
		change.undo("update", role="Partner Practitioner", permlevel=0, ptype="create", value=1)
	assert UPDATE_SENTENCE in page_text()


def test_the_partners_page_reads_on_a_phone_with_its_details_open(browser, live_server, people):
	context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
	page = context.new_page()
	try:
		browser_login(page, people.partner, PASSWORD)
		page.wait_for_url(lambda url: "/login" not in url)
		page.goto("/what-partners-can-do")
		page.wait_for_load_state("networkidle")
		groups = page.locator(".partner-group h2").all_inner_texts()
		assert groups == ["Referrals", "Core groups", "Resources"]
		assert page.locator(".partner-can li[data-task='take_minutes']").inner_text() == (
			"You can take the minutes of a core group you are a member of, and send them for review."
		)
		assert "may use" not in page.locator(".what-partners-can-do").inner_text()
		found = {"closed": blocking_violations(page) + wider_than_the_screen(page)}
		page.evaluate("() => document.querySelectorAll('details').forEach((d) => (d.open = true))")
		assert page.locator(".partner-detail").first.inner_text().count("Universal Referral") >= 1
		found["open"] = blocking_violations(page) + wider_than_the_screen(page)
		assert found == {"closed": [], "open": []}
	finally:
		context.close()
