"""Blocking rules: the candidate set covers every match the matcher would make. Pure, no site."""

from datetime import date, timedelta

import pytest

from smallchanges.rules import blocking
from smallchanges.rules.blocking import (
	MATCH_INDEXES,
	BlockingRule,
	Condition,
	blocking_rules,
	one_digit_dates,
)
from smallchanges.rules.matching import Person
from smallchanges.rules.matching.keys import normalise_postcode, phonetic_key
from smallchanges.rules.matching.score import match
from tests.unit.test_matching import CAUGHT, DOB, HOME, child


def stored(person: Person) -> dict:
	"""The columns a stored Child (or Referral Child) row has for the rules to read."""
	return {
		blocking.FIRST_NAME_KEY: phonetic_key(person.first_name),
		blocking.LAST_NAME_KEY: phonetic_key(person.last_name),
		blocking.DATE_OF_BIRTH: person.date_of_birth,
		blocking.EXPECTED_DATE: person.expected_date,
		blocking.POSTCODE: normalise_postcode(person.postcode),
	}


def fetched(new: Person, existing: Person) -> list[str]:
	return [rule.name for rule in blocking_rules(new) if rule.selects(stored(existing))]


@pytest.mark.parametrize("new, existing, strength, reasons", CAUGHT)
def test_every_child_the_matcher_catches_is_fetched(new, existing, strength, reasons):
	assert fetched(new, existing), f"no blocking rule fetches {existing} for {new}"


# Near-variants of every kind the matcher claims, each against a stored child with a postcode that
# differs (families move), so that the postcode rules cannot be what finds them.
STORED = child("Oliver", "Thompson", dob=date(2014, 5, 9), postcode="N1 9GU")
VARIANTS = {
	"exact": child("Oliver", "Thompson", dob=date(2014, 5, 9)),
	"sounds alike": child("Olivur", "Tomson", dob=date(2014, 5, 9)),
	"surname without its silent p": child("Oliwer", "Thomson", dob=date(2014, 5, 10)),
	"surname misspelt (key changes)": child("Oliver", "Thimpson", dob=date(2014, 5, 9)),
	"first name misspelt (key changes)": child("Oliwer", "Thompson", dob=date(2014, 5, 9)),
	"nickname": child("Ollie", "Thompson", dob=date(2014, 5, 9)),
	"names swapped": child("Thompson", "Oliver", dob=date(2014, 5, 9)),
	"known by another name": child("Kai", "Thompson", dob=date(2014, 5, 9), aka=("Oliver",)),
	"date of birth 3 days out": child("Oliver", "Thompson", dob=date(2014, 5, 12)),
	"day and month swapped": child("Oliver", "Thompson", dob=date(2014, 9, 5)),
	"birth year one digit out": child("Oliver", "Thompson", dob=date(2016, 5, 9)),
	"birth month one digit out": child("Oliver", "Thompson", dob=date(2014, 8, 9)),
	"birth within a month": child("Oliver", "Thompson", dob=date(2014, 5, 30)),
	"no date of birth": child("Oliver", "Thompson", dob=None),
	"same postcode, dates far apart": child("Oliver", "Thompson", dob=date(2011, 1, 20), postcode="N1 9GU"),
}


@pytest.mark.parametrize("kind", VARIANTS)
def test_each_kind_of_near_variant_is_fetched_and_scores_at_least_possible(kind):
	new = VARIANTS[kind]
	assert match(new, STORED) is not None, "the variant must be one the matcher claims"
	assert fetched(new, STORED)


def test_unborn_and_born_children_are_fetched_across_the_expected_date():
	unborn = Person("Unborn", "Begum", expected_date=date(2026, 3, 1), postcode="E1 6AN")
	born = Person("Aisha", "Begum", date_of_birth=date(2026, 2, 10), postcode="E2 7QB")
	assert match(born, unborn) and fetched(born, unborn) and fetched(unborn, born)
	rescanned = Person("Baby", "Begum", expected_date=date(2026, 3, 12))
	assert match(rescanned, unborn) and fetched(rescanned, unborn)


def test_a_different_child_with_only_a_popular_first_name_in_common_is_not_fetched():
	"""The point of blocking: a shared first-name key alone (or a shared birthday alone) no longer
	fetches a row, so popular names cannot crowd the true match out."""
	new = child("Oliver", "Thompson", dob=date(2014, 5, 9))
	assert not fetched(new, child("Oliver", "Khan", dob=date(2009, 11, 23)))
	assert not fetched(new, child("Amelia", "Jones", dob=date(2014, 5, 9)))


def test_one_digit_dates_are_real_dates_one_digit_away():
	day = date(2014, 5, 9)
	dates = one_digit_dates(day)
	assert date(2016, 5, 9) in dates and date(2014, 8, 9) in dates and date(2014, 5, 19) in dates
	assert date(2004, 5, 9) in dates
	assert day not in dates and date(2014, 5, 10) not in dates  # two digits change from 09 to 10
	for other in dates:
		assert sum(a != b for a, b in zip(day.isoformat(), other.isoformat(), strict=True)) == 1
	assert all(d.month == 2 for d in one_digit_dates(date(2014, 2, 19)) if d.year == 2014 and d.day >= 20)


def test_conditions_read_values_ranges_and_missing_values():
	assert Condition("x", values=frozenset({"A"})).selects({"x": "A"})
	assert not Condition("x", values=frozenset({"A"})).selects({"x": None})
	low, high = date(2020, 1, 1), date(2020, 1, 31)
	assert Condition("x", low=low, high=high).selects({"x": high})
	assert not Condition("x", low=low, high=high).selects({"x": high + timedelta(days=1)})
	assert Condition("x", is_null=True).selects({"x": None})
	assert not Condition("x", is_null=True).selects({"x": low})


def test_every_rule_is_served_by_its_composite_index():
	"""Each rule constrains the leading column of the index it names and at least one more column
	(narrow); all but the names + postcode rule read only columns of their index (that one reads the
	few rows of one postcode through the postcode index and filters them by name key)."""
	people = [case.values[0] for case in CAUGHT] + list(VARIANTS.values())
	people.append(Person("Unborn", "Begum", expected_date=date(2026, 3, 1), postcode=HOME))
	seen: set[str] = set()
	for person in people:
		for rule in blocking_rules(person):
			assert isinstance(rule, BlockingRule)
			columns = MATCH_INDEXES[rule.index]
			fields = [condition.field for condition in rule.conditions]
			assert fields[0] == columns[0], rule.name
			if rule.name != "both name keys + postcode":
				assert set(fields) <= set(columns), rule.name
			assert len(fields) >= 2, f"{rule.name} is not narrow"
			seen.add(rule.index)
	assert seen == set(MATCH_INDEXES), "an index no rule uses"


def test_no_rules_for_a_child_with_nothing_to_search_by():
	assert blocking_rules(Person("", "")) == ()
	assert len(blocking_rules(child("Oliver", "Thompson", dob=DOB, postcode=HOME))) == 9
