"""Who Takes The Minutes: per month and agency, how many minutes, and the share taken by
someone other than the lead social worker."""

import frappe
from frappe import _

from smallchanges.core_groups.dashboard import taker_rows
from smallchanges.rules.core_groups import share_not_by_lead, taker_share


@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	rows = taker_rows(filters.get("from_date"), filters.get("to_date"))
	columns = [
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 100},
		{"fieldname": "agency", "label": _("Minute taker's agency"), "fieldtype": "Data", "width": 220},
		{"fieldname": "minutes", "label": _("Minutes"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "not_by_lead",
			"label": _("Not by the lead social worker"),
			"fieldtype": "Int",
			"width": 200,
		},
		{"fieldname": "share_not_by_lead", "label": _("Share"), "fieldtype": "Percent", "width": 100},
	]
	summary = [
		{
			"label": _("Minutes taken by someone other than the lead social worker"),
			"value": share_not_by_lead(rows),
			"datatype": "Percent",
			"indicator": "Green",
		}
	]
	return columns, taker_share(rows), None, None, summary
