"""The Safeguarding Policy's defaults and rules (smallchanges.rules.safeguarding_policy)."""

import json
import pathlib
from datetime import date

import pytest

from smallchanges.rules import safeguarding_policy as rules

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCTYPES = ROOT / "smallchanges" / "governance" / "doctype"


def doctype(name: str) -> dict:
	return json.loads((DOCTYPES / name / f"{name}.json").read_text())


def test_the_doctype_defaults_are_the_domain_defaults():
	fields = {f["fieldname"]: f for f in doctype("safeguarding_policy")["fields"]}
	for field, value in rules.DEFAULTS.items():
		assert fields[field]["fieldtype"] == "Int"
		assert int(fields[field]["default"]) == value, field


def test_the_visit_policy_offers_the_plan_types_and_units_of_the_rules():
	fields = {f["fieldname"]: f for f in doctype("safeguarding_visit_policy")["fields"]}
	assert tuple(fields["plan_type"]["options"].split("\n")) == rules.PLAN_TYPES
	assert tuple(fields["interval_unit"]["options"].split("\n")) == rules.INTERVAL_UNITS
	assert all(place in fields for place in rules.PLACE_FIELDS)


def test_default_visit_policies_cover_every_plan_type_and_are_valid():
	rows = {row["plan_type"]: row for row in rules.DEFAULT_VISIT_POLICIES}
	assert set(rows) == set(rules.PLAN_TYPES)
	assert (rows["Child Protection"]["visit_interval"], rows["Child Protection"]["interval_unit"]) == (
		10,
		"Working days",
	)
	assert not any(row["school_counts"] for row in rows.values())  # each council decides
	rules.check_visit_rows(list(rules.DEFAULT_VISIT_POLICIES))
	rules.check_numbers(dict(rules.DEFAULTS), {})


def test_numbers_must_be_at_least_one():
	with pytest.raises(rules.PolicyRuleError, match="Referral decision must be at least 1"):
		rules.check_numbers(
			{**rules.DEFAULTS, "referral_decision_working_days": 0},
			{"referral_decision_working_days": "Referral decision"},
		)


def test_visit_rows_must_be_unique_and_complete():
	row = dict(rules.DEFAULT_VISIT_POLICIES[0])
	with pytest.raises(rules.PolicyRuleError, match="more than one visit policy for Child Protection"):
		rules.check_visit_rows([row, row])
	with pytest.raises(rules.PolicyRuleError, match="at least 1"):
		rules.check_visit_rows([{**row, "visit_interval": 0}])
	with pytest.raises(rules.PolicyRuleError, match="Tick at least one place"):
		rules.check_visit_rows([{**row, **{place: 0 for place in rules.PLACE_FIELDS}}])
	with pytest.raises(rules.PolicyRuleError, match="Choose the unit"):
		rules.check_visit_rows([{**row, "interval_unit": "Fortnights"}])


def test_closure_dates_are_listed_once():
	with pytest.raises(rules.PolicyRuleError, match="2026-12-24 is listed twice"):
		rules.check_closures([date(2026, 12, 24), date(2026, 12, 24)])
	rules.check_closures([date(2026, 12, 24), date(2026, 12, 29)])
