"""Linkage setup: the Child Merge workflow (a Team Manager approves, never the proposer)."""

from smallchanges.roles import BUSINESS_SUPPORT_OFFICER, SYSTEM_MANAGER, TEAM_MANAGER
from smallchanges.rules.linkage import APPROVE, APPROVED, PROPOSED, REJECT, REJECTED, UNDO, UNDONE
from smallchanges.setup_utils import ensure_workflow

CHILD_MERGE_WORKFLOW = {
	"name": "Child Merge",
	"document_type": "Child Merge",
	"states": [
		*(
			{"state": PROPOSED, "doc_status": 0, "allow_edit": role, "style": "Warning"}
			for role in (BUSINESS_SUPPORT_OFFICER, TEAM_MANAGER, SYSTEM_MANAGER)
		),
		{"state": APPROVED, "doc_status": 0, "allow_edit": TEAM_MANAGER, "style": "Success"},
		{"state": REJECTED, "doc_status": 0, "allow_edit": TEAM_MANAGER, "style": "Danger"},
		{"state": UNDONE, "doc_status": 0, "allow_edit": TEAM_MANAGER, "style": "Inverse"},
	],
	"transitions": [
		# The approval is a second person's: never the proposer (judged from the stored record).
		{"state": PROPOSED, "action": APPROVE, "next_state": APPROVED, "allowed": TEAM_MANAGER},
		{
			"state": PROPOSED,
			"action": REJECT,
			"next_state": REJECTED,
			"allowed": TEAM_MANAGER,
			"allow_self_approval": 1,
		},
		{
			"state": APPROVED,
			"action": UNDO,
			"next_state": UNDONE,
			"allowed": TEAM_MANAGER,
			"allow_self_approval": 1,
		},
		{
			"state": APPROVED,
			"action": UNDO,
			"next_state": UNDONE,
			"allowed": SYSTEM_MANAGER,
			"allow_self_approval": 1,
		},
	],
}


def ensure() -> None:
	ensure_workflow(CHILD_MERGE_WORKFLOW)
