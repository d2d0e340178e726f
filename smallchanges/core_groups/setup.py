"""Core groups setup: the Core Group Minutes workflow, created once as an ordinary record.

Draft -> (the minute taker) Submitted for Review -> (the chair or the lead social worker, never
the minute taker) Approved or Returned -> (business support or a social worker) Distributed.
Approved minutes are submitted (locked); a change means Cancel and Amend.
"""

from smallchanges.roles import BUSINESS_SUPPORT_OFFICER as BSO
from smallchanges.roles import PARTNER_PRACTITIONER, SOCIAL_WORKER, TEAM_MANAGER
from smallchanges.rules.core_groups import APPROVED, CANCELLED, DISTRIBUTED, DRAFT, RETURNED, SUBMITTED
from smallchanges.setup_utils import ensure_workflow, transitions

MINUTE_TAKERS = (PARTNER_PRACTITIONER, SOCIAL_WORKER, TEAM_MANAGER, BSO)
REVIEWERS = (SOCIAL_WORKER, TEAM_MANAGER)
DISTRIBUTORS = (BSO, SOCIAL_WORKER)

# The buttons show only to those the controller would let through; it checks again on every save.
_IS_MINUTE_TAKER = "doc.minute_taker == frappe.session.user"
_IS_REVIEWER = (
	"frappe.session.user in (doc.chair, doc.lead_social_worker) and frappe.session.user != doc.minute_taker"
)


def _states(state: str, doc_status: int, style: str, editors) -> list[dict]:
	return [{"state": state, "doc_status": doc_status, "allow_edit": r, "style": style} for r in editors]


def _when(rows: list[dict], condition: str) -> list[dict]:
	return [{**row, "condition": condition} for row in rows]


MINUTES_WORKFLOW = {
	"name": "Core Group Minutes",
	"document_type": "Core Group Minutes",
	"states": [
		*_states(DRAFT, 0, "", MINUTE_TAKERS),
		*_states(SUBMITTED, 0, "Primary", REVIEWERS),
		*_states(RETURNED, 0, "Warning", MINUTE_TAKERS),
		*_states(APPROVED, 1, "Success", (*REVIEWERS, BSO)),
		*_states(DISTRIBUTED, 1, "Info", (*REVIEWERS, BSO)),
		*_states(CANCELLED, 2, "Inverse", REVIEWERS),
	],
	"transitions": [
		# Sending one's own minutes for review is not an approval.
		*_when(transitions(DRAFT, "Submit for Review", SUBMITTED, MINUTE_TAKERS, 1), _IS_MINUTE_TAKER),
		*_when(transitions(RETURNED, "Resubmit", SUBMITTED, MINUTE_TAKERS, 1), _IS_MINUTE_TAKER),
		*_when(transitions(SUBMITTED, "Approve", APPROVED, REVIEWERS), _IS_REVIEWER),
		*_when(transitions(SUBMITTED, "Return", RETURNED, REVIEWERS), _IS_REVIEWER),
		# Sending approved minutes out is not an approval either (the controller asks can_do).
		*transitions(APPROVED, "Distribute", DISTRIBUTED, DISTRIBUTORS, 1),
		*transitions(APPROVED, "Cancel", CANCELLED, REVIEWERS),
		*transitions(DISTRIBUTED, "Cancel", CANCELLED, REVIEWERS),
	],
}


def ensure() -> None:
	ensure_workflow(MINUTES_WORKFLOW)
