"""A referral's staff-only Referral Triage: written by the duplicate check, read by staff triage.

The referral itself holds none of it; no partner role has any permission on Referral Triage.
"""

import frappe


def save_triage(referral: str, values: dict) -> None:
	"""Insert the referral's triage at its first check, else update that one row by its name.

	Never a delete-then-insert of rows keyed by parent: concurrent Sends of different referrals
	touch only their own primary keys. Written with ignore_permissions because the server records
	staff-only triage while the sender (possibly a partner) is the session user; nothing of it is
	returned to them, and no partner role has any permission on Referral Triage.
	"""
	if frappe.db.exists("Referral Triage", referral):
		triage = frappe.get_doc("Referral Triage", referral)
		triage.update(values)
	else:
		triage = frappe.get_doc({"doctype": "Referral Triage", "referral": referral, **values})
	triage.flags.from_duplicate_check = True
	triage.flags.ignore_links = True  # the referral (and a repeated one) were just read by the server
	triage.save(ignore_permissions=True)


def triage_of(referral: str):
	"""The referral's triage record, or None before its first Send (no permission check)."""
	if not frappe.db.exists("Referral Triage", referral):
		return None
	return frappe.get_doc("Referral Triage", referral)
