"""Referrals, children and delegations used to share one counter (format: autoname); each now has
its own naming series. Existing names stay; each series continues from the highest number used
under its prefix (per year where the year is in it), so no new name collides with an old one."""

import frappe
from frappe.model.naming import NamingSeries

from smallchanges.rules.numbering import SERIES, highest_numbers


def execute():
	for doctype, series in SERIES.items():
		if not frappe.db.table_exists(doctype):
			continue
		names = frappe.qb.from_(doctype).select("name").run(pluck=True)
		for prefix, number in highest_numbers(series, names).items():
			counter = NamingSeries(f"{prefix}.#####")
			if counter.get_current_value() < number:
				counter.update_counter(number)
