"""Resources setup: the Resource workflow, and the library in Frappe's global search.

Both are created once; after that they belong to the administrator (setup_utils.create_once).
"""

import frappe

from smallchanges.roles import PRINCIPAL_SOCIAL_WORKER, STAFF_ROLES, SYSTEM_MANAGER
from smallchanges.rules.resources import APPROVED, DRAFT, RETIRED
from smallchanges.setup_utils import create_once, ensure_workflow, states, transitions

AUTHORS = (*STAFF_ROLES, SYSTEM_MANAGER)
APPROVERS = (PRINCIPAL_SOCIAL_WORKER,)

RESOURCE_WORKFLOW = {
	"name": "Resource",
	"document_type": "Resource",
	"override_status": 1,  # the list shows "Review overdue" before the state
	"states": [
		# Anyone on staff drafts a resource; once approved only the practice lead (and the
		# administrator) may edit what is not the content: review date, tags, owner.
		*states(DRAFT, "Warning", AUTHORS),
		*states(APPROVED, "Success", (PRINCIPAL_SOCIAL_WORKER, SYSTEM_MANAGER)),
		*states(RETIRED, "Inverse", (PRINCIPAL_SOCIAL_WORKER, SYSTEM_MANAGER)),
	],
	"transitions": [
		# The Principal Social Worker approves someone else's draft, never their own.
		*transitions(DRAFT, "Approve", APPROVED, APPROVERS, allow_self_approval=0),
		*transitions(APPROVED, "Retire", RETIRED, APPROVERS, allow_self_approval=1),
	],
}


def ensure() -> None:
	ensure_workflow(RESOURCE_WORKFLOW)
	create_once("Global Search Settings:Resource", add_to_global_search)


def add_to_global_search() -> None:
	"""Frappe reads `global_search_doctypes` only in the setup wizard; existing sites get it here."""
	settings = frappe.get_single("Global Search Settings")
	if any(row.document_type == "Resource" for row in settings.allowed_in_global_search):
		return
	settings.append("allowed_in_global_search", {"document_type": "Resource"})
	settings.flags.ignore_permissions = True
	settings.save()
