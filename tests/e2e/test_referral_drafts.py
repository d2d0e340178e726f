"""A draft stays on the side that drafted it until it is sent: a partner's with their agency (staff
of every role neither list nor open it, nor take its workflow action), one drafted in the desk
with the staff (not with the agency it names). Once sent, it is the team's to triage.

Issue 19's "Drafts are not private", over HTTP as real users against the live server."""

import json

import frappe
import pytest

from smallchanges import roles
from tests.e2e.conftest import act
from tests.factories import PASSWORD, make_user, unique
from tests.referral_factories import make_partner, make_referral, make_service

UR = "Universal Referral"
STAFF_ROLES = (
	roles.BUSINESS_SUPPORT_OFFICER,
	roles.TEAM_MANAGER,
	roles.DIRECTOR,
	roles.PRINCIPAL_SOCIAL_WORKER,
	roles.SOCIAL_WORKER,
	roles.SYSTEM_MANAGER,
)


@pytest.fixture(scope="module")
def world(site):
	frappe.set_user("Administrator")
	partner, agency = make_partner()
	colleague, _agency = make_partner(agency)
	other_partner, _other_agency = make_partner()
	service = make_service()
	surname = unique("Draftson").replace("-", "")
	draft = make_referral(
		partner,
		service=service,
		children=[{"first_name": "Quill", "last_name": surname, "date_of_birth": "2016-03-03"}],
	).name
	staff = {role: make_user(role) for role in STAFF_ROLES}
	frappe.db.commit()
	return frappe._dict(
		partner=partner,
		agency=agency,
		colleague=colleague,
		other_partner=other_partner,
		service=service,
		surname=surname,
		draft=draft,
		staff=staff,
	)


def _method(session, method, **params):
	data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
	return session.post(f"/api/method/{method}", data=data)


def _state(name):
	frappe.db.rollback()  # see what the server committed
	return frappe.db.get_value(UR, name, "workflow_state")


def _sees(session, name, surname) -> list[str]:
	"""The channels through which `session` learns of referral `name` (or its child's surname)."""
	seen = []
	checks = {
		"REST list": session.get(f"/api/resource/{UR}", params={"filters": json.dumps([["name", "=", name]])}),
		"REST document": session.get(f"/api/resource/{UR}/{name}"),
		"desk form": session.get("/api/method/frappe.desk.form.load.getdoc", params={"doctype": UR, "name": name}),
		"report view": _method(
			session, "frappe.desk.reportview.get", doctype=UR, fields=["name", "title"],
			filters=[["name", "=", name]],
		),
		"search": _method(session, "frappe.desk.search.search_link", doctype=UR, txt=name),
		"child rows": _method(
			session, "frappe.client.get_list", doctype="Referral Child", parent=UR,
			fields=["parent", "last_name"], filters=[["parent", "=", name]],
		),
	}  # fmt: skip
	for channel, response in checks.items():
		if response.status_code == 200 and (name in response.text or surname in response.text):
			seen.append(channel)
	# the desk's action menu: which workflow actions it would offer
	offered = _method(session, "frappe.model.workflow.get_transitions", doc={"doctype": UR, "name": name})
	if offered.status_code == 200 and offered.json().get("message"):
		seen.append("workflow actions")
	count = _method(session, "frappe.client.get_count", doctype=UR, filters=[["name", "=", name]])
	if count.status_code == 200 and count.json()["message"]:
		seen.append("count")
	return seen


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_of_every_role_neither_see_nor_submit_a_partners_draft(client, world, role):
	session = client(world.staff[role], PASSWORD)
	assert _sees(session, world.draft, world.surname) == []
	response = act(session, world.draft, "Submit")
	assert response.status_code in (403, 417), response.text[:300]
	assert "Traceback" not in response.text
	assert _state(world.draft) == "Draft"


def test_another_agency_neither_sees_nor_submits_it_and_its_own_agency_does(client, world):
	other = client(world.other_partner, PASSWORD)
	assert act(other, world.draft, "Submit").status_code == 403
	assert _state(world.draft) == "Draft"
	colleague = client(world.colleague, PASSWORD)
	listed = _method(
		colleague, "frappe.www.list.get_list_data", doctype=UR, web_form_name="universal-referral"
	)
	assert listed.status_code == 200 and world.draft in listed.text
	sent = make_referral(world.partner, service=world.service).name
	frappe.db.commit()
	assert act(colleague, sent, "Submit").status_code == 200
	assert _state(sent) == "Submitted"
	# once sent it is the team's: business support see it and may check it
	bso = client(world.staff[roles.BUSINESS_SUPPORT_OFFICER], PASSWORD)
	assert "REST document" in _sees(bso, sent, "-")
	assert act(bso, sent, "Check").status_code == 200


def test_a_referral_drafted_in_the_desk_stays_with_the_staff(client, world):
	bso_user = world.staff[roles.BUSINESS_SUPPORT_OFFICER]
	# taken on the phone from the partner's school: it names their agency, but it is not theirs yet
	desk_draft = make_referral(bso_user, service=world.service, referrer_agency=world.agency).name
	frappe.db.commit()
	partner = client(world.partner, PASSWORD)
	listed = _method(partner, "frappe.www.list.get_list_data", doctype=UR, web_form_name="universal-referral")
	assert listed.status_code == 200 and desk_draft not in listed.text
	assert act(partner, desk_draft, "Submit").status_code == 403
	assert _state(desk_draft) == "Draft"
	bso = client(bso_user, PASSWORD)
	everywhere = {"REST list", "REST document", "desk form", "report view", "count", "workflow actions"}
	assert everywhere <= set(_sees(bso, desk_draft, "-"))
	manager = client(world.staff[roles.TEAM_MANAGER], PASSWORD)  # the team's, as today
	assert "REST document" in _sees(manager, desk_draft, "-")
	assert act(bso, desk_draft, "Submit").status_code == 200
	assert _state(desk_draft) == "Submitted"
	listed = _method(partner, "frappe.www.list.get_list_data", doctype=UR, web_form_name="universal-referral")
	assert desk_draft in listed.text  # sent for their agency: now on their list


def test_the_duplicate_check_never_shows_staff_a_child_of_an_unsent_draft(client, world):
	"""Staff send a referral for the same child as another agency's draft: its triage does not
	name the draft or its child (only sent referrals are open to the match)."""
	manager_user = world.staff[roles.TEAM_MANAGER]
	sent = make_referral(
		manager_user,
		submit=True,
		service=world.service,
		children=[{"first_name": "Quill", "last_name": world.surname, "date_of_birth": "2016-03-03"}],
	).name
	frappe.db.commit()
	manager = client(manager_user, PASSWORD)
	view = _method(manager, "smallchanges.referrals.api.get_triage_view", referral=sent)
	assert view.status_code == 200, view.text[:300]
	assert world.draft not in view.text
	frappe.db.rollback()
	triage = frappe.db.get_value("Referral Triage", sent, "possible_duplicates") or ""
	assert world.draft not in triage
