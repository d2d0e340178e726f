"""Record Access: who read which child's records, when and what they did, across records.

One row per read: a record opened, or a list, report, export or search page read (with how many
records it showed). People by their full names, what they did in plain words. Filtered by a
record, it shows the reads that opened it and the list reads that showed it, each found through
its index (smallchanges.access.access_log).
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from smallchanges.access.access_log import LOG_DOCTYPE, RECORDS_DOCTYPE, in_words

DEFAULT_DAYS = 30
MAX_ROWS = 5000


@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def execute(filters: dict | None = None):
	return columns(), data(frappe._dict(filters or {}))


def columns() -> list[dict]:
	return [
		{"fieldname": "accessed_at", "label": _("When"), "fieldtype": "Datetime", "width": 170},
		{"fieldname": "full_name", "label": _("Who"), "fieldtype": "Data", "width": 180},
		{"fieldname": "what", "label": _("What they did"), "fieldtype": "Data", "width": 170},
		{"fieldname": "reference_doctype", "label": _("Record Type"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "reference_name",
			"label": _("Record"),
			"fieldtype": "Dynamic Link",
			"options": "reference_doctype",
			"width": 150,
		},
		{"fieldname": "records_listed", "label": _("Records in the list"), "fieldtype": "Int", "width": 130},
		# a break-glass opening's reason, or what a list asked for
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Data", "width": 260},
	]


def data(filters) -> list[dict]:
	# The log's own permissions: only a Director or System Manager reads it.
	frappe.has_permission(LOG_DOCTYPE, "read", throw=True)
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_days(to_date, -DEFAULT_DAYS))
	log, user = frappe.qb.DocType(LOG_DOCTYPE), frappe.qb.DocType("User")
	query = (
		frappe.qb.from_(log)
		.left_join(user)
		.on(user.name == log.user)
		.select(
			log.accessed_at,
			log.user,
			user.full_name,
			log.channel,
			log.request,
			log.reference_doctype,
			log.reference_name,
			log.records_listed,
			log.detail,
		)
		.where(log.accessed_at >= from_date)
		.where(log.accessed_at < add_days(to_date, 1))
		.orderby(log.accessed_at, order=frappe.qb.desc)
		.limit(MAX_ROWS)
	)
	for field in ("user", "channel", "reference_doctype"):
		if filters.get(field):
			query = query.where(log[field] == filters.get(field))
	if filters.get("reference_name"):
		record = frappe.qb.DocType(RECORDS_DOCTYPE)
		listed_it = (
			frappe.qb.from_(record)
			.select(record.parent)
			.where(record.reference_name == filters.reference_name)
			.where(record.parenttype == LOG_DOCTYPE)
		)
		query = query.where((log.reference_name == filters.reference_name) | log.name.isin(listed_it))
	rows = [in_words(row) for row in query.run(as_dict=True)]
	for row in rows:
		row.pop("user", None)
		row.pop("request", None)
		if not row.get("records_listed"):
			row["records_listed"] = None
	return rows
