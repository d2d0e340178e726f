"""The "who can do what" page is generated from the live records: change a permission, a
transition, a delegation or a policy value and the page changes, with no code change; the
install code run by every migrate keeps an administrator's edits."""

import frappe
import pytest
from frappe.permissions import add_permission, update_permission_property

from smallchanges.governance.page.who_can_do_what.who_can_do_what import get_data
from smallchanges.governance.policy import referral_decision_working_days
from smallchanges.install import ensure_setup
from smallchanges.rules.delegation import TAKE_CORE_GROUP_MINUTES
from tests.factories import make_user, unique
from tests.governance_factories import approved_delegation, as_user, request_delegation

BSO = "Business Support Officer"
PSW = "Principal Social Worker"


def page_as(user: str) -> dict:
	with as_user(user):
		return get_data()


def role_sentence(data: dict, role: str) -> str:
	return next(r["sentence"] for r in data["roles"] if r["role"] == role)


def everything(data: dict) -> str:
	return frappe.as_json(data)


@pytest.fixture
def bso():
	# A surname of its own: committed e2e data may hold other Billie Novaks.
	return make_user(BSO, first_name="Billie", last_name=unique("Novak"))


def name_of(user: str) -> str:
	return frappe.utils.get_fullname(user)


@pytest.fixture
def director():
	return make_user("Director", first_name="Dana", last_name="Whitfield")


def test_a_bso_sees_in_plain_sentences_what_they_may_do(bso):
	data = page_as(bso)
	sentence = role_sentence(data, BSO)
	assert sentence.startswith("A Business Support Officer may check referrals for completeness")
	assert "may distribute core group minutes" in sentence
	assert "may read the Safeguarding Policy" in sentence
	assert "may read and create Delegation records, and change and delete those they created" in sentence
	assert "take core group minutes" not in sentence
	# Their own answer for each delegable task, from can_do.
	you = {t["task"]: t for t in data["you"]["tasks"]}
	assert you[TAKE_CORE_GROUP_MINUTES]["allowed"] is False
	assert (
		"needs a delegation of 'Take core group minutes' approved by a Director"
		in (you[TAKE_CORE_GROUP_MINUTES]["message"])
	)
	# Directors approve, never their own.
	assert (
		'may use "Approve" on a Delegation that is Requested, making it Approved, '
		"but never on one they created themselves"
	) in role_sentence(data, "Director")
	# The matrix per DocType and the policy are there too.
	matrix = {m["doctype"]: m for m in data["matrix"]}
	policy_rows = {r["role"]: r["rights"] for r in matrix["Safeguarding Policy"]["rows"]}
	assert policy_rows["Director"]["write"] == "yes" and policy_rows[BSO]["write"] == ""
	delegation_rows = {r["role"]: r["rights"] for r in matrix["Delegation"]["rows"]}
	assert delegation_rows[BSO]["write"] == "own" and delegation_rows["Director"]["submit"] == "yes"
	assert any("within 1 working day of receipt" in s for s in data["policy"]["sentences"])


def test_the_page_changes_when_a_delegation_is_approved(bso, director):
	manager = make_user("Team Manager")
	before = page_as(bso)
	assert f"{name_of(bso)} may also take core group minutes" not in everything(before)

	delegation = approved_delegation(manager, director, users=[bso])

	after = page_as(bso)
	named = next(r["named"] for r in after["roles"] if r["role"] == BSO)
	assert any(
		s.startswith(
			f"{name_of(bso)} may also take core group minutes under the delegation {delegation.name}"
		)
		and "approved by Dana Whitfield until" in s
		for s in named
	)
	you = {t["task"]: t for t in after["you"]["tasks"]}
	assert you[TAKE_CORE_GROUP_MINUTES]["allowed"] is True
	assert [d["name"] for d in after["delegations"]].count(delegation.name) == 1


def test_a_role_delegation_joins_the_roles_sentence(bso, director):
	delegation = approved_delegation(make_user("Team Manager"), director, role=BSO)
	sentence = role_sentence(page_as(bso), BSO)
	assert (
		f"may take core group minutes under the delegation {delegation.name} approved by Dana Whitfield until"
		in sentence
	)


def test_a_pending_request_is_listed_as_awaiting_a_decision(bso):
	request = request_delegation(bso, users=[bso])
	pending = {p["name"]: p for p in page_as(bso)["pending"]}
	assert pending[request.name]["delegates"] == name_of(bso)


def test_a_changed_transition_shows_at_once_and_survives_the_setup_migrate_runs(bso):
	workflow = frappe.get_doc("Workflow", "Delegation")
	revoke = next(t for t in workflow.transitions if t.action == "Revoke")
	revoke.allowed = PSW
	workflow.save()

	data = page_as(bso)
	assert 'may use "Revoke" on a Delegation that is Approved' in role_sentence(data, PSW)
	assert 'may use "Revoke"' not in role_sentence(data, "Director")

	ensure_setup()  # what after_migrate runs

	assert (
		frappe.db.get_value("Workflow Transition", {"parent": "Delegation", "action": "Revoke"}, "allowed")
		== PSW
	)
	assert 'may use "Revoke"' in role_sentence(page_as(bso), PSW)


def test_a_changed_permission_shows_at_once_and_survives_the_setup_migrate_runs(bso):
	assert "may read and change the Safeguarding Policy" not in role_sentence(page_as(bso), PSW)
	# What Role Permissions Manager does when an administrator ticks "Write" for a role.
	update_permission_property("Safeguarding Policy", PSW, 0, "write", 1)
	frappe.clear_cache(doctype="Safeguarding Policy")

	data = page_as(bso)
	assert "may read and change the Safeguarding Policy" in role_sentence(data, PSW)
	matrix = {m["doctype"]: m for m in data["matrix"]}
	assert {r["role"]: r["rights"] for r in matrix["Safeguarding Policy"]["rows"]}[PSW]["write"] == "yes"

	ensure_setup()

	assert "may read and change the Safeguarding Policy" in role_sentence(page_as(bso), PSW)


def test_a_role_given_permissions_by_an_administrator_appears_on_the_page(bso):
	add_permission("Delegation", "Desk User", 0)
	frappe.clear_cache(doctype="Delegation")
	assert "Every desk user may read Delegation records" in role_sentence(page_as(bso), "Desk User")


def test_a_changed_policy_value_shows_at_once_and_survives_the_setup_migrate_runs(bso, director):
	with as_user(director):
		policy = frappe.get_doc("Safeguarding Policy")
		policy.referral_decision_working_days = 2
		policy.save()

	assert referral_decision_working_days() == 2
	assert any("within 2 working days of receipt" in s for s in page_as(bso)["policy"]["sentences"])
	ensure_setup()
	assert referral_decision_working_days() == 2


def test_partners_cannot_read_the_staff_page():
	partner = make_user("Partner Practitioner")
	with as_user(partner), pytest.raises(frappe.PermissionError):
		get_data()


def test_every_staff_role_can_read_the_page():
	for role in ("Social Worker", "Team Manager", BSO, "Director", PSW, "System Manager"):
		data = page_as(make_user(role))
		assert {r["role"] for r in data["roles"]} >= {"Social Worker", BSO, "Director"}
