"""The "who can do what" page is generated from the live records: change a permission, a
transition, a delegation or a policy value and the table's cell changes, with no code change;
every person's own answers agree with their role's column; the install code run by every
migrate keeps an administrator's edits."""

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


def cell(data: dict, task: str, role: str) -> dict:
	"""The table's cell of `task` (a row key) for `role`."""
	return next(r for r in data["rows"] if r["key"] == task)["cells"][role]


def row(data: dict, task: str) -> dict:
	return next(r for r in data["rows"] if r["key"] == task)


def yours(data: dict) -> dict:
	return {a["key"]: a for a in data["you"]["answers"]}


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


def test_a_bso_reads_the_table_and_their_own_answers(bso):
	data = page_as(bso)
	assert [c["role"] for c in data["columns"]][:7] == [
		"Social Worker",
		"Team Manager",
		BSO,
		"Director",
		PSW,
		"Partner Practitioner",
		"System Manager",
	]
	assert cell(data, "check_referral", BSO)["kind"] == "yes"
	assert cell(data, "distribute_minutes", BSO)["kind"] == "yes"
	assert cell(data, "decide_referral", BSO)["kind"] == "no"
	assert cell(data, "decide_referral", "Team Manager")["kind"] == "yes"
	minutes = cell(data, "take_minutes", BSO)
	assert minutes["kind"] == "delegation" and minutes["text"] == "With a Director's delegation"
	assert minutes["held"]  # who holds one now, or that nobody does
	assert cell(data, "take_minutes", "Social Worker")["kind"] == "yes"
	assert cell(data, "take_minutes", "Partner Practitioner")["kind"] == "yes"
	# Directors approve delegations, never their own.
	approve = cell(data, "approve_delegation", "Director")
	assert approve["kind"] == "yes" and "never on one they created" in approve["notes"]
	assert cell(data, "approve_resource", PSW)["kind"] == "yes"
	assert cell(data, "override_visit", "Team Manager")["kind"] == "yes"
	assert cell(data, "override_visit", "Social Worker")["kind"] == "no"
	# Their own answer: the structural checks of the cells, then what can_do decides.
	you = yours(data)
	assert you["take_minutes"]["kind"] == "delegation"
	assert you["take_minutes"]["text"].startswith("Only with a delegation approved by a Director")
	assert you["check_referral"]["text"] == "Yes, as a Business Support Officer."
	assert you["decide_referral"]["text"] == "No. A Team Manager may."
	# Each row opens its detail: the workflow step, its condition, the delegation, the policy.
	detail = row(data, "take_minutes")["detail"]
	step = next(s for s in detail["steps"] if s["action"] == "Submit for Review")
	assert BSO in step["roles"] and step["conditions"] == ["doc.minute_taker == frappe.session.user"]
	assert detail["delegation"]["task"] == TAKE_CORE_GROUP_MINUTES
	assert any(
		"within 1 working day of receipt" in s for s in row(data, "decide_referral")["detail"]["policy"]
	)
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
	assert name_of(bso) not in cell(before, "take_minutes", BSO)["held"]
	assert yours(before)["take_minutes"]["kind"] == "delegation"

	delegation = approved_delegation(manager, director, users=[bso])

	after = page_as(bso)
	held = cell(after, "take_minutes", BSO)
	assert held["kind"] == "delegation"
	assert any(h.startswith(f"{name_of(bso)} until ") for h in held["holders"]) or (
		"more" in held["holders"][-1]
	)
	in_force = row(after, "take_minutes")["detail"]["delegation"]["in_force"]
	assert {"name": delegation.name, "who": name_of(bso)} in [
		{"name": g["name"], "who": g["who"]} for g in in_force
	]
	you = yours(after)["take_minutes"]
	assert you["kind"] == "yes"
	assert you["text"].startswith(
		f"Yes, under the delegation {delegation.name} approved by Dana Whitfield until"
	)
	assert [d["name"] for d in after["delegations"]].count(delegation.name) == 1


def test_a_role_delegation_shows_in_the_roles_cell(bso, director):
	delegation = approved_delegation(make_user("Team Manager"), director, role=BSO)
	data = page_as(bso)
	assert f"every {BSO} until" in cell(data, "take_minutes", BSO)["held"]
	assert yours(data)["take_minutes"]["text"].startswith(f"Yes, under the delegation {delegation.name}")


def test_a_pending_request_is_listed_as_awaiting_a_decision(bso):
	request = request_delegation(bso, users=[bso])
	pending = {p["name"]: p for p in page_as(bso)["pending"]}
	assert pending[request.name]["delegates"] == name_of(bso)


def test_a_changed_transition_shows_at_once_and_survives_the_setup_migrate_runs(bso):
	assert cell(page_as(bso), "approve_resource", "Team Manager")["kind"] == "no"
	workflow = frappe.get_doc("Workflow", "Resource")
	approve = next(t for t in workflow.transitions if t.action == "Approve")
	approve.allowed = "Team Manager"
	workflow.save()

	data = page_as(bso)
	assert cell(data, "approve_resource", "Team Manager")["kind"] == "yes"
	assert cell(data, "approve_resource", PSW)["kind"] == "no"

	ensure_setup()  # what after_migrate runs

	assert (
		frappe.db.get_value("Workflow Transition", {"parent": "Resource", "action": "Approve"}, "allowed")
		== "Team Manager"
	)
	assert cell(page_as(bso), "approve_resource", "Team Manager")["kind"] == "yes"


def test_a_changed_permission_shows_at_once_and_survives_the_setup_migrate_runs(bso):
	assert cell(page_as(bso), "change_policy", PSW)["kind"] == "no"
	# What Role Permissions Manager does when an administrator ticks "Write" for a role.
	update_permission_property("Safeguarding Policy", PSW, 0, "write", 1)
	frappe.clear_cache(doctype="Safeguarding Policy")

	data = page_as(bso)
	assert cell(data, "change_policy", PSW)["kind"] == "yes"
	assert PSW in row(data, "change_policy")["detail"]["permissions"][0]
	matrix = {m["doctype"]: m for m in data["matrix"]}
	assert {r["role"]: r["rights"] for r in matrix["Safeguarding Policy"]["rows"]}[PSW]["write"] == "yes"

	ensure_setup()

	assert cell(page_as(bso), "change_policy", PSW)["kind"] == "yes"


def test_a_permission_taken_away_shows_at_once():
	manager = make_user("Team Manager")
	assert yours(page_as(manager))["record_visit"]["kind"] == "yes"
	update_permission_property("Visit", "Team Manager", 0, "create", 0)
	frappe.clear_cache(doctype="Visit")
	data = page_as(manager)
	assert cell(data, "record_visit", "Team Manager")["kind"] == "no"
	assert yours(data)["record_visit"]["text"].startswith("No. A Social Worker")


def test_a_role_given_permissions_by_an_administrator_shows_in_every_column_it_reaches(bso):
	assert cell(page_as(bso), "read_access_log", BSO)["kind"] == "no"
	add_permission("Record Access Log", "Desk User", 0)
	frappe.clear_cache(doctype="Record Access Log")
	data = page_as(bso)
	for role in ("Social Worker", "Team Manager", BSO, PSW):
		assert cell(data, "read_access_log", role)["kind"] == "yes", role
	assert cell(data, "read_access_log", "Partner Practitioner")["kind"] == "no"  # no desk
	assert yours(data)["read_access_log"]["kind"] == "yes"


@pytest.mark.parametrize("role", ["Social Worker", "Team Manager", BSO, "Director", PSW, "System Manager"])
def test_your_answers_are_your_roles_column(role):
	data = page_as(make_user(role))
	for answer in data["you"]["answers"]:
		assert answer["kind"] == cell(data, answer["key"], role)["kind"], (role, answer)


def test_a_director_is_told_the_truth(director):
	you = yours(page_as(director))
	assert you["take_minutes"]["kind"] == "no"
	assert you["take_minutes"]["text"].startswith("No. A Social Worker, a Team Manager")
	assert "nobody holds that role" not in frappe.as_json(you)
	assert you["approve_delegation"]["text"] == "Yes, as a Director."
	assert you["change_policy"]["kind"] == "yes" and you["read_access_log"]["kind"] == "yes"


def test_a_sole_directors_refusal_does_not_say_nobody_holds_the_role():
	from smallchanges.governance.delegation_api import can_do

	director = make_user("Director", first_name="Solo")
	others = [
		u
		for u in frappe.get_all(
			"Has Role", filters={"role": "Director", "parenttype": "User"}, pluck="parent"
		)
		if u != director
	]
	for user in others:  # rolled back after the test
		frappe.db.set_value("User", user, "enabled", 0)
	permit = can_do(director, TAKE_CORE_GROUP_MINUTES)
	assert not permit.allowed
	assert "nobody holds that role" not in permit.message
	assert "approved by a Director other than" in permit.message


def test_the_partners_sentences_change_when_a_permission_changes():
	from smallchanges.governance.overview import partner_overview

	partner = make_user("Partner Practitioner")
	update = "You can send your agency's update to a core group you are a member of."

	def sentences():
		return [item["text"] for g in partner_overview(partner)["groups"] for item in g["can"]]

	assert update in sentences()
	update_permission_property("Core Group Agency Update", "Partner Practitioner", 0, "create", 0)
	frappe.clear_cache(doctype="Core Group Agency Update")
	assert update not in sentences()
	assert (
		"You can send a referral about a child or a family to the council's children's social care team."
		in (sentences())
	)


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
		assert {c["role"] for c in data["columns"]} >= {"Social Worker", BSO, "Director"}
		assert len(data["rows"]) >= 10
