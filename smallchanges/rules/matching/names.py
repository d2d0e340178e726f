"""How far two names agree: the same, sounding alike, spelt alike, a nickname, a shared part."""

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from smallchanges.rules.matching import (
	FIRST_INITIAL_POINTS,
	FIRST_NAME_NICKNAME_POINTS,
	FIRST_NAME_SAME_POINTS,
	FIRST_NAME_SHARED_PART_POINTS,
	FIRST_NAME_SOUNDS_ALIKE,
	FIRST_NAME_SOUNDS_ALIKE_POINTS,
	FIRST_NAME_SPELT_SIMILARLY,
	FIRST_NAME_SPELT_SIMILARLY_POINTS,
	KNOWN_BY_ANOTHER_NAME,
	NAME_SOUNDS_ALIKE,
	NAME_SPELT_SIMILARLY,
	NAMES_SWAPPED,
	NAMES_SWAPPED_DEDUCTION,
	SAME_FIRST_INITIAL,
	SAME_FIRST_NAME,
	SAME_NAME,
	SAME_SURNAME,
	SHARES_GIVEN_NAME,
	SHARES_SURNAME_PART,
	SOUNDS_ALIKE_MIN_JARO_WINKLER,
	SPELLING_MIN_LENGTH,
	SPELLING_TWO_SLIPS_MIN_LENGTH,
	SURNAME_SAME_POINTS,
	SURNAME_SHARED_PART_POINTS,
	SURNAME_SOUNDS_ALIKE,
	SURNAME_SOUNDS_ALIKE_POINTS,
	SURNAME_SPELT_SIMILARLY,
	SURNAME_SPELT_SIMILARLY_POINTS,
	Person,
)
from smallchanges.rules.matching.keys import letters_of, name_tokens, nysiis_code, other_forms, sound_code

# Parts of a name too common to show that two multi-part names share a part.
NAME_PARTICLES = frozenset(
	(
		"al el bin ibn bint binti abu abd ul ud uddin ur "
		"van von der den de da di du la le del della dos das mac mc st"
	).split()
)


class Grade(Enum):
	EXACT = "exact"
	SOUNDS = "sounds alike"
	SPELT = "spelt similarly"
	PARTIAL = "shares a part"
	NICKNAME = "nickname"
	INITIAL = "initial"
	NONE = "none"
	UNKNOWN = "unknown"


CLOSE = frozenset({Grade.EXACT, Grade.SOUNDS, Grade.SPELT})

FIRST_NAME_GRADE_POINTS = {
	Grade.EXACT: FIRST_NAME_SAME_POINTS,
	Grade.SOUNDS: FIRST_NAME_SOUNDS_ALIKE_POINTS,
	Grade.SPELT: FIRST_NAME_SPELT_SIMILARLY_POINTS,
	Grade.PARTIAL: FIRST_NAME_SHARED_PART_POINTS,
	Grade.NICKNAME: FIRST_NAME_NICKNAME_POINTS,
	Grade.INITIAL: FIRST_INITIAL_POINTS,
}
SURNAME_GRADE_POINTS = {
	Grade.EXACT: SURNAME_SAME_POINTS,
	Grade.SOUNDS: SURNAME_SOUNDS_ALIKE_POINTS,
	Grade.SPELT: SURNAME_SPELT_SIMILARLY_POINTS,
	Grade.PARTIAL: SURNAME_SHARED_PART_POINTS,
}
_FIRST_NAME_REASONS = {
	Grade.EXACT: SAME_FIRST_NAME,
	Grade.SOUNDS: FIRST_NAME_SOUNDS_ALIKE,
	Grade.SPELT: FIRST_NAME_SPELT_SIMILARLY,
	Grade.PARTIAL: SHARES_GIVEN_NAME,
	Grade.NICKNAME: KNOWN_BY_ANOTHER_NAME,
	Grade.INITIAL: SAME_FIRST_INITIAL,
}
_SURNAME_REASONS = {
	Grade.EXACT: SAME_SURNAME,
	Grade.SOUNDS: SURNAME_SOUNDS_ALIKE,
	Grade.SPELT: SURNAME_SPELT_SIMILARLY,
	Grade.PARTIAL: SHARES_SURNAME_PART,
}


@dataclass(frozen=True)
class Name:
	"""One name (given names or a surname) as words and as one run of letters."""

	tokens: tuple[str, ...]
	letters: str


def name_of(text: str | None) -> Name | None:
	tokens = name_tokens(text)
	letters = letters_of(tokens)
	return Name(tokens, letters) if letters else None


@lru_cache(maxsize=65536)
def _sounds_alike(a: str, b: str) -> bool:
	if a == b:
		return True
	if min(len(a), len(b)) < 2:
		return False
	if JaroWinkler.normalized_similarity(a, b) < SOUNDS_ALIKE_MIN_JARO_WINKLER:
		return False
	code = sound_code(a)
	if code and code == sound_code(b):
		return True
	nysiis = nysiis_code(a)
	return bool(nysiis) and nysiis == nysiis_code(b)


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
	forms_a, forms_b = other_forms(a), other_forms(b)
	if b in forms_a or a in forms_b:
		return True
	return any(_sounds_alike(form, b) for form in forms_a) or any(_sounds_alike(form, a) for form in forms_b)


def _parts_alike(a: str, b: str) -> bool:
	if len(a) < 3 or len(b) < 3 or a in NAME_PARTICLES or b in NAME_PARTICLES:
		return False
	return a == b or _sounds_alike(a, b) or _spelt_alike(a, b)


@lru_cache(maxsize=65536)
def _grade(a: Name | None, b: Name | None, given: bool) -> Grade:
	"""How far two given names (given=True) or two surnames agree."""
	if a is None or b is None:
		return Grade.UNKNOWN
	if min(len(a.letters), len(b.letters)) == 1:
		return Grade.INITIAL if given and a.letters[0] == b.letters[0] else Grade.NONE
	if a.letters == b.letters or sorted(a.tokens) == sorted(b.tokens):
		return Grade.EXACT
	if _sounds_alike(a.letters, b.letters):
		return Grade.SOUNDS
	if _spelt_alike(a.letters, b.letters):
		return Grade.SPELT
	if given and any(_nicknamed(x, y) for x in a.tokens for y in b.tokens):
		return Grade.NICKNAME
	if (len(a.tokens) > 1 or len(b.tokens) > 1) and any(
		_parts_alike(x, y) for x in a.tokens for y in b.tokens
	):
		return Grade.PARTIAL
	return Grade.NONE


# (given names, surname, whether it is an also-known-as form)
Form = tuple[Name | None, Name | None, bool]


def forms_of(person: Person) -> tuple[Form, ...]:
	"""The child's own name first, then each also-known-as name as another first name and as
	another full name (or, when one word, another surname)."""
	first, last = name_of(person.first_name), name_of(person.last_name)
	forms = [(first, last, False)]
	for alias in person.also_known_as:
		tokens = name_tokens(alias)
		if not tokens:
			continue
		forms.append((name_of(" ".join(tokens)), last, True))  # another first name
		if len(tokens) > 1:
			forms.append((name_of(" ".join(tokens[:-1])), name_of(tokens[-1]), True))  # another full name
		else:
			forms.append((first, name_of(tokens[0]), True))  # another surname
	return tuple(dict.fromkeys(forms))


@dataclass(frozen=True)
class NameResult:
	points: int
	first: Grade
	last: Grade
	swapped: bool
	alias: bool


def compare_names(new: tuple[Form, ...], existing: tuple[Form, ...]) -> NameResult:
	"""The best agreement between any form of one child's name and any form of the other's."""
	best: NameResult | None = None
	best_rank = (-1, False, 0)
	for new_first, new_last, new_alias in new:
		for old_first, old_last, old_alias in existing:
			alias = new_alias or old_alias
			first = _grade(new_first, old_first, True)
			last = _grade(new_last, old_last, False)
			points = FIRST_NAME_GRADE_POINTS.get(first, 0) + SURNAME_GRADE_POINTS.get(last, 0)
			rank = (points, not alias, 1)
			if rank > best_rank:
				best, best_rank = NameResult(points, first, last, False, alias), rank
			# Names entered the wrong way round: both crossed pairs must agree closely.
			crossed_first = _grade(new_last, old_first, False)
			crossed_last = _grade(new_first, old_last, False)
			if crossed_first in CLOSE and crossed_last in CLOSE:
				points = (
					FIRST_NAME_GRADE_POINTS[crossed_first]
					+ SURNAME_GRADE_POINTS[crossed_last]
					- NAMES_SWAPPED_DEDUCTION
				)
				rank = (points, not alias, 0)
				if rank > best_rank:
					best, best_rank = NameResult(points, crossed_first, crossed_last, True, alias), rank
	assert best is not None  # the child's own name is always one of the forms
	return best


def name_reasons(result: NameResult) -> list[str]:
	reasons = []
	if result.swapped:
		reasons.append(NAMES_SWAPPED)
	if result.alias:
		reasons.append(KNOWN_BY_ANOTHER_NAME)
	if result.first in CLOSE and result.last in CLOSE:
		if result.first == result.last == Grade.EXACT:
			if not (result.swapped or result.alias):
				reasons.append(SAME_NAME)
		else:
			if Grade.SOUNDS in (result.first, result.last):
				reasons.append(NAME_SOUNDS_ALIKE)
			if Grade.SPELT in (result.first, result.last):
				reasons.append(NAME_SPELT_SIMILARLY)
	else:
		reasons.append(_FIRST_NAME_REASONS.get(result.first, ""))
		reasons.append(_SURNAME_REASONS.get(result.last, ""))
	return [reason for reason in reasons if reason]
