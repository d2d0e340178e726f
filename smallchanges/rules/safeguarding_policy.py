"""The Safeguarding Policy's local numbers: defaults and rules, as plain data.

Pure Python: no Frappe import. The defaults are those of docs/domain.md#statutory-clocks and
docs/domain.md#what-counts-as-a-statutory-visit; every council changes them in the desk
(Safeguarding Policy), and the app reads them from there, never from code.
"""

from datetime import date

from smallchanges.rules.problems import RuleError
from smallchanges.rules.translation import _

CHILD_PROTECTION = "Child Protection"
CHILD_IN_NEED = "Child in Need"
LOOKED_AFTER = "Looked After"
PRIVATE_FOSTERING = "Private Fostering"
PLAN_TYPES = (CHILD_PROTECTION, CHILD_IN_NEED, LOOKED_AFTER, PRIVATE_FOSTERING)

INTERVAL_UNITS = ("Working days", "Days", "Weeks", "Months")
PLACE_FIELDS = ("home_counts", "placement_counts", "school_counts", "nursery_counts", "other_counts")

# fieldname -> default. Each is a whole number of at least 1.
DEFAULTS = {
	"referral_decision_working_days": 1,
	"strategy_to_icpc_working_days": 15,
	"first_core_group_working_days": 10,
	"max_core_group_interval_weeks": 6,
	"minutes_circulation_working_days": 5,
	"first_review_conference_months": 3,
	"review_conference_interval_months": 6,
	"visit_write_up_working_days": 2,
	"break_glass_minutes": 60,
}
# Who may open a restricted record in an emergency, giving a reason (the policy's one-role-a-line list).
DEFAULT_BREAK_GLASS_ROLES = "Team Manager"


def roles_in(text: str | None) -> frozenset[str]:
	"""The role names of a one-role-a-line list (blank lines and surrounding spaces ignored)."""
	return frozenset(line.strip() for line in (text or "").splitlines() if line.strip())


def _visit(plan_type: str, interval: int, unit: str, *places: str) -> dict:
	row = {
		"plan_type": plan_type,
		"visit_interval": interval,
		"interval_unit": unit,
		"seen_alone_required": 1,
		"qualified_social_worker_required": 1,
	}
	row.update({field: int(field in places) for field in PLACE_FIELDS})
	return row


# School visits do not count by default: the seed's point is that each council decides this.
DEFAULT_VISIT_POLICIES = (
	_visit(CHILD_PROTECTION, 10, "Working days", "home_counts", "placement_counts"),
	_visit(CHILD_IN_NEED, 4, "Weeks", "home_counts", "placement_counts"),
	_visit(LOOKED_AFTER, 6, "Weeks", "placement_counts"),
	_visit(PRIVATE_FOSTERING, 6, "Weeks", "placement_counts"),
)


class PolicyRuleError(RuleError):
	translated_params = ("label", "plan")


def check_numbers(values: dict, labels: dict[str, str]) -> None:
	"""Every number of the policy is a whole number of at least 1."""
	for field in DEFAULTS:
		value = values.get(field)
		if value is None or int(value) < 1:
			raise PolicyRuleError(_("{label} must be at least 1."), label=labels.get(field, field))


def check_visit_rows(rows: list[dict]) -> None:
	seen = set()
	for row in rows:
		plan = row.get("plan_type")
		if plan in seen:
			raise PolicyRuleError(_("There is more than one visit policy for {plan}: keep one."), plan=plan)
		seen.add(plan)
		if not row.get("visit_interval") or int(row["visit_interval"]) < 1:
			raise PolicyRuleError(_("The visit interval for {plan} must be at least 1."), plan=plan)
		if row.get("interval_unit") not in INTERVAL_UNITS:
			raise PolicyRuleError(_("Choose the unit of the visit interval for {plan}."), plan=plan)
		if not any(row.get(field) for field in PLACE_FIELDS):
			raise PolicyRuleError(_("Tick at least one place where a {plan} visit counts."), plan=plan)


def check_closures(closure_dates: list[date]) -> None:
	seen = set()
	for day in closure_dates:
		if day in seen:
			raise PolicyRuleError(_("The closure date {day} is listed twice."), day=day.isoformat())
		seen.add(day)
