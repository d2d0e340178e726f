"""Record Access: who read which child's records, when and through what, across records."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from smallchanges.access.access_log import LOG_DOCTYPE

DEFAULT_DAYS = 30
MAX_ROWS = 5000


@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def execute(filters: dict | None = None):
	return columns(), data(frappe._dict(filters or {}))


def columns() -> list[dict]:
	return [
		{"fieldname": "accessed_at", "label": _("Accessed At"), "fieldtype": "Datetime", "width": 170},
		{"fieldname": "user", "label": _("User"), "fieldtype": "Link", "options": "User", "width": 220},
		{"fieldname": "channel", "label": _("Channel"), "fieldtype": "Data", "width": 110},
		{"fieldname": "reference_doctype", "label": _("Record Type"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "reference_name",
			"label": _("Record"),
			"fieldtype": "Dynamic Link",
			"options": "reference_doctype",
			"width": 150,
		},
		{"fieldname": "request", "label": _("Method or Path"), "fieldtype": "Data", "width": 260},
		# a break-glass opening's reason, or what a list asked for
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Data", "width": 260},
	]


def data(filters) -> list[dict]:
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_days(to_date, -DEFAULT_DAYS))
	conditions = [["accessed_at", ">=", str(from_date)], ["accessed_at", "<", str(add_days(to_date, 1))]]
	for field in ("user", "channel", "reference_doctype", "reference_name"):
		if filters.get(field):
			conditions.append([field, "=", filters.get(field)])
	# get_list applies the log's permissions: only a Director or System Manager reads it.
	return frappe.get_list(
		LOG_DOCTYPE,
		filters=conditions,
		fields=[c["fieldname"] for c in columns()],
		order_by="accessed_at desc",
		limit_page_length=MAX_ROWS,
	)
