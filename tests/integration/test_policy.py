"""Safeguarding Policy: local numbers in one place, changed only by a Director or a System
Manager, every change kept in a readable history."""

import datetime

import frappe
import pytest

from smallchanges.governance import policy
from smallchanges.governance.doctype.safeguarding_policy.safeguarding_policy import PolicyError
from smallchanges.governance.overview_policy import policy_data
from smallchanges.rules.safeguarding_policy import DEFAULTS, PLAN_TYPES
from tests.factories import make_user
from tests.governance_factories import as_user


def test_install_set_the_domain_defaults_and_one_visit_policy_per_plan_type():
	doc = policy.get_policy()
	for field, value in DEFAULTS.items():
		assert doc.get(field) == value, field
	rows = {row.plan_type: row for row in doc.visit_policies}
	assert set(rows) == set(PLAN_TYPES)
	cp = rows["Child Protection"]
	assert (cp.visit_interval, cp.interval_unit) == (10, "Working days")
	assert cp.home_counts and cp.placement_counts and not cp.school_counts
	assert cp.seen_alone_required and cp.qualified_social_worker_required
	assert (rows["Child in Need"].visit_interval, rows["Child in Need"].interval_unit) == (4, "Weeks")
	assert rows["Looked After"].placement_counts and not rows["Looked After"].home_counts
	assert policy.referral_decision_working_days() == 1
	assert rows["Looked After"].visit_interval == 6


@pytest.mark.parametrize(
	"role", ["Team Manager", "Social Worker", "Business Support Officer", "Principal Social Worker"]
)
def test_only_a_director_or_system_manager_may_change_it(role):
	with as_user(make_user(role)):
		doc = frappe.get_doc("Safeguarding Policy")
		assert doc.referral_decision_working_days == 1  # everyone on staff may read it
		doc.referral_decision_working_days = 3
		with pytest.raises(frappe.PermissionError):
			doc.save()
	assert policy.referral_decision_working_days() == 1


@pytest.mark.parametrize("role", ["Director", "System Manager"])
def test_a_director_or_system_manager_changes_it_and_the_app_sees_it_at_once(role):
	assert policy.referral_decision_working_days() == 1  # cached
	with as_user(make_user(role)):
		doc = frappe.get_doc("Safeguarding Policy")
		doc.referral_decision_working_days = 2
		doc.append("closure_dates", {"closure_date": "2026-12-29", "reason": "Council closure"})
		doc.save()
	assert policy.referral_decision_working_days() == 2
	calendar = policy.working_day_calendar()
	assert not calendar.is_working_day(datetime.date(2026, 12, 29))
	assert calendar.is_working_day(datetime.date(2026, 12, 30))


@pytest.mark.parametrize(
	"change, message",
	[
		(
			lambda d: d.set("referral_decision_working_days", 0),
			"Referral decision \\(working days\\) must be at least 1",
		),
		(
			lambda d: d.append(
				"visit_policies",
				{
					"plan_type": "Child Protection",
					"visit_interval": 5,
					"interval_unit": "Days",
					"home_counts": 1,
				},
			),
			"more than one visit policy for Child Protection",
		),
		(
			lambda d: d.visit_policies[0].update({"home_counts": 0, "placement_counts": 0}),
			"Tick at least one place",
		),
		(
			lambda d: [d.append("closure_dates", {"closure_date": "2027-01-04"}) for _ in range(2)],
			"listed twice",
		),
	],
)
def test_the_policy_must_make_sense(change, message):
	doc = frappe.get_doc("Safeguarding Policy")
	change(doc)
	with pytest.raises(PolicyError, match=message):
		doc.save()


def test_every_change_leaves_a_readable_history_row():
	director = make_user("Director", first_name="Dana", last_name="Whitfield")
	with as_user(director):
		doc = frappe.get_doc("Safeguarding Policy")
		doc.minutes_circulation_working_days = 7
		doc.visit_policies[0].school_counts = 1
		doc.append("closure_dates", {"closure_date": "2026-12-24", "reason": "Christmas Eve closure"})
		# Frappe skips version rows while testing unless asked; a live site always writes them
		# (tests/e2e/test_governance.py checks that over HTTP).
		doc.save(ignore_version=False)

	history = policy_data()["history"]
	latest = history[0]
	assert latest["who"] == "Dana Whitfield"
	changes = "\n".join(latest["changes"])
	assert "Minutes circulation (working days): 5 → 7" in changes
	assert "Visit policy per plan type, Child Protection: School: 0 → 1" in changes
	assert "Local closure dates: added 24 December 2026" in changes
