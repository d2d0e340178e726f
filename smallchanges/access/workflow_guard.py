"""What Frappe's own workflow validation leaves out when a state is written directly.

`frappe.model.workflow.validate_workflow` (run on every save) refuses a state change that no
transition allows for the user's roles, but only `apply_workflow` (the action buttons) refuses
self-approval. A direct PUT of `workflow_state` by the document's owner would slip past it, so
controllers of workflow-governed DocTypes call `state_change(doc)` in `validate`.
"""

import frappe
from frappe import _
from frappe.model.workflow import WorkflowPermissionError, get_workflow, is_transition_condition_satisfied


def state_change(doc) -> tuple[str | None, str | None] | None:
	"""Return (old state, new state) when this save changes the workflow state, else None.

	Refuses the change when every transition that would allow it forbids self-approval and the
	user is the stored document's owner.
	"""
	workflow_name = frappe.model.workflow.get_workflow_name(doc.doctype)
	if not workflow_name:
		return None
	workflow = get_workflow(doc.doctype)
	field = workflow.workflow_state_field
	before = doc.get_doc_before_save()
	if not before or not doc.has_value_changed(field):
		return None
	old_state, new_state = before.get(field), doc.get(field)

	user = frappe.session.user
	# Judged from the stored record: a request that also rewrites `owner` changes nothing here.
	if user != "Administrator" and user == before.owner:
		roles = set(frappe.get_roles(user))
		permitting = [
			t
			for t in workflow.transitions
			if t.state == old_state
			and t.next_state == new_state
			and t.allowed in roles
			and is_transition_condition_satisfied(t, before)
		]
		if permitting and not any(t.allow_self_approval for t in permitting):
			frappe.throw(
				_("You cannot move your own {0} from {1} to {2}: someone else must do it.").format(
					_(doc.doctype), _(old_state), _(new_state)
				),
				WorkflowPermissionError,
				title=_("Self approval is not allowed"),
			)
	return old_state, new_state


def reachable_states(stored, user: str | None = None) -> tuple[set[str], set[str]]:
	"""The states `user` may move the stored document into by the workflow's transitions for their
	roles (conditions included); and, apart, those only self-approval keeps them from (they are its
	stored owner and the transition forbids self-approval)."""
	if not stored or not frappe.model.workflow.get_workflow_name(stored.doctype):
		return set(), set()
	user = user or frappe.session.user
	workflow = get_workflow(stored.doctype)
	state = stored.get(workflow.workflow_state_field)
	roles = set(frappe.get_roles(user))
	own = user != "Administrator" and user == stored.owner
	reachable, blocked = set(), set()
	for t in workflow.transitions:
		if t.state != state or t.allowed not in roles or not is_transition_condition_satisfied(t, stored):
			continue
		(blocked if own and not t.allow_self_approval else reachable).add(t.next_state)
	return reachable, blocked - reachable
