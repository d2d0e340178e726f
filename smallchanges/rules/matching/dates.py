"""How far two children's dates agree (dates of birth, expected dates of delivery, one against the
other), and their postcodes. Each comparison gives its points and its reason (None for none)."""

from datetime import date

from smallchanges.rules.matching import (
	BORN_EARLY_DAYS,
	BORN_EARLY_NEUTRAL_DAYS,
	BORN_LATE_DAYS,
	BORN_LATE_NEUTRAL_DAYS,
	BORN_NEAR_EXPECTED_DATE,
	BORN_NEAR_EXPECTED_DATE_POINTS,
	DATE_CONFLICT_POINTS,
	DATE_OF_BIRTH_NEUTRAL_DAYS,
	DATE_OF_BIRTH_ONE_DIGIT,
	DATE_OF_BIRTH_ONE_DIGIT_POINTS,
	DATE_OF_BIRTH_TOLERANCE_DAYS,
	DATE_OF_BIRTH_WITHIN_DAYS,
	DATE_OF_BIRTH_WITHIN_DAYS_POINTS,
	DAY_AND_MONTH_SWAPPED,
	DAY_AND_MONTH_SWAPPED_POINTS,
	EXPECTED_DATE_NEUTRAL_DAYS,
	EXPECTED_DATE_TOLERANCE_DAYS,
	EXPECTED_DATE_WITHIN_POINTS,
	EXPECTED_DATE_WITHIN_TWO_WEEKS,
	SAME_DATE_OF_BIRTH,
	SAME_DATE_OF_BIRTH_POINTS,
	SAME_EXPECTED_DATE,
	SAME_EXPECTED_DATE_POINTS,
	SAME_POSTCODE,
	SAME_POSTCODE_AREA,
	SAME_POSTCODE_AREA_POINTS,
	SAME_POSTCODE_POINTS,
)
from smallchanges.rules.matching.keys import day_and_month_swapped


def _one_digit_apart(a: date, b: date) -> bool:
	return sum(x != y for x, y in zip(a.isoformat(), b.isoformat(), strict=True)) == 1


def _compare_dates_of_birth(a: date, b: date) -> tuple[int, str | None]:
	apart = abs((a - b).days)
	if apart == 0:
		return SAME_DATE_OF_BIRTH_POINTS, SAME_DATE_OF_BIRTH
	if day_and_month_swapped(a) == b:
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


def compare_dates(
	new_dob: date | None, new_edd: date | None, old_dob: date | None, old_edd: date | None
) -> tuple[int, str | None]:
	"""The new child's date of birth or expected date (edd) against the existing child's."""
	if new_dob and old_dob:
		return _compare_dates_of_birth(new_dob, old_dob)
	if new_edd and old_edd:
		return _compare_expected_dates(new_edd, old_edd)
	if new_edd and old_dob:
		return _compare_birth_with_expected(old_dob, new_edd)
	if new_dob and old_edd:
		return _compare_birth_with_expected(new_dob, old_edd)
	return 0, None


def compare_postcodes(
	new_postcode: str, new_area: str, old_postcode: str, old_area: str
) -> tuple[int, str | None]:
	"""Normalised postcodes and their outward codes (areas); "" when not known."""
	if new_postcode and new_postcode == old_postcode:
		return SAME_POSTCODE_POINTS, SAME_POSTCODE
	if new_area and new_area == old_area:
		return SAME_POSTCODE_AREA_POINTS, SAME_POSTCODE_AREA
	return 0, None
