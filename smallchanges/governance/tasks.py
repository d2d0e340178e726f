"""Scheduled jobs of the Governance module (listed in hooks.py scheduler_events)."""

import frappe
from frappe.utils import getdate, nowdate

from smallchanges.rules.delegation import APPROVED, EXPIRED


def expire_delegations() -> list[str]:
	"""Daily: move approved delegations whose last day has passed to Expired.

	Safe to run twice or in two workers at once: each delegation is locked and read again before
	it is expired, so a second run finds nothing left to do.
	Goes through the workflow like a person would (the transition Approved -> Expired must exist;
	it is allowed only once the end date has passed), so the change is validated and recorded in
	the delegation's history. A delegation that cannot be expired is logged and left as it is.
	"""
	today = getdate(nowdate())
	expired = []
	for name in frappe.get_all(
		"Delegation",
		filters={"docstatus": 1, "workflow_state": APPROVED, "valid_until": ["<", today]},
		pluck="name",
		order_by="valid_until asc",
	):
		frappe.db.savepoint("expire_delegation")
		try:
			# Locked and read again: a run at the same moment may have expired it already.
			doc = frappe.get_doc("Delegation", name, for_update=True)
			if doc.workflow_state != APPROVED:
				continue
			doc.workflow_state = EXPIRED
			doc.save()
			expired.append(name)
		except Exception:
			frappe.db.rollback(save_point="expire_delegation")
			frappe.log_error(
				title=f"Could not expire delegation {name}",
				reference_doctype="Delegation",
				reference_name=name,
			)
	return expired
