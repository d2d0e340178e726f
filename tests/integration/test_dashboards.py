"""The workspace's charts and number cards on the real site: each counts what it says, within the
user's own scope (a social worker's figures count only what their lists show), through indexed
queries (each test is rolled back).

Figures are compared before and after the test makes its records, so data other tests left on a
kept site does not matter."""

import json
from datetime import date, timedelta

import frappe
import pytest
from frappe.utils import add_days, getdate, now_datetime, nowdate

from smallchanges.core_groups import dashboard as core_groups_dashboard
from smallchanges.governance import dashboards
from smallchanges.referrals import dashboard as referrals_dashboard
from smallchanges.resources import dashboard as resources_dashboard
from smallchanges.rules import referral as referral_rules
from smallchanges.visits import dashboard as visits_dashboard
from tests.core_groups_factories import CoreGroup, start_minutes
from tests.factories import make_user, unique
from tests.referral_factories import make_partner, make_referral, make_service
from tests.visits_factories import make_social_worker, make_visit, set_policy

DIRECTOR = "Director"


def as_user(user, method, *args, **kwargs):
	frappe.set_user(user)
	try:
		return method(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def dataset(chart: dict, name: str) -> list:
	return next(d["values"] for d in chart["datasets"] if d["name"] == name)


def total(chart: dict, name: str | None = None) -> int:
	return sum(sum(d["values"]) for d in chart["datasets"] if name is None or d["name"] == name)


@pytest.fixture
def people():
	partner, _agency = make_partner()
	return frappe._dict(
		partner=partner,
		worker=make_social_worker(),
		other_worker=make_social_worker(),
		director=make_user(DIRECTOR),
		service=make_service(),
	)


def _sent(user, service):
	return make_referral(user, submit=True, service=service).name


# ---- referrals --------------------------------------------------------------------------------
def test_referrals_by_state_and_week_count_this_weeks_sent_referrals_within_the_users_scope(people):
	chart = referrals_dashboard.referrals_by_state_and_week
	worker_before, director_before = as_user(people.worker, chart), as_user(people.director, chart)
	_sent(people.worker, people.service)
	_sent(people.partner, people.service)
	worker_after, director_after = as_user(people.worker, chart), as_user(people.director, chart)
	submitted = referral_rules.SUBMITTED
	# the last label is this week; a social worker's chart counts only the referral they raised
	assert dataset(worker_after, submitted)[-1] == dataset(worker_before, submitted)[-1] + 1
	assert dataset(director_after, submitted)[-1] == dataset(director_before, submitted)[-1] + 2
	assert len(director_after["labels"]) == 12
	assert total(as_user(people.other_worker, chart)) == 0


def _decided(name, decided_at, due):
	frappe.db.set_value(
		"Universal Referral", name, {"decided_at": decided_at, "decision_due": due}, update_modified=False
	)


def test_decisions_are_counted_against_the_one_working_day_target(people):
	chart, card = referrals_dashboard.decisions_against_target, referrals_dashboard.decided_within_target
	on_time, late = _sent(people.worker, people.service), _sent(people.worker, people.service)
	_decided(on_time, now_datetime(), getdate(nowdate()))
	_decided(late, now_datetime(), add_days(getdate(nowdate()), -1))
	before_other = as_user(people.other_worker, chart)
	worker_chart = as_user(people.worker, chart)
	assert dataset(worker_chart, "Within one working day")[-1] == 1
	assert dataset(worker_chart, "Later")[-1] == 1
	assert as_user(people.worker, card) == {"value": 50.0, "fieldtype": "Percent", "precision": 1}
	assert total(before_other) == 0 and as_user(people.other_worker, card)["value"] == 0.0
	director = as_user(people.director, chart)
	assert dataset(director, "Within one working day")[-1] >= 1 and dataset(director, "Later")[-1] >= 1


def test_duplicates_and_repeats_caught_at_intake(people):
	names = [_sent(people.worker, people.service) for _i in range(3)]
	candidates = json.dumps([{"child": "CH-TEST", "score": 0.9}])
	checked = now_datetime()
	frappe.db.set_value("Referral Triage", names[0], {"possible_duplicates": candidates, "is_repeat": 1})
	frappe.db.set_value("Referral Triage", names[1], {"possible_duplicates": "[]", "is_repeat": 1})
	frappe.db.set_value("Referral Triage", names[2], {"possible_duplicates": "[]", "is_repeat": 0})
	for name in names:
		frappe.db.set_value("Referral Triage", name, "duplicates_checked_at", checked)
	duplicates = as_user(people.worker, referrals_dashboard.duplicates_caught)
	repeats = as_user(people.worker, referrals_dashboard.repeat_referrals)
	assert dataset(duplicates, "Referrals checked")[-1] == 3
	assert dataset(duplicates, "Possible duplicates found")[-1] == 1
	assert dataset(repeats, "Repeat referrals")[-1] == 2
	assert total(as_user(people.other_worker, referrals_dashboard.duplicates_caught)) == 0


# ---- minutes ----------------------------------------------------------------------------------
def test_minutes_taken_by_others_share_by_agency_and_month():
	group = CoreGroup()
	outsider = make_social_worker()
	start_minutes(group.plan, group.school)  # taken by the school
	start_minutes(group.plan, group.lead, meeting_date=add_days(getdate(nowdate()), -2))  # by the lead
	card = as_user(group.lead, core_groups_dashboard.minutes_taken_by_others)
	assert card == {"value": 50.0, "fieldtype": "Percent", "precision": 1}
	share = as_user(group.lead, core_groups_dashboard.share_by_month)
	assert len(share["labels"]) == 12 and share["datasets"][0]["values"][-1] in (50.0, 100.0, 0.0)
	by_agency = as_user(group.lead, core_groups_dashboard.takers_by_agency)
	school_agency = frappe.db.get_value(
		"Core Group Minutes", {"plan": group.plan, "minute_taker": group.school}, "minute_taker_agency"
	)
	assert school_agency
	assert total(by_agency, school_agency) == 1 and total(by_agency, "The lead social worker") == 1
	# someone who is in no core group sees none of it
	assert as_user(outsider, core_groups_dashboard.minutes_taken_by_others)["value"] == 0.0
	assert total(as_user(outsider, core_groups_dashboard.takers_by_agency)) == 0


# ---- visits -----------------------------------------------------------------------------------
def test_visits_counted_away_from_home_by_place(people):
	set_policy("Child Protection", school_counts=1)
	chart = visits_dashboard.counted_away_from_home
	before = as_user(people.worker, chart)
	make_visit(people.worker, place="School", visit_date=date.today())
	make_visit(people.worker, place="Home", visit_date=date.today())
	after = as_user(people.worker, chart)
	assert dataset(after, "School")[-1] == dataset(before, "School")[-1] + 1
	assert "Home" not in {d["name"] for d in after["datasets"]}
	assert total(as_user(people.other_worker, chart)) == 0


def test_overdue_visits_by_team(people):
	team = frappe.get_doc(
		{
			"doctype": "User Group",
			"name": unique("Team East"),
			"user_group_members": [{"user": people.worker}],
		}
	).insert(ignore_permissions=True)
	long_ago = date.today() - timedelta(days=120)
	make_visit(people.worker, visit_date=long_ago)
	make_visit(people.other_worker, visit_date=long_ago)
	chart = as_user(people.worker, visits_dashboard.overdue_by_team)
	assert chart["labels"] == [team.name] and chart["datasets"][0]["values"] == [1]
	other = as_user(people.other_worker, visits_dashboard.overdue_by_team)
	assert other["labels"] == ["No team"] and other["datasets"][0]["values"] == [1]
	director = dict(zip(*(lambda c: (c["labels"], c["datasets"][0]["values"]))(
		as_user(people.director, visits_dashboard.overdue_by_team)), strict=True))  # fmt: skip
	assert director.get(team.name) == 1


# ---- resources --------------------------------------------------------------------------------
def test_resources_used_and_shared(people):
	chart = resources_dashboard.used_and_shared
	before = as_user(people.worker, chart)
	resource = frappe.get_doc(
		{
			"doctype": "Resource",
			"title": unique("Guide"),
			"kind": "Guide",
			"audience": "Staff",
			"url": "https://example.org/guide",
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{"doctype": "Resource Share", "resource": resource.name, "shared_by": people.worker,
		 "recipient": "someone@example.test", "shared_on": now_datetime()}
	).insert(ignore_permissions=True)  # fmt: skip
	frappe.get_doc(
		{
			"doctype": "Access Log",
			"export_from": "Resource",
			"reference_document": resource.name,
			"user": people.worker,
		}
	).insert(ignore_permissions=True)
	after = as_user(people.worker, chart)
	assert dataset(after, "Shared by e-mail")[-1] == dataset(before, "Shared by e-mail")[-1] + 1
	assert dataset(after, "Files downloaded")[-1] == dataset(before, "Files downloaded")[-1] + 1


# ---- who may ask, and at what cost ------------------------------------------------------------
def test_a_user_who_may_not_read_the_records_gets_no_figures(people):
	"""Frappe's role permissions first: no read of the DocType, no figures (a partner reads no visit
	or resource; a user with no app role reads nothing)."""
	nobody = make_user()
	refused = [
		(people.partner, visits_dashboard.overdue_by_team),
		(people.partner, resources_dashboard.used_and_shared),
		(nobody, referrals_dashboard.decisions_against_target),
		(nobody, referrals_dashboard.duplicates_caught),
		(nobody, core_groups_dashboard.minutes_taken_by_others),
		(nobody, visits_dashboard.counted_away_from_home),
	]
	for user, method in refused:
		frappe.set_user(user)
		try:
			with pytest.raises(frappe.PermissionError):
				method()
		finally:
			frappe.set_user("Administrator")


def test_the_dates_the_charts_read_are_indexed():
	for doctype, columns, index_name in dashboards.INDEXES:
		assert frappe.db.has_index(f"tab{doctype}", index_name), (doctype, columns)
