"""The demo data ./scripts/up loads: every referral state, near-duplicates caught, a repeat."""

import frappe

from smallchanges import demo
from smallchanges.referrals.demo import NEAR_DUPLICATES, STATE_PLAN
from smallchanges.referrals.triage import triage_of
from smallchanges.rules import referral as referral_rules


def test_demo_data_goes_through_the_real_workflow(site):
	if frappe.db.count("Universal Referral"):
		# the referral demo only fills an empty site; start from one inside this transaction
		frappe.db.delete("Universal Referral")
	demo.make_demo()

	states = dict(
		frappe.db.sql("select workflow_state, count(*) from `tabUniversal Referral` group by workflow_state")
	)
	for state, count in STATE_PLAN:
		assert states.get(state, 0) >= count, state
	assert sum(states.values()) >= 40

	for existing, variant in NEAR_DUPLICATES:
		parent = frappe.db.get_value(
			"Referral Child", {"first_name": variant[0], "last_name": variant[1]}, "parent"
		)
		strong = [
			row["candidate_name"] for row in triage_of(parent).candidates() if row["strength"] == "strong"
		]
		assert f"{existing[0]} {existing[1]}" in strong, variant

	repeats = frappe.get_all("Referral Triage", filters={"is_repeat": 1}, pluck="referral")
	assert frappe.db.exists(
		"Universal Referral", {"name": ("in", repeats), "workflow_state": referral_rules.SUBMITTED}
	)
	decided = frappe.get_all(
		"Universal Referral",
		filters={"workflow_state": ("in", referral_rules.DECIDED_STATES)},
		fields=["decided_by", "feedback_sent"],
	)
	assert all(
		row.decided_by == "tara.manager@demo.smallchanges.test" and row.feedback_sent for row in decided
	)
	assert frappe.db.count("Delegation", {"workflow_state": "Approved"}) >= 1
	linked = frappe.get_all(
		"Visit",
		filters={"child_protection_plan": ("is", "set")},
		fields=["child_protection_plan", "plan_reference"],
	)
	assert linked and all(row.plan_reference == row.child_protection_plan for row in linked)
	frappe.db.rollback()


def test_core_group_demo_has_minutes_in_every_state_taken_by_a_partner_and_a_bso(site):
	from smallchanges.core_groups import demo as core_groups_demo
	from smallchanges.rules import core_groups as core_group_rules

	demo.make_demo()
	if not frappe.db.exists("Core Group Minutes", {"minute_taker": core_groups_demo.BSO}):
		# the core group demo only fills a site without plans; start from one inside this transaction
		frappe.db.delete("Child Protection Plan")
		frappe.db.delete("Core Group Minutes")
		core_groups_demo.make_demo()
	assert frappe.db.count("Child Protection Plan") >= 2
	states = set(frappe.get_all("Core Group Minutes", pluck="workflow_state"))
	assert {
		core_group_rules.DRAFT,
		core_group_rules.SUBMITTED,
		core_group_rules.RETURNED,
		core_group_rules.APPROVED,
		core_group_rules.DISTRIBUTED,
	} <= states
	assert frappe.db.exists(
		"Core Group Minutes", {"minute_taker": core_groups_demo.SCHOOL_PARTNER, "docstatus": 1}
	)
	assert frappe.db.exists("Core Group Minutes", {"minute_taker": core_groups_demo.BSO, "docstatus": 1})
	frappe.db.rollback()
