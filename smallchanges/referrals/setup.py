"""Referral setup: the Universal Referral workflow, created once as an ordinary record."""

from smallchanges.governance.install import ensure_workflow
from smallchanges.rules.referral import (
	ACCEPTED,
	CHECKED,
	DRAFT,
	NO_FURTHER_ACTION,
	REDIRECTED,
	RETURNED,
	SUBMITTED,
)

PARTNER = "Partner Practitioner"
SOCIAL_WORKER = "Social Worker"
BSO = "Business Support Officer"
TEAM_MANAGER = "Team Manager"
REFERRERS = (PARTNER, SOCIAL_WORKER, BSO, TEAM_MANAGER)


def _state(state, style, editors):
	return [{"state": state, "doc_status": 0, "allow_edit": role, "style": style} for role in editors]


def _transitions(state, action, next_state, roles, allow_self_approval=0):
	return [
		{
			"state": state,
			"action": action,
			"next_state": next_state,
			"allowed": role,
			"allow_self_approval": allow_self_approval,
		}
		for role in roles
	]


REFERRAL_WORKFLOW = {
	"name": "Universal Referral",
	"document_type": "Universal Referral",
	"override_status": 1,  # the list shows "Overdue" before the state
	"states": [
		*_state(DRAFT, "", REFERRERS),
		*_state(SUBMITTED, "Primary", (BSO, TEAM_MANAGER)),
		*_state(CHECKED, "Info", (TEAM_MANAGER, BSO)),
		*_state(RETURNED, "Warning", (PARTNER, SOCIAL_WORKER, BSO, TEAM_MANAGER)),
		*_state(ACCEPTED, "Success", (TEAM_MANAGER, BSO, SOCIAL_WORKER)),
		*_state(NO_FURTHER_ACTION, "Inverse", (TEAM_MANAGER, BSO)),
		*_state(REDIRECTED, "Info", (TEAM_MANAGER, BSO)),
	],
	"transitions": [
		# Sending a referral is not an approval: the referrer does it themselves.
		*_transitions(DRAFT, "Submit", SUBMITTED, REFERRERS, allow_self_approval=1),
		*_transitions(RETURNED, "Resubmit", SUBMITTED, REFERRERS, allow_self_approval=1),
		# Triage and decisions are by someone other than the person who made the referral.
		*_transitions(SUBMITTED, "Check", CHECKED, (BSO,)),
		*_transitions(SUBMITTED, "Return", RETURNED, (BSO,)),
		*_transitions(CHECKED, "Return", RETURNED, (TEAM_MANAGER,)),
		*_transitions(CHECKED, "Accept", ACCEPTED, (TEAM_MANAGER,)),
		*_transitions(CHECKED, "No Further Action", NO_FURTHER_ACTION, (TEAM_MANAGER,)),
		*_transitions(CHECKED, "Redirect", REDIRECTED, (TEAM_MANAGER,)),
	],
}


def ensure_referral_setup() -> None:
	ensure_workflow(REFERRAL_WORKFLOW)
