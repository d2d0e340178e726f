"""Every website route that can show one of the app's DocTypes, as a partner, as Guest and as
staff: Frappe's generic `/list` and `/printview`, the web form pages and the portal pages either
refuse (one plain page, the same for a record that is missing and one that is not theirs) or show
only the user's scope, and a list of referrals is logged record by record.

Issue 19's "`/list?doctype=Universal Referral` ... writes its access-log row without the
referral's name", and the README's "partners cannot print referrals", over HTTP against the live
server."""

import frappe
import pytest
from frappe.modules.utils import get_doctype_app_map

from smallchanges import roles
from smallchanges.access import access_log
from smallchanges.rules import access_log as channels
from tests.core_groups_factories import CoreGroup, approved_minutes, start_minutes
from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_two_agencies

HTML = {"Accept": "text/html"}
TRACEBACK = "Traceback (most recent call last)"
UR = "Universal Referral"
MINUTES = "Core Group Minutes"
LOG = "Record Access Log"


@pytest.fixture(scope="module")
def world(site):
	world = make_two_agencies()
	world.bso = make_user(roles.BUSINESS_SUPPORT_OFFICER)
	world.a_surname = world.candidate_name.split()[-1]  # the surname of the child on A's referral
	world.group = CoreGroup(outcomes=1)
	world.approved = approved_minutes(world.group).name
	world.draft_minutes = start_minutes(world.group.plan, world.group.health).name
	world.other = CoreGroup(outcomes=1)
	world.other_approved = approved_minutes(world.other).name
	frappe.set_user("Administrator")
	frappe.db.commit()
	return world


def app_doctypes() -> list[str]:
	return sorted(
		doctype
		for doctype, app in get_doctype_app_map().items()
		if app == "smallchanges" and not frappe.get_meta(doctype).istable
	)


def assert_plain_refusal(response, *secrets):
	assert response.status_code == 403, (response.status_code, response.url, response.text[:300])
	assert TRACEBACK not in response.text
	for secret in secrets:
		assert secret not in response.text, secret


def _print(session, doctype, name, **params):
	return session.get("/printview", params={"doctype": doctype, "name": name, **params}, headers=HTML)


def test_frappes_list_page_refuses_partners_and_guests_every_app_doctype(client, world):
	partner, guest = client(world.a, PASSWORD), client()
	for doctype in app_doctypes():
		for session in (partner, guest):
			response = session.get("/list", params={"doctype": doctype}, headers=HTML)
			assert_plain_refusal(response, world.ra, world.rb, world.a_surname, world.b_child)


def test_frappes_list_page_logs_each_referral_it_shows_by_name(client, world):
	bso = client(world.bso, PASSWORD)
	frappe.db.rollback()
	before = len(access_log.reads_of(UR, world.ra, user=world.bso))
	# a list read that could not say which records it showed (none listed)
	unnamed = {
		"user": world.bso,
		"reference_doctype": UR,
		"reference_name": ["is", "not set"],
		"records_listed": 0,
	}
	unnamed_before = frappe.db.count(LOG, unnamed)
	response = bso.get("/list", params={"doctype": UR, "name": world.ra}, headers=HTML)
	assert response.status_code == 200 and f"/{world.ra}" in response.text  # its row links to it
	frappe.db.rollback()
	rows = access_log.reads_of(UR, world.ra, user=world.bso)
	assert len(rows) == before + 1 and {row.channel for row in rows} >= {channels.WEB_PAGE}
	assert frappe.db.count(LOG, unnamed) == unnamed_before


def test_partners_print_only_their_core_groups_approved_minutes(client, world):
	partner = client(world.group.school, PASSWORD)
	printed = _print(partner, MINUTES, world.approved, format=MINUTES)
	assert printed.status_code == 200 and world.group.plan in printed.text
	missing = "CGM-2999-99999"
	refused = [
		(MINUTES, world.other_approved, {"format": MINUTES}),  # another core group's
		(MINUTES, missing, {"format": MINUTES}),  # no such minutes: the same answer
		(MINUTES, world.draft_minutes, {"format": MINUTES}),  # not approved yet
		(MINUTES, world.approved, {"format": "Standard"}),  # only through the minutes' own format
		("Child Protection Plan", world.group.plan, {}),
	]
	for doctype, name, params in refused:
		assert_plain_refusal(_print(partner, doctype, name, **params), world.other.plan)


def test_partners_print_no_referral_and_every_answer_is_the_same(client, world):
	partner, guest = client(world.a, PASSWORD), client()
	for session in (partner, guest):
		for name in (world.ra, world.rb, "UR-2999-99999"):
			response = _print(session, UR, name)
			assert_plain_refusal(response, world.a_surname, world.b_child)
	for doctype in app_doctypes():
		assert_plain_refusal(_print(guest, doctype, "anything"))


def test_web_form_pages_answer_the_same_for_missing_and_not_theirs(client, world):
	partner = client(world.a, PASSWORD)
	own = partner.get(f"/universal-referral/{world.ra}", headers=HTML)
	assert own.status_code == 200 and world.a_surname in own.text
	for path in (
		f"/universal-referral/{world.rb}",
		"/universal-referral/UR-2999-99999",
		f"/universal-referral/{world.rb}/edit",
		f"/universal-referral/new?name={world.rb}",
	):
		assert_plain_refusal(partner.get(path, headers=HTML), world.b_child)
	member = client(world.group.school, PASSWORD)
	for path in (f"/core-group-minutes/{world.other_approved}", "/core-group-minutes/CGM-2999-99999"):
		assert_plain_refusal(member.get(path, headers=HTML), world.other.plan)


def test_guests_see_nothing_on_the_portal(client, world):
	guest = client()
	for path in (
		"/universal-referral/list",
		f"/universal-referral/{world.ra}",
		f"/core-group-minutes/{world.approved}",
		"/core-group-agency-update/list",
		"/core-groups",
		"/resources",
		"/what-partners-can-do",
	):
		response = guest.get(path, headers=HTML)
		assert response.status_code in (200, 403, 404) or response.history, path
		assert TRACEBACK not in response.text
		assert world.a_surname not in response.text and world.b_child not in response.text, path
		assert frappe.get_value("Child Protection Plan", world.group.plan, "plan_title") not in response.text


def test_the_core_groups_page_shows_only_the_partners_own(client, world):
	page = client(world.group.school, PASSWORD).get("/core-groups", headers=HTML)
	assert page.status_code == 200
	assert world.group.plan in page.text and world.other.plan not in page.text
	assert world.other_approved not in page.text
