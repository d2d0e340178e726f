"""A referral's state-bearing fields (outcomes, the clock, the agency, the owner) change only
through their transition, by whoever may take it, judged from the stored record.

The rules are in `smallchanges.rules.referral_state_fields`; this side finds what a save changes
and refuses it with the fields' labels.
"""

import frappe
from frappe import _
from frappe.model.workflow import WorkflowPermissionError

from smallchanges.access.workflow_guard import reachable_states
from smallchanges.problems import throw_messages
from smallchanges.rules import referral_state_fields as state_field_rules


def refuse_guarded_changes(doc) -> None:
	"""Refuse a save of `doc` (a Universal Referral) that changes a field its user may not change."""
	if doc.is_new() or frappe.flags.in_install or frappe.flags.in_patch:
		return
	before = doc.get_doc_before_save()
	if not before:
		return
	changed = [
		f for f in state_field_rules.GUARDED_FIELDS if not _same_value(doc, f, doc.get(f), before.get(f))
	]
	if not changed:
		return
	reachable, owner_may_not_reach = reachable_states(before)
	problems = state_field_rules.refused_changes(
		changed, before.workflow_state, reachable, owner_may_not_reach
	)
	if not problems:
		return
	messages = []
	for problem in problems:
		label = _(doc.meta.get_label(problem.field)) if doc.meta.has_field(problem.field) else _("Owner")
		args = (label, *(_(arg) for arg in problem.args[1:]))
		messages.append(_(problem.message).format(*args))
	only_self_approval = all(p.args[-1] == state_field_rules.SELF_APPROVAL for p in problems)
	throw_messages(
		messages,
		WorkflowPermissionError if only_self_approval else frappe.PermissionError,
		_("Self approval is not allowed") if only_self_approval else _("Not changed"),
	)


def _same_value(doc, fieldname: str, value, old) -> bool:
	if value in (None, "") and old in (None, ""):
		return True
	df = doc.meta.get_field(fieldname)
	if not df:
		return str(value or "") == str(old or "")
	return doc.cast(value, df) == doc.cast(old, df)
