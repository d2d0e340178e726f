"""Every page a partner sees passes axe-core's WCAG 2.2 AA rules in Chromium (no serious or critical
violation), on a desktop screen and on a phone; on the phone nothing in the referral form is wider
than the screen.

To check a new partner page, add it to PARTNER_PAGES.
"""

from dataclasses import dataclass

import frappe
import pytest

from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD
from tests.referral_factories import make_partner, make_referral

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@dataclass(frozen=True)
class PartnerPage:
	name: str
	url: str  # may name {sent} (a referral sent to the team) or {draft} (one saved for later)
	signed_in: bool = True


PARTNER_PAGES = [
	PartnerPage("login", "/login", signed_in=False),
	PartnerPage("referral form", "/universal-referral/new"),
	PartnerPage("their referrals", "/universal-referral/list"),
	PartnerPage("a sent referral", "/universal-referral/{sent}"),
	PartnerPage("a draft reopened", "/universal-referral/{draft}/edit"),
	PartnerPage("what partners can do", "/what-partners-can-do"),
	PartnerPage("their core groups", "/core-groups"),
	PartnerPage("resources", "/resources"),
]


@pytest.fixture(scope="module")
def partner(site):
	frappe.set_user("Administrator")
	user, _agency = make_partner(first_name="Alex")
	sent = make_referral(user, submit=True)
	draft = make_referral(user)
	frappe.db.commit()
	return frappe._dict(user=user, sent=sent.name, draft=draft.name)


def blocking_violations(page) -> list[str]:
	from axe_playwright_python.sync_playwright import Axe

	results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
	return [
		f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): "
		+ "; ".join(node["target"][0] for node in violation["nodes"][:3])
		for violation in results.response["violations"]
		if violation["impact"] in BLOCKING
	]


def form_steps(page) -> int:
	"""How many steps (pages) the web form on this page has; 0 when it is not a web form."""
	return page.evaluate(
		"() => window.frappe && frappe.web_form && frappe.web_form.page_breaks"
		" ? frappe.web_form.page_breaks.length + 1 : 0"
	)


def show_step(page, step: int) -> None:
	page.evaluate(
		"(step) => { frappe.web_form.current_section = step; frappe.web_form.toggle_section(); }", step
	)


def open_every_card(page) -> None:
	"""Add a child and a household member so that their cards are checked too."""
	for fieldname in ("children", "household_members"):
		add = page.locator(f"[data-fieldname={fieldname}] .grid-add-row:visible")
		if add.count():
			add.first.click()
			page.locator(f"[data-fieldname={fieldname}] .grid-body .grid-row").first.wait_for()
			page.wait_for_timeout(600)  # the card has finished opening


def visit(page, partner, target: PartnerPage) -> None:
	if target.signed_in:
		browser_login(page, partner.user, PASSWORD)
		page.wait_for_url(lambda url: "/login" not in url)
	page.goto(target.url.format(sent=partner.sent, draft=partner.draft))
	page.wait_for_load_state("networkidle")


def wider_than_the_screen(page) -> list[str]:
	return page.evaluate(
		"""() => {
			const width = document.documentElement.clientWidth;
			const out = [];
			for (const el of document.querySelectorAll('.page-content-wrapper *, .web-form-container *')) {
				const box = el.getBoundingClientRect();
				if (box.width === 0 || box.height === 0) continue;
				if (box.right > width + 1 || box.left < -1) {
					out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(box.left)}..${Math.round(box.right)})`);
				}
			}
			if (document.scrollingElement.scrollWidth > width + 1) out.push(`the page scrolls sideways (${document.scrollingElement.scrollWidth}px)`);
			return out.slice(0, 10);
		}"""
	)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("target", PARTNER_PAGES, ids=[p.name for p in PARTNER_PAGES])
def test_partner_page_has_no_serious_accessibility_violation(browser, live_server, partner, target, viewport):
	context = browser.new_context(base_url=live_server, viewport=viewport)
	page = context.new_page()
	try:
		visit(page, partner, target)
		found = {}
		steps = form_steps(page)
		if steps and "/list" not in target.url:
			open_every_card_done = False
			for step in range(steps):
				show_step(page, step)
				if not open_every_card_done and page.locator(".grid-add-row:visible").count():
					open_every_card(page)
					open_every_card_done = True
				found[f"step {step + 1}"] = blocking_violations(page)
		else:
			found["page"] = blocking_violations(page)
		found = {where: problems for where, problems in found.items() if problems}
		assert not found, f"{target.url}: {found}"
	finally:
		context.close()


@pytest.mark.parametrize(
	"target", [p for p in PARTNER_PAGES if p.signed_in], ids=[p.name for p in PARTNER_PAGES if p.signed_in]
)
def test_nothing_is_wider_than_a_phone(browser, live_server, partner, target):
	context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
	page = context.new_page()
	try:
		visit(page, partner, target)
		found = {}
		steps = form_steps(page)
		for step in range(steps or 1):
			if steps:
				show_step(page, step)
				open_every_card(page)
			found[f"step {step + 1}"] = wider_than_the_screen(page)
		found = {where: problems for where, problems in found.items() if problems}
		assert not found, f"{target.url} at 390 px: {found}"
	finally:
		context.close()
