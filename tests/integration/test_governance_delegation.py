"""Delegations: can_do, the workflow's rules and what approving sets in motion (in-process).

The same refusals over HTTP, as real users pressing buttons and PUTting workflow_state, are in
tests/e2e/test_governance.py.
"""

import frappe
import pytest
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError
from frappe.utils import add_days

from smallchanges.governance.delegation_api import DelegationError, can_do, require
from smallchanges.governance.tasks import expire_delegations
from smallchanges.rules.delegation import (
	CHECK_REFERRAL_COMPLETENESS,
	DISTRIBUTE_MINUTES,
	TAKE_CORE_GROUP_MINUTES,
	UnknownTask,
)
from tests.factories import make_user
from tests.governance_factories import (
	approved_delegation,
	as_user,
	decide,
	request_delegation,
	today,
)

BSO = "Business Support Officer"


@pytest.fixture
def people():
	return frappe._dict(
		bso=make_user(BSO, first_name="Billie", last_name="Novak"),
		director=make_user("Director", first_name="Dana", last_name="Whitfield"),
		other_director=make_user("Director", first_name="Olu", last_name="Mensah"),
		manager=make_user("Team Manager", first_name="Tara", last_name="Begum"),
		social_worker=make_user("Social Worker", first_name="Sam", last_name="Okafor"),
	)


# ---- can_do ------------------------------------------------------------------------------------


def only_these_directors(*directors: str) -> None:
	"""Disable every other Director on the site (rolled back after the test)."""
	User = frappe.qb.DocType("User")
	HasRole = frappe.qb.DocType("Has Role")
	others = (
		frappe.qb.from_(HasRole)
		.select(HasRole.parent)
		.where(
			(HasRole.role == "Director") & (HasRole.parenttype == "User") & HasRole.parent.notin(directors)
		)
	)
	frappe.qb.update(User).set(User.enabled, 0).where(User.name.isin(others)).run()


def test_a_bso_may_not_take_minutes_without_a_delegation_and_is_told_who_can_approve(people):
	only_these_directors(people.director, people.other_director)
	permit = can_do(people.bso, TAKE_CORE_GROUP_MINUTES)

	assert not permit.allowed and permit.delegation is None
	assert "Billie Novak may not take core group minutes" in permit.message
	assert "delegation of 'Take core group minutes' approved by a Director" in permit.message
	assert permit.message.endswith("approved by a Director (Dana Whitfield, Olu Mensah).")
	with pytest.raises(frappe.PermissionError, match="Billie Novak may not take core group minutes"):
		require(people.bso, TAKE_CORE_GROUP_MINUTES)


def test_an_approved_delegation_lets_the_named_bso_take_minutes(people):
	delegation = approved_delegation(people.manager, people.director, users=[people.bso])

	permit = can_do(people.bso, TAKE_CORE_GROUP_MINUTES)
	assert permit.allowed
	assert permit.delegation == delegation.name
	assert f"under the delegation {delegation.name} approved by Dana Whitfield" in permit.message
	assert require(people.bso, TAKE_CORE_GROUP_MINUTES).delegation == delegation.name
	# It covers only the people and the task it names.
	other_bso = make_user(BSO)
	assert not can_do(other_bso, TAKE_CORE_GROUP_MINUTES).allowed
	assert can_do(people.bso, CHECK_REFERRAL_COMPLETENESS).delegation is None  # by right, not delegated
	assert not can_do(people.manager, DISTRIBUTE_MINUTES).allowed


def test_a_pending_or_rejected_request_gives_nothing(people):
	request = request_delegation(people.manager, users=[people.bso])
	assert not can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed
	decide(request, people.director, "Reject")
	assert frappe.db.get_value("Delegation", request.name, "workflow_state") == "Rejected"
	assert frappe.db.get_value("Delegation", request.name, "rejected_by") == people.director
	assert not can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed


def test_a_delegation_to_a_role_covers_everyone_holding_it(people):
	approved_delegation(people.manager, people.director, role=BSO)
	assert can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed
	assert can_do(make_user(BSO), TAKE_CORE_GROUP_MINUTES).allowed
	assert not can_do(make_user("Principal Social Worker"), TAKE_CORE_GROUP_MINUTES).allowed


def test_a_delegation_starting_later_does_not_apply_yet(people):
	approved_delegation(
		people.manager,
		people.director,
		users=[people.bso],
		valid_from=add_days(today(), 3),
		valid_until=add_days(today(), 10),
	)
	assert not can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed


def test_the_daily_job_expires_a_delegation_after_its_last_day(people):
	ended = approved_delegation(people.manager, people.director, users=[people.bso], valid_until=today())
	lasting = approved_delegation(
		people.manager, people.director, task=DISTRIBUTE_MINUTES, users=[people.manager]
	)
	# Its last day is today: still valid, and the job leaves it alone.
	assert can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed
	assert ended.name not in expire_delegations()

	# A day later (the end date moved back one day stands in for the calendar moving on).
	frappe.db.set_value("Delegation", ended.name, "valid_until", add_days(today(), -1))
	assert not can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed  # refused even before the job
	assert ended.name in expire_delegations()
	assert frappe.db.get_value("Delegation", ended.name, ["workflow_state", "docstatus"]) == ("Expired", 1)
	assert frappe.db.get_value("Delegation", lasting.name, "workflow_state") == "Approved"
	assert not can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed


def test_nobody_can_expire_a_delegation_before_its_end(people):
	delegation = approved_delegation(people.manager, people.director, users=[people.bso])
	with pytest.raises(WorkflowTransitionError):
		decide(delegation, "Administrator", "Expire")  # the button is not offered yet
	doc = frappe.get_doc("Delegation", delegation.name)
	doc.workflow_state = "Expired"
	with pytest.raises(DelegationError, match="cannot expire yet"):
		doc.save()
	assert can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed


def test_a_revoked_delegation_no_longer_allows(people):
	delegation = approved_delegation(people.manager, people.director, users=[people.bso])
	assert can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed

	decide(delegation, people.other_director, "Revoke")

	revoked = frappe.get_doc("Delegation", delegation.name)
	assert revoked.workflow_state == "Revoked" and revoked.docstatus == 1
	assert revoked.revoked_by == people.other_director and revoked.revoked_on
	assert not can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed


def test_the_requester_cannot_revoke_it_either(people):
	delegation = approved_delegation(people.director, people.other_director, users=[people.bso])
	with pytest.raises(frappe.ValidationError, match="Self approval is not allowed"):
		decide(delegation, people.director, "Revoke")
	with as_user(people.director):
		doc = frappe.get_doc("Delegation", delegation.name)
		doc.workflow_state = "Revoked"
		with pytest.raises(WorkflowPermissionError, match="someone else must do it"):
			doc.save()
	assert can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed
	decide(delegation, people.other_director, "Revoke")
	assert not can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed


def test_roles_with_the_task_by_right_and_administrators_need_no_delegation(people):
	assert can_do(people.social_worker, TAKE_CORE_GROUP_MINUTES).allowed
	assert "as a Social Worker" in can_do(people.social_worker, TAKE_CORE_GROUP_MINUTES).message
	assert can_do(make_user("Partner Practitioner"), TAKE_CORE_GROUP_MINUTES).allowed
	assert can_do(people.bso, CHECK_REFERRAL_COMPLETENESS).allowed
	assert can_do(people.bso, DISTRIBUTE_MINUTES).allowed
	assert not can_do(people.director, CHECK_REFERRAL_COMPLETENESS).allowed
	assert can_do("Administrator", TAKE_CORE_GROUP_MINUTES).allowed
	assert can_do(make_user("System Manager"), CHECK_REFERRAL_COMPLETENESS).allowed


def test_an_unknown_task_is_a_programming_error(people):
	with pytest.raises(UnknownTask):
		can_do(people.bso, "Make the tea")


# ---- the workflow's rules ---------------------------------------------------------------------


def test_a_director_cannot_approve_their_own_request(people):
	request = request_delegation(people.director, users=[people.bso])
	with pytest.raises(frappe.ValidationError, match="Self approval is not allowed"):
		decide(request, people.director, "Approve")

	# Nor by writing the state and submitting directly.
	with as_user(people.director):
		doc = frappe.get_doc("Delegation", request.name)
		doc.workflow_state = "Approved"
		doc.docstatus = 1
		with pytest.raises(WorkflowPermissionError):
			doc.save()
	assert frappe.db.get_value("Delegation", request.name, "workflow_state") == "Requested"

	# Another Director may.
	decide(request, people.other_director, "Approve")
	assert frappe.db.get_value("Delegation", request.name, "approved_by") == people.other_director


def test_a_director_cannot_approve_a_delegation_to_themselves(people):
	request = request_delegation(people.manager, task=CHECK_REFERRAL_COMPLETENESS, users=[people.director])
	with pytest.raises(WorkflowPermissionError, match="names you"):
		decide(request, people.director, "Approve")


def test_a_non_director_cannot_approve(people):
	request = request_delegation(people.bso, users=[people.bso])
	for user in (people.bso, people.manager, people.social_worker):
		with pytest.raises(WorkflowTransitionError):
			decide(request, user, "Approve")
	with as_user(people.manager):
		doc = frappe.get_doc("Delegation", request.name)
		doc.workflow_state = "Approved"
		with pytest.raises(frappe.ValidationError):
			doc.save(ignore_permissions=True)  # even past DocPerm, the workflow refuses the role
	assert frappe.db.get_value("Delegation", request.name, "workflow_state") == "Requested"


def test_an_approved_state_cannot_be_written_onto_a_draft(people):
	request = request_delegation(people.manager, users=[people.bso])
	with as_user(people.director):
		doc = frappe.get_doc("Delegation", request.name)
		doc.workflow_state = "Approved"  # without submitting
		with pytest.raises(WorkflowPermissionError, match="use the workflow's actions"):
			doc.save()
		doc = frappe.get_doc("Delegation", request.name)
		doc.docstatus = 1  # submitting without the workflow
		with pytest.raises(WorkflowPermissionError):
			doc.save()
	assert not can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed


def test_who_asked_and_who_decided_are_set_by_the_server(people):
	with as_user(people.manager):
		request = frappe.get_doc(
			{
				"doctype": "Delegation",
				"task": TAKE_CORE_GROUP_MINUTES,
				"delegate_to": "Named users",
				"delegate_users": [{"user": people.bso}],
				"valid_from": today(),
				"valid_until": add_days(today(), 5),
				"reason": "Cover",
				"requested_by": people.director,
				"approved_by": people.director,
			}
		).insert()
	assert request.requested_by == people.manager
	assert request.approved_by is None
	assert request.delegates_summary == "Billie Novak"
	assert "minute taker" in request.task_description

	approved = decide(request, people.director, "Approve")
	assert approved.approved_by == people.director and approved.approved_on
	assert approved.requested_by == people.manager


def test_an_approved_delegation_is_frozen(people):
	delegation = approved_delegation(people.manager, people.director, users=[people.bso])
	with as_user(people.director):
		doc = frappe.get_doc("Delegation", delegation.name)
		doc.valid_until = add_days(today(), 400)
		with pytest.raises(frappe.UpdateAfterSubmitError):
			doc.save()


@pytest.mark.parametrize(
	"changes, message",
	[
		({"valid_from": 5, "valid_until": 0}, "before it starts"),
		({"valid_from": -9, "valid_until": -2}, "a request must cover today"),
		({"delegate_to": "Role", "delegate_role": "Social Worker"}, "no delegation is needed"),
		({"delegate_users": []}, "Name at least one person"),
	],
)
def test_a_request_must_make_sense(people, changes, message):
	doc = frappe.get_doc(
		{
			"doctype": "Delegation",
			"task": TAKE_CORE_GROUP_MINUTES,
			"delegate_to": "Named users",
			"delegate_users": [{"user": people.bso}],
			"valid_from": today(),
			"valid_until": add_days(today(), 5),
			"reason": "Cover",
		}
	)
	for field in ("valid_from", "valid_until"):
		if field in changes:
			changes = {**changes, field: add_days(today(), changes[field])}  # days from today
	doc.update(changes)
	with as_user(people.manager), pytest.raises(DelegationError, match=message):
		doc.insert()


def test_anyone_on_staff_may_request_but_a_partner_may_not(people):
	for user in (people.bso, people.social_worker, make_user("Principal Social Worker")):
		assert request_delegation(user, users=[people.bso]).workflow_state == "Requested"
	with pytest.raises(frappe.PermissionError):
		request_delegation(make_user("Partner Practitioner"), users=[people.bso])


# ---- approving tells the delegates -----------------------------------------------------------


@pytest.fixture
def outgoing_email():
	"""A default outgoing email account, as a council's site has (rolled back after the test)."""
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Council notifications (test)",
			"email_id": "notifications@council.example.test",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"smtp_port": 25,
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)
	frappe.local.outgoing_email_account = {}
	yield account
	frappe.local.outgoing_email_account = {}


def test_approving_queues_an_email_and_a_desk_notification_for_each_delegate(people, outgoing_email):
	second = make_user(BSO, first_name="Robin")
	delegation = approved_delegation(people.manager, people.director, users=[people.bso, second])

	EmailQueue = frappe.qb.DocType("Email Queue")
	Recipient = frappe.qb.DocType("Email Queue Recipient")
	recipients = (
		frappe.qb.from_(EmailQueue)
		.join(Recipient)
		.on(Recipient.parent == EmailQueue.name)
		.select(Recipient.recipient)
		.where(
			(EmailQueue.reference_doctype == "Delegation") & (EmailQueue.reference_name == delegation.name)
		)
		.run(pluck=True)
	)
	assert set(recipients) == {people.bso, second}

	for user in (people.bso, second):
		subjects = frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": "Delegation", "document_name": delegation.name},
			pluck="subject",
		)
		assert subjects and "take core group minutes" in subjects[0]
	# The requester hears the outcome.
	assert frappe.db.exists(
		"Notification Log", {"for_user": people.manager, "document_name": delegation.name}
	)


@pytest.fixture
def no_outgoing_email():
	"""A site with no outgoing email account at all (nothing in the site config, none enabled)."""
	conf = frappe.local.conf
	saved = {key: conf.get(key) for key in ("mail_server", "mute_emails")}
	for key in saved:
		conf.pop(key, None)
	saved_flag = frappe.flags.mute_emails
	frappe.flags.mute_emails = False
	frappe.db.set_value("Email Account", {"enable_outgoing": 1}, "enable_outgoing", 0)  # rolled back
	frappe.local.outgoing_email_account = {}
	yield
	conf.update({key: value for key, value in saved.items() if value is not None})
	frappe.flags.mute_emails = saved_flag
	frappe.local.outgoing_email_account = {}


def test_without_an_email_account_approving_still_notifies_in_the_desk(people, no_outgoing_email):
	delegation = approved_delegation(people.manager, people.director, users=[people.bso])
	assert not frappe.db.exists("Email Queue", {"reference_name": delegation.name})
	assert frappe.db.exists("Notification Log", {"for_user": people.bso, "document_name": delegation.name})


def test_approving_a_role_delegation_tells_everyone_holding_the_role(people):
	delegation = approved_delegation(people.manager, people.director, role=BSO)
	told = set(
		frappe.get_all(
			"Notification Log",
			filters={"document_name": delegation.name, "for_user": ["!=", people.manager]},
			pluck="for_user",
		)
	)
	assert people.bso in told
	assert people.social_worker not in told


# ---- the approver decides on the request as asked, with a note ----------------------------------


def test_an_approval_or_rejection_needs_a_decision_note(people):
	request = request_delegation(people.manager, users=[people.bso])
	with pytest.raises(DelegationError, match="decision note"):
		decide(request, people.director, "Approve", note=None)
	assert frappe.db.get_value("Delegation", request.name, "workflow_state") == "Requested"
	with pytest.raises(DelegationError, match="decision note"):
		decide(request, people.director, "Reject", note=None)
	decided = decide(request, people.director, "Reject", note="The team has cover already.")
	assert (decided.workflow_state, decided.decision_note) == ("Rejected", "The team has cover already.")
	message = frappe.get_all(
		"Notification Log",
		filters={"for_user": people.manager, "document_name": request.name},
		pluck="email_content",
	)
	assert any("The team has cover already." in m for m in message)


def test_the_approver_cannot_change_the_request(people):
	request = request_delegation(people.manager, users=[people.bso])
	with as_user(people.director):
		for field, value in (
			("reason", "Changed by the Director"),
			("valid_until", add_days(today(), 300)),
			("task", DISTRIBUTE_MINUTES),
		):
			doc = frappe.get_doc("Delegation", request.name)
			doc.set(field, value)
			with pytest.raises(frappe.PermissionError, match="Only the person who asked"):
				doc.save()
		doc = frappe.get_doc("Delegation", request.name)
		doc.set("delegate_users", [{"user": people.social_worker}])
		with pytest.raises(frappe.PermissionError, match="People"):
			doc.save()
	with as_user(people.manager):  # the requester may, while it waits
		doc = frappe.get_doc("Delegation", request.name)
		doc.reason = "Cover for the spring term"
		doc.save()


def test_the_dialogs_call_records_the_note_and_the_decision_together(people):
	from smallchanges.governance.doctype.delegation.delegation import decide as decide_with_note
	from smallchanges.governance.doctype.delegation.delegation import decision_note_needed

	request = request_delegation(people.manager, users=[people.bso])
	with as_user(people.director):
		assert decision_note_needed(request.name, "Approve") and decision_note_needed(request.name, "Reject")
		decided = decide_with_note(request.name, "Approve", "Agreed for the spring term.")
	assert (
		decided["workflow_state"] == "Approved" and decided["decision_note"] == "Agreed for the spring term."
	)
	assert can_do(people.bso, TAKE_CORE_GROUP_MINUTES).allowed
	with as_user(people.director):
		assert not decision_note_needed(request.name, "Revoke")
		doc = frappe.get_doc("Delegation", request.name)
		doc.decision_note = "Rewritten afterwards"
		with pytest.raises(frappe.UpdateAfterSubmitError):
			doc.save()
	with as_user(people.bso):
		with pytest.raises(frappe.PermissionError):
			decide_with_note(request.name, "Revoke", "Not mine to revoke")
