"""Visit setup: the indexes that a plan's visits and the dashboard are read through.

A plan (until plans are records of their own) is the visits with the same child, plan type and
plan reference: saving a visit reads its plan's visits by that key (PLAN_INDEX). The dashboard
reads only each plan's latest visit (LATEST_INDEX), so it reads 20,000 index entries for 20,000
plans however many visits there are.
"""

import frappe

PLAN_INDEX = "visit_plan_key_index"
PLAN_INDEX_FIELDS = ["child", "plan_type", "plan_reference", "visit_date"]
# Covering: the dashboard's query reads its 20,000 rows from this index alone, in one range,
# never from the 1 M-row table.
LATEST_INDEX = "visit_latest_covering_index"
LATEST_INDEX_FIELDS = [
	"latest_of_plan",
	"plan_ended",
	"next_visit_due",
	"child",
	"plan_type",
	"plan_reference",
	"practitioner",
	"visit_date",
	"last_counting_date",
	"child_name",
]


def ensure() -> None:
	# Idempotent (an index is added only when missing); indexes are not an administrator's records.
	frappe.db.add_index("Visit", PLAN_INDEX_FIELDS, index_name=PLAN_INDEX)
	frappe.db.add_index("Visit", LATEST_INDEX_FIELDS, index_name=LATEST_INDEX)
