"""Desk calls of the batch duplicate finder (staff only; no partner reaches them: access/gate.py)."""

import frappe
from frappe import _

JOB_ID = "smallchanges-duplicate-finder"


@frappe.whitelist(methods=["POST"])
def find_now(retrain: bool = False) -> str:
	"""Queue a run of the finder on the long queue (one at a time); retrain the model first if asked.
	For those who may change the Duplicate Finder Settings (Team Manager, System Manager)."""
	frappe.has_permission("Duplicate Finder Settings", "write", throw=True)
	frappe.enqueue(
		"smallchanges.linkage.finder.run",
		queue="long",
		timeout=3600,
		job_id=JOB_ID,
		deduplicate=True,
		retrain=bool(frappe.parse_json(retrain)),
	)
	return _("The duplicate finder is running; its clusters appear under Possible Duplicate.")
