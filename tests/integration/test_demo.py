"""The demo data ./scripts/up loads: every referral state, near-duplicates caught, a repeat."""

import frappe

from smallchanges import demo
from smallchanges.referrals.demo import NEAR_DUPLICATES, STATE_PLAN
from smallchanges.referrals.duplicates import triage_of
from smallchanges.rules import referral as rules


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
		"Universal Referral", {"name": ("in", repeats), "workflow_state": rules.SUBMITTED}
	)
	decided = frappe.get_all(
		"Universal Referral",
		filters={"workflow_state": ("in", rules.DECIDED_STATES)},
		fields=["decided_by", "feedback_sent"],
	)
	assert all(
		row.decided_by == "tara.manager@demo.smallchanges.test" and row.feedback_sent for row in decided
	)
	assert frappe.db.count("Delegation", {"workflow_state": "Approved"}) >= 1
	frappe.db.rollback()
