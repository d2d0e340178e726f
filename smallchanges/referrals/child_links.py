"""Which Child record each child on a referral is: staff-only Referral Child Link records, one per
referral child row, made by a person at triage (never automatically)."""

import frappe

LINK_DOCTYPE = "Referral Child Link"


def linked_children(rows: list[str]) -> dict[str, str]:
	"""Referral child row -> linked Child, for these rows (server side: no permission check; callers
	have checked the user may triage, or use it for the staff-only duplicate check)."""
	if not rows:
		return {}
	link = frappe.qb.DocType(LINK_DOCTYPE)
	found = frappe.qb.from_(link).select(link.name, link.child).where(link.name.isin(rows)).run()
	return dict(found)


def link_row(referral: str, row: str, child: str) -> str:
	"""Link (or re-link) the row to the Child, as the session user: their permission on the link
	decides (partners have none)."""
	if frappe.db.exists(LINK_DOCTYPE, row):
		doc = frappe.get_doc(LINK_DOCTYPE, row)
		doc.child = child
		doc.save()
	else:
		frappe.get_doc(
			{"doctype": LINK_DOCTYPE, "referral": referral, "referral_child_row": row, "child": child}
		).insert()
	return child


def unlink_row(row: str) -> None:
	"""Remove the row's link, as the session user: their delete permission on the link decides."""
	frappe.delete_doc(LINK_DOCTYPE, row)
