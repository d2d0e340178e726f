"""Core Group Minutes on the real site: prefill, clocks, validation, each transition per role,
the BSO delegation, and the queued distribution email with a real PDF."""

import io

import frappe
import pytest
from frappe.model.workflow import WorkflowPermissionError
from frappe.utils import add_days, getdate
from pypdf import PdfReader

from smallchanges import roles
from smallchanges.core_groups.doctype.core_group_minutes.core_group_minutes import MinutesValidationError
from smallchanges.rules.delegation import TAKE_CORE_GROUP_MINUTES
from tests.core_groups_factories import (
	CoreGroup,
	act,
	add_action,
	approved_minutes,
	complete,
	start_minutes,
	today,
)
from tests.factories import make_user
from tests.governance_factories import as_user, decide, request_delegation

REFUSED = (frappe.PermissionError, WorkflowPermissionError, frappe.ValidationError)


@pytest.fixture
def group():
	return CoreGroup()


def test_new_minutes_are_prefilled_from_the_plan(group):
	doc = start_minutes(group.plan, group.school)
	plan = frappe.get_doc("Child Protection Plan", group.plan)
	assert [r.attendee_name for r in doc.attendance] == [m.member_name for m in plan.members]
	assert {r.attendance for r in doc.attendance} == {"Expected"}
	assert [r.outcome for r in doc.outcome_progress] == [o.outcome for o in plan.outcomes]
	assert doc.children_initials == plan.children[0].initials
	assert doc.minute_taker_agency == group.school_agency
	assert doc.meeting_number == 1
	assert doc.workflow_state == "Draft"
	assert {r.email for r in doc.distribution} == {group.school, group.health}


def test_open_actions_are_carried_forward_with_owner_and_due_date(group):
	first = start_minutes(group.plan, group.school, meeting_date=add_days(today(), -30))
	with as_user(group.school):
		first = frappe.get_doc("Core Group Minutes", first.name)
		add_action(first, "Still open", owner=group.health, due=add_days(today(), -5))
		add_action(first, "Done already", owner=group.health)
		first.actions[-1].status = "Done"
		first.save()
	second = start_minutes(group.plan, group.health, meeting_date=add_days(today(), -1))
	assert [(a.action, a.owner_user, getdate(a.due_date), a.carried_from) for a in second.actions] == [
		("Still open", group.health, add_days(today(), -5), first.name)
	]
	assert second.meeting_number == 2


def test_clocks_come_from_the_policy_and_late_meetings_say_so(group):
	from smallchanges.core_groups.clocks import calendar, clock_policy
	from smallchanges.rules import core_groups as core_group_rules

	doc = start_minutes(group.plan, group.school, meeting_date=add_days(today(), -1))
	due = core_group_rules.meeting_due(getdate(group.icpc_date), None, clock_policy(), calendar())
	assert getdate(doc.due_date) == due
	assert "working days after it was due" in doc.lateness  # the conference was 60 days ago
	frappe.db.set_single_value("Safeguarding Policy", "first_core_group_working_days", 60)
	frappe.clear_document_cache("Safeguarding Policy", "Safeguarding Policy")
	doc = start_minutes(group.plan, group.health, meeting_date=add_days(today(), -2))
	assert getdate(doc.due_date) == calendar().add_working_days(getdate(group.icpc_date), 60)
	assert not doc.lateness


@pytest.mark.parametrize(
	"change, words",
	[
		(lambda d: d.set("attendance", []), "Record the attendance"),
		(lambda d: add_action(d).actions[-1].set("owner_name", None), "Name who owns the action"),
		(lambda d: add_action(d).actions[-1].set("due_date", None), "Give the action a due date"),
		(lambda d: d.set("meeting_date", add_days(today(), 1)), "in the future"),
		(lambda d: d.set("meeting_date", add_days(today(), -400)), "before the child protection conference"),
	],
)
def test_bad_minutes_are_refused_with_a_message_and_nothing_is_saved(group, change, words):
	doc = start_minutes(group.plan, group.school)
	before = frappe.get_doc("Core Group Minutes", doc.name)
	with as_user(group.school):
		doc = frappe.get_doc("Core Group Minutes", doc.name)
		change(doc)
		with pytest.raises(MinutesValidationError, match=words):
			doc.save()
	after = frappe.get_doc("Core Group Minutes", doc.name)
	assert after.modified == before.modified
	assert len(after.actions) == len(before.actions) and len(after.attendance) == len(before.attendance)


def test_a_new_record_with_no_attendance_is_not_saved():
	group = CoreGroup()
	frappe.get_doc("Child Protection Plan", group.plan).db_set("modified", frappe.utils.now())
	plan = frappe.get_doc("Child Protection Plan", group.plan)
	plan.members = []
	plan.save()
	with pytest.raises(MinutesValidationError, match="Record the attendance"):
		start_minutes(group.plan, group.lead)
	assert not frappe.db.exists("Core Group Minutes", {"plan": group.plan})


def test_the_whole_workflow_partner_takes_chair_approves_bso_distributes(group):
	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		doc = complete(frappe.get_doc("Core Group Minutes", doc.name))
		add_action(doc, owner=group.health)
		doc.save()
	assert act(doc, group.school, "Submit for Review").workflow_state == "Submitted for Review"
	approved = act(doc, group.chair, "Approve")
	assert (approved.workflow_state, approved.docstatus, approved.approved_by) == ("Approved", 1, group.chair)
	bso = make_user(roles.BUSINESS_SUPPORT_OFFICER, first_name="Billie")
	frappe.db.delete("Email Queue", {"reference_name": doc.name})
	distributed = act(doc, bso, "Distribute")
	assert distributed.workflow_state == "Distributed"
	assert distributed.distributed_by == bso
	assert all(row.sent_on for row in distributed.distribution)

	queue = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Core Group Minutes", "reference_name": doc.name},
		pluck="name",
	)
	assert len(queue) == 1
	email = frappe.get_doc("Email Queue", queue[0])
	assert {r.recipient for r in email.recipients} == {group.school, group.health}
	pdf = _attached_pdf(email)
	assert pdf.startswith(b"%PDF")
	text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
	assert group.plan in text
	assert doc.name in text


def _attached_pdf(email) -> bytes:
	import email as email_lib

	message = email_lib.message_from_string(email.message)
	parts = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
	assert parts, "no PDF attached to the queued email"
	return parts[0].get_payload(decode=True)


def test_the_lead_social_worker_may_return_with_comments_and_the_taker_resubmits(group):
	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		complete(frappe.get_doc("Core Group Minutes", doc.name)).save()
	act(doc, group.school, "Submit for Review")
	with as_user(group.lead):
		doc = frappe.get_doc("Core Group Minutes", doc.name)
		doc.review_comments = "Add the health visitor's update."
		doc.save()
	assert act(doc, group.lead, "Return").workflow_state == "Returned"
	assert act(doc, group.school, "Resubmit").workflow_state == "Submitted for Review"


def test_returning_needs_comments(group):
	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		complete(frappe.get_doc("Core Group Minutes", doc.name)).save()
	act(doc, group.school, "Submit for Review")
	with pytest.raises(MinutesValidationError, match="Say what to change"):
		act(doc, group.chair, "Return")


def test_the_minute_taker_cannot_approve_their_own_minutes(group):
	# The chair takes the minutes: the lead social worker must approve them.
	doc = start_minutes(group.plan, group.chair)
	with as_user(group.chair):
		complete(frappe.get_doc("Core Group Minutes", doc.name)).save()
	act(doc, group.chair, "Submit for Review")
	with pytest.raises(REFUSED):
		act(doc, group.chair, "Approve")
	with as_user(group.chair):
		stored = frappe.get_doc("Core Group Minutes", doc.name)
		stored.workflow_state = "Approved"
		with pytest.raises(REFUSED):
			stored.submit()
	assert frappe.db.get_value("Core Group Minutes", doc.name, "workflow_state") == "Submitted for Review"
	assert act(doc, group.lead, "Approve").workflow_state == "Approved"


def test_a_social_worker_outside_the_core_group_cannot_approve(group):
	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		complete(frappe.get_doc("Core Group Minutes", doc.name)).save()
	act(doc, group.school, "Submit for Review")
	other = make_user(roles.SOCIAL_WORKER)
	with pytest.raises(REFUSED):
		act(doc, other, "Approve")
	manager = make_user(roles.TEAM_MANAGER)  # sees all, but is not this group's chair
	with pytest.raises(REFUSED):
		act(doc, manager, "Approve")


def test_a_partner_cannot_send_someone_elses_minutes_for_review(group):
	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		complete(frappe.get_doc("Core Group Minutes", doc.name)).save()
	with pytest.raises(REFUSED):
		act(doc, group.health, "Submit for Review")


def test_approved_minutes_are_locked_and_a_change_means_amend(group):
	doc = approved_minutes(group)
	with as_user(group.school):
		stored = frappe.get_doc("Core Group Minutes", doc.name)
		stored.childs_views = "Changed after approval"
		with pytest.raises(REFUSED):
			stored.save()
	cancelled = act(doc, group.chair, "Cancel")
	assert cancelled.docstatus == 2
	with as_user(group.lead):
		amended = frappe.copy_doc(frappe.get_doc("Core Group Minutes", doc.name))
		# what the desk's Amend does: a new draft of the same meeting, linked to the cancelled one
		amended.update({"amended_from": doc.name, "docstatus": 0, "workflow_state": None})
		amended.minute_taker = group.lead
		amended.insert()
	assert amended.name != doc.name and amended.workflow_state == "Draft"
	assert amended.meeting_number == doc.meeting_number
	assert frappe.db.get_value("Core Group Minutes", doc.name, "docstatus") == 2


def test_a_bso_is_minute_taker_only_under_a_delegation(group):
	bso = make_user(roles.BUSINESS_SUPPORT_OFFICER, first_name="Billie")
	director = make_user(roles.DIRECTOR, first_name="Dana")
	with pytest.raises(frappe.PermissionError, match="Take core group minutes") as refused:
		start_minutes(group.plan, group.lead, minute_taker=bso)
	assert "Director" in str(refused.value)
	manager = make_user(roles.TEAM_MANAGER)
	delegation = request_delegation(manager, task=TAKE_CORE_GROUP_MINUTES, users=[bso])
	decide(delegation, director, "Approve")
	doc = start_minutes(group.plan, group.lead, minute_taker=bso)
	assert doc.minute_taker == bso


def test_a_partner_outside_the_core_group_cannot_start_minutes(group):
	from tests.referral_factories import make_partner

	outsider, _agency = make_partner()
	with pytest.raises(frappe.PermissionError):
		start_minutes(group.plan, outsider)


def test_a_partner_minute_taker_is_always_themselves(group):
	doc = start_minutes(group.plan, group.school, minute_taker=group.lead)
	assert doc.minute_taker == group.school


def test_transition_fields_are_set_only_by_their_transition(group):
	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		doc = frappe.get_doc("Core Group Minutes", doc.name)
		doc.approved_by = group.chair
		doc.distributed_on = frappe.utils.now()
		doc.save()
	stored = frappe.get_doc("Core Group Minutes", doc.name)
	assert not stored.approved_by and not stored.distributed_on


def test_an_agency_update_sent_before_the_meeting_appears_in_the_draft(group):
	with as_user(group.health):
		update = frappe.get_doc(
			{"doctype": "Core Group Agency Update", "plan": group.plan, "update_text": "Weight is up."}
		).insert()
	assert update.agency == group.health_agency and update.given_by == group.health
	doc = start_minutes(group.plan, group.school)
	assert [(r.agency, r.update_text) for r in doc.agency_updates] == [(group.health_agency, "Weight is up.")]
	assert frappe.db.get_value("Core Group Agency Update", update.name, "minutes") == doc.name
	with as_user(group.school):
		later = frappe.get_doc(
			{"doctype": "Core Group Agency Update", "plan": group.plan, "update_text": "Attendance 92%."}
		).insert()
	doc = frappe.get_doc("Core Group Minutes", doc.name)
	assert [r.update_text for r in doc.agency_updates] == ["Weight is up.", "Attendance 92%."]
	assert later.minutes == doc.name


def test_distribution_needs_the_task(group):
	doc = approved_minutes(group)
	with pytest.raises(REFUSED):
		act(doc, group.school, "Distribute")


def test_the_who_can_do_what_page_shows_core_groups_with_no_change_to_the_page():
	from smallchanges.governance.overview import get_overview, partner_overview

	overview = get_overview("Administrator")
	matrix = str(overview["matrix"])
	for doctype in ("Child Protection Plan", "Core Group Minutes", "Core Group Agency Update"):
		assert doctype in matrix, doctype
	flow = next(f for f in overview["workflows"] if f["doctype"] == "Core Group Minutes")
	actions = {t["action"] for t in flow["transitions"]}
	assert {"Submit for Review", "Approve", "Return", "Distribute"} <= actions
	tasks = str(overview["tasks"])
	assert "Take core group minutes" in tasks and "Distribute core group minutes" in tasks
	partner_view = str(partner_overview(make_user(roles.PARTNER_PRACTITIONER)))
	assert "Core Group Minutes" in partner_view and "Submit for Review" in partner_view


def test_the_daily_job_reminds_owners_of_actions_due_soon_and_overdue(group):
	from smallchanges.core_groups.tasks import remind_action_owners

	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		doc = complete(frappe.get_doc("Core Group Minutes", doc.name))
		add_action(doc, "Overdue one", owner=group.health, due=add_days(today(), -3))
		add_action(doc, "Far away", owner=group.health, due=add_days(today(), 30))
		add_action(doc, "Due today", owner=group.school, due=today())
		doc.save()
	act(doc, group.school, "Submit for Review")
	act(doc, group.chair, "Approve")
	remind_action_owners()
	to_health = _queued_to(group.health)
	assert len(to_health) == 1 and "Overdue one" in to_health[0] and "Far away" not in to_health[0]
	to_school = _queued_to(group.school)
	assert len(to_school) == 1 and "Due today" in to_school[0]
	remind_action_owners()  # a second run the same day sends nothing more
	assert len(_queued_to(group.health)) == 1 and len(_queued_to(group.school)) == 1


def _queued_to(address: str) -> list[str]:
	queue, recipient = frappe.qb.DocType("Email Queue"), frappe.qb.DocType("Email Queue Recipient")
	return (
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.message)
		.where((recipient.recipient == address) & queue.message.like("%core group actions%"))
		.run(pluck=True)
	)


def test_the_reports_follow_the_core_group_scope(group):
	from smallchanges.core_groups.report.overdue_core_group_actions import overdue_core_group_actions
	from smallchanges.core_groups.report.who_takes_the_minutes import who_takes_the_minutes

	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		doc = complete(frappe.get_doc("Core Group Minutes", doc.name))
		add_action(doc, "Late action", owner=group.health, due=add_days(today(), -3))
		doc.save()
	act(doc, group.school, "Submit for Review")
	act(doc, group.chair, "Approve")
	start_minutes(group.plan, group.lead, meeting_date=add_days(today(), -2))
	with as_user(group.lead):
		_columns, rows = overdue_core_group_actions.execute({"plan": group.plan})
		assert [(r["plan"], r["action"]) for r in rows] == [(group.plan, "Late action")]
		assert rows[0]["working_days_overdue"] >= 1
		_columns, rows, _m, _c, summary = who_takes_the_minutes.execute({})
		mine = {r["agency"]: r for r in rows}
		assert mine[group.school_agency]["not_by_lead"] == 1
		assert mine["Children's social care"]["not_by_lead"] == 0
		assert summary[0]["value"] == 50.0
	outsider = make_user(roles.SOCIAL_WORKER)
	with as_user(outsider):
		assert overdue_core_group_actions.execute({"plan": group.plan})[1] == []
		assert who_takes_the_minutes.execute({})[1] == []


def test_a_partner_cannot_rewrite_the_reviewers_comments(group):
	doc = start_minutes(group.plan, group.school)
	with as_user(group.school):
		complete(frappe.get_doc("Core Group Minutes", doc.name)).save()
	act(doc, group.school, "Submit for Review")
	with as_user(group.chair):
		doc = frappe.get_doc("Core Group Minutes", doc.name)
		doc.review_comments = "Add the school's attendance figures."
		doc.save()
	act(doc, group.chair, "Return")
	with as_user(group.school):
		doc = frappe.get_doc("Core Group Minutes", doc.name)
		doc.review_comments = "All fine"
		doc.save()
	assert frappe.db.get_value("Core Group Minutes", doc.name, "review_comments") == (
		"Add the school's attendance figures."
	)
