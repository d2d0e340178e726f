"""Blocking rules: which stored children a duplicate check fetches for the matcher to score.

Scoring every child on file is impossible at a council's volume, and one wide OR over single
attributes (any name key, any nearby date, the postcode) returns thousands of rows sharing a popular
name or a birthday, so a bounded query cut the true match off before it was scored. Record-linkage
systems (Splink's blocking rules are the reference) fetch instead the union of several NARROW rules,
each a combination of two or three attributes served by one composite index, each bounded. Together
they cover every way `smallchanges.rules.matching.score.match` can reach "possible" (45 points or more):

- the date of birth agrees (same, within 3 days, day and month swapped: 25-40 points) and so does a
  name key: surname key + date of birth, first-name key + date of birth (a misspelt surname keeps the
  first name's key and the other way round; swapped and also-known-as names are in `name_keys`);
- the date of birth agrees and so does the postcode, whatever the names (both misspelt);
- both name keys agree (up to 50 points) and the date of birth is near (within a month: 0 points),
  differs by one digit (15), or is not recorded on either side: surname key + first-name key + date
  window (the names alone when the new child has no date at all);
- both name keys agree and so does the postcode, whatever the dates (50 - 20 + 15 = 45);
- a born child against an unborn record, or two unborn records: surname key + expected date window,
  postcode + expected date window (unborn children have no first name to key).

Every rule is pure data here (`Condition`s on the stored columns); the Frappe side turns each into a
bounded query over its composite index (`MATCH_INDEXES`) and unions them. `BlockingRule.selects` says
whether a rule fetches a given stored record, so the coverage is unit-tested without a database.

Known limits (as in any key-based blocking): a pair of names that sound alike only by NYSIIS (not by
the Metaphone key), or are both misspelt with different keys, is found only through the date of
birth and postcode rule; a stored child's also-known-as names are not keyed (the new child's are).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from smallchanges.rules.matching import (
	BORN_EARLY_DAYS,
	BORN_LATE_DAYS,
	DATE_OF_BIRTH_NEUTRAL_DAYS,
	EXPECTED_DATE_TOLERANCE_DAYS,
	Person,
)
from smallchanges.rules.matching.keys import candidate_dates, name_keys, normalise_postcode

# The stored columns the rules read (on Child and on Referral Child alike).
FIRST_NAME_KEY = "first_name_key"
LAST_NAME_KEY = "last_name_key"
DATE_OF_BIRTH = "date_of_birth"
EXPECTED_DATE = "expected_date_of_delivery"
POSTCODE = "postcode_normalised"

# Composite indexes, each serving the rules that name it (index name -> columns, in order).
MATCH_INDEXES: dict[str, tuple[str, ...]] = {
	"match_surname_dob": (LAST_NAME_KEY, DATE_OF_BIRTH),
	"match_first_name_dob": (FIRST_NAME_KEY, DATE_OF_BIRTH),
	"match_names_dob": (LAST_NAME_KEY, FIRST_NAME_KEY, DATE_OF_BIRTH),
	"match_postcode_dob": (POSTCODE, DATE_OF_BIRTH),
	"match_surname_edd": (LAST_NAME_KEY, EXPECTED_DATE),
	"match_postcode_edd": (POSTCODE, EXPECTED_DATE),
}

# Each row of a referral's children carries whether the referral is open (sent, not decided), and
# its copies of the indexes lead with that flag: a search of the children on open referrals reads
# only those rows (a few per cent of a council's referral rows), with no join to the referral.
OPEN_REFERRAL = "referral_open"


def open_row_index(index: str) -> str:
	"""The name of a MATCH_INDEXES index's copy on referral child rows, led by the open flag."""
	return f"open_{index}"


OPEN_ROW_INDEXES: dict[str, tuple[str, ...]] = {
	open_row_index(name): (OPEN_REFERRAL, *columns) for name, columns in MATCH_INDEXES.items()
}

# Rows one rule may return. Each rule pairs two narrow attributes, so at a million children a rule
# returns tens of rows; the bound is a guard against a pathological block (a hospital's postcode),
# and a rule that reaches it is reported by the caller (it may have cut a candidate off).
RULE_ROW_LIMIT = 200


@dataclass(frozen=True)
class Condition:
	"""One stored column: in a set of values, between two dates (inclusive), or not recorded."""

	field: str
	values: frozenset | None = None
	low: date | None = None
	high: date | None = None
	is_null: bool = False

	def selects(self, record: Mapping) -> bool:
		value = record.get(self.field)
		if self.is_null:
			return value in (None, "")
		if value in (None, ""):
			return False
		if self.values is not None:
			return value in self.values
		return self.low <= value <= self.high


@dataclass(frozen=True)
class BlockingRule:
	name: str
	index: str  # the MATCH_INDEXES entry that serves it
	conditions: tuple[Condition, ...]

	def selects(self, record: Mapping) -> bool:
		return all(condition.selects(record) for condition in self.conditions)


def _in(field: str, values) -> Condition:
	return Condition(field, values=frozenset(values))


def _between(field: str, low: date, high: date) -> Condition:
	return Condition(field, low=low, high=high)


ONE_DIGIT_YEARS = 20  # a child's record: a year typed a century or a millennium out is no date of birth


def one_digit_dates(day: date) -> set[date]:
	"""Every real date whose ISO form (YYYY-MM-DD) differs from `day`'s in exactly one digit (and
	whose year is within 20 years of it)."""
	text = day.isoformat()
	found = set()
	for position, digit in enumerate(text):
		if not digit.isdigit():
			continue
		for other in "0123456789":
			if other == digit:
				continue
			try:
				other_day = date.fromisoformat(text[:position] + other + text[position + 1 :])
			except ValueError:
				continue
			if abs(other_day.year - day.year) <= ONE_DIGIT_YEARS:
				found.add(other_day)
	return found


def blocking_rules(person: Person) -> tuple[BlockingRule, ...]:
	"""The narrow rules whose union is the candidate set for `person` (empty: nothing to search)."""
	keys = frozenset(name_keys(person))
	postcode = normalise_postcode(person.postcode)
	rules: list[BlockingRule] = []
	dob, edd = person.date_of_birth, person.expected_date

	if dob:
		near = frozenset(candidate_dates(dob))
		month = timedelta(days=DATE_OF_BIRTH_NEUTRAL_DAYS)
		# a born child's expected date was up to 14 days before and 28 days after the birth
		expected = (dob - timedelta(days=BORN_LATE_DAYS), dob + timedelta(days=BORN_EARLY_DAYS))
		if keys:
			rules += [
				BlockingRule("surname key + date of birth", "match_surname_dob", (
					_in(LAST_NAME_KEY, keys), _in(DATE_OF_BIRTH, near))),
				BlockingRule("first-name key + date of birth", "match_first_name_dob", (
					_in(FIRST_NAME_KEY, keys), _in(DATE_OF_BIRTH, near))),
				BlockingRule("both name keys + birth within a month", "match_names_dob", (
					_in(LAST_NAME_KEY, keys), _in(FIRST_NAME_KEY, keys),
					_between(DATE_OF_BIRTH, dob - month, dob + month))),
				BlockingRule("both name keys + birth date one digit out", "match_names_dob", (
					_in(LAST_NAME_KEY, keys), _in(FIRST_NAME_KEY, keys),
					_in(DATE_OF_BIRTH, {d for d in one_digit_dates(dob) if abs(d - dob) > month}))),
				BlockingRule("surname key + expected date near the birth", "match_surname_edd", (
					_in(LAST_NAME_KEY, keys), _between(EXPECTED_DATE, *expected))),
			]  # fmt: skip
		if postcode:
			rules += [
				BlockingRule("postcode + date of birth", "match_postcode_dob", (
					_in(POSTCODE, {postcode}), _in(DATE_OF_BIRTH, near))),
				BlockingRule("postcode + expected date near the birth", "match_postcode_edd", (
					_in(POSTCODE, {postcode}), _between(EXPECTED_DATE, *expected))),
			]  # fmt: skip

	if edd:
		fortnight = timedelta(days=EXPECTED_DATE_TOLERANCE_DAYS)
		expected = (edd - fortnight, edd + fortnight)
		born = (edd - timedelta(days=BORN_EARLY_DAYS), edd + timedelta(days=BORN_LATE_DAYS))
		if keys:
			rules += [
				BlockingRule("surname key + expected date", "match_surname_edd", (
					_in(LAST_NAME_KEY, keys), _between(EXPECTED_DATE, *expected))),
				BlockingRule("surname key + born near the expected date", "match_surname_dob", (
					_in(LAST_NAME_KEY, keys), _between(DATE_OF_BIRTH, *born))),
			]  # fmt: skip
		if postcode:
			rules += [
				BlockingRule("postcode + expected date", "match_postcode_edd", (
					_in(POSTCODE, {postcode}), _between(EXPECTED_DATE, *expected))),
				BlockingRule("postcode + born near the expected date", "match_postcode_dob", (
					_in(POSTCODE, {postcode}), _between(DATE_OF_BIRTH, *born))),
			]  # fmt: skip

	if keys and not (dob or edd):
		# No date to narrow by: the names alone (bounded; the postcode rule below is narrower).
		rules.append(
			BlockingRule("both name keys (no date given)", "match_names_dob", (
				_in(LAST_NAME_KEY, keys), _in(FIRST_NAME_KEY, keys)))
		)  # fmt: skip
	if keys:
		rules.append(
			BlockingRule("both name keys + no date of birth", "match_names_dob", (
				_in(LAST_NAME_KEY, keys), _in(FIRST_NAME_KEY, keys), Condition(DATE_OF_BIRTH, is_null=True)))
		)  # fmt: skip
		if postcode:
			rules.append(
				BlockingRule("both name keys + postcode", "match_postcode_dob", (
					_in(POSTCODE, {postcode}), _in(LAST_NAME_KEY, keys), _in(FIRST_NAME_KEY, keys)))
			)  # fmt: skip
	return tuple(rules)
