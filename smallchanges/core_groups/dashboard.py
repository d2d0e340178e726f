"""Who takes the minutes (the seed's measure of success), for the report and the number card."""

import frappe
from frappe import _
from frappe.utils import getdate

from smallchanges.rules import core_groups as core_group_rules


def taker_rows(from_date=None, to_date=None) -> list[core_group_rules.TakerRow]:
	"""One row per minutes record (not cancelled) the user may read, through the core group scope."""
	filters = {"docstatus": ["<", 2]}
	if from_date and to_date:
		filters["meeting_date"] = ["between", [getdate(from_date), getdate(to_date)]]
	elif from_date:
		filters["meeting_date"] = [">=", getdate(from_date)]
	elif to_date:
		filters["meeting_date"] = ["<=", getdate(to_date)]
	minutes = frappe.get_list(
		"Core Group Minutes",
		filters=filters,
		fields=["meeting_date", "minute_taker", "minute_taker_agency", "lead_social_worker"],
		limit_page_length=0,
	)
	return [
		core_group_rules.TakerRow(
			month=getdate(row.meeting_date).strftime("%Y-%m"),
			agency=row.minute_taker_agency or _("Children's social care"),
			by_lead_social_worker=row.minute_taker == row.lead_social_worker,
		)
		for row in minutes
		if row.meeting_date
	]


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def minutes_taken_by_others(filters: str | dict | None = None) -> dict:
	"""Number card: the share of minutes taken by someone other than the lead social worker."""
	frappe.has_permission("Core Group Minutes", "read", throw=True)
	return {"value": core_group_rules.share_not_by_lead(taker_rows()), "fieldtype": "Percent"}
