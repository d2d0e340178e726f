"""What a Child record may hold: the checks every save of a Child and every row of a children import
make, in one place so that the two cannot disagree (pure: no frappe import).

`clean_child` takes the values as given (text from a file or a form, dates as dates or text) and
returns them as stored, with a `Problem` for each value that may not be stored. The Child controller
refuses a save on any problem; the import refuses the row and reports every problem of it.
"""

import re
from datetime import date, datetime, timedelta

from smallchanges.rules.matching.keys import normalise_postcode
from smallchanges.rules.problems import Problem
from smallchanges.rules.translation import _

SEX_OPTIONS = ("Female", "Male", "Other", "Not known")
# What case management systems export for sex, beside the options themselves (any case): the
# letters, and the CIN census gender codes (0 not known, 1 male, 2 female, 9 not specified).
SEX_ALIASES = {
	"f": "Female",
	"m": "Male",
	"o": "Other",
	"u": "Not known",
	"unknown": "Not known",
	"not stated": "Not known",
	"not specified": "Not known",
	"0": "Not known",
	"1": "Male",
	"2": "Female",
	"9": "Not known",
}
# An expected date of delivery is at most this far ahead (a pregnancy lasts about 40 weeks).
EXPECTED_DATE_AHEAD = timedelta(weeks=44)
# The dates written in an extract: ISO first, then the day-first forms used in England.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")

FIRST_NAME_MISSING = _("A first name is needed (a placeholder such as Unborn will do).")
NOT_A_DATE = _("{0} is not a date (write it as 2015-06-14 or 14/06/2015).")
BIRTH_IN_FUTURE = _("The date of birth cannot be in the future.")
EXPECTED_TOO_FAR = _("The expected date of delivery is more than 44 weeks away.")
NOT_A_SEX = _("{0} is not one of the options for sex (Female, Male, Other, Not known).")
NHS_NOT_TEN_DIGITS = _("An NHS number has 10 digits; {0} does not.")
NHS_CHECK_DIGIT = _("{0} is not a valid NHS number (its check digit is wrong).")
NOT_A_POSTCODE = _("{0} is not a UK postcode.")
TOO_LONG = _("This is longer than the {0} characters it may have.")
# The longest text each field's column takes: Data, 140 characters; Small Text, MariaDB's TEXT (bytes).
LENGTHS = {"first_name": 140, "last_name": 140, "upn": 140, "postcode": 140}
TEXT_BYTES = {"also_known_as": 65_535, "address": 65_535}

_NHS_SEPARATORS = re.compile(r"[\s-]")
# Written where the postcode is not known (no fixed abode, say): kept as written, never refused.
POSTCODE_PLACEHOLDERS = frozenset({"not known", "unknown", "nk", "nfa", "no fixed abode", "n/a"})


def clean_text(value) -> str | None:
	"""Text as stored: surrounding spaces trimmed; None for nothing."""
	if value is None:
		return None
	text = str(value).strip()
	return text or None


def parse_date(value) -> date | None:
	"""A date from a date, a datetime or text in one of `DATE_FORMATS`; None for nothing.
	Raises ValueError for text that is no date."""
	if value is None or value == "":
		return None
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	text = str(value).strip()
	if not text:
		return None
	# "2015-06-14 00:00:00" (a spreadsheet's date written out as text)
	text = text.split(" ")[0].split("T")[0]
	for pattern in DATE_FORMATS:
		try:
			return datetime.strptime(text, pattern).date()
		except ValueError:
			continue
	raise ValueError(text)


def clean_sex(value) -> str | None:
	text = clean_text(value)
	if text is None:
		return None
	for option in SEX_OPTIONS:
		if text.casefold() == option.casefold():
			return option
	alias = SEX_ALIASES.get(text.casefold())
	if alias is None:
		raise ValueError(text)
	return alias


def nhs_check_digit(nine_digits: str) -> int | None:
	"""The NHS number's modulus 11 check digit of its first nine digits; None when there is none (11 - 10)."""
	total = sum(int(digit) * weight for digit, weight in zip(nine_digits, range(10, 1, -1), strict=True))
	check = 11 - total % 11
	if check == 11:
		return 0
	return None if check == 10 else check


def clean_nhs_number(value) -> str | None:
	"""Ten digits, without the spaces or hyphens it is often written with ("943 476 5919").
	Raises ValueError(message) when it is not a valid NHS number."""
	text = clean_text(value)
	if text is None:
		return None
	digits = _NHS_SEPARATORS.sub("", text)
	if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
		raise ValueError(NHS_NOT_TEN_DIGITS)
	if nhs_check_digit(digits[:9]) != int(digits[9]):
		raise ValueError(NHS_CHECK_DIGIT)
	return digits


def clean_child(values: dict, today: date) -> tuple[dict, list[Problem]]:
	"""The values of a Child as stored, and a Problem for each that may not be stored. Only the
	fields present in `values` are cleaned and returned (an import may carry some columns only)."""
	out = dict(values)
	problems: list[Problem] = []
	for field in ("first_name", "last_name", "also_known_as", "upn", "address", "postcode"):
		if field in values:
			out[field] = clean_text(values[field])
	for field, length in LENGTHS.items():
		if out.get(field) and len(out[field]) > length:
			problems.append(Problem(field, TOO_LONG, (length,)))
	for field, size in TEXT_BYTES.items():
		if out.get(field) and len(out[field].encode()) > size:
			problems.append(Problem(field, TOO_LONG, (size,)))
	if "first_name" in values and not out["first_name"]:
		problems.append(Problem("first_name", FIRST_NAME_MISSING, missing=True))

	for field in ("date_of_birth", "expected_date_of_delivery"):
		if field in values:
			try:
				out[field] = parse_date(values[field])
			except ValueError:
				out[field] = None
				problems.append(Problem(field, NOT_A_DATE, (clean_text(values[field]),)))
	if out.get("date_of_birth") and out["date_of_birth"] > today:
		problems.append(Problem("date_of_birth", BIRTH_IN_FUTURE))
	if (
		out.get("expected_date_of_delivery")
		and out["expected_date_of_delivery"] > today + EXPECTED_DATE_AHEAD
	):
		problems.append(Problem("expected_date_of_delivery", EXPECTED_TOO_FAR))

	if "sex" in values:
		try:
			out["sex"] = clean_sex(values["sex"])
		except ValueError:
			problems.append(Problem("sex", NOT_A_SEX, (clean_text(values["sex"]),)))
	if "nhs_number" in values:
		try:
			out["nhs_number"] = clean_nhs_number(values["nhs_number"])
		except ValueError as error:
			problems.append(Problem("nhs_number", str(error), (clean_text(values["nhs_number"]),)))
	postcode = out.get("postcode")
	if postcode and postcode.casefold() not in POSTCODE_PLACEHOLDERS and not normalise_postcode(postcode):
		problems.append(Problem("postcode", NOT_A_POSTCODE, (out["postcode"],)))
	return out, problems
