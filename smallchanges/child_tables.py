"""One query for a child table's values across many parent documents, rows in their order."""

import frappe


def values_by_parent(
	child_doctype: str, parent_doctype: str, parentfield: str, field: str, parents: list[str]
) -> dict[str, list]:
	"""{parent: [each row's `field`, in row order]} for these parents.

	No permission check: callers pass only parents the user may read, or use the values on the
	server without returning them (each caller says which).
	"""
	if not parents:
		return {}
	Row = frappe.qb.DocType(child_doctype)
	rows = (
		frappe.qb.from_(Row)
		.select(Row.parent, Row[field])
		.where(
			(Row.parenttype == parent_doctype) & (Row.parentfield == parentfield) & Row.parent.isin(parents)
		)
		.orderby(Row.idx)
		.run()
	)
	out: dict[str, list] = {}
	for parent, value in rows:
		out.setdefault(parent, []).append(value)
	return out
