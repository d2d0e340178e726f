"""What the child import (`smallchanges.referrals.child_import`) reads and writes in the database,
many rows at a time: the children on file by council ID, names reserved from the Child's series,
and multi-row INSERTs (ON DUPLICATE KEY UPDATE for the changed children).
"""

from collections.abc import Iterator
from functools import lru_cache

import frappe
from pypika.terms import Parameter, Values

from smallchanges.referrals.child_import_file import BATCH


def stored_names(ids: list[str]) -> dict[str, str]:
	"""The names of the children on file with these council IDs, by council ID."""
	if not ids:
		return {}
	child = frappe.qb.DocType("Child")
	rows = frappe.qb.from_(child).select(child.council_child_id, child.name)
	rows = rows.where(child.council_child_id.isin(ids)).run()
	return dict(rows)


def stored_children(ids: list[str], fields: tuple[str, ...]) -> dict[str, dict]:
	"""The children on file with these council IDs. Not locked: the council's extract is the record of
	what it holds, and a lock (with its gap locks) would hold up staff saving children meanwhile."""
	child = frappe.qb.DocType("Child")
	query = frappe.qb.from_(child).select(child.name, *[child[f] for f in fields])
	rows = query.where(child.council_child_id.isin(ids)).run(as_dict=True)
	return {row.council_child_id: row for row in rows}


def reserve_names(count: int) -> Iterator[str]:
	"""`count` names from the Child's own series (CH-.#####), taken in one step and committed at once
	(as Frappe's series are): a failed import leaves a gap in the numbers, never a name used twice."""
	prefix, hashes = frappe.get_meta("Child").autoname.rsplit(".", 1)
	series = frappe.qb.DocType("Series")
	frappe.qb.into(series).columns(series.name, series.current).insert(prefix, 0).ignore().run()
	current = frappe.qb.from_(series).select(series.current).where(series.name == prefix).for_update().run()
	start = int(current[0][0] or 0)
	frappe.qb.update(series).set(series.current, start + count).where(series.name == prefix).run()
	frappe.db.commit()
	return (f"{prefix}{number:0{len(hashes)}d}" for number in range(start + 1, start + count + 1))


@lru_cache(maxsize=4)
def _insert_sql(doctype: str, fields: tuple[str, ...], update: tuple[str, ...] = ()) -> str:
	"""One row's INSERT with placeholders; the DB driver packs many rows into each statement
	(executemany). With `update`: ON DUPLICATE KEY UPDATE of those columns (a bulk update by name)."""
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.into(table).columns(*fields).insert(*[Parameter("%s")] * len(fields))
	for name in update:
		query = query.on_duplicate_key_update(table[name], Values(table[name]))
	return query.get_sql()


def write(doctype: str, fields: tuple[str, ...], rows: list[tuple], update: tuple[str, ...] = ()) -> None:
	if rows:
		frappe.db._cursor.executemany(_insert_sql(doctype, fields, update), rows)
		frappe.db.transaction_writes += len(rows) // BATCH + 1
