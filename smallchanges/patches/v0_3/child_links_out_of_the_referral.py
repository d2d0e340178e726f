"""A referral child's link to a Child record used to be a staff-only (permlevel 1) field of the
referral's own child table, which its partner reads. Each link becomes a Referral Child Link (on which
no partner role has any permission), the old column is dropped and the referrals' Version history
loses the old values, so no channel can return them."""

import frappe

from smallchanges.patches.versions import rewrite_versions
from smallchanges.referrals.child_links import LINK_DOCTYPE
from smallchanges.rules.referral import person_name


def old_links() -> list[dict]:
	row = frappe.qb.DocType("Referral Child")
	return (
		frappe.qb.from_(row)
		.select(row.name, row.parent, row.first_name, row.last_name, row.child)
		.where((row.parenttype == "Universal Referral") & row.child.isnotnull() & (row.child != ""))
		.run(as_dict=True)
	)


def execute():
	if not frappe.db.has_column("Referral Child", "child"):
		return
	move_links(old_links())
	scrub_versions()
	frappe.db.commit()  # the DDL below commits anyway: the moved links first
	frappe.db.sql_ddl("ALTER TABLE `tabReferral Child` DROP COLUMN `child`")
	frappe.cache.hdel("table_columns", "tabReferral Child")
	frappe.clear_cache(doctype="Referral Child")


def move_links(rows: list[dict]) -> int:
	"""A Referral Child Link for each old row (`name`, `parent`, names, `child`) whose Child exists
	and that has none yet; returns how many were made."""
	if not rows:
		return 0
	existing = set(frappe.get_all(LINK_DOCTYPE, pluck="name"))
	children = set(frappe.get_all("Child", filters={"name": ("in", [r.child for r in rows])}, pluck="name"))
	now = frappe.utils.now_datetime()
	values = [
		(row.name, "Administrator", "Administrator", now, now, row.parent, row.name,
		 person_name(row.first_name, row.last_name), row.child)
		for row in rows
		if row.name not in existing and row.child in children
	]  # fmt: skip
	if values:
		fields = ["name", "owner", "modified_by", "creation", "modified", "referral", "referral_child_row",
			"child_name", "child"]  # fmt: skip
		frappe.db.bulk_insert(LINK_DOCTYPE, fields, values)
	return len(values)


TABLE, FIELD = "children", "child"  # the referral's table of children, and the moved field of its rows


def scrubbed(data: dict) -> dict:
	"""A referral Version's data without the link of any child row (plain dict in, plain dict out)."""
	out = dict(data)
	for key in ("added", "removed"):
		if key in data:
			out[key] = [
				[table, {k: v for k, v in (row or {}).items() if k != FIELD} if table == TABLE else row]
				for table, row in data.get(key) or []
			]
	if "row_changed" in data:
		out["row_changed"] = []
		for table, index, row_name, changes in data.get("row_changed") or []:
			if table == TABLE:
				changes = [change for change in changes if change[0] != FIELD]
			if changes:
				out["row_changed"].append([table, index, row_name, changes])
	return out


def scrub_versions() -> int:
	"""Rewrite the referrals' Versions that hold a child row's link; returns how many."""
	return rewrite_versions("Universal Referral", scrubbed, f'%"{FIELD}"%')
