"""Visits on the real site: counting from the live policy, the override, due dates, the
dashboard report and its notifications (each test is rolled back)."""

from datetime import date, timedelta

import frappe
import pytest

from smallchanges.governance.policy import working_day_calendar
from smallchanges.rules import visits as visit_rules
from smallchanges.visits.doctype.visit.visit import VisitValidationError
from smallchanges.visits.report.statutory_visits_due.statutory_visits_due import execute
from smallchanges.visits.tasks import notify_due_and_overdue_visits
from tests.factories import unique
from tests.visits_factories import (
	make_child,
	make_social_worker,
	make_team_manager,
	make_visit,
	set_policy,
	visit_data,
)

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def worker():
	return make_social_worker()


@pytest.fixture
def manager():
	return make_team_manager()


def as_user(user: str, doctype: str, name: str):
	frappe.set_user(user)
	return frappe.get_doc(doctype, name)


# ---- counting from the live policy ----------------------------------------------------------------
def test_a_policy_edit_changes_counting_for_new_visits_with_no_code_change(worker):
	before = make_visit(worker, place="School")
	assert not before.counts_as_statutory
	assert before.counting_reason == (
		"does not count: school visits do not count for child protection plans under local policy"
	)
	set_policy("Child Protection", school_counts=1)
	after = make_visit(worker, place="School")
	assert after.counts_as_statutory and after.counted_at_non_home_place
	assert after.counting_reason.startswith(
		"counts: school visits count for child protection plans under local policy; child seen alone"
	)
	# a visit already recorded keeps what it was saved with
	assert not frappe.db.get_value("Visit", before.name, "counts_as_statutory")


def test_counting_is_computed_on_save_never_typed(worker):
	doc = frappe.get_doc(visit_data(make_child(), worker, place="Home", seen_alone="No"))
	doc.not_seen_alone_reason = visit_rules.OTHER_REASON
	doc.counts_as_statutory = 1
	doc.counting_reason = "counts: I say so"
	frappe.set_user(worker)
	doc.insert()
	assert not doc.counts_as_statutory
	assert "not seen alone" in doc.counting_reason


def test_a_core_group_meeting_never_counts(worker):
	doc = make_visit(worker, core_group_meeting=1)
	assert not doc.counts_as_statutory and "core group meeting" in doc.counting_reason


def test_a_looked_after_child_not_seen_alone_needs_a_reg_29_reason(worker):
	with pytest.raises(VisitValidationError, match="reg 29"):
		make_visit(
			worker,
			plan_type="Looked After",
			place="Placement",
			seen_alone="No",
			not_seen_alone_reason=visit_rules.OTHER_REASON,
		)
	doc = make_visit(
		worker,
		plan_type="Looked After",
		place="Placement",
		seen_alone="No",
		not_seen_alone_reason=visit_rules.REFUSED,
	)
	assert not doc.counts_as_statutory


# ---- the Team Manager's override ------------------------------------------------------------------
def test_the_override_needs_a_team_manager_and_a_reason_and_keeps_who_and_when(worker, manager):
	visit = make_visit(worker, place="School")
	assert not visit.counts_as_statutory

	# the social worker cannot override (the field is beyond their permission level) ...
	doc = as_user(worker, "Visit", visit.name)
	doc.count_override = visit_rules.OVERRIDE_COUNTS
	doc.override_reason = "I think it should"
	doc.overridden_by = worker
	doc.save()
	doc.reload()
	assert not doc.count_override and not doc.overridden_by and not doc.counts_as_statutory

	# ... a Team Manager must give a reason ...
	doc = as_user(manager, "Visit", visit.name)
	doc.count_override = visit_rules.OVERRIDE_COUNTS
	with pytest.raises(frappe.ValidationError, match="reason"):
		doc.save()

	doc = as_user(manager, "Visit", visit.name)
	doc.count_override = visit_rules.OVERRIDE_COUNTS
	doc.override_reason = "The child only talks at school; agreed at supervision."
	doc.save(ignore_version=False)  # Frappe keeps no Version under tests unless told
	doc.reload()
	assert doc.counts_as_statutory and not doc.policy_counts
	assert doc.overridden_by == manager and doc.overridden_at
	assert doc.counting_reason.startswith(
		"counts: a team manager decided so (The child only talks at school; agreed at supervision.)"
	)
	# who and when stay as they were when someone else edits the notes
	doc = as_user(worker, "Visit", visit.name)
	doc.observations = "Added later."
	doc.overridden_by = worker
	doc.save()
	doc.reload()
	assert doc.overridden_by == manager and doc.count_override == visit_rules.OVERRIDE_COUNTS
	# and the override shows in the visit's history
	versions = frappe.get_all(
		"Version", filters={"ref_doctype": "Visit", "docname": visit.name}, pluck="data"
	)
	assert any("count_override" in v for v in versions)


def test_a_team_manager_cannot_override_or_sign_off_a_visit_they_made(manager):
	visit = make_visit(manager, place="School")
	doc = as_user(manager, "Visit", visit.name)
	doc.count_override = visit_rules.OVERRIDE_COUNTS
	doc.override_reason = "my own visit"
	with pytest.raises(frappe.ValidationError, match="another Team Manager"):
		doc.save()
	doc = as_user(manager, "Visit", visit.name)
	doc.manager_signed_off = 1
	with pytest.raises(frappe.ValidationError, match="another Team Manager"):
		doc.save()


def test_a_team_manager_signs_off_another_workers_visit_which_then_keeps_its_facts(worker, manager):
	visit = make_visit(worker)
	doc = as_user(manager, "Visit", visit.name)
	doc.manager_signed_off = 1
	doc.save()
	assert doc.signed_off_by == manager and doc.signed_off_at

	doc = as_user(worker, "Visit", visit.name)
	doc.visit_date = doc.visit_date - timedelta(days=1)
	with pytest.raises(VisitValidationError, match="signed off"):
		doc.save()
	doc = as_user(worker, "Visit", visit.name)
	doc.analysis = "Notes may still be added."
	doc.save()
	# the social worker cannot withdraw the sign-off (the field is beyond their permission level)
	doc = as_user(worker, "Visit", visit.name)
	doc.manager_signed_off = 0
	doc.save()
	assert frappe.db.get_value("Visit", visit.name, "signed_off_by") == manager


# ---- write-up timeliness -----------------------------------------------------------------------
def test_a_late_write_up_is_flagged(worker):
	cal = working_day_calendar()
	visit_day = cal.add_working_days(date.today(), -6)
	on_time = make_visit(worker, visit_date=visit_day, written_up_on=cal.add_working_days(visit_day, 2))
	late = make_visit(worker, visit_date=visit_day, written_up_on=cal.add_working_days(visit_day, 3))
	missing = make_visit(worker, visit_date=visit_day)
	assert on_time.write_up_due == cal.add_working_days(visit_day, 2)
	assert not on_time.write_up_late and late.write_up_late and missing.write_up_late


# ---- due dates -------------------------------------------------------------------------------------
def test_the_next_visit_is_due_from_the_last_counting_visit(worker):
	cal = working_day_calendar()
	child, plan = make_child(), unique("CPP")
	first_day = cal.add_working_days(date.today(), -15)
	first = make_visit(worker, child, plan_reference=plan, visit_date=first_day)
	assert first.next_visit_due == cal.add_working_days(first_day, 10)
	# a visit that does not count leaves the due date where it was
	school = make_visit(
		worker, child, plan_reference=plan, place="School", visit_date=first_day + timedelta(days=3)
	)
	assert school.next_visit_due == first.next_visit_due
	# recording a counting visit made earlier moves the later visits' due dates
	later_day = first_day + timedelta(days=2)
	make_visit(worker, child, plan_reference=plan, visit_date=later_day)
	assert frappe.db.get_value("Visit", school.name, "next_visit_due") == cal.add_working_days(later_day, 10)


def test_a_looked_after_childs_visits_follow_reg_28(worker):
	start = date.today() - timedelta(days=30)
	doc = make_visit(
		worker,
		plan_type="Looked After",
		place="Placement",
		visit_date=start + timedelta(days=5),
		placement_start=start,
		placement_kind=visit_rules.STANDARD,
	)
	assert doc.next_visit_due == start + timedelta(days=5, weeks=6)


# ---- the dashboard --------------------------------------------------------------------------------
def plans_of(rows, child):
	return [r for r in rows if r["child"] == child]


def test_the_dashboard_shows_each_open_plan_once_with_its_due_date(worker, manager):
	cal = working_day_calendar()
	child = make_child()
	old_day = cal.add_working_days(date.today(), -20)
	counted = make_visit(worker, child, plan_reference="CPP-A", visit_date=old_day)
	make_visit(worker, child, plan_reference="CPP-A", place="School", visit_date=old_day + timedelta(days=1))
	ended = make_visit(worker, child, plan_reference="CPP-B", plan_ended=1)
	frappe.set_user(manager)
	_columns, rows = execute({})
	mine = plans_of(rows, child)
	assert [r["plan_reference"] for r in mine] == ["CPP-A"]
	assert mine[0]["last_counting_visit"] == counted.visit_date
	assert mine[0]["next_due"] == counted.next_visit_due
	assert mine[0]["days_overdue"] == (date.today() - counted.next_visit_due).days > 0
	assert ended.name not in [r["latest_visit"] for r in rows]
	# filters: practitioner and team (a User Group of practitioners)
	other = make_social_worker()
	assert plans_of(execute({"practitioner": other})[1], child) == []
	assert plans_of(execute({"practitioner": worker})[1], child)
	frappe.set_user("Administrator")
	team = frappe.get_doc(
		{"doctype": "User Group", "name": unique("Team"), "user_group_members": [{"user": worker}]}
	)
	team.insert(ignore_permissions=True)
	frappe.set_user(manager)
	assert plans_of(execute({"team": team.name})[1], child)
	assert plans_of(execute({"team": team.name, "status": "Due this week"})[1], child) == []
	assert plans_of(execute({"team": team.name, "status": "Overdue"})[1], child)


def questions() -> int:
	return int(frappe.db.sql("SHOW SESSION STATUS LIKE 'Questions'")[0][1])


def queries_for_report() -> int:
	start = questions()
	execute({})
	return questions() - start


def test_the_dashboards_query_count_does_not_grow_with_the_number_of_plans(worker, manager):
	def add_plans(n):
		for _i in range(n):
			make_visit(worker, make_child(), plan_reference=unique("CPP"))

	add_plans(10)
	frappe.set_user(manager)
	execute({})  # warm caches (meta, roles) so both runs measure only the report
	with_10 = queries_for_report()
	frappe.set_user("Administrator")
	add_plans(190)
	frappe.set_user(manager)
	execute({})
	with_200 = queries_for_report()
	assert len(execute({})[1]) >= 200
	assert with_200 == with_10, (with_10, with_200)


def test_a_social_worker_sees_only_the_plans_of_children_they_work_with(worker):
	other = make_social_worker()
	mine, theirs = make_visit(worker), make_visit(other)
	frappe.set_user(worker)
	children = {r["child"] for r in execute({})[1]}
	assert mine.child in children and theirs.child not in children


# ---- notifications ----------------------------------------------------------------------------
def emails_to(user: str) -> list:
	queue = frappe.qb.DocType("Email Queue")
	recipient = frappe.qb.DocType("Email Queue Recipient")
	return (
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.message)
		.where(recipient.recipient == user)
		.where(queue.reference_doctype == "Visit")
		.run(pluck=True)
	)


def test_practitioners_are_told_two_working_days_before_and_managers_when_overdue(worker, manager):
	cal = working_day_calendar()
	today = cal.add_working_days(date.today(), 0)  # today, or the next working day
	due_soon = cal.add_working_days(today, 2)
	soon = make_visit(worker, visit_date=cal.add_working_days(due_soon, -10))
	late = make_visit(worker, visit_date=cal.add_working_days(date.today(), -25))
	assert soon.next_visit_due == due_soon and late.next_visit_due < today
	team = frappe.get_doc(
		{
			"doctype": "User Group",
			"name": unique("Team"),
			"user_group_members": [{"user": worker}, {"user": manager}],
		}
	).insert(ignore_permissions=True)
	assert team.name

	notify_due_and_overdue_visits(today)

	to_worker = " ".join(emails_to(worker))
	assert soon.child in to_worker and "due in two working days" in to_worker
	assert late.child in to_worker and "overdue" in to_worker
	to_manager = " ".join(emails_to(manager))
	assert late.child in to_manager and soon.child not in to_manager
	# references and dates only: no child's name in any email
	for name in (soon.child_name, late.child_name):
		assert name not in to_worker and name not in to_manager
	logs = frappe.get_all(
		"Notification Log", filters={"for_user": manager, "document_type": "Visit"}, pluck="subject"
	)
	assert any("overdue" in s for s in logs)


# ---- who can do what -------------------------------------------------------------------------------
def test_the_override_shows_on_the_who_can_do_what_page(manager):
	from smallchanges.governance.overview import get_overview

	data = get_overview(manager)
	override = next(r for r in data["rows"] if r["key"] == "override_visit")["cells"]
	assert override["Team Manager"]["kind"] == "yes"  # the "Team Manager override" section is theirs
	assert override["Social Worker"]["kind"] == "no"
	assert override.get("Partner Practitioner", {"kind": "no"})["kind"] == "no"


# ---- demo data -------------------------------------------------------------------------------------
def test_the_demo_has_six_months_of_visits_that_show_the_seeds_change():
	from smallchanges import demo
	from smallchanges.visits import demo as visit_demo

	frappe.db.delete("Visit")
	for email, first_name, last_name, roles in demo.STAFF:
		demo._make_user(email, first_name, last_name, roles)
	visit_demo.make_demo()

	visits = frappe.get_all(
		"Visit",
		fields=[
			"plan_type",
			"place",
			"counts_as_statutory",
			"seen_alone",
			"visit_date",
			"count_override",
			"owner",
		],
	)
	assert len(visits) > 40
	assert min(v.visit_date for v in visits) <= date.today() - timedelta(days=150)
	assert all(v.owner == visit_demo.SOCIAL_WORKER for v in visits)
	school_cp = [v for v in visits if v.place == "School" and v.plan_type == "Child Protection"]
	assert school_cp and all(v.counts_as_statutory for v in school_cp if v.seen_alone == "Yes")
	home_not_alone = [v for v in visits if v.place == "Home" and v.seen_alone != "Yes"]
	assert home_not_alone and not any(v.counts_as_statutory for v in home_not_alone)
	assert any(v.count_override for v in visits)
	frappe.set_user(visit_demo.MANAGER)
	rows = execute({})[1]
	assert len(rows) == len(visit_demo.PLANS)
	assert sum(r["overdue"] for r in rows) == sum(1 for p in visit_demo.PLANS if p[3])


def test_the_visit_reminders_go_once_when_the_job_runs_twice(worker):
	cal = working_day_calendar()
	today = cal.add_working_days(date.today(), 0)
	late = make_visit(worker, visit_date=cal.add_working_days(date.today(), -25))
	assert late.next_visit_due < today

	notify_due_and_overdue_visits(today)
	once = len(emails_to(worker))
	notify_due_and_overdue_visits(today)

	assert once >= 1 and len(emails_to(worker)) == once


# ---- the Child Protection Plan a visit counts towards -------------------------------------------
def test_a_visit_names_the_childs_plan_and_the_plan_ending_ends_its_visits_clock(worker):
	from tests.core_groups_factories import CoreGroup

	group = CoreGroup()
	visit = make_visit(worker, group.child, plan_reference="typed by hand", child_protection_plan=group.plan)
	assert visit.plan_reference == group.plan  # one plan: the plan's own name
	assert [row["plan_reference"] for row in plans_of(execute({})[1], group.child)] == [group.plan]

	plan = frappe.get_doc("Child Protection Plan", group.plan)
	plan.status = "Ended"
	plan.save(ignore_permissions=True)
	assert frappe.db.get_value("Visit", visit.name, "plan_ended") == 1
	assert plans_of(execute({})[1], group.child) == []  # no longer due
	later = make_visit(worker, group.child, child_protection_plan=group.plan)
	assert later.plan_ended == 1  # a visit to an ended plan is its last

	plan.reload()
	plan.status = "Active"
	plan.save(ignore_permissions=True)
	assert frappe.db.get_value("Visit", later.name, "plan_ended") == 0


def test_a_visit_to_a_child_not_on_the_plan_is_refused_and_other_plans_have_no_link(worker):
	from tests.core_groups_factories import CoreGroup

	group = CoreGroup()
	with pytest.raises(VisitValidationError, match="is not a child on child protection plan"):
		make_visit(worker, make_child(), child_protection_plan=group.plan)
	in_need = make_visit(worker, group.child, plan_type="Child in Need", child_protection_plan=group.plan)
	assert in_need.child_protection_plan is None


# ---- what happened is answered, never assumed -----------------------------------------------------
ANSWERS = ("qualified_social_worker", "child_seen", "seen_alone")


def test_a_new_visit_assumes_nothing_and_a_hurried_save_is_refused(worker):
	new = frappe.new_doc("Visit")
	assert [new.get(field) or "" for field in ANSWERS] == ["", "", ""]  # no answer given for them
	frappe.set_user(worker)
	hurried = {field: None for field in ANSWERS}
	with pytest.raises((frappe.MandatoryError, VisitValidationError), match="qualified social worker"):
		frappe.get_doc(visit_data(make_child(), worker, **hurried)).insert()
	for field, question in (
		("qualified_social_worker", "qualified social worker"),
		("child_seen", "child was seen"),
		("seen_alone", "seen alone"),
	):
		doc = frappe.get_doc(visit_data(make_child(), worker, **{field: ""}))
		doc.flags.ignore_mandatory = True  # the rule refuses it on every save path, not only the form
		with pytest.raises(VisitValidationError, match=question):
			doc.insert()


def test_a_child_not_seen_is_not_asked_about_seen_alone_and_the_visit_does_not_count(worker):
	visit = make_visit(worker, child_seen="No", seen_alone=None)
	assert not visit.counts_as_statutory and "the child was not seen" in visit.counting_reason
	not_qualified = make_visit(worker, qualified_social_worker="No")
	assert not not_qualified.counts_as_statutory


def test_the_patch_turns_the_old_ticks_into_answers(worker):
	from smallchanges.patches.v0_4 import visit_answers_are_explicit as patch

	seen = make_visit(worker)
	unseen = make_visit(worker, child_seen="No", seen_alone=None)
	for name, values in (
		(seen.name, {"qualified_social_worker": "1", "child_seen": "1", "seen_alone": "0"}),
		(unseen.name, {"qualified_social_worker": "0", "child_seen": "0", "seen_alone": "0"}),
	):
		frappe.db.set_value("Visit", name, values, update_modified=False)  # as the old tick boxes left them
	patch.execute()
	assert frappe.db.get_value("Visit", seen.name, list(ANSWERS)) == ("Yes", "Yes", "No")
	assert frappe.db.get_value("Visit", unseen.name, list(ANSWERS)) == ("No", "No", "")
	patch.execute()  # twice changes nothing
	assert frappe.db.get_value("Visit", seen.name, list(ANSWERS)) == ("Yes", "Yes", "No")


def test_the_report_names_the_practitioner_and_says_overdue(worker):
	child = make_child()
	make_visit(worker, child=child, visit_date=date.today() - timedelta(days=70))
	columns, rows = execute({"practitioner": worker})
	assert columns[0]["fieldname"] == "record"  # the action first, on screen
	assert next(c for c in columns if c["fieldname"] == "practitioner")["hidden"]
	(row,) = [r for r in rows if r["child"] == child]
	assert row["practitioner_name"] == frappe.db.get_value("User", worker, "full_name")
	assert "@" not in row["practitioner_name"]
	assert row["status"] == "Overdue" and row["days_overdue"] > 0
	fresh = make_child()
	make_visit(worker, child=fresh, visit_date=YESTERDAY)
	(due,) = [r for r in execute({"practitioner": worker})[1] if r["child"] == fresh]
	assert due["status"] in ("Due", "Due this week") and due["days_overdue"] == 0
