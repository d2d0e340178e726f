"""The Small Changes dashboard and workspace: the charts' and number cards' indexes.

Each capability's chart and card methods are in its own `dashboard.py` and say which dates they
read a range of (`INDEXES`); this adds those indexes once (an index is added only when missing).
"""

import frappe

from smallchanges.core_groups import dashboard as core_groups_dashboard
from smallchanges.referrals import dashboard as referrals_dashboard
from smallchanges.resources import dashboard as resources_dashboard
from smallchanges.visits import dashboard as visits_dashboard

INDEXES = (
	*referrals_dashboard.INDEXES,
	*core_groups_dashboard.INDEXES,
	*visits_dashboard.INDEXES,
	*resources_dashboard.INDEXES,
)


def ensure_indexes() -> None:
	for doctype, columns, index_name in INDEXES:
		frappe.db.add_index(doctype, list(columns), index_name)
