"""The judgement: a child's names, dates and postcode against another's, added up (`match`), and
the plausible duplicates among candidates, best first (`rank`)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TypeVar

from smallchanges.rules.matching import (
	FIRST_NAME_MISMATCH_DEDUCTION,
	POSSIBLE,
	POSSIBLE_THRESHOLD,
	REASON_RANK,
	STRONG,
	STRONG_THRESHOLD,
	SURNAME_MISMATCH_DEDUCTION,
	Match,
	Person,
)
from smallchanges.rules.matching.dates import compare_dates, compare_postcodes
from smallchanges.rules.matching.keys import normalise_postcode, postcode_area
from smallchanges.rules.matching.names import Form, Grade, Name, compare_names, forms_of, name_reasons

K = TypeVar("K")


@dataclass(frozen=True)
class Profile:
	"""A child as compared: names graded once, postcode normalised once."""

	first: Name | None
	last: Name | None
	forms: tuple[Form, ...]
	dob: date | None
	edd: date | None
	postcode: str
	area: str


@lru_cache(maxsize=8192)
def profile(person: Person) -> Profile:
	forms = forms_of(person)
	first, last, _alias = forms[0]
	return Profile(
		first=first,
		last=last,
		forms=forms,
		dob=person.date_of_birth,
		edd=person.expected_date,
		postcode=normalise_postcode(person.postcode),
		area=postcode_area(person.postcode),
	)


def match(new: Person, existing: Person) -> Match | None:
	"""How likely `existing` is the same child as `new`; None when not a plausible duplicate."""
	a, b = profile(new), profile(existing)
	names = compare_names(a.forms, b.forms)
	date_points, date_reason = compare_dates(a.dob, a.edd, b.dob, b.edd)
	postcode_points, postcode_reason = compare_postcodes(a.postcode, a.area, b.postcode, b.area)

	fully_named = all((a.first, a.last, b.first, b.last))
	if fully_named and names.points == 0:
		return None  # no part of any name agrees: a different child, whatever else is shared

	score = names.points + date_points + postcode_points
	if names.last == Grade.NONE and a.dob and b.dob:
		# Two born children whose surnames share nothing: still possible (surnames change), but
		# ranked below a child whose surname agrees (an unborn record may carry either parent's).
		score -= SURNAME_MISMATCH_DEDUCTION
	if names.first == Grade.NONE:  # both have a first name, and they differ (twins, siblings)
		score = min(score - FIRST_NAME_MISMATCH_DEDUCTION, STRONG_THRESHOLD - 1)
	score = max(0, min(100, score))
	if score < POSSIBLE_THRESHOLD:
		return None

	reasons = set(name_reasons(names))
	reasons.update(reason for reason in (date_reason, postcode_reason) if reason)
	return Match(
		score=score,
		strength=STRONG if score >= STRONG_THRESHOLD else POSSIBLE,
		reasons=tuple(sorted(reasons, key=REASON_RANK.__getitem__)),
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
