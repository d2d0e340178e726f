"""Every partner journey finished on a phone (Chromium at 390 x 844), without typing an address:
send a referral; save one for later, reopen it from the list and send it; follow a referral's
outcome; take core group minutes and send them for review without pressing Save; send an agency
update; find and download a resource.

At each step: the reference is shown (after every send, in the list's first column and in the
record's heading), what was typed is read back from the database, no visible text is printed over
other text or cut off (tests/e2e/layout.py), Frappe's generic success and error pages never
appear, axe-core finds nothing serious or critical (WCAG 2.2 AA), and a screenshot is kept under
the artifacts directory (SMALLCHANGES_ARTIFACTS)."""

import os
import re
from datetime import date, timedelta

import frappe
import pytest
from frappe.utils import add_days

from tests.core_groups_factories import CoreGroup, today
from tests.e2e.conftest import browser_login, send_queued_notifications, wait_for_open_card
from tests.e2e.layout import assert_readable
from tests.e2e.test_partner_accessibility import blocking_violations
from tests.factories import PASSWORD, make_user, unique
from tests.referral_factories import act, make_partner, make_referral, make_service
from tests.resources_factories import make_approved_resource

PHONE = {"width": 390, "height": 844}
ARTIFACTS = os.environ.get("SMALLCHANGES_ARTIFACTS", "/tmp/smallchanges-test-artifacts")
# What Frappe's own pages say, which a partner must never meet on these journeys.
GENERIC = (
	"Your form has been successfully updated",
	"Submit another response",
	"Edit your response",
	"Not permitted",
	"Something went wrong",
	"Value missing for",
	"Thank you for spending your valuable time",
	"\\'",
)


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	partner, agency = make_partner(first_name="Jordan", phone="020 7946 0001")
	group = CoreGroup(outcomes=1)
	resource = make_approved_resource(
		title=unique("Threshold guide"), audience="Staff and partners", kind="Guide"
	)
	people = frappe._dict(
		partner=partner,
		agency=agency,
		group=group,
		resource=resource,
		service=make_service(),
		bso=make_user("Business Support Officer"),
		manager=make_user("Team Manager"),
	)
	frappe.db.commit()
	return people


@pytest.fixture
def phone(browser, live_server, request):
	context = browser.new_context(
		base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True
	)
	context.set_default_timeout(30_000)
	page = context.new_page()
	page.step = 0
	yield page
	if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
		shoot(page, request.node.name, "failed")
	context.close()


def shoot(page, journey: str, what: str) -> None:
	folder = os.path.join(ARTIFACTS, "phone-journeys", journey)
	os.makedirs(folder, exist_ok=True)
	page.step += 1
	page.screenshot(path=os.path.join(folder, f"{page.step:02d}-{what}.png"), full_page=True)


def step(page, journey: str, what: str) -> None:
	"""One state of a page: kept as a screenshot, readable, accessible, and never Frappe's own."""
	page.wait_for_timeout(300)  # Frappe draws controls after load; the portal script names them
	shoot(page, journey, what)
	text = page.locator("body").inner_text()
	for generic in GENERIC:
		assert generic not in text, f"{what}: Frappe's generic text {generic!r} is shown"
	assert_readable(page, what)
	assert blocking_violations(page) == [], what


def sign_in(page, user: str) -> None:
	browser_login(page, user, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	page.wait_for_load_state("networkidle")


def by_menu(page, label: str) -> None:
	"""The portal's own navigation, as a person opens it on a phone."""
	toggler = page.locator(".navbar-toggler:visible")
	if toggler.count():
		toggler.first.click()
	page.locator(".navbar .nav-link", has_text=label).first.click()
	page.wait_for_load_state("networkidle")


def fill(page, fieldname: str, value: str) -> None:
	page.locator(f".web-form-container [data-fieldname={fieldname}] :is(input, textarea)").first.fill(value)


def choose(page, fieldname: str, value: str) -> None:
	page.locator(f".web-form-container select[data-fieldname={fieldname}]").select_option(value)


def next_page(page) -> None:
	page.locator(".btn-next:visible").first.click()


def open_card(page, table: str):
	page.locator(f"[data-fieldname={table}] .grid-add-row").first.click()
	return wait_for_open_card(page, table)


def close_card(page, table: str) -> None:
	page.locator(f"[data-fieldname={table}] .grid-row-open .grid-collapse-row").first.click()
	page.wait_for_timeout(300)


def confirmation(page) -> str:
	page.locator(".success-page[data-sc-confirmation=sent]:not(.hide)").wait_for(timeout=60_000)
	return page.locator(".success-page .sc-reference-value").inner_text().strip()


def subjects_about(reference: str) -> list[tuple[str, str]]:
	frappe.db.rollback()
	queue = frappe.qb.DocType("Email Queue")
	rows = (
		frappe.qb.from_(queue)
		.select(queue.message)
		.where(queue.reference_name == reference)
		.run(as_dict=True)
	)
	out = []
	for row in rows:
		subject = re.search(r"^Subject: (.*)$", row.message, re.M)
		out.append((subject.group(1) if subject else "", row.message))
	return out


def send_first_page(page, journey: str) -> None:
	# the referrer's name, e-mail and phone come from their account; their agency is named
	assert page.locator("input[data-fieldname=referrer_name]").input_value().strip()
	assert page.locator("input[data-fieldname=referrer_email]").input_value() == page.evaluate(
		"() => frappe.session.user"
	)
	assert page.locator("input[data-fieldname=referrer_phone]").input_value() == "020 7946 0001"
	assert "You are referring for" in page.locator(".sc-referring-for").inner_text()
	step(page, journey, "about-you")
	fill(page, "referrer_role", "Designated safeguarding lead")
	choose(page, "level_of_need", "3 - Complex needs: child in need")
	next_page(page)


def test_send_a_referral(phone, people):
	page, journey = phone, "send-a-referral"
	child = unique("Ruby")
	concerns = f"Ruby has come to school hungry every day this week ({unique('c')})."
	sign_in(page, people.partner)
	# their referrals are the portal's home; New starts one
	assert "/universal-referral/list" in page.url
	step(page, journey, "their-referrals")
	page.locator("a[href$='/universal-referral/new'], .btn-new, .button-new").first.click()
	page.locator(".web-form").wait_for()
	send_first_page(page, journey)

	# the children page is checked before Next, with the Send's own words, on the field
	next_page(page)
	problem = page.locator("[data-fieldname=children] .sc-field-error")
	problem.wait_for()
	assert "Add at least one child" in problem.inner_text()
	step(page, journey, "children-checked")
	card = open_card(page, "children")
	card.locator("input[data-fieldname=first_name]").fill(child)
	card.locator("input[data-fieldname=last_name]").fill("Achterberg")
	card.locator("input[data-fieldname=date_of_birth]").fill(
		(date.today() - timedelta(days=8 * 365)).strftime("%d-%m-%Y")
	)
	card.locator("input[data-fieldname=last_name]").click()  # the date picker closes
	step(page, journey, "a-child-card")
	close_card(page, "children")
	next_page(page)

	fill(page, "concerns", concerns)
	next_page(page)

	# a half-filled service card is named in a referrer's words before Next, not Frappe's "Row #1"
	open_card(page, "services")
	page.locator(
		"[data-fieldname=services] .grid-row-open textarea, [data-fieldname=services] .grid-row-open input[data-fieldname=notes]"
	).first.fill("Family support")
	close_card(page, "services")
	page.locator("input[data-fieldname=not_sure_which_service]").check()
	choose(page, "family_informed", "Yes")
	choose(page, "consent_basis", "Consent given")
	choose(page, "consent_to_share", "Yes")
	fill(page, "consent_given_by", "Lena Achterberg, mother")
	fill(page, "consent_covers", "Ruby, this referral")
	next_page(page)
	problem = page.locator("[data-fieldname=services] .sc-field-error")
	problem.wait_for()
	assert "Service 1: answer 'Service'" in problem.inner_text()
	step(page, journey, "services-checked")
	# the referrer finishes the card: picks the council's service
	page.locator("[data-fieldname=services] .grid-body .grid-row .data-row").first.click()
	link = page.locator("[data-fieldname=services] .grid-row-open input[data-fieldname=service]")
	link.click()
	link.fill(people.service)
	page.locator("[role=listbox] li, [role=option], .awesomplete li").filter(
		has_text=f"{people.service}, active"
	).first.click()
	page.keyboard.press("Escape")
	next_page(page)
	page.locator(".submit-btn:visible").first.wait_for()

	step(page, journey, "documents")
	page.locator(".submit-btn:visible").first.click()
	reference = confirmation(page)
	step(page, journey, "sent")
	text = page.locator(".success-page").inner_text()
	assert "What happens next" in text and "Referral sent" in text

	frappe.db.rollback()
	doc = frappe.get_doc("Universal Referral", reference)
	assert doc.workflow_state == "Submitted" and doc.referrer_agency == people.agency
	assert doc.concerns == concerns and [row.first_name for row in doc.children] == [child]
	assert doc.referrer_phone == "020 7946 0001" and doc.referrer_role == "Designated safeguarding lead"

	# the list: the reference first, readable as a card
	page.locator(".success-footer a", has_text="Go to your referrals").click()
	row = page.locator(".web-list-table tbody tr", has_text=child)
	row.wait_for()
	assert row.locator("td:visible").first.inner_text().strip() == reference
	step(page, journey, "in-the-list")

	# the e-mail about it names the reference in its subject and its body
	send_queued_notifications(reference)
	mails = subjects_about(reference)
	assert mails and all(reference in subject for subject, _ in mails), mails


def test_save_for_later_reopen_and_send(phone, people):
	page, journey = phone, "save-reopen-send"
	child = unique("Noor")
	sign_in(page, people.partner)
	by_menu(page, "Referrals")
	page.locator("a[href$='/universal-referral/new'], .btn-new, .button-new").first.click()
	page.locator(".web-form").wait_for()
	send_first_page(page, journey)
	card = open_card(page, "children")
	card.locator("input[data-fieldname=first_name]").fill(child)
	close_card(page, "children")
	page.locator(".save-for-later-btn").click()
	draft = confirmation(page)
	step(page, journey, "saved-for-later")
	frappe.db.rollback()
	assert frappe.db.get_value("Universal Referral", draft, "workflow_state") == "Draft"

	# reopened from the list: straight into the form, the child a card, no Edit to press
	page.locator(".success-footer a", has_text="Go to your referrals").click()
	page.locator(".web-list-table tbody tr", has_text=child).click()
	page.wait_for_url(f"**/universal-referral/{draft}/edit")
	page.locator(".web-form").wait_for()
	assert page.locator(".edit-button:visible").count() == 0
	assert draft in page.locator(".web-form-header h1").inner_text()
	next_page(page)
	rows = page.locator("[data-fieldname=children] .sc-cards .grid-body .grid-row")
	assert rows.count() == 1 and child in rows.first.inner_text()
	step(page, journey, "reopened-child-card")
	rows.first.locator(".data-row").click()
	page.locator("[data-fieldname=children] .grid-row-open input[data-fieldname=date_of_birth]").fill(
		(date.today() - timedelta(days=5 * 365)).strftime("%d-%m-%Y")
	)
	page.locator("[data-fieldname=children] .grid-row-open input[data-fieldname=first_name]").click()
	close_card(page, "children")
	next_page(page)
	fill(page, "concerns", "Noor is often left alone in the evenings.")
	next_page(page)
	page.locator("input[data-fieldname=not_sure_which_service]").check()
	choose(page, "family_informed", "Yes")
	choose(page, "consent_basis", "Consent given")
	choose(page, "consent_to_share", "Yes")
	fill(page, "consent_given_by", "Her father")
	fill(page, "consent_covers", "Noor, this referral")
	next_page(page)
	page.locator(".submit-btn:visible").first.click()
	assert confirmation(page) == draft
	step(page, journey, "sent")
	frappe.db.rollback()
	doc = frappe.get_doc("Universal Referral", draft)
	assert doc.workflow_state == "Submitted" and doc.concerns == "Noor is often left alone in the evenings."


def test_follow_a_referrals_outcome(phone, people):
	page, journey = phone, "follow-the-outcome"
	sent = make_referral(people.partner, submit=True)
	act(sent.name, people.bso, "Check")
	act(sent.name, people.manager, "Accept", decision="Assessment", decision_reason="Assessment needed.")
	frappe.db.commit()
	sign_in(page, people.partner)
	row = page.locator(".web-list-table tbody tr", has_text=sent.name)
	row.wait_for()
	assert "Accepted" in row.inner_text() and "Assessment" in row.inner_text()
	step(page, journey, "the-list")
	row.click()
	page.locator(".web-form").wait_for()
	# a sent referral is read, not offered for Edit or Save
	assert sent.name in page.locator(".web-form-header h1").inner_text()
	assert page.locator(".edit-button:visible, .submit-btn:visible, .save-for-later-btn:visible").count() == 0
	step(page, journey, "the-referral")
	send_queued_notifications(sent.name)
	mails = subjects_about(sent.name)
	assert len(mails) >= 2 and all(sent.name in subject and sent.name in body for subject, body in mails)


def test_take_minutes_and_send_them_for_review_without_pressing_save(phone, people):
	page, journey = phone, "minutes-for-review"
	group = people.group
	views = f"She says she likes her new class ({unique('v')})."
	sign_in(page, group.school)
	by_menu(page, "Core groups")
	step(page, journey, "core-groups")
	page.locator(f"[data-plan='{group.plan}'] a.take-minutes").click()
	page.locator(".web-form").wait_for()
	fill(page, "meeting_date", frappe.utils.formatdate(add_days(today(), -1), "dd-mm-yyyy"))
	page.keyboard.press("Escape")
	fill(page, "venue", "Bow School, room 2")
	step(page, journey, "new-minutes")
	page.locator(".submit-btn:visible").first.click()
	page.wait_for_url("**/core-group-minutes/*/edit", timeout=60_000)
	page.locator(".send-for-review-btn").first.wait_for()
	name = page.url.rstrip("/").split("/")[-2]
	assert name in page.locator(".web-form-header h1").inner_text()
	# the tables are cards on the phone
	assert page.locator("[data-fieldname=attendance] .sc-cards").count() == 1
	step(page, journey, "draft-minutes")
	# each person expected, and the plan's outcome, on a card of its own
	people_rows = page.locator("[data-fieldname=attendance] .grid-body .grid-row")
	for index in range(people_rows.count()):
		people_rows.nth(index).locator(".data-row").click()
		page.locator(
			"[data-fieldname=attendance] .grid-row-open select[data-fieldname=attendance]"
		).select_option("Attended")
		close_card(page, "attendance")
	page.locator("[data-fieldname=outcome_progress] .grid-body .grid-row .data-row").first.click()
	page.locator(
		"[data-fieldname=outcome_progress] .grid-row-open select[data-fieldname=rating]"
	).select_option("Green")
	close_card(page, "outcome_progress")
	fill(page, "childs_views", views)
	page.locator(".send-for-review-btn").first.click()
	assert confirmation(page) == name
	step(page, journey, "sent-for-review")
	frappe.db.rollback()
	doc = frappe.get_doc("Core Group Minutes", name)
	assert doc.workflow_state == "Submitted for Review" and doc.childs_views == views

	# the minutes are read now, not offered for Edit or Save
	page.goto(f"/core-group-minutes/{name}")
	page.locator(".web-form").wait_for()
	assert (
		page.locator(".edit-button:visible, .submit-btn:visible, .send-for-review-btn:visible").count() == 0
	)
	step(page, journey, "minutes-read")


def test_another_agencys_draft_minutes_offer_no_save(phone, people):
	from tests.core_groups_factories import start_minutes

	group = people.group
	minutes = start_minutes(group.plan, group.health)
	frappe.set_user("Administrator")
	frappe.db.commit()
	page = phone
	sign_in(page, group.school)
	page.goto(f"/core-group-minutes/{minutes.name}")
	page.locator(".web-form").wait_for()
	assert (
		page.locator(".submit-btn:visible, .edit-button:visible, .send-for-review-btn:visible").count() == 0
	)


def test_send_an_agency_update(phone, people):
	page, journey = phone, "agency-update"
	group = people.group
	text = f"Attendance is 96% this half term ({unique('u')})."
	sign_in(page, group.health)
	by_menu(page, "Core groups")
	page.locator(f"[data-plan='{group.plan}'] a.agency-update").click()
	page.locator(".web-form").wait_for()
	# the plan's children are named at once, before anything is saved
	plan_title = frappe.db.get_value("Child Protection Plan", group.plan, "plan_title")
	assert plan_title and plan_title in page.locator("[data-fieldname=plan_title]").first.inner_text()
	fill(page, "update_text", text)
	step(page, journey, "new-update")
	page.locator(".submit-btn:visible").first.click()
	reference = confirmation(page)
	step(page, journey, "sent")
	assert "core group's minutes" in page.locator(".success-page").inner_text()
	frappe.db.rollback()
	assert frappe.db.get_value("Core Group Agency Update", reference, "update_text") == text


def test_find_and_download_a_resource(phone, people):
	page, journey = phone, "a-resource"
	sign_in(page, people.partner)
	by_menu(page, "Resources")
	step(page, journey, "resources")
	page.locator("input[name=q]").fill(people.resource.title)
	page.locator(".partner-resources button[type=submit]").click()
	page.wait_for_load_state("networkidle")
	item = page.locator(".partner-resource", has_text=people.resource.title)
	item.wait_for()
	step(page, journey, "found")
	with page.expect_download() as download:
		item.locator(".partner-resource-download").click()
	with open(download.value.path(), "rb") as downloaded:
		assert downloaded.read().startswith(b"%PDF")
	by_menu(page, "What partners can do")
	step(page, journey, "what-partners-can-do")
