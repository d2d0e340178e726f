"""Who has read this record: for a Director or System Manager, from the record's own form."""

import frappe
from frappe import _

from smallchanges.access_log import LOG_DOCTYPE, LOGGED_DOCTYPES
from smallchanges.referrals.child_links import referrals_of_child

MAX_ROWS = 500
FIELDS = ["accessed_at", "user", "channel", "reference_doctype", "reference_name", "request"]


def related_records(doctype: str, name: str) -> list[tuple[str, str]]:
	"""The record and what holds the same child's data: a referral's triage; a Child's referrals."""
	records = [(doctype, name)]
	if doctype == "Universal Referral":
		records.append(("Referral Triage", name))
	elif doctype == "Child":
		for referral in referrals_of_child(name):
			records += [("Universal Referral", referral), ("Referral Triage", referral)]
	return records


@frappe.whitelist()
def who_read(doctype: str, name: str) -> list[dict]:
	"""The latest reads of this record (and of what holds the same child's data), newest first."""
	if doctype not in LOGGED_DOCTYPES:
		frappe.throw(_("Reads of {0} are not logged.").format(_(doctype)), frappe.ValidationError)
	frappe.has_permission(LOG_DOCTYPE, "read", throw=True)
	frappe.get_doc(doctype, name).check_permission("read")
	rows = []
	for record_doctype, record_name in related_records(doctype, name):
		rows += frappe.get_list(
			LOG_DOCTYPE,
			filters={"reference_doctype": record_doctype, "reference_name": record_name},
			fields=FIELDS,
			order_by="accessed_at desc",
			limit_page_length=MAX_ROWS,
		)
	return sorted(rows, key=lambda r: r.accessed_at, reverse=True)[:MAX_ROWS]
