"""The search for children on open referrals reads a flag on each child row (and indexes led by it)
instead of joining every candidate row to its referral: set the flag from each referral's state,
and drop the row indexes the search no longer reads (the new ones are made by the DocType sync)."""

import frappe

from smallchanges.rules.blocking import MATCH_INDEXES, OPEN_REFERRAL
from smallchanges.rules.referral import OPEN_STATES


def execute():
	row, referral = frappe.qb.DocType("Referral Child"), frappe.qb.DocType("Universal Referral")
	open_referrals = (
		frappe.qb.from_(referral).select(referral.name).where(referral.workflow_state.isin(OPEN_STATES))
	)
	frappe.qb.update(row).set(row[OPEN_REFERRAL], 0).where(row.parenttype == "Universal Referral").run()
	(
		frappe.qb.update(row)
		.set(row[OPEN_REFERRAL], 1)
		.where((row.parenttype == "Universal Referral") & row.parent.isin(open_referrals))
		.run()
	)
	frappe.db.commit()  # the DDL below commits anyway
	old = [name for name in MATCH_INDEXES if frappe.db.has_index("tabReferral Child", name)]
	if old:
		frappe.db.sql_ddl(
			"ALTER TABLE `tabReferral Child` " + ", ".join(f"DROP INDEX `{name}`" for name in old)
		)
