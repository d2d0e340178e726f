"""Restricted records in the desk (Chromium): a Director restricts a child's record in the Child
Restriction form, choosing the child in its link field and naming a group;
a social worker who is not named finds nothing of the child; a new referral for the same child shows
only that a restricted record may match and whom to contact; a Team Manager breaks the glass with a
reason, reads the record, and the Director is told."""

import frappe
import pytest

from smallchanges import roles
from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_referral
from tests.restrictions_factories import make_user_group, restricted_world


@pytest.fixture(scope="module")
def desk(site):
	w = restricted_world()
	w.group = make_user_group([w.named], "Restricted")
	w.manager = make_user(roles.TEAM_MANAGER, first_name="Breaking")
	frappe.db.commit()
	return w


def sign_out(page) -> None:
	"""Leave the desk first, so that no request of its page still under way sets the old session's
	cookie again once the cookies are cleared; then clear them."""
	page.goto("about:blank")
	page.context.clear_cookies()


def test_a_director_restricts_a_child_in_the_desk_and_the_unnamed_lose_it(page, site):
	w = restricted_world(restrict=False)
	group = make_user_group([w.named])
	frappe.db.commit()

	# before: a social worker not named on it finds the child, as every social worker may
	browser_login(page, w.worker, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/child?first_name={w.first_name}")
	page.locator(".list-row-container", has_text=w.first_name).first.wait_for()
	sign_out(page)

	browser_login(page, w.director, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto("/app/child-restriction/new")
	child = page.locator(".frappe-control[data-fieldname=child] input")
	child.wait_for()
	child.click()
	child.press_sequentially(w.first_name, delay=30)
	page.locator("[role=listbox] li, [role=option], .awesomplete li").filter(
		has_text=w.last_name
	).first.click()
	reason = "Her mother works in the safeguarding team."
	page.locator(".frappe-control[data-fieldname=reason] textarea").fill(reason)
	named = page.locator(".frappe-control[data-fieldname=user_group] input")
	named.click()
	named.press_sequentially(group, delay=30)
	page.locator("[role=listbox] li, [role=option], .awesomplete li").filter(has_text=group).first.click()
	page.keyboard.press("Control+s")
	page.wait_for_url("**/app/child-restriction/RST-*")

	frappe.db.rollback()
	stored = frappe.get_all(
		"Child Restriction", filters={"child": w.child}, fields=["status", "reason", "user_group", "set_by"]
	)
	assert [(r.status, r.reason, r.user_group, r.set_by) for r in stored] == [
		("Active", reason, group, w.director)
	]

	# a social worker not named on it no longer finds the child; one in the group still does
	sign_out(page)
	browser_login(page, w.worker, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/child?first_name={w.first_name}")
	page.locator(".list-row-container, .no-result").first.wait_for()
	assert w.first_name not in page.content()
	sign_out(page)
	browser_login(page, w.named, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/child/{w.child}")
	page.locator(".frappe-control[data-fieldname='first_name'] .control-value, "
				 ".frappe-control[data-fieldname='first_name'] input").first.wait_for()  # fmt: skip
	assert w.first_name in page.content()


def test_a_social_worker_not_named_finds_nothing_of_the_restricted_child(page, desk):
	browser_login(page, desk.worker, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto("/app/child")
	page.locator(".list-row-container, .no-result").first.wait_for()
	assert desk.first_name not in page.content()
	page.goto(f"/app/child/{desk.child}")
	page.wait_for_timeout(1500)
	assert desk.first_name not in page.content()
	page.goto("/app/child-protection-plan")
	page.locator(".list-row-container, .no-result").first.wait_for()
	assert desk.plan not in page.content()


def test_a_new_referral_shows_the_restricted_match_and_the_manager_breaks_the_glass(page, desk):
	referral = make_referral(
		desk.partner,
		submit=True,
		children=[
			{"first_name": desk.first_name, "last_name": desk.last_name,
			 "date_of_birth": str(desk.date_of_birth), "postcode": desk.postcode}
		],
	).name  # fmt: skip
	frappe.db.commit()
	browser_login(page, desk.manager, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/universal-referral/{referral}")
	match = page.locator(".sc-restricted-match").first
	match.wait_for()
	text = match.inner_text()
	assert "A restricted record may match this child: contact" in text
	assert frappe.utils.get_fullname(desk.director) in text
	assert desk.child not in text
	match.locator(".sc-break-glass").click()
	dialog = page.locator(".modal:visible")
	dialog.locator("textarea").fill("The child has been brought to the office by the police.")
	dialog.locator(".btn-primary", has_text="Open it").click()
	page.wait_for_url(f"**/app/child/{desk.child}")
	page.locator(".frappe-control[data-fieldname='first_name'] .control-value, "
				 ".frappe-control[data-fieldname='first_name'] input").first.wait_for()  # fmt: skip
	assert desk.first_name in page.content()
	frappe.db.rollback()
	told = frappe.get_all(
		"Notification Log",
		filters={"for_user": desk.director, "subject": ["like", "%broke the glass%"]},
		pluck="subject",
	)
	assert told and desk.child in told[0]
	assert frappe.db.exists(
		"Record Access Log", {"user": desk.manager, "reference_name": desk.child, "channel": "Break-glass"}
	)
