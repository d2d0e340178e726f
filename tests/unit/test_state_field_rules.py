"""Which referral fields may change in which transition: pure rules, no site needed."""

import pytest

from smallchanges.rules import referral_state_fields as referral_rules
from smallchanges.rules.referral import (
	ACCEPTED,
	CHECKED,
	DRAFT,
	NO_FURTHER_ACTION,
	REDIRECTED,
	RETURNED,
	SUBMITTED,
)
from smallchanges.rules.referral_state_fields import SELF_APPROVAL

TEAM_MANAGER_FROM_CHECKED = {RETURNED, ACCEPTED, NO_FURTHER_ACTION, REDIRECTED}
BSO_FROM_SUBMITTED = {CHECKED, RETURNED}


@pytest.mark.parametrize(
	"field, stored, reachable, allowed",
	[
		# outcomes: while the user may take a transition that records them
		("decision", CHECKED, TEAM_MANAGER_FROM_CHECKED, True),
		("decision_reason", CHECKED, TEAM_MANAGER_FROM_CHECKED, True),
		("redirected_to", CHECKED, TEAM_MANAGER_FROM_CHECKED, True),
		("redirected_to", CHECKED, {ACCEPTED}, False),
		("decision", SUBMITTED, BSO_FROM_SUBMITTED, False),  # a BSO never decides
		("decision", ACCEPTED, set(), False),  # decided: nobody changes it afterwards
		("decision_reason", NO_FURTHER_ACTION, set(), False),
		("returned_reason", SUBMITTED, BSO_FROM_SUBMITTED, True),
		("returned_reason", CHECKED, TEAM_MANAGER_FROM_CHECKED, True),
		("returned_reason", SUBMITTED, set(), False),  # a social worker or a manager, from Submitted
		("returned_reason", ACCEPTED, set(), False),
		# the agency: while a draft only
		("referrer_agency", DRAFT, {SUBMITTED}, True),
		("referrer_agency", SUBMITTED, BSO_FROM_SUBMITTED, False),
		("referrer_agency", RETURNED, {SUBMITTED}, False),
		("referrer_agency", ACCEPTED, set(), False),
		# set by the server: never from a request, whoever sends it
		("received_at", SUBMITTED, BSO_FROM_SUBMITTED, False),
		("received_at", DRAFT, {SUBMITTED}, False),
		("decision_due", CHECKED, TEAM_MANAGER_FROM_CHECKED, False),
		("decided_by", CHECKED, TEAM_MANAGER_FROM_CHECKED, False),
		("decided_at", ACCEPTED, set(), False),
		("feedback_sent", CHECKED, TEAM_MANAGER_FROM_CHECKED, False),
		("dispensed_by", DRAFT, {SUBMITTED}, False),
		("owner", DRAFT, {SUBMITTED}, False),
		("owner", CHECKED, TEAM_MANAGER_FROM_CHECKED, False),
		# anything else is not this rule's business
		("concerns", ACCEPTED, set(), True),
		("workflow_state", CHECKED, set(), True),  # Frappe's validate_workflow judges the state
	],
)
def test_which_field_may_change_from_which_stored_state(field, stored, reachable, allowed):
	problems = referral_rules.refused_changes([field], stored, reachable)
	assert (not problems) == allowed
	if problems:
		assert [p.field for p in problems] == [field]
		assert problems[0].args[0] == field


def test_self_approval_is_named_when_it_is_the_only_reason():
	(problem,) = referral_rules.refused_changes(["decision"], CHECKED, set(), TEAM_MANAGER_FROM_CHECKED)
	assert problem.args[-1] == SELF_APPROVAL and "Self approval" in problem.message
	# not when the role could never take the transition anyway
	(problem,) = referral_rules.refused_changes(["decision"], SUBMITTED, set(), set())
	assert problem.args[-1] != SELF_APPROVAL
	# a transition the owner may take (e.g. Return) does not open the decision to them
	(problem,) = referral_rules.refused_changes(["decision"], CHECKED, {RETURNED}, {ACCEPTED})
	assert problem.args[-1] == SELF_APPROVAL


def test_every_refused_field_is_reported_once_in_a_stable_order():
	problems = referral_rules.refused_changes(
		["owner", "decision", "received_at", "owner", "concerns"], ACCEPTED, set()
	)
	assert [p.field for p in problems] == ["decision", "owner", "received_at"]


def test_the_guarded_fields_are_the_outcome_clock_scope_and_owner_fields():
	assert referral_rules.GUARDED_FIELDS == {
		"returned_reason",
		"decision",
		"decision_reason",
		"redirected_to",
		"decided_by",
		"decided_at",
		"feedback_sent",
		"received_at",
		"decision_due",
		"dispensed_by",
		"referrer_agency",
		"owner",
	}
