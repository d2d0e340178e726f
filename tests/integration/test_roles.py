import frappe
import pytest

from smallchanges.install import ensure_setup
from smallchanges.roles import ROLES


@pytest.mark.parametrize("role, desk_access", [(role.name, role.desk_access) for role in ROLES])
def test_role_exists_with_its_desk_access(role, desk_access):
	assert frappe.db.get_value("Role", role, "desk_access") == desk_access


def test_partner_practitioner_has_no_desk_access():
	assert frappe.db.get_value("Role", "Partner Practitioner", "desk_access") == 0
	from tests.factories import make_user

	user = make_user("Partner Practitioner")
	assert frappe.db.get_value("User", user, "user_type") == "Website User"


def test_setup_keeps_an_administrators_later_edits():
	# set_value, not save: saving a role re-saves its users, and ending their sessions commits
	frappe.db.set_value("Role", "Director", {"desk_access": 0, "two_factor_auth": 1})
	ensure_setup()
	assert frappe.db.get_value("Role", "Director", ["desk_access", "two_factor_auth"]) == (0, 1)


def test_setup_does_not_bring_back_a_role_an_administrator_deleted():
	frappe.delete_doc("Role", "Principal Social Worker", force=True)
	ensure_setup()
	assert not frappe.db.exists("Role", "Principal Social Worker")


def test_workspace_is_for_staff_only():
	workspace = frappe.get_doc("Workspace", "Small Changes")
	roles = {row.role for row in workspace.roles}
	assert "Social Worker" in roles and "System Manager" in roles
	assert "Partner Practitioner" not in roles


def test_partners_get_their_portal_menu():
	from frappe.website.utils import get_portal_sidebar_items

	from tests.factories import make_user

	frappe.set_user(make_user("Partner Practitioner"))
	routes = {item["route"] for item in get_portal_sidebar_items()}
	assert {"/universal-referral/list", "/what-partners-can-do"} <= routes
	frappe.set_user(make_user("Social Worker"))
	routes = {item.get("route") for item in get_portal_sidebar_items()}
	assert "/what-partners-can-do" not in routes


@pytest.fixture
def referral_workflow():
	"""The app's referral workflow spec, and the cached workflow forgotten after the rollback."""
	import copy

	from smallchanges.referrals.setup import REFERRAL_WORKFLOW

	yield copy.deepcopy(REFERRAL_WORKFLOW)
	frappe.db.rollback()
	frappe.clear_document_cache("Workflow", REFERRAL_WORKFLOW["name"])
	frappe.clear_cache(doctype=REFERRAL_WORKFLOW["document_type"])


def _draft_message() -> str | None:
	workflow = frappe.get_doc("Workflow", "Universal Referral")
	return next(s.message for s in workflow.states if s.state == "Draft")


def test_a_changed_workflow_spec_reaches_an_unedited_workflow(referral_workflow):
	from smallchanges.setup_utils import ensure_workflow

	ensure_workflow(referral_workflow)  # the spec as shipped: nothing to change
	referral_workflow["states"][0]["message"] = "Send it when every child has a date of birth."
	ensure_workflow(referral_workflow)
	assert _draft_message() == "Send it when every child has a date of birth."


def test_an_administrators_edit_of_a_workflow_outlives_a_changed_spec(referral_workflow):
	from smallchanges.setup_utils import ensure_workflow

	ensure_workflow(referral_workflow)
	workflow = frappe.get_doc("Workflow", "Universal Referral")
	workflow.states[0].message = "Our own wording."
	workflow.save()
	referral_workflow["states"][0]["message"] = "A newer wording from the app."
	ensure_workflow(referral_workflow)
	assert _draft_message() == "Our own wording."
