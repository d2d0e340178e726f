import os

from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD, make_user


def test_administrator_logs_in_and_the_workspace_renders(page):
	browser_login(page, "Administrator", os.environ.get("SMALLCHANGES_ADMIN_PASSWORD", "admin"))
	page.wait_for_url("**/app**")
	page.goto("/app/small-changes")
	page.wait_for_selector("text=Referrals, core groups, visits")
	assert "Small Changes" in page.title()
	errors = []
	page.on("response", lambda r: r.status >= 500 and errors.append(r.url))
	for shortcut in (
		"Referrals to triage",
		"Overdue Referrals",
		"Who can do what",
		"Delegations",
		"Safeguarding Policy",
	):
		page.wait_for_selector(f".widget-title:has-text('{shortcut}')")
	page.wait_for_timeout(1500)  # the shortcuts' counts load after the widgets
	assert errors == []
	assert not page.locator(".modal:visible", has_text="Server Error").count()


def test_partner_is_not_let_into_the_desk_over_http(client, committed):
	partner = make_user("Partner Practitioner")
	committed()
	session = client(partner, PASSWORD)
	# The login reply sends a website user to the portal, not the desk...
	again = session.post("/api/method/login", data={"usr": partner, "pwd": PASSWORD})
	assert again.json()["home_page"] == "/universal-referral/list"
	# ...and asking for the desk is refused.
	response = session.get("/app", headers={"Accept": "text/html"})
	assert response.status_code == 403
	assert "not permitted" in response.text.lower()


def test_partner_is_not_let_into_the_desk_in_the_browser(page, committed):
	partner = make_user("Partner Practitioner")
	committed()
	browser_login(page, partner, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	assert "/app" not in page.url
	page.goto("/app")
	page.wait_for_selector("text=not permitted")
	assert page.locator(".desk-sidebar, .layout-side-section .desk-sidebar").count() == 0
