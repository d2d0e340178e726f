"""Name keys now drop the P written or left out between M and S or T (Thompson/Thomson): the keys
stored on children and on referrals' children are recomputed where a name holds such a P, in batches
by primary key (only those rows change; the rest already hold the new key)."""

import frappe

from smallchanges.rules.matching.keys import phonetic_key

BATCH = 5000


def _affected(doctype: str, after: str):
	table = frappe.qb.DocType(doctype)
	affected = (
		table.first_name.like("%mps%")
		| table.first_name.like("%mpt%")
		| table.last_name.like("%mps%")
		| table.last_name.like("%mpt%")
	)
	return (
		frappe.qb.from_(table)
		.select(table.name, table.first_name, table.last_name, table.first_name_key, table.last_name_key)
		.where(affected & (table.name > after))
		.orderby(table.name)
		.limit(BATCH)
		.run(as_dict=True)
	)


def rekey(doctype: str) -> int:
	changed, after = 0, ""
	while rows := _affected(doctype, after):
		for row in rows:
			keys = {
				"first_name_key": phonetic_key(row.first_name),
				"last_name_key": phonetic_key(row.last_name),
			}
			if keys != {"first_name_key": row.first_name_key, "last_name_key": row.last_name_key}:
				frappe.db.set_value(doctype, row.name, keys, update_modified=False)
				changed += 1
		after = rows[-1].name
	return changed


def execute():
	for doctype in ("Child", "Referral Child"):
		if frappe.db.table_exists(doctype):
			rekey(doctype)
