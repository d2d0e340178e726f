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
small table below of forms common in England that it lacks.

Known limits: twins given names that sound alike (Louis/Louise, Leo/Leah) look like one child spelt
two ways and can score "strong"; staff decide, as with every match.

Reason strings are fixed phrases wrapped in `_()` so the Frappe controller can translate them.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from functools import lru_cache
from typing import TypeVar

import jellyfish
from nicknames import NickNamer
from rapidfuzz.distance import OSA, JaroWinkler

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
_REASON_RANK = {reason: rank for rank, reason in enumerate(REASON_ORDER)}

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

# Words standing in for a name that is not known yet (unborn children, unnamed babies).
PLACEHOLDER_WORDS = frozenset(
	"unborn baby newborn infant unnamed unknown nk tbc tba not known of boy girl".split()
)
# Parts of a name too common to show that two multi-part names share a part.
NAME_PARTICLES = frozenset(
	(
		"al el bin ibn bint binti abu abd ul ud uddin ur "
		"van von der den de da di du la le del della dos das mac mc st"
	).split()
)

# Diminutives and spellings common in England that the `nicknames` dataset (1.0.1) does not link.
# Written for this module from everyday usage; each key is a full name, each value its short forms.
EXTRA_NICKNAMES: dict[str, frozenset[str]] = {
	"muhammad": frozenset({"mo", "moe", "md", "mohd", "muhd", "mhd"}),
	"mohammed": frozenset({"mo", "moe", "md", "mohd", "muhd", "mhd"}),
	"alfred": frozenset({"alfie", "freddie"}),
	"charlotte": frozenset({"charlie", "lottie"}),
	"olivia": frozenset({"liv", "livvy", "ollie"}),
	"isabella": frozenset({"izzy", "issy", "bella"}),
	"isabel": frozenset({"izzy", "issy", "bel"}),
	"isabelle": frozenset({"izzy", "issy", "belle"}),
	"isobel": frozenset({"izzy", "issy"}),
	"amelia": frozenset({"millie", "milly"}),
	"evelyn": frozenset({"evie"}),
	"alexandra": frozenset({"lexi", "lexie", "sasha", "alex", "ally"}),
	"alexander": frozenset({"sasha", "xander", "alex"}),
	"grace": frozenset({"gracie"}),
	"madison": frozenset({"maddie", "maddy"}),
	"madeleine": frozenset({"maddie", "maddy"}),
	"catherine": frozenset({"kate", "katie", "cathy", "cat", "kat"}),
	"katherine": frozenset({"katie", "kat"}),
	"eleanor": frozenset({"ellie", "nell", "nellie"}),
	"elizabeth": frozenset({"elsie"}),
	"william": frozenset({"liam"}),
	"nicola": frozenset({"nicky", "nikki"}),
	"francesca": frozenset({"frankie", "fran", "chessie"}),
	"georgia": frozenset({"georgie"}),
	"georgina": frozenset({"georgie", "gina"}),
	"matilda": frozenset({"tilly", "tillie", "tilda"}),
	"penelope": frozenset({"poppy", "penny"}),
	"leonardo": frozenset({"leo"}),
	"oscar": frozenset({"ozzy"}),
	"stanley": frozenset({"stan"}),
	"albert": frozenset({"bertie"}),
	"ibrahim": frozenset({"ibby"}),
	"abdullahi": frozenset({"abdi"}),
	"abdullah": frozenset({"abdi"}),
	"theodore": frozenset({"theo", "teddy"}),
	"archibald": frozenset({"archie"}),
	"frederick": frozenset({"freddie", "freddy", "fred"}),
}

K = TypeVar("K")


# ---------------------------------------------------------------------------------------------
# Values in and out


def _as_date(value: date | datetime | str | None) -> date | None:
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
		object.__setattr__(self, "date_of_birth", _as_date(self.date_of_birth))
		object.__setattr__(self, "expected_date", _as_date(self.expected_date))


@dataclass(frozen=True)
class Match:
	score: int  # 0..100
	strength: str  # "strong" or "possible"
	reasons: tuple[str, ...]  # plain English, most telling first


# ---------------------------------------------------------------------------------------------
# Normalisation

_APOSTROPHES = frozenset("'\u2018\u2019\u201b\u02bc\u02bb`\u00b4")
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTER_FOLDS = str.maketrans(
	{"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "\u0131": "i", "ħ": "h"}
)


@lru_cache(maxsize=65536)
def normalise_name(text: str | None) -> str:
	"""Lower-case words of letters and digits: accents dropped, apostrophes removed ("O'Brien" ->
	"obrien"), hyphens and other punctuation made spaces, whitespace collapsed. "" for None."""
	if not text:
		return ""
	folded = unicodedata.normalize("NFKD", str(text).casefold())
	folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_LETTER_FOLDS)
	kept = "".join("" if ch in _APOSTROPHES else ch if ch.isalnum() else " " for ch in folded)
	return " ".join(kept.split())


_FULL_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$")
_OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def _postcode_characters(text: str) -> str:
	return re.sub(r"[^A-Z0-9]", "", unicodedata.normalize("NFKC", str(text)).upper())


def normalise_postcode(text: str | None) -> str:
	"""A UK postcode in capitals without spaces ("e1 6an" -> "E16AN"); "" when empty or implausible.

	A letter O typed for the zero that starts the inward code ("SW1A OAA") is corrected."""
	if not text:
		return ""
	code = _postcode_characters(text)
	if _FULL_POSTCODE.match(code):
		return code
	if len(code) >= 5 and code[-3] == "O":
		corrected = code[:-3] + "0" + code[-2:]
		if _FULL_POSTCODE.match(corrected):
			return corrected
	return ""


def postcode_area(text: str | None) -> str:
	"""The outward code (district) of a postcode: "E1 6AN" -> "E1". An outward code given alone
	("SW1A") is returned as it is. "" if there is none."""
	full = normalise_postcode(text)
	if full:
		return full[:-3]
	code = _postcode_characters(text) if text else ""
	return code if _OUTWARD_CODE.match(code) else ""


def _name_tokens(text: str | None) -> tuple[str, ...]:
	"""The words of a name, without placeholder words ("Baby", "Unborn", "Not known")."""
	return tuple(word for word in normalise_name(text).split() if word not in PLACEHOLDER_WORDS)


_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def _code(letters: str) -> str:
	"""Metaphone of lower-case letters, with a consonantal Y after the first letter dropped and
	repeated code letters collapsed ("Jakcson" -> JKKSN -> JKSN, as "Jackson")."""
	if not letters:
		return ""
	if not letters.isascii():
		return letters.upper()[:PHONETIC_KEY_LENGTH]
	code = jellyfish.metaphone(letters)
	code = _REPEATS.sub(r"\1", code[:1] + code[1:].replace("Y", ""))
	return (code or letters.upper())[:PHONETIC_KEY_LENGTH]


_SILENT_P = re.compile(r"MP(?=[ST])")


@lru_cache(maxsize=65536)
def _key(letters: str) -> str:
	"""The indexable key of lower-case letters: their code, with the P between M and S or T dropped
	(written or not, it is rarely heard: Thompson/Thomson, Simpson/Simson, Sampson/Samson). Only the
	candidate search uses it; whether two names sound alike is judged on `_code`."""
	code = _code(letters)
	return _SILENT_P.sub("M", code) if letters.isascii() else code


@lru_cache(maxsize=65536)
def _nysiis(letters: str) -> str:
	return jellyfish.nysiis(letters) if letters.isascii() else letters


def _letters(tokens: Iterable[str]) -> str:
	return "".join(ch for ch in "".join(tokens) if ch.isalpha())


def phonetic_key(name: str | None) -> str:
	"""One short key (at most 8 characters) for a single first name or surname, equal for names that
	sound alike (Jayden/Jaden/Jaiden, Smith/Smyth, Mohammed/Muhammad). A name of several words is keyed
	as one word ("Mc Donald" = "McDonald"). "" for an empty or placeholder name ("Unborn")."""
	return _key(_letters(_name_tokens(name)))


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
	lookup = NickNamer.default_lookup()
	for full, short in EXTRA_NICKNAMES.items():
		lookup.setdefault(full, set()).update(short)
	return NickNamer(nickname_lookup=lookup)


@lru_cache(maxsize=16384)
def _other_forms(name: str) -> frozenset[str]:
	"""Nicknames and full forms of one given name (one hop: Bill -> William, William -> Bill)."""
	namer = _nicknamer()
	forms = namer.nicknames_of(name) | namer.canonicals_of(name)
	return frozenset(_letters(normalise_name(form).split()) for form in forms) - {"", name}


def name_keys(person: Person) -> set[str]:
	"""Every phonetic key that a candidate search for this child should look for: first name and
	surname (whole and each part), also-known-as names, and nicknames and full forms of given names."""
	keys: set[str] = set()
	given = [person.first_name, *person.also_known_as]
	for text in (*given, person.last_name):
		tokens = _name_tokens(text)
		keys.add(_key(_letters(tokens)))
		keys.update(_key(_letters((token,))) for token in tokens)
	for text in given:
		for token in _name_tokens(text):
			keys.update(_key(form) for form in _other_forms(_letters((token,))))
	keys.discard("")
	return keys


def candidate_dates(day: date | None, tolerance_days: int = 3) -> set[date]:
	"""Dates of birth worth fetching for `day`: itself, the day and month swapped (when the day is 12
	or less, so the swap is a real date) and every day up to `tolerance_days` either side."""
	if tolerance_days < 0:
		raise ValueError("tolerance_days must not be negative")
	day = _as_date(day)
	if day is None:
		return set()
	dates = {day + timedelta(days=offset) for offset in range(-tolerance_days, tolerance_days + 1)}
	swapped = _swapped(day)
	if swapped:
		dates.add(swapped)
	return dates


def _swapped(day: date) -> date | None:
	if day.day > 12:
		return None
	try:
		return date(day.year, day.day, day.month)
	except ValueError:  # pragma: no cover - a day of 12 or less is always a valid month
		return None


# ---------------------------------------------------------------------------------------------
# Names


class _Grade(Enum):
	EXACT = "exact"
	SOUNDS = "sounds alike"
	SPELT = "spelt similarly"
	PARTIAL = "shares a part"
	NICKNAME = "nickname"
	INITIAL = "initial"
	NONE = "none"
	UNKNOWN = "unknown"


_CLOSE = frozenset({_Grade.EXACT, _Grade.SOUNDS, _Grade.SPELT})

_FIRST_NAME_POINTS = {
	_Grade.EXACT: FIRST_NAME_SAME_POINTS,
	_Grade.SOUNDS: FIRST_NAME_SOUNDS_ALIKE_POINTS,
	_Grade.SPELT: FIRST_NAME_SPELT_SIMILARLY_POINTS,
	_Grade.PARTIAL: FIRST_NAME_SHARED_PART_POINTS,
	_Grade.NICKNAME: FIRST_NAME_NICKNAME_POINTS,
	_Grade.INITIAL: FIRST_INITIAL_POINTS,
}
_SURNAME_POINTS = {
	_Grade.EXACT: SURNAME_SAME_POINTS,
	_Grade.SOUNDS: SURNAME_SOUNDS_ALIKE_POINTS,
	_Grade.SPELT: SURNAME_SPELT_SIMILARLY_POINTS,
	_Grade.PARTIAL: SURNAME_SHARED_PART_POINTS,
}
_FIRST_NAME_REASONS = {
	_Grade.EXACT: SAME_FIRST_NAME,
	_Grade.SOUNDS: FIRST_NAME_SOUNDS_ALIKE,
	_Grade.SPELT: FIRST_NAME_SPELT_SIMILARLY,
	_Grade.PARTIAL: SHARES_GIVEN_NAME,
	_Grade.NICKNAME: KNOWN_BY_ANOTHER_NAME,
	_Grade.INITIAL: SAME_FIRST_INITIAL,
}
_SURNAME_REASONS = {
	_Grade.EXACT: SAME_SURNAME,
	_Grade.SOUNDS: SURNAME_SOUNDS_ALIKE,
	_Grade.SPELT: SURNAME_SPELT_SIMILARLY,
	_Grade.PARTIAL: SHARES_SURNAME_PART,
}


@dataclass(frozen=True)
class _Name:
	"""One name (given names or a surname) as words and as one run of letters."""

	tokens: tuple[str, ...]
	letters: str


def _name(text: str | None) -> _Name | None:
	tokens = _name_tokens(text)
	letters = _letters(tokens)
	return _Name(tokens, letters) if letters else None


@lru_cache(maxsize=65536)
def _sounds_alike(a: str, b: str) -> bool:
	if a == b:
		return True
	if min(len(a), len(b)) < 2:
		return False
	if JaroWinkler.normalized_similarity(a, b) < SOUNDS_ALIKE_MIN_JARO_WINKLER:
		return False
	code = _code(a)
	if code and code == _code(b):
		return True
	nysiis = _nysiis(a)
	return bool(nysiis) and nysiis == _nysiis(b)


def _spelt_alike(a: str, b: str) -> bool:
	shortest = min(len(a), len(b))
	if shortest < SPELLING_MIN_LENGTH:
		return False
	slips = 2 if shortest >= SPELLING_TWO_SLIPS_MIN_LENGTH else 1
	return OSA.distance(a, b, score_cutoff=slips) <= slips


@lru_cache(maxsize=65536)
def _nicknamed(a: str, b: str) -> bool:
	if len(a) < 2 or len(b) < 2:
		return False
	forms_a, forms_b = _other_forms(a), _other_forms(b)
	if b in forms_a or a in forms_b:
		return True
	return any(_sounds_alike(form, b) for form in forms_a) or any(_sounds_alike(form, a) for form in forms_b)


def _parts_alike(a: str, b: str) -> bool:
	if len(a) < 3 or len(b) < 3 or a in NAME_PARTICLES or b in NAME_PARTICLES:
		return False
	return a == b or _sounds_alike(a, b) or _spelt_alike(a, b)


@lru_cache(maxsize=65536)
def _grade(a: _Name | None, b: _Name | None, given: bool) -> _Grade:
	"""How far two given names (given=True) or two surnames agree."""
	if a is None or b is None:
		return _Grade.UNKNOWN
	if min(len(a.letters), len(b.letters)) == 1:
		return _Grade.INITIAL if given and a.letters[0] == b.letters[0] else _Grade.NONE
	if a.letters == b.letters or sorted(a.tokens) == sorted(b.tokens):
		return _Grade.EXACT
	if _sounds_alike(a.letters, b.letters):
		return _Grade.SOUNDS
	if _spelt_alike(a.letters, b.letters):
		return _Grade.SPELT
	if given and any(_nicknamed(x, y) for x in a.tokens for y in b.tokens):
		return _Grade.NICKNAME
	if (len(a.tokens) > 1 or len(b.tokens) > 1) and any(
		_parts_alike(x, y) for x in a.tokens for y in b.tokens
	):
		return _Grade.PARTIAL
	return _Grade.NONE


@dataclass(frozen=True)
class _Profile:
	first: _Name | None
	last: _Name | None
	forms: tuple[tuple[_Name | None, _Name | None, bool], ...]  # (given names, surname, is an alias)
	dob: date | None
	edd: date | None
	postcode: str
	area: str


@lru_cache(maxsize=8192)
def _profile(person: Person) -> _Profile:
	first, last = _name(person.first_name), _name(person.last_name)
	forms = [(first, last, False)]
	for alias in person.also_known_as:
		tokens = _name_tokens(alias)
		if not tokens:
			continue
		forms.append((_name(" ".join(tokens)), last, True))  # another first name
		if len(tokens) > 1:
			forms.append((_name(" ".join(tokens[:-1])), _name(tokens[-1]), True))  # another full name
		else:
			forms.append((first, _name(tokens[0]), True))  # another surname
	unique = tuple(dict.fromkeys(forms))
	return _Profile(
		first=first,
		last=last,
		forms=unique,
		dob=person.date_of_birth,
		edd=person.expected_date,
		postcode=normalise_postcode(person.postcode),
		area=postcode_area(person.postcode),
	)


@dataclass(frozen=True)
class _NameResult:
	points: int
	first: _Grade
	last: _Grade
	swapped: bool
	alias: bool


def _compare_names(new: _Profile, existing: _Profile) -> _NameResult:
	best: _NameResult | None = None
	best_rank = (-1, False, 0)
	for new_first, new_last, new_alias in new.forms:
		for old_first, old_last, old_alias in existing.forms:
			alias = new_alias or old_alias
			first = _grade(new_first, old_first, True)
			last = _grade(new_last, old_last, False)
			points = _FIRST_NAME_POINTS.get(first, 0) + _SURNAME_POINTS.get(last, 0)
			rank = (points, not alias, 1)
			if rank > best_rank:
				best, best_rank = _NameResult(points, first, last, False, alias), rank
			# Names entered the wrong way round: both crossed pairs must agree closely.
			crossed_first = _grade(new_last, old_first, False)
			crossed_last = _grade(new_first, old_last, False)
			if crossed_first in _CLOSE and crossed_last in _CLOSE:
				points = (
					_FIRST_NAME_POINTS[crossed_first]
					+ _SURNAME_POINTS[crossed_last]
					- NAMES_SWAPPED_DEDUCTION
				)
				rank = (points, not alias, 0)
				if rank > best_rank:
					best, best_rank = _NameResult(points, crossed_first, crossed_last, True, alias), rank
	assert best is not None  # the child's own name is always one of the forms
	return best


def _name_reasons(result: _NameResult) -> list[str]:
	reasons = []
	if result.swapped:
		reasons.append(NAMES_SWAPPED)
	if result.alias:
		reasons.append(KNOWN_BY_ANOTHER_NAME)
	if result.first in _CLOSE and result.last in _CLOSE:
		if result.first == result.last == _Grade.EXACT:
			if not (result.swapped or result.alias):
				reasons.append(SAME_NAME)
		else:
			if _Grade.SOUNDS in (result.first, result.last):
				reasons.append(NAME_SOUNDS_ALIKE)
			if _Grade.SPELT in (result.first, result.last):
				reasons.append(NAME_SPELT_SIMILARLY)
	else:
		reasons.append(_FIRST_NAME_REASONS.get(result.first, ""))
		reasons.append(_SURNAME_REASONS.get(result.last, ""))
	return [reason for reason in reasons if reason]


# ---------------------------------------------------------------------------------------------
# Dates and postcodes


def _one_digit_apart(a: date, b: date) -> bool:
	return sum(x != y for x, y in zip(a.isoformat(), b.isoformat(), strict=True)) == 1


def _compare_dates_of_birth(a: date, b: date) -> tuple[int, str | None]:
	apart = abs((a - b).days)
	if apart == 0:
		return SAME_DATE_OF_BIRTH_POINTS, SAME_DATE_OF_BIRTH
	if _swapped(a) == b:
		return DAY_AND_MONTH_SWAPPED_POINTS, DAY_AND_MONTH_SWAPPED
	if apart <= DATE_OF_BIRTH_TOLERANCE_DAYS:
		return DATE_OF_BIRTH_WITHIN_DAYS_POINTS, DATE_OF_BIRTH_WITHIN_DAYS
	if len(a.isoformat()) == len(b.isoformat()) and _one_digit_apart(a, b):
		return DATE_OF_BIRTH_ONE_DIGIT_POINTS, DATE_OF_BIRTH_ONE_DIGIT
	if apart <= DATE_OF_BIRTH_NEUTRAL_DAYS:
		return 0, None
	return DATE_CONFLICT_POINTS, None


def _compare_expected_dates(a: date, b: date) -> tuple[int, str | None]:
	apart = abs((a - b).days)
	if apart == 0:
		return SAME_EXPECTED_DATE_POINTS, SAME_EXPECTED_DATE
	if apart <= EXPECTED_DATE_TOLERANCE_DAYS:
		return EXPECTED_DATE_WITHIN_POINTS, EXPECTED_DATE_WITHIN_TWO_WEEKS
	if apart <= EXPECTED_DATE_NEUTRAL_DAYS:
		return 0, None
	return DATE_CONFLICT_POINTS, None


def _compare_birth_with_expected(born: date, expected: date) -> tuple[int, str | None]:
	offset = (born - expected).days
	if -BORN_EARLY_DAYS <= offset <= BORN_LATE_DAYS:
		return BORN_NEAR_EXPECTED_DATE_POINTS, BORN_NEAR_EXPECTED_DATE
	if -BORN_EARLY_NEUTRAL_DAYS <= offset <= BORN_LATE_NEUTRAL_DAYS:
		return 0, None
	return DATE_CONFLICT_POINTS, None


def _compare_dates(new: _Profile, existing: _Profile) -> tuple[int, str | None]:
	if new.dob and existing.dob:
		return _compare_dates_of_birth(new.dob, existing.dob)
	if new.edd and existing.edd:
		return _compare_expected_dates(new.edd, existing.edd)
	if new.edd and existing.dob:
		return _compare_birth_with_expected(existing.dob, new.edd)
	if new.dob and existing.edd:
		return _compare_birth_with_expected(new.dob, existing.edd)
	return 0, None


def _compare_postcodes(new: _Profile, existing: _Profile) -> tuple[int, str | None]:
	if new.postcode and new.postcode == existing.postcode:
		return SAME_POSTCODE_POINTS, SAME_POSTCODE
	if new.area and new.area == existing.area:
		return SAME_POSTCODE_AREA_POINTS, SAME_POSTCODE_AREA
	return 0, None


# ---------------------------------------------------------------------------------------------
# Judgement


def match(new: Person, existing: Person) -> Match | None:
	"""How likely `existing` is the same child as `new`; None when not a plausible duplicate."""
	a, b = _profile(new), _profile(existing)
	names = _compare_names(a, b)
	date_points, date_reason = _compare_dates(a, b)
	postcode_points, postcode_reason = _compare_postcodes(a, b)

	fully_named = all((a.first, a.last, b.first, b.last))
	if fully_named and names.points == 0:
		return None  # no part of any name agrees: a different child, whatever else is shared

	score = names.points + date_points + postcode_points
	if names.last == _Grade.NONE and a.dob and b.dob:
		# Two born children whose surnames share nothing: still possible (surnames change), but
		# ranked below a child whose surname agrees (an unborn record may carry either parent's).
		score -= SURNAME_MISMATCH_DEDUCTION
	if names.first == _Grade.NONE:  # both have a first name, and they differ (twins, siblings)
		score = min(score - FIRST_NAME_MISMATCH_DEDUCTION, STRONG_THRESHOLD - 1)
	score = max(0, min(100, score))
	if score < POSSIBLE_THRESHOLD:
		return None

	reasons = set(_name_reasons(names))
	reasons.update(reason for reason in (date_reason, postcode_reason) if reason)
	return Match(
		score=score,
		strength=STRONG if score >= STRONG_THRESHOLD else POSSIBLE,
		reasons=tuple(sorted(reasons, key=_REASON_RANK.__getitem__)),
	)


def rank(new: Person, candidates: Iterable[tuple[K, Person]]) -> list[tuple[K, Match]]:
	"""The plausible duplicates among `candidates` (pairs of the caller's key and a Person), best
	first; candidates with equal scores keep their given order."""
	found = []
	for key, person in candidates:
		result = match(new, person)
		if result is not None:
			found.append((key, result))
	found.sort(key=lambda pair: -pair[1].score)
	return found
