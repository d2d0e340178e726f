"""The app's workspaces in Chromium, as the people who use them: every number card block of every
workspace resolves to its Number Card and shows a number (not blank, not "Loading..."), every chart
block draws its chart, for each staff user who may see it; the Small Changes dashboard shows its
charts to a Director."""

import json
import pathlib
import re

import frappe
import pytest

from smallchanges import roles
from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD, make_user

APP = pathlib.Path(__file__).resolve().parents[2] / "smallchanges"
WORKSPACES = sorted(APP.glob("*/workspace/*/*.json"))
NUMBER = re.compile(r"^-?[\d.,]+\s*%?\s*[KMB]?$")
STAFF = (roles.DIRECTOR, roles.SOCIAL_WORKER, roles.BUSINESS_SUPPORT_OFFICER, roles.TEAM_MANAGER)


def blocks(workspace: dict, kind: str, field: str) -> list[str]:
	return [b["data"][field] for b in json.loads(workspace["content"]) if b["type"] == kind]


@pytest.fixture(scope="module")
def staff(site):
	frappe.set_user("Administrator")
	people = {role: make_user(role, first_name=role.split()[0]) for role in STAFF}
	frappe.db.commit()
	return people


def may_see(user: str, doctype: str, name: str) -> bool:
	"""Frappe's own answer (its Number Card and Dashboard Chart hooks read the session's roles)."""
	frappe.set_user(user)
	try:
		return bool(frappe.has_permission(doctype, doc=name))
	finally:
		frappe.set_user("Administrator")


def widget(page, box: str, title: str):
	return page.locator(f".widget.{box}", has=page.locator(".widget-title", has_text=title)).first


@pytest.mark.parametrize("path", WORKSPACES, ids=lambda p: p.stem)
@pytest.mark.parametrize("role", STAFF)
def test_every_card_and_chart_of_the_workspace_renders_for_those_who_may_see_it(page, staff, path, role):
	workspace = json.loads(path.read_text())
	if role not in {row["role"] for row in workspace.get("roles") or []}:
		pytest.skip(f"{role} is not given the {workspace['name']} workspace")
	user = staff[role]
	cards = blocks(workspace, "number_card", "number_card_name")
	charts = blocks(workspace, "chart", "chart_name")
	for name in cards:
		assert frappe.db.exists("Number Card", name), f"the block {name!r} names no Number Card"
	for name in charts:
		assert frappe.db.exists("Dashboard Chart", name), f"the block {name!r} names no Dashboard Chart"
	visible_cards = [name for name in cards if may_see(user, "Number Card", name)]
	visible_charts = [name for name in charts if may_see(user, "Dashboard Chart", name)]
	assert visible_cards and visible_charts, f"{role} sees nothing of {workspace['name']}"

	failed = []
	page.on("response", lambda r: r.status >= 400 and "/api/method/" in r.url and failed.append(r.url))
	browser_login(page, user, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/{workspace['name'].lower().replace(' ', '-')}")
	for name in visible_cards:
		number = widget(page, "number-widget-box", name).locator(".widget-content .number")
		number.wait_for(state="visible")
		text = number.inner_text().strip()
		assert NUMBER.match(text), f"{role}: the card {name!r} shows {text!r}, not a number"
	for name in visible_charts:
		chart = widget(page, "dashboard-widget-box", name)
		chart.locator("svg.frappe-chart").first.wait_for(state="visible")
	assert failed == [], failed


def test_a_social_workers_card_counts_only_what_they_may_see(page, staff):
	"""The referral decisions card of a social worker with none of their own is 0 %, whatever
	others have decided."""
	from tests.referral_factories import make_referral, make_service

	frappe.set_user("Administrator")
	manager_referral = make_referral(staff[roles.TEAM_MANAGER], submit=True, service=make_service()).name
	frappe.db.set_value(
		"Universal Referral",
		manager_referral,
		{"decided_at": frappe.utils.now_datetime(), "decision_due": frappe.utils.nowdate()},
	)
	frappe.db.commit()
	browser_login(page, staff[roles.SOCIAL_WORKER], PASSWORD)
	page.wait_for_url("**/app**")
	page.goto("/app/small-changes")
	card = widget(page, "number-widget-box", "Referrals Decided Within a Working Day")
	card.locator(".widget-content .number").wait_for(state="visible")
	assert card.locator(".widget-content .number").inner_text().strip() == "0.0%"


def test_the_small_changes_dashboard_shows_a_director_every_chart(page, staff):
	dashboard = json.loads(
		(APP / "governance/governance_dashboard/small_changes/small_changes.json").read_text()
	)
	browser_login(page, staff[roles.DIRECTOR], PASSWORD)
	page.wait_for_url("**/app**")
	page.goto("/app/dashboard-view/Small Changes")
	for row in dashboard["charts"]:
		widget(page, "dashboard-widget-box", row["chart"]).locator("svg.frappe-chart").first.wait_for(
			state="visible"
		)
	for row in dashboard["cards"]:
		number = widget(page, "number-widget-box", row["card"]).locator(".widget-content .number")
		number.wait_for(state="visible")
		assert NUMBER.match(number.inner_text().strip()), row["card"]
