"""Duplicate detection for children named on a new referral.

At intake each child on a new referral is compared with existing child records and with children on
open referrals. The result is a ranked list of plausible duplicates, each with a score, a strength and
plain-English reasons for staff ("same date of birth", "name sounds alike", "same postcode"). It is
stored for triage; nothing is ever merged automatically. Pure Python: no Frappe import, plain values
in and plain values out.

Finding candidates (the caller's database query) and judging them (`match`) are separate:

- `phonetic_key` gives one short, indexable string per name (Metaphone from `jellyfish`, with a
  non-initial consonantal "Y" dropped so Ryan/Rian and Aisha/Ayesha agree, repeated code letters
  collapsed so Jackson/Jakcson agree, and the P that English spelling adds or leaves out between M and
  S or T dropped so Thompson/Thomson and Simpson/Simson agree). The caller stores
  `phonetic_key(first_name)`, `phonetic_key(last_name)`, the date of birth and
  `normalise_postcode(postcode)` on each record, and fetches the records that the narrow blocking
  rules of `smallchanges.rules.blocking` select (each a combination of two or three of: a key in
  `name_keys(new)`, a date of birth in `candidate_dates(new.date_of_birth)` or another date window,
  the postcode). `name_keys` covers each whole name, each part of a double-barrelled or multi-part
  name, also-known-as names and the nickname/full forms of given names, so it finds at least what
  the key of a stored name can match.
- `match` does the real judgement with additive scoring. Every weight is a named constant below.

The package follows those two steps: this module holds what goes in and out (`Person`, `Match`), the
reasons and every weight; `keys` the normalisation and the indexable keys; `names` and `dates` how
far two names, and two dates or postcodes, agree; `score` adds them up (`match`, `rank`).

Scoring (points are added up, then the result is clamped to 0..100):

    date of birth: same 40; day and month swapped 30; within 3 days 25; differs by one digit 15;
        up to a month out 0; further apart -20
    expected date of delivery (both unborn): same 40; within 14 days 30; within 60 days 0; else -20
    born child against an unborn record: born 28 days before to 14 days after the expected date 30;
        120 days before to 42 days after 0; otherwise -20
    first name: same 25; sounds alike 20; spelt nearly the same 20; shares a first or middle name 20;
        nickname (Bill ~ William, Mo ~ Mohammed) 18; only an initial that agrees 3
    surname: same 25; sounds alike 20; spelt nearly the same 20; shares part of a double-barrelled
        surname 20
    first and last names swapped: the crossed names score as above, less 5
    also-known-as names on either side are tried as other names for the child (no deduction)
    postcode: same 15; same outward code ("same postcode area") 5; a different postcode costs nothing,
        because families move

Thresholds: 70 or more is "strong"; 45 to 69 is "possible"; below 45 is not a plausible duplicate and
`match` returns None. Three guards keep families and strangers apart:

- When both children have a first name and the names do not agree at all, even through a nickname,
  an also-known-as name or an initial, 10 points are taken off and the score is capped at 69, so
  twins (same surname, date of birth and postcode) are at most "possible", never "strong".
- When both children are fully named and no part of any name agrees, there is no match, whatever the
  dates and postcode say.
- When both children are born and no part of their surnames agrees, 15 points are taken off: still
  "possible" with the same first name and date of birth (surnames change), but below a child whose
  surname agrees, such as a newborn's pre-birth record (which may carry either parent's surname, so
  an unborn record is not marked down). At a council's volume several children share a popular first
  name and a birthday; without this they outranked the newborn's own record.

Placeholder first names used for unborn children ("Unborn", "Baby", "Baby of ...") count as no name.
A name that is only an initial never counts as the same name. Names are compared accent- and
case-blind ("Zoë" = "zoe"), with hyphens and apostrophes ignored ("Clarke-Jones" = "Clarke Jones",
"O'Brien" = "OBrien").

Sounds alike means: equal Metaphone or NYSIIS codes (`jellyfish`) and a Jaro-Winkler similarity of at
least 0.65 (`rapidfuzz`), which stops short codes from pairing unlike names (Lucy/Lisa). Spelt nearly
the same means one typing slip (insertion, deletion, substitution or swap of two neighbouring letters)
in names of five letters or more, two slips from eight letters (`rapidfuzz` OSA distance). Nicknames
come from the `nicknames` package (Carlton Northern's hand-curated English names dataset) plus a
small table (in `keys`) of forms common in England that it lacks.

Known limits: twins given names that sound alike (Louis/Louise, Leo/Leah) look like one child spelt
two ways and can score "strong"; staff decide, as with every match.

Reason strings are fixed phrases wrapped in `_()` so the Frappe controller can translate them.
"""

from dataclasses import dataclass
from datetime import date, datetime

from smallchanges.rules.translation import _

# Reasons shown to staff, most telling first: `Match.reasons` always follows this order.
SAME_NAME = _("same name")
SAME_DATE_OF_BIRTH = _("same date of birth")
SAME_EXPECTED_DATE = _("same expected date of delivery")
NAMES_SWAPPED = _("first and last names swapped")
KNOWN_BY_ANOTHER_NAME = _("known by another name")
NAME_SOUNDS_ALIKE = _("name sounds alike")
NAME_SPELT_SIMILARLY = _("name spelt similarly")
DAY_AND_MONTH_SWAPPED = _("day and month of birth swapped")
BORN_NEAR_EXPECTED_DATE = _("born near the expected date of delivery")
EXPECTED_DATE_WITHIN_TWO_WEEKS = _("expected date of delivery within two weeks")
DATE_OF_BIRTH_WITHIN_DAYS = _("date of birth within a few days")
DATE_OF_BIRTH_ONE_DIGIT = _("date of birth differs by one digit")
SAME_SURNAME = _("same surname")
SAME_FIRST_NAME = _("same first name")
SURNAME_SOUNDS_ALIKE = _("surname sounds alike")
SURNAME_SPELT_SIMILARLY = _("surname spelt similarly")
FIRST_NAME_SOUNDS_ALIKE = _("first name sounds alike")
FIRST_NAME_SPELT_SIMILARLY = _("first name spelt similarly")
SHARES_SURNAME_PART = _("shares part of a double-barrelled surname")
SHARES_GIVEN_NAME = _("shares a first or middle name")
SAME_FIRST_INITIAL = _("same first initial")
SAME_POSTCODE = _("same postcode")
SAME_POSTCODE_AREA = _("same postcode area")

REASON_ORDER: tuple[str, ...] = (
	SAME_NAME,
	SAME_DATE_OF_BIRTH,
	SAME_EXPECTED_DATE,
	NAMES_SWAPPED,
	KNOWN_BY_ANOTHER_NAME,
	NAME_SOUNDS_ALIKE,
	NAME_SPELT_SIMILARLY,
	DAY_AND_MONTH_SWAPPED,
	BORN_NEAR_EXPECTED_DATE,
	EXPECTED_DATE_WITHIN_TWO_WEEKS,
	DATE_OF_BIRTH_WITHIN_DAYS,
	DATE_OF_BIRTH_ONE_DIGIT,
	SAME_SURNAME,
	SAME_FIRST_NAME,
	SURNAME_SOUNDS_ALIKE,
	SURNAME_SPELT_SIMILARLY,
	FIRST_NAME_SOUNDS_ALIKE,
	FIRST_NAME_SPELT_SIMILARLY,
	SHARES_SURNAME_PART,
	SHARES_GIVEN_NAME,
	SAME_FIRST_INITIAL,
	SAME_POSTCODE,
	SAME_POSTCODE_AREA,
)
KNOWN_REASONS = frozenset(REASON_ORDER)
REASON_RANK = {reason: rank for rank, reason in enumerate(REASON_ORDER)}

STRONG = "strong"
POSSIBLE = "possible"

# Thresholds on the final score.
STRONG_THRESHOLD = 70
POSSIBLE_THRESHOLD = 45

# Dates of birth.
SAME_DATE_OF_BIRTH_POINTS = 40
DAY_AND_MONTH_SWAPPED_POINTS = 30
DATE_OF_BIRTH_WITHIN_DAYS_POINTS = 25
DATE_OF_BIRTH_ONE_DIGIT_POINTS = 15
DATE_OF_BIRTH_TOLERANCE_DAYS = 3
DATE_OF_BIRTH_NEUTRAL_DAYS = 31  # further apart than this (and no other rule fits): a different child

# Expected dates of delivery (unborn children).
SAME_EXPECTED_DATE_POINTS = 40
EXPECTED_DATE_WITHIN_POINTS = 30
EXPECTED_DATE_TOLERANCE_DAYS = 14
EXPECTED_DATE_NEUTRAL_DAYS = 60  # scans revise due dates; beyond two months it is another pregnancy

# A born child against an unborn record: born this many days before/after the expected date.
BORN_NEAR_EXPECTED_DATE_POINTS = 30
BORN_EARLY_DAYS = 28
BORN_LATE_DAYS = 14
BORN_EARLY_NEUTRAL_DAYS = 120  # very premature births: no evidence either way
BORN_LATE_NEUTRAL_DAYS = 42

# Dates that cannot belong to one child.
DATE_CONFLICT_POINTS = -20

# Names.
FIRST_NAME_SAME_POINTS = 25
FIRST_NAME_SOUNDS_ALIKE_POINTS = 20
FIRST_NAME_SPELT_SIMILARLY_POINTS = 20
FIRST_NAME_SHARED_PART_POINTS = 20
FIRST_NAME_NICKNAME_POINTS = 18
FIRST_INITIAL_POINTS = 3
SURNAME_SAME_POINTS = 25
SURNAME_SOUNDS_ALIKE_POINTS = 20
SURNAME_SPELT_SIMILARLY_POINTS = 20
SURNAME_SHARED_PART_POINTS = 20
NAMES_SWAPPED_DEDUCTION = 5
SURNAME_MISMATCH_DEDUCTION = 15  # born children only: see `match`
FIRST_NAME_MISMATCH_DEDUCTION = 10  # and the score is capped below STRONG_THRESHOLD (twins)

# Postcodes.
SAME_POSTCODE_POINTS = 15
SAME_POSTCODE_AREA_POINTS = 5

# Name similarity settings.
SOUNDS_ALIKE_MIN_JARO_WINKLER = 0.65
SPELLING_MIN_LENGTH = 5  # one slip allowed from this length
SPELLING_TWO_SLIPS_MIN_LENGTH = 8
PHONETIC_KEY_LENGTH = 8


# ---------------------------------------------------------------------------------------------
# Values in and out


def as_date(value: date | datetime | str | None) -> date | None:
	if value is None or value == "":
		return None
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	if isinstance(value, str):
		return date.fromisoformat(value.strip()[:10])
	raise TypeError(f"expected a date, not {type(value).__name__}")


@dataclass(frozen=True)
class Person:
	"""A child as the matcher sees them. Dates may also be given as ISO strings or datetimes."""

	first_name: str
	last_name: str
	also_known_as: tuple[str, ...] = ()  # other names the child is known by (full names or first names)
	date_of_birth: date | None = None
	expected_date: date | None = None  # expected date of delivery, for an unborn child
	postcode: str | None = None

	def __post_init__(self):
		aka = self.also_known_as
		if aka is None:
			aka = ()
		elif isinstance(aka, str):
			aka = (aka,)
		object.__setattr__(self, "also_known_as", tuple(name for name in aka if name))
		object.__setattr__(self, "date_of_birth", as_date(self.date_of_birth))
		object.__setattr__(self, "expected_date", as_date(self.expected_date))


@dataclass(frozen=True)
class Match:
	score: int  # 0..100
	strength: str  # "strong" or "possible"
	reasons: tuple[str, ...]  # plain English, most telling first
