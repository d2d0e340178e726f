"""A partner on a phone (Chromium at 390 x 844): sends a referral with two children and a household
member by keyboard alone, keeps a draft for later and finishes it from their list, and meets
refusals in plain words."""

import json

import frappe
import pytest

from tests.e2e.conftest import wait_for_open_card
from tests.factories import PASSWORD, unique
from tests.referral_factories import make_partner

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	partner, agency = make_partner(first_name="Jordan")
	other, _ = make_partner(first_name="Casey")
	frappe.db.commit()
	return frappe._dict(partner=partner, agency=agency, other=other)


@pytest.fixture
def phone(browser, live_server, request):
	context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
	context.set_default_timeout(30_000)
	page = context.new_page()
	yield page
	if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
		page.screenshot(path=f"/tmp/smallchanges-test-artifacts-{request.node.name}.png", full_page=True)
	context.close()


# ---- the keyboard: Tab, Shift+Tab, Enter, Space and typing; never the mouse ------------------------
def focused(page, selector: str) -> bool:
	return page.evaluate(
		"(selector) => !!document.activeElement && document.activeElement.matches(selector)", selector
	)


def tab_to(page, selector: str, limit: int = 120) -> None:
	"""Press Tab until the element matching `selector` has the focus."""
	for _ in range(limit):
		if focused(page, selector):
			return
		page.keyboard.press("Tab")
	raise AssertionError(f"Tab never reached {selector}")


def type_into(page, selector: str, text: str) -> None:
	tab_to(page, selector)
	page.keyboard.type(text, delay=40)  # at a brisk human pace


def choose(page, fieldname: str, text: str) -> None:
	"""A closed select picks the option that starts with what is typed."""
	tab_to(page, f"select[data-fieldname={fieldname}]")
	page.keyboard.type(text)
	for _ in range(8):  # or walk the options with the arrow keys
		value = page.evaluate("() => document.activeElement.value")
		if value.startswith(text):
			return
		page.keyboard.press("ArrowDown")
	raise AssertionError(f"{fieldname}: no option starts with {text!r} (got {value!r})")


def press(page, selector: str, key: str = "Enter") -> None:
	tab_to(page, selector)
	page.keyboard.press(key)


def open_card(page, fieldname: str) -> None:
	"""Enter on "Add ..." opens a new card; a person glances at it before typing."""
	press(page, f"[data-fieldname={fieldname}] .grid-add-row")
	wait_for_open_card(page, fieldname)


def in_card(fieldname: str, row_field: str) -> str:
	return f"[data-fieldname={fieldname}] .grid-row-open :is(input, select, textarea)[data-fieldname={row_field}]"


def keyboard_login(page, user: str) -> None:
	page.goto("/login")
	type_into(page, "#login_email", user)
	type_into(page, "#login_password", PASSWORD)
	page.keyboard.press("Enter")
	page.wait_for_url(lambda url: "/login" not in url)


def test_a_referral_with_two_children_and_a_household_member_is_sent_by_keyboard_alone(phone, people):
	page = phone
	first, second = unique("Ruby"), unique("Sam")
	email = f"{unique('hv')}@health.example.test"
	keyboard_login(page, people.partner)
	page.goto("/universal-referral/new")
	page.locator(".web-form").wait_for()

	# step 1: about you, urgency and level
	type_into(page, "input[data-fieldname=referrer_name]", "Jordan Ellis")
	type_into(page, "input[data-fieldname=referrer_role]", "Health visitor")
	type_into(page, "input[data-fieldname=referrer_email]", email)
	choose(page, "level_of_need", "2")
	press(page, ".btn-next")

	# step 2: each child and the household member on a card of their own
	for number, (name, born) in enumerate(((first, "03-05-2019"), (second, "21-10-2022")), start=1):
		open_card(page, "children")
		type_into(page, in_card("children", "first_name"), name)
		type_into(page, in_card("children", "last_name"), "Achterberg")
		type_into(page, in_card("children", "date_of_birth"), born)
		page.keyboard.press("Escape")  # closes the date picker
		type_into(page, in_card("children", "postcode"), "E2 7QP")
		assert page.locator("[data-fieldname=children] .grid-body .grid-row").count() == number
	open_card(page, "household_members")
	type_into(page, in_card("household_members", "member_name"), "Lena Achterberg")
	type_into(page, in_card("household_members", "relationship"), "Mother")
	tab_to(page, in_card("household_members", "parental_responsibility"))
	page.keyboard.type("Yes")
	press(page, ".btn-next")

	# step 3: concerns
	type_into(page, "textarea[data-fieldname=concerns]", "Both children missed every health check this year.")
	press(page, ".btn-next")

	# step 4: services and consent
	press(page, "input[data-fieldname=not_sure_which_service]", "Space")
	choose(page, "family_informed", "Yes")
	choose(page, "consent_basis", "Consent")  # (a space would open the list)
	choose(page, "consent_to_share", "Yes")
	type_into(page, "input[data-fieldname=consent_given_by]", "Lena Achterberg, mother")
	type_into(page, "input[data-fieldname=consent_covers]", "Both children, this referral")
	press(page, ".btn-next")

	# step 5: no documents; send it
	press(page, ".submit-btn")
	page.wait_for_selector(".success-page:not(.hide)", timeout=60_000)
	assert page.locator(".success-title").inner_text().strip() == "Referral sent"

	frappe.db.rollback()
	name = frappe.db.get_value("Universal Referral", {"referrer_email": email}, "name")
	doc = frappe.get_doc("Universal Referral", name)
	assert doc.workflow_state == "Submitted"
	assert [row.first_name for row in doc.children] == [first, second]
	assert [str(row.date_of_birth) for row in doc.children] == ["2019-05-03", "2022-10-21"]
	assert [(m.member_name, m.parental_responsibility) for m in doc.household_members] == [
		("Lena Achterberg", "Yes")
	]


# ---- save for later -----------------------------------------------------------------------------
def test_a_draft_saved_for_later_is_reopened_from_the_list_with_what_is_missing(phone, people, client):
	page = phone
	child = unique("Noor")
	keyboard_login(page, people.partner)
	page.goto("/universal-referral/new")
	type_into(page, "input[data-fieldname=referrer_name]", "Jordan Ellis")
	choose(page, "level_of_need", "3")
	press(page, ".btn-next")
	open_card(page, "children")
	type_into(page, in_card("children", "first_name"), child)
	# interrupted: no date of birth, no concerns, no consent yet
	press(page, ".save-for-later-btn")
	page.wait_for_selector(".success-page:not(.hide)")
	assert page.locator(".success-title").inner_text().strip() == "Saved for later"

	frappe.db.rollback()
	name = frappe.db.get_value("Universal Referral", {"title": child}, "name")
	assert name, "the draft was saved"
	draft = frappe.get_doc("Universal Referral", name)
	assert draft.workflow_state == "Draft" and draft.referrer_agency == people.agency
	assert draft.received_at is None  # the team's clock has not started
	assert name in page.locator(".success-message").inner_text()

	# their list shows it as a draft; opening it shows what is still missing
	page.goto("/universal-referral/list")
	row = page.locator(".web-list-table tr", has_text=child)
	row.wait_for()
	assert "Draft" in row.inner_text()
	page.goto(f"/universal-referral/{name}/edit")
	missing = page.locator("[data-fieldname=missing_information]")
	missing.wait_for()
	assert f"{child}: give the date of birth" in missing.inner_text()

	# another agency's partner cannot open it
	other = client(people.other)
	response = other.get(f"/universal-referral/{name}/edit", headers={"Accept": "text/html"})
	assert child not in response.text
	response = other.get(f"/api/resource/Universal Referral/{name}")
	assert response.status_code in (403, 404)

	# Send (the web form's own workflow call) refuses it in plain words, naming what is missing
	own = client(people.partner)
	response = own.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps({"doctype": "Universal Referral", "name": name}), "action": "Submit"},
	)
	assert response.status_code == 417, response.text[:300]
	messages = " ".join(json.loads(m)["message"] for m in json.loads(response.json()["_server_messages"]))
	assert f"{child}: give the date of birth" in messages
	# what the form shows is the message alone (the response's own traceback field is a matter for
	# the site's "allow error traceback" setting, which the portal's gate governs)
	assert "Traceback" not in messages and "Error" not in messages
	frappe.db.rollback()
	assert frappe.db.get_value("Universal Referral", name, "workflow_state") == "Draft"


# ---- plain messages ------------------------------------------------------------------------------
def test_a_partner_signed_out_while_filling_the_form_is_told_what_to_do(phone, people):
	page = phone
	keyboard_login(page, people.partner)
	page.goto("/universal-referral/new")
	type_into(page, "input[data-fieldname=referrer_name]", "Jordan Ellis")
	page.context.clear_cookies()  # the session ends (as after a time without use)
	press(page, ".save-for-later-btn")
	dialog = page.locator(".modal:visible", has_text="Signed out")
	dialog.wait_for()
	text = dialog.inner_text()
	assert "sign in again in a new tab" in text
	assert "Traceback" not in text and "403" not in text
	# and what was typed is still there
	assert page.locator("input[data-fieldname=referrer_name]").input_value() == "Jordan Ellis"
