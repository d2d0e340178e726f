"""Overdue Referrals: undecided referrals past their decision date (or due by a given day)."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from smallchanges.governance.policy import working_day_calendar
from smallchanges.referrals.duplicates import requested_services
from smallchanges.referrals.tasks import overdue_referrals

FILTER_FIELDS = ("level_of_need", "urgency", "referrer_agency")
REPORT_FIELDS = (
	"name",
	"title",
	"workflow_state",
	"received_at",
	"decision_due",
	"urgency",
	"level_of_need",
	"referrer_agency",
)


@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	today = getdate(filters.get("as_of") or nowdate())
	return columns(), data(filters, today)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Referral"),
			"fieldtype": "Link",
			"options": "Universal Referral",
			"width": 150,
		},
		{"fieldname": "title", "label": _("Children"), "fieldtype": "Data", "width": 200},
		{"fieldname": "workflow_state", "label": _("Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "received_at", "label": _("Received"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "decision_due", "label": _("Decision Due"), "fieldtype": "Date", "width": 110},
		{
			"fieldname": "working_days_overdue",
			"label": _("Working Days Overdue"),
			"fieldtype": "Int",
			"width": 100,
		},
		{"fieldname": "urgency", "label": _("Urgency"), "fieldtype": "Data", "width": 90},
		{"fieldname": "level_of_need", "label": _("Level"), "fieldtype": "Data", "width": 160},
		{"fieldname": "services", "label": _("Services"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "referrer_agency",
			"label": _("Referrer"),
			"fieldtype": "Link",
			"options": "Partner Agency",
			"width": 150,
		},
	]


def data(filters, today) -> list[dict]:
	conditions = {field: filters.get(field) for field in FILTER_FIELDS if filters.get(field)}
	# in the user's scope (frappe.get_list): a social worker sees only their referrals
	rows = overdue_referrals(today, conditions, fields=REPORT_FIELDS)
	services = requested_services([row.name for row in rows])
	calendar = working_day_calendar()
	out = []
	for row in rows:
		if filters.get("service") and filters.service not in services.get(row.name, ()):
			continue
		row.services = ", ".join(services.get(row.name, ()))
		row.working_days_overdue = calendar.working_days_between(getdate(row.decision_due), today)
		out.append(row)
	return out
