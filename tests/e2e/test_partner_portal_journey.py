"""The partner portal behind the gate, in Chromium: a referral returned to the partner is edited
(a service picked, a document attached) and sent again, and the partner downloads their own file.
Every API call the page makes is recorded: each is on gate.py's allow-list and none is refused."""

from urllib.parse import parse_qs, urlsplit

import frappe
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from smallchanges.access.gate import ALLOWED
from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD, make_user
from tests.referral_factories import PNG, act, make_partner, make_referral, make_service


@pytest.fixture(scope="module")
def returned(site):
	frappe.set_user("Administrator")
	partner, agency = make_partner(first_name="Jordan")
	bso = make_user("Business Support Officer")
	service = make_service()
	name = make_referral(partner, submit=True, not_sure_which_service=1).name
	act(name, bso, "Return", returned_reason="Please say which service you are asking for.")
	frappe.db.commit()
	return frappe._dict(partner=partner, agency=agency, service=service, name=name)


def _api_calls(page) -> list[tuple[str, int]]:
	"""(method or route, status) of every API call the page makes: /api/... and Frappe's `?cmd=`."""
	calls = []

	def record(response):
		url = urlsplit(response.url)
		args = parse_qs(url.query)
		if response.request.method == "POST" and "=" in (response.request.post_data or ""):
			args.update(parse_qs(response.request.post_data))
		if "cmd" in args:
			calls.append((args["cmd"][0], response.status))
		elif url.path.startswith("/api/method/"):
			calls.append((url.path.removeprefix("/api/method/"), response.status))
		elif url.path.startswith("/api/"):
			calls.append(("route:" + url.path, response.status))

	page.on("response", record)
	return calls


def test_partner_edits_a_returned_referral_sends_it_again_and_downloads_their_file(page, returned):
	calls = _api_calls(page)
	browser_login(page, returned.partner, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	page.goto(f"/universal-referral/{returned.name}/edit")
	page.wait_for_selector(".web-form-container")

	# the services page: pick the council's service in the table (search_link, validate_link)
	services = page.locator("[data-fieldname=services]").first
	for _ in range(5):
		try:  # Next goes on once the server has checked the page: give it time to turn
			services.wait_for(state="visible", timeout=3000)
			break
		except PlaywrightTimeout:
			page.locator(".web-form-footer .btn-next:visible, .btn-next:visible").first.click()
	services.wait_for(state="visible")
	page.wait_for_timeout(600)
	page.locator("input[data-fieldname=not_sure_which_service]").uncheck()
	services.locator(".grid-add-row").click()
	# each service is a card of its own (a form of labelled fields), not cells of a grid row
	card = services.locator(".grid-row-open .grid-form-body")
	card.wait_for()
	page.wait_for_timeout(600)  # as a person would, look at the card before typing
	link = card.locator("input[data-fieldname=service]")
	link.click()
	link.fill(returned.service)
	page.locator("[role=listbox] li, [role=option], .awesomplete li").filter(
		has_text=f"{returned.service}, active"
	).first.click()
	page.keyboard.press("Escape")

	# the documents page: attach a file to a new row (upload_file with the file's content)
	page.locator(".web-form-footer .btn-next:visible, .btn-next:visible").first.click()
	documents = page.locator("[data-fieldname=documents]").first
	# Next goes on once the server has checked the page: wait for the documents page to settle
	documents.locator(".grid-add-row").wait_for()
	page.wait_for_timeout(1000)
	documents.locator(".grid-add-row").click()
	documents.locator(".grid-row-open .grid-form-body").wait_for()
	page.wait_for_timeout(600)
	page.locator(".grid-row-open button:has-text('Attach'), [data-fieldname=file] button").first.click()
	page.locator(".modal:visible input[type=file]").set_input_files(
		{"name": "school-report.png", "mimeType": "image/png", "buffer": PNG + returned.name.encode()}
	)
	page.locator(".modal:visible .modal-footer button", has_text="Upload").click()
	page.wait_for_selector(".modal:visible", state="detached", timeout=30_000)
	page.keyboard.press("Escape")

	page.locator(".web-form-container button[type=submit], .submit-btn").first.click()
	page.wait_for_selector(".success-page:not(.hide)", timeout=60_000)

	frappe.db.rollback()
	doc = frappe.get_doc("Universal Referral", returned.name)
	assert doc.workflow_state == "Submitted"  # sent again (the web form's Resubmit)
	assert [row.service for row in doc.services] == [returned.service]
	assert len(doc.documents) == 1
	file_url = doc.documents[0].file
	assert frappe.db.get_value(
		"File", {"file_url": file_url}, ["attached_to_name", "is_private"], as_dict=True
	) == {"attached_to_name": returned.name, "is_private": 1}

	# the partner downloads their own file, with their browser session
	download = page.request.get(file_url)
	assert download.status == 200 and download.body() == PNG + returned.name.encode()

	made = {name for name, _status in calls}
	assert made, "the page made no API call: nothing was recorded"
	assert made <= set(ALLOWED), f"calls not on the allow-list: {made - set(ALLOWED)}"
	assert not [c for c in calls if c[1] == 403], f"refused: {calls}"
	print("API calls the partner's browser made:", sorted(made))
