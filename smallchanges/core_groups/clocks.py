"""The core group clocks' inputs, read from the Safeguarding Policy (rules in rules/core_groups)."""

from smallchanges.governance.policy import policy_value, working_day_calendar
from smallchanges.rules.core_groups import ClockPolicy


def clock_policy() -> ClockPolicy:
	return ClockPolicy(
		first_core_group_working_days=policy_value("first_core_group_working_days"),
		max_core_group_interval_weeks=policy_value("max_core_group_interval_weeks"),
		minutes_circulation_working_days=policy_value("minutes_circulation_working_days"),
		first_review_conference_months=policy_value("first_review_conference_months"),
		review_conference_interval_months=policy_value("review_conference_interval_months"),
	)


def calendar():
	return working_day_calendar()
