"""The Safeguarding Policy's defaults and rules (smallchanges.rules.safeguarding_policy)."""

import json
import pathlib
from datetime import date

import pytest

from smallchanges.rules import safeguarding_policy as policy_rules

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCTYPES = ROOT / "smallchanges" / "governance" / "doctype"


def doctype(name: str) -> dict:
	return json.loads((DOCTYPES / name / f"{name}.json").read_text())


def test_the_doctype_defaults_are_the_domain_defaults():
	fields = {f["fieldname"]: f for f in doctype("safeguarding_policy")["fields"]}
	for field, value in policy_rules.DEFAULTS.items():
		assert fields[field]["fieldtype"] == "Int"
		assert int(fields[field]["default"]) == value, field


def test_the_visit_policy_offers_the_plan_types_and_units_of_the_rules():
	fields = {f["fieldname"]: f for f in doctype("safeguarding_visit_policy")["fields"]}
	assert tuple(fields["plan_type"]["options"].split("\n")) == policy_rules.PLAN_TYPES
	assert tuple(fields["interval_unit"]["options"].split("\n")) == policy_rules.INTERVAL_UNITS
	assert all(place in fields for place in policy_rules.PLACE_FIELDS)


def test_default_visit_policies_cover_every_plan_type_and_are_valid():
	rows = {row["plan_type"]: row for row in policy_rules.DEFAULT_VISIT_POLICIES}
	assert set(rows) == set(policy_rules.PLAN_TYPES)
	assert (rows["Child Protection"]["visit_interval"], rows["Child Protection"]["interval_unit"]) == (
		10,
		"Working days",
	)
	assert not any(row["school_counts"] for row in rows.values())  # each council decides
	policy_rules.check_visit_rows(list(policy_rules.DEFAULT_VISIT_POLICIES))
	policy_rules.check_numbers(dict(policy_rules.DEFAULTS), {})


def test_numbers_must_be_at_least_one():
	with pytest.raises(policy_rules.PolicyRuleError, match="Referral decision must be at least 1"):
		policy_rules.check_numbers(
			{**policy_rules.DEFAULTS, "referral_decision_working_days": 0},
			{"referral_decision_working_days": "Referral decision"},
		)


def test_visit_rows_must_be_unique_and_complete():
	row = dict(policy_rules.DEFAULT_VISIT_POLICIES[0])
	with pytest.raises(policy_rules.PolicyRuleError, match="more than one visit policy for Child Protection"):
		policy_rules.check_visit_rows([row, row])
	with pytest.raises(policy_rules.PolicyRuleError, match="at least 1"):
		policy_rules.check_visit_rows([{**row, "visit_interval": 0}])
	with pytest.raises(policy_rules.PolicyRuleError, match="Tick at least one place"):
		policy_rules.check_visit_rows([{**row, **{place: 0 for place in policy_rules.PLACE_FIELDS}}])
	with pytest.raises(policy_rules.PolicyRuleError, match="Choose the unit"):
		policy_rules.check_visit_rows([{**row, "interval_unit": "Fortnights"}])


def test_closure_dates_are_listed_once():
	with pytest.raises(policy_rules.PolicyRuleError, match="2026-12-24 is listed twice"):
		policy_rules.check_closures([date(2026, 12, 24), date(2026, 12, 24)])
	policy_rules.check_closures([date(2026, 12, 24), date(2026, 12, 29)])
