"""Referral setup: the Universal Referral workflow, created once as an ordinary record."""

from smallchanges.roles import BUSINESS_SUPPORT_OFFICER as BSO
from smallchanges.roles import PARTNER_PRACTITIONER, SOCIAL_WORKER, TEAM_MANAGER
from smallchanges.rules.referral import (
	ACCEPTED,
	CHECKED,
	DRAFT,
	NO_FURTHER_ACTION,
	REDIRECTED,
	RETURNED,
	SUBMITTED,
)
from smallchanges.setup_utils import ensure_workflow, states, transitions

REFERRERS = (PARTNER_PRACTITIONER, SOCIAL_WORKER, BSO, TEAM_MANAGER)


REFERRAL_WORKFLOW = {
	"name": "Universal Referral",
	"document_type": "Universal Referral",
	"override_status": 1,  # the list shows "Overdue" before the state
	"states": [
		*states(DRAFT, "", REFERRERS),
		*states(SUBMITTED, "Primary", (BSO, TEAM_MANAGER)),
		*states(CHECKED, "Info", (TEAM_MANAGER, BSO)),
		*states(RETURNED, "Warning", (PARTNER_PRACTITIONER, SOCIAL_WORKER, BSO, TEAM_MANAGER)),
		*states(ACCEPTED, "Success", (TEAM_MANAGER, BSO, SOCIAL_WORKER)),
		*states(NO_FURTHER_ACTION, "Inverse", (TEAM_MANAGER, BSO)),
		*states(REDIRECTED, "Info", (TEAM_MANAGER, BSO)),
	],
	"transitions": [
		# Sending a referral is not an approval: the referrer does it themselves.
		*transitions(DRAFT, "Submit", SUBMITTED, REFERRERS, allow_self_approval=1),
		*transitions(RETURNED, "Resubmit", SUBMITTED, REFERRERS, allow_self_approval=1),
		# Triage and decisions are by someone other than the person who made the referral.
		*transitions(SUBMITTED, "Check", CHECKED, (BSO,)),
		*transitions(SUBMITTED, "Return", RETURNED, (BSO,)),
		*transitions(CHECKED, "Return", RETURNED, (TEAM_MANAGER,)),
		*transitions(CHECKED, "Accept", ACCEPTED, (TEAM_MANAGER,)),
		*transitions(CHECKED, "No Further Action", NO_FURTHER_ACTION, (TEAM_MANAGER,)),
		*transitions(CHECKED, "Redirect", REDIRECTED, (TEAM_MANAGER,)),
	],
}


def ensure() -> None:
	ensure_workflow(REFERRAL_WORKFLOW)
	ensure_indexes()


def ensure_indexes() -> None:
	"""The composite indexes duplicate checks and partner lists use. Each DocType's on_doctype_update
	makes them when its JSON is synced; here they are made on every migrate too, so that an existing
	site gets them whichever way its DocTypes were last synced (adding one that exists is a no-op)."""
	from smallchanges.referrals.candidates import ensure_match_indexes
	from smallchanges.referrals.doctype.universal_referral.universal_referral import ensure_agency_index

	ensure_match_indexes("Child")
	ensure_match_indexes("Referral Child")
	ensure_agency_index()
