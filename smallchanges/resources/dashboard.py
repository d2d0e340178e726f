"""The library chart of the Small Changes workspace and dashboard: resources used (their files
downloaded, which Frappe's Access Log records) and shared by e-mail (Resource Share), each month.

Staff read the whole library (`access.resources`), so staff see every resource's use; anyone else
sees none. Two grouped queries on indexed dates (`INDEXES`, added by the governance setup).
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Date
from frappe.utils import getdate, nowdate
from pypika.terms import ValueWrapper

from smallchanges.access.scope import scope_of
from smallchanges.rules import dashboards as chart_rules

RESOURCE, SHARE, ACCESS_LOG = "Resource", "Resource Share", "Access Log"
INDEXES = (
	(SHARE, ("shared_on",), "shared_on"),
	# Frappe's own log of downloads and exports: the library's downloads by date.
	(ACCESS_LOG, ("export_from", "creation"), "smallchanges_export_from_creation"),
)
USED, SHARED = "used", "shared"


@frappe.whitelist()
@frappe.read_only()  # from the read replica when read_from_replica is set (docs/deploy.md)
def used_and_shared(filters: str | dict | None = None, **kwargs) -> dict:
	"""Each month: how many times a library file was downloaded, and how many e-mails shared one."""
	frappe.has_permission(RESOURCE, "read", throw=True)
	starts = chart_rules.month_starts(getdate(nowdate()))
	counts = []
	if scope_of().staff:
		log, share = frappe.qb.DocType(ACCESS_LOG), frappe.qb.DocType(SHARE)
		used_day, shared_day = Date(log.creation), Date(share.shared_on)
		counts = [
			*frappe.qb.from_(log)
			.select(used_day, ValueWrapper(USED), Count("*"))
			.where(log.export_from == RESOURCE)
			.where(log.creation >= starts[0])
			.groupby(used_day)
			.run(),
			*frappe.qb.from_(share)
			.select(shared_day, ValueWrapper(SHARED), Count("*"))
			.where(share.shared_on >= starts[0])
			.groupby(shared_day)
			.run(),
		]
	series = chart_rules.fold(counts, starts, (USED, SHARED), monthly=True)
	names = {USED: _("Files downloaded"), SHARED: _("Shared by e-mail")}
	return chart_rules.chart(chart_rules.period_labels(starts, monthly=True), series, names)
