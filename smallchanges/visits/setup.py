"""Visit setup: the index the dashboard and due dates read a plan's visits through.

A plan (until plans are records of their own) is the visits with the same child, plan type and
plan reference; the dashboard groups 1 M visits by that key and takes each plan's latest visit,
which this one index answers without reading the table.
"""

import frappe

PLAN_INDEX = "visit_plan_index"
PLAN_INDEX_FIELDS = [
	"child",
	"plan_type",
	"plan_reference",
	"visit_date",
	"counts_as_statutory",
	"plan_ended",
]


def ensure() -> None:
	# Idempotent (the index is added only when missing); an index is not an administrator's record.
	frappe.db.add_index("Visit", PLAN_INDEX_FIELDS, index_name=PLAN_INDEX)
