"""The Safeguarding Policy: every local number the app uses, read in one place.

`get_policy()` is Frappe's cached single, which is invalidated whenever the policy is saved, so a
change made in the desk is seen at once. Other capabilities read their numbers here, with
`policy_value(fieldname)`, rather than hard-coding them (a named reader such as
`referral_decision_working_days` is added when a capability starts using the number).
"""

import frappe
from frappe.utils import cint, getdate

from smallchanges.rules.calendar import WorkingDayCalendar
from smallchanges.rules.safeguarding_policy import DEFAULTS

POLICY = "Safeguarding Policy"


def get_policy():
	"""The Safeguarding Policy document (cached; refreshed on every save)."""
	return frappe.get_cached_doc(POLICY)


def policy_value(fieldname: str) -> int:
	"""One of the policy's numbers, or its default (docs/domain.md#statutory-clocks) if never set."""
	return cint(get_policy().get(fieldname)) or DEFAULTS[fieldname]


def closure_dates() -> list:
	return [getdate(row.closure_date) for row in get_policy().closure_dates if row.closure_date]


def working_day_calendar() -> WorkingDayCalendar:
	"""England's bank holidays plus the policy's local closure dates."""
	return WorkingDayCalendar(closure_dates())


def referral_decision_working_days() -> int:
	return policy_value("referral_decision_working_days")


def visit_write_up_working_days() -> int:
	return policy_value("visit_write_up_working_days")


def visit_policy(plan_type: str) -> dict | None:
	"""The Visit Policy row for a plan type ("Child Protection", "Child in Need", "Looked After",
	"Private Fostering") as a plain dict, or None when the policy has no row for it."""
	for row in get_policy().visit_policies:
		if row.plan_type == plan_type:
			return row.as_dict()
	return None
