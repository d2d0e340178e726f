"""The referral journey end to end: a partner fills the web form in Chromium and sends it, sees it
in their agency's list; business support and a team manager move it to Accepted over HTTP; the
partner sees the outcome and both emails are in Frappe's Email Queue."""

import json

import frappe
import pytest

from tests.e2e.conftest import browser_login, send_queued_notifications
from tests.factories import PASSWORD, make_user, unique
from tests.referral_factories import make_partner, make_service


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	partner, agency = make_partner(first_name="Morgan")
	people = frappe._dict(
		partner=partner,
		agency=agency,
		bso=make_user("Business Support Officer"),
		manager=make_user("Team Manager"),
		service=make_service(),
	)
	frappe.db.commit()
	return people


def fill(page, fieldname: str, value: str) -> None:
	page.locator(f".web-form-container [data-fieldname={fieldname}] :is(input, textarea)").first.fill(value)


def choose(page, fieldname: str, value: str) -> None:
	page.locator(f".web-form-container select[data-fieldname={fieldname}]").select_option(value)


def next_page(page) -> None:
	page.locator(".web-form-footer .btn-next:visible, .btn-next:visible").first.click()


def emails_to(address: str) -> list[dict]:
	frappe.db.rollback()
	Queue, Recipient = frappe.qb.DocType("Email Queue"), frappe.qb.DocType("Email Queue Recipient")
	return (
		frappe.qb.from_(Queue)
		.join(Recipient)
		.on(Recipient.parent == Queue.name)
		.select(Queue.reference_name, Queue.message)
		.where(Recipient.recipient == address)
		.orderby(Queue.creation)
		.run(as_dict=True)
	)


def test_partner_sends_a_referral_and_hears_the_outcome(page, client, people):
	child_name = unique("Tyler")
	referrer_email = f"{unique('dsl')}@school.example.test"

	browser_login(page, people.partner, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	page.goto("/universal-referral/new")

	# page 1: about you, urgency and level
	fill(page, "referrer_name", "Morgan Hughes")
	fill(page, "referrer_role", "Designated safeguarding lead")
	fill(page, "referrer_email", referrer_email)
	choose(page, "level_of_need", "3 - Complex needs: child in need")
	next_page(page)

	# page 2: the children
	children = page.locator("[data-fieldname=children]").first
	children.locator(".grid-add-row").click()
	# each child is a card of its own (a form of labelled fields), not cells of a grid row
	card = children.locator(".grid-row-open .grid-form-body")
	card.wait_for()
	page.wait_for_timeout(600)  # as a person would, look at the card before typing
	card.locator("input[data-fieldname=first_name]").fill(child_name)
	card.locator("input[data-fieldname=last_name]").fill("Bennett")
	card.locator("input[data-fieldname=date_of_birth]").fill("14-02-2016")
	page.keyboard.press("Escape")
	card.locator("input[data-fieldname=postcode]").fill("E3 4RT")
	next_page(page)

	# page 3: concerns
	fill(page, "concerns", "Tyler has come to school hungry every day this week and has a burn on his hand.")
	fill(page, "childs_voice", "He said: 'Mum is poorly and there is no food.'")
	next_page(page)

	# page 4: services and consent
	page.locator("input[data-fieldname=not_sure_which_service]").check()
	choose(page, "family_informed", "Yes")
	choose(page, "consent_basis", "Consent given")
	choose(page, "consent_to_share", "Yes")
	fill(page, "consent_given_by", "Sara Bennett, mother")
	fill(page, "consent_covers", "Tyler, this referral")
	next_page(page)

	# page 5: documents (none) - send it
	page.locator(".web-form-container button[type=submit], .submit-btn").first.click()
	page.wait_for_selector(".success-page:not(.hide)", timeout=60_000)
	assert page.locator(".success-title").inner_text().strip() == "Referral sent"

	frappe.db.rollback()
	name = frappe.db.get_value("Universal Referral", {"referrer_email": referrer_email}, "name")
	assert name, "the referral was saved"
	assert frappe.db.get_value("Universal Referral", name, "workflow_state") == "Submitted"
	assert frappe.db.get_value("Universal Referral", name, "referrer_agency") == people.agency

	# the agency's list shows it, with its status
	page.goto("/universal-referral/list")
	listed = page.locator(".web-list-table tr", has_text=child_name)
	listed.wait_for()
	assert "Submitted" in listed.inner_text()

	# business support checks it, a team manager accepts it (over HTTP, as themselves)
	def act(user, action, **values):
		session = client(user)
		if values:
			response = session.put(f"/api/resource/Universal Referral/{name}", json=values)
			assert response.status_code == 200, response.text[:300]
		response = session.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps({"doctype": "Universal Referral", "name": name}), "action": action},
		)
		assert response.status_code == 200, response.text[:300]

	act(people.bso, "Check")
	act(
		people.manager, "Accept", decision="Assessment", decision_reason="A social work assessment is needed."
	)

	# the partner sees the outcome
	page.goto("/universal-referral/list")
	listed = page.locator(".web-list-table tr", has_text=child_name)
	listed.wait_for()
	assert "Accepted" in listed.inner_text()
	assert "Assessment" in listed.inner_text()

	# and got both emails (built by the background jobs each save queued after it committed): the
	# acknowledgement and the outcome, neither naming the child
	send_queued_notifications(name)
	mails = [mail for mail in emails_to(referrer_email) if mail.reference_name == name]
	assert len(mails) == 2, [m.message[:80] for m in mails]
	acknowledgement, outcome = (mail.message for mail in mails)
	assert "received your referral" in acknowledgement and name in acknowledgement
	assert "has made a decision" in outcome and "Accepted" in outcome
	for message in (acknowledgement, outcome):
		assert child_name not in message and "Bennett" not in message
