"""Merging two Child records, and undoing it, in the transaction of the approval's request.

Which records name a Child is read from the DocTypes' meta (every Link field, standard or custom,
with options "Child"), never a list kept by hand: a DocType added later that links a Child is moved
too. `rules.linkage.links_to_move` leaves out the merge's own records and the cluster's evidence.
The merged Child's row is removed (its Versions, comments and access-log rows stay as they were;
"who read" on the survivor shows them) and kept, whole, in the Child Merge's snapshot; undo puts the
row back as it was and points exactly the moved records at it again.
"""

import json

import frappe
from frappe import _

from smallchanges.rules.linkage import LinkField, links_to_move


def link_fields() -> list[LinkField]:
	"""Every stored Link field to Child, in any DocType on the site (DocField and Custom Field)."""
	field, doctype = frappe.qb.DocType("DocField"), frappe.qb.DocType("DocType")
	standard = (
		frappe.qb.from_(field)
		.join(doctype)
		.on(field.parent == doctype.name)
		.select(field.parent, field.fieldname, doctype.issingle, doctype.is_virtual)
		.where((field.fieldtype == "Link") & (field.options == "Child") & (field.parenttype == "DocType"))
		.run()
	)
	custom_field = frappe.qb.DocType("Custom Field")
	custom = (
		frappe.qb.from_(custom_field)
		.join(doctype)
		.on(custom_field.dt == doctype.name)
		.select(custom_field.dt, custom_field.fieldname, doctype.issingle, doctype.is_virtual)
		.where((custom_field.fieldtype == "Link") & (custom_field.options == "Child"))
		.run()
	)
	return [LinkField(dt, fn, bool(single), bool(virtual)) for dt, fn, single, virtual in standard + custom]


def move_links(merged: str, survivor: str) -> list[dict]:
	"""Point every record naming `merged` at `survivor`: what was moved, to undo exactly that."""
	moved = []
	for link in links_to_move(link_fields()):
		table = frappe.qb.DocType(link.doctype)
		names = (
			frappe.qb.from_(table).select(table.name).where(table[link.fieldname] == merged).run(pluck=True)
		)
		if not names:
			continue
		frappe.qb.update(table).set(table[link.fieldname], survivor).where(table.name.isin(names)).run()
		moved.append({"doctype": link.doctype, "fieldname": link.fieldname, "names": sorted(names)})
	return moved


def restore_links(moved: list[dict], merged: str, survivor: str) -> None:
	"""Point exactly the records a merge moved back at the merged child (those still naming the
	survivor: a record someone has since pointed elsewhere is left as they made it)."""
	for entry in moved:
		table = frappe.qb.DocType(entry["doctype"])
		frappe.qb.update(table).set(table[entry["fieldname"]], merged).where(
			table.name.isin(entry["names"]) & (table[entry["fieldname"]] == survivor)
		).run()


def merge(merged: str, survivor: str) -> tuple[dict, list[dict]]:
	"""Move the links, remove the merged row: (its snapshot, the links moved)."""
	if merged == survivor:
		frappe.throw(_("A record cannot be merged into itself."), frappe.ValidationError)
	if not frappe.db.exists("Child", survivor):
		frappe.throw(_("The record to keep, {0}, is not on file.").format(survivor), frappe.ValidationError)
	if not frappe.db.exists("Child", merged):
		frappe.throw(_("The record to merge, {0}, is not on file.").format(merged), frappe.ValidationError)
	snapshot = frappe.get_doc("Child", merged).as_dict(convert_dates_to_str=True)
	moved = move_links(merged, survivor)
	frappe.db.delete("Child", {"name": merged})
	return snapshot, moved


def undo(snapshot: dict, moved: list[dict], survivor: str) -> None:
	"""Put the merged record back as it was, and the links it had."""
	merged = snapshot["name"]
	if frappe.db.exists("Child", merged):
		frappe.throw(_("{0} is on file again already.").format(merged), frappe.ValidationError)
	record = frappe.get_doc({**snapshot, "doctype": "Child"})
	record.db_insert()
	restore_links(moved, merged, survivor)


def as_json(value) -> str:
	return json.dumps(value, indent=1, sort_keys=True, default=str)
