"""Whether a value someone sent may be stored in a field of a given type (pure: no frappe import).

What a web form sends is JSON: a field may arrive as a list, a dict, a number where text belongs, a
number too big for its column, a date that is no date, an option the Select does not have. Each of
these is a plain refusal here, named by a short message, before the database or Frappe's own
conversions (which raise TypeError/ValueError, or store the wrong thing) ever see it.
"""

import datetime
import math
import re

# Types stored as text of a bounded length (varchar), and their default length.
SHORT_TEXT = {"Data", "Link", "Dynamic Link", "Select", "Phone", "Autocomplete", "Color", "Read Only"}
DEFAULT_LENGTH = 140
# Types stored as text without Frappe's length check (MariaDB TEXT: 64 KiB; LONGTEXT: more).
LONG_TEXT = {"Small Text", "Text", "Code", "Attach", "Attach Image", "Signature"}
TEXT_BYTES = 65_535
LONGER_TEXT = {"Long Text", "Text Editor", "Markdown Editor", "HTML Editor"}
LONGER_TEXT_BYTES = 1_000_000
INTEGERS = {"Int": 2**31 - 1}
FLOATS = {"Float", "Currency", "Percent", "Rating"}
FLOAT_LIMIT = 1e15  # decimal(21,9): 12 digits before the point; beyond this the column overflows

NOT_TEXT = "must be text"
TOO_LONG = "is too long"
NOT_A_CHECK = "must be ticked (1) or not (0)"
NOT_A_WHOLE_NUMBER = "must be a whole number"
NOT_A_NUMBER = "must be a number"
OUT_OF_RANGE = "is too large"
NOT_A_DATE = "must be a date (YYYY-MM-DD)"
NOT_A_DATETIME = "must be a date and time (YYYY-MM-DD HH:MM:SS)"
NOT_A_TIME = "must be a time (HH:MM:SS)"
NOT_AN_OPTION = "must be one of its options"
NOT_TAKEN = "cannot be sent from this form"

# Dates a record of a child, a family or a meeting can hold; beyond them Frappe's and the app's date
# arithmetic (a due date 20 working days on) would overflow, and no such date is true.
FIRST_YEAR, LAST_YEAR = 1800, 2200

_INTEGER = re.compile(r"-?\d{1,12}")
_NUMBER = re.compile(r"-?\d{1,15}(\.\d{1,9})?")
_TIME = re.compile(r"\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?")


def empty(value) -> bool:
	return value is None or value == ""


def problem(fieldtype: str, value, options: str | None = None, length: int | None = None) -> str | None:
	"""Why `value` cannot go into a field of `fieldtype` (one of the messages above), or None."""
	if value is None:
		return None
	if fieldtype in SHORT_TEXT or fieldtype in LONG_TEXT or fieldtype in LONGER_TEXT:
		return _text_problem(fieldtype, value, options, length)
	if fieldtype == "Check":
		return None if value in (0, 1, "0", "1", "") and not isinstance(value, float) else NOT_A_CHECK
	if fieldtype in INTEGERS:
		return _integer_problem(value, INTEGERS[fieldtype])
	if fieldtype in FLOATS:
		return _float_problem(value)
	if fieldtype == "Date":
		return _date_problem(value, datetime.date.fromisoformat, NOT_A_DATE)
	if fieldtype == "Datetime":
		return _date_problem(value, _datetime, NOT_A_DATETIME)
	if fieldtype == "Time":
		return None if value == "" or (isinstance(value, str) and _TIME.fullmatch(value)) else NOT_A_TIME
	return NOT_TAKEN


def _text_problem(fieldtype: str, value, options: str | None, length: int | None) -> str | None:
	if not isinstance(value, str):
		return NOT_TEXT
	try:
		size = len(value.encode("utf-8"))
	except UnicodeEncodeError:  # a lone surrogate ("\ud800") the database cannot store
		return NOT_TEXT
	if fieldtype in SHORT_TEXT and len(value) > (length or DEFAULT_LENGTH):
		return TOO_LONG
	if size > (LONGER_TEXT_BYTES if fieldtype in LONGER_TEXT else TEXT_BYTES):
		return TOO_LONG
	if fieldtype == "Select" and value and value not in select_options(options):
		return NOT_AN_OPTION
	return None


def select_options(options: str | None) -> list[str]:
	return [option.strip() for option in (options or "").split("\n")]


def _integer_problem(value, limit: int) -> str | None:
	if value == "":
		return None
	if isinstance(value, bool) or not isinstance(value, int | str):
		return NOT_A_WHOLE_NUMBER
	if isinstance(value, str):
		if not _INTEGER.fullmatch(value.strip()):
			return NOT_A_WHOLE_NUMBER
		value = int(value)
	return OUT_OF_RANGE if abs(value) > limit else None


def _float_problem(value) -> str | None:
	if value == "":
		return None
	if isinstance(value, bool) or not isinstance(value, int | float | str):
		return NOT_A_NUMBER
	if isinstance(value, str):
		if not _NUMBER.fullmatch(value.strip()):
			return NOT_A_NUMBER
		value = float(value)
	if not math.isfinite(value):
		return NOT_A_NUMBER
	return OUT_OF_RANGE if abs(value) >= FLOAT_LIMIT else None


def _datetime(text: str) -> datetime.datetime:
	if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?", text):
		raise ValueError(text)
	return datetime.datetime.fromisoformat(text.replace("T", " "))


def _date_problem(value, parse, message: str) -> str | None:
	if value == "":
		return None
	if not isinstance(value, str) or len(value) > 26:
		return message
	if parse is datetime.date.fromisoformat and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
		return message
	try:
		parsed = parse(value)
	except ValueError:
		return message
	return message if not FIRST_YEAR <= parsed.year <= LAST_YEAR else None
