"""What patches that move values out of a partner-readable document do to its Version history."""

import frappe


def rewrite_versions(ref_doctype: str, scrub, data_like: str | None = None) -> int:
	"""Rewrite the Versions of `ref_doctype` whose data `scrub` (a plain dict in, a plain dict out)
	changes, those whose data is LIKE `data_like` when given; returns how many were rewritten."""
	version = frappe.qb.DocType("Version")
	query = (
		frappe.qb.from_(version).select(version.name, version.data).where(version.ref_doctype == ref_doctype)
	)
	if data_like:
		query = query.where(version.data.like(data_like))
	count = 0
	for row in query.run(as_dict=True):
		data = frappe.parse_json(row.data or "{}")
		clean = scrub(data)
		if clean != data:
			frappe.qb.update(version).set(version.data, frappe.as_json(clean)).where(
				version.name == row.name
			).run()
			count += 1
	return count
