"""Normalised names and postcodes, and the indexable keys a candidate search looks for.

`phonetic_key` and `normalise_postcode` give what is stored on each record; `name_keys` and
`candidate_dates` what a search for a new child looks for (see `smallchanges.rules.blocking`).
"""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import jellyfish
from nicknames import NickNamer

from smallchanges.rules.matching import PHONETIC_KEY_LENGTH, Person, as_date

# Words standing in for a name that is not known yet (unborn children, unnamed babies).
PLACEHOLDER_WORDS = frozenset(
	"unborn baby newborn infant unnamed unknown nk tbc tba not known of boy girl".split()
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


def name_tokens(text: str | None) -> tuple[str, ...]:
	"""The words of a name, without placeholder words ("Baby", "Unborn", "Not known")."""
	return tuple(word for word in normalise_name(text).split() if word not in PLACEHOLDER_WORDS)


_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def sound_code(letters: str) -> str:
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
	candidate search uses it; whether two names sound alike is judged on `sound_code`."""
	code = sound_code(letters)
	return _SILENT_P.sub("M", code) if letters.isascii() else code


@lru_cache(maxsize=65536)
def nysiis_code(letters: str) -> str:
	return jellyfish.nysiis(letters) if letters.isascii() else letters


def letters_of(tokens: Iterable[str]) -> str:
	return "".join(ch for ch in "".join(tokens) if ch.isalpha())


def phonetic_key(name: str | None) -> str:
	"""One short key (at most 8 characters) for a single first name or surname, equal for names that
	sound alike (Jayden/Jaden/Jaiden, Smith/Smyth, Mohammed/Muhammad). A name of several words is keyed
	as one word ("Mc Donald" = "McDonald"). "" for an empty or placeholder name ("Unborn")."""
	return _key(letters_of(name_tokens(name)))


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
	lookup = NickNamer.default_lookup()
	for full, short in EXTRA_NICKNAMES.items():
		lookup.setdefault(full, set()).update(short)
	return NickNamer(nickname_lookup=lookup)


@lru_cache(maxsize=16384)
def other_forms(name: str) -> frozenset[str]:
	"""Nicknames and full forms of one given name (one hop: Bill -> William, William -> Bill)."""
	namer = _nicknamer()
	forms = namer.nicknames_of(name) | namer.canonicals_of(name)
	return frozenset(letters_of(normalise_name(form).split()) for form in forms) - {"", name}


def name_keys(person: Person) -> set[str]:
	"""Every phonetic key that a candidate search for this child should look for: first name and
	surname (whole and each part), also-known-as names, and nicknames and full forms of given names."""
	keys: set[str] = set()
	given = [person.first_name, *person.also_known_as]
	for text in (*given, person.last_name):
		tokens = name_tokens(text)
		keys.add(_key(letters_of(tokens)))
		keys.update(_key(letters_of((token,))) for token in tokens)
	for text in given:
		for token in name_tokens(text):
			keys.update(_key(form) for form in other_forms(letters_of((token,))))
	keys.discard("")
	return keys


def candidate_dates(day: date | None, tolerance_days: int = 3) -> set[date]:
	"""Dates of birth worth fetching for `day`: itself, the day and month swapped (when the day is 12
	or less, so the swap is a real date) and every day up to `tolerance_days` either side."""
	if tolerance_days < 0:
		raise ValueError("tolerance_days must not be negative")
	day = as_date(day)
	if day is None:
		return set()
	dates = {day + timedelta(days=offset) for offset in range(-tolerance_days, tolerance_days + 1)}
	swapped = day_and_month_swapped(day)
	if swapped:
		dates.add(swapped)
	return dates


def day_and_month_swapped(day: date) -> date | None:
	if day.day > 12:
		return None
	try:
		return date(day.year, day.day, day.month)
	except ValueError:  # pragma: no cover - a day of 12 or less is always a valid month
		return None
