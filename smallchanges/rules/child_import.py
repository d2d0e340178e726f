"""A children extract read row by row: which column is which field, each row's values as a Child
stores them or the reasons it is refused, and what a row changes on the Child already on file
(pure: no frappe import; the checks of each value are `smallchanges.rules.child_record`'s).
"""

from dataclasses import dataclass, field
from datetime import date

from smallchanges.rules.child_record import clean_child, clean_text
from smallchanges.rules.problems import Problem
from smallchanges.rules.translation import _

COUNCIL_ID = "council_child_id"
# Each field an extract may carry, and the headings case management systems export it under
# (compared in lower case, with underscores and dots read as spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
	COUNCIL_ID: ("council child id", "child id", "person id", "la child id", "id"),
	"first_name": ("first name", "forename", "forenames", "given name"),
	"last_name": ("last name", "surname", "family name"),
	"also_known_as": ("other names", "also known as", "aka", "known as"),
	"date_of_birth": ("date of birth", "dob", "birth date"),
	"expected_date_of_delivery": ("expected date", "expected date of delivery", "edd", "due date"),
	"sex": ("sex", "gender"),
	"nhs_number": ("nhs number", "nhs no", "nhs"),
	"upn": ("upn", "unique pupil number"),
	"address": ("address",),
	"postcode": ("postcode", "post code"),
}
REQUIRED = (COUNCIL_ID, "first_name")
# The fields an import writes beside those of the file: derived as a Child's save derives them.
DERIVED = ("full_name", "first_name_key", "last_name_key", "postcode_normalised")
COUNCIL_ID_LENGTH = 140  # a Data field

NO_COUNCIL_ID = _("The council's child ID is missing.")
COUNCIL_ID_TOO_LONG = _("The council's child ID is longer than 140 characters.")
REPEATED_ID = _("The council's child ID {0} is also on row {1} of the file.")
MISSING_COLUMNS = _("The file has no column for: {0}.")
REPEATED_COLUMN = _("Two columns of the file are both {0}.")
EMPTY_FILE = _("The file has no rows of children.")


def _heading(text) -> str:
	return " ".join(str(text or "").casefold().replace("_", " ").replace(".", " ").split())


HEADINGS = {heading: field for field, headings in COLUMNS.items() for heading in (field, *headings)}
HEADINGS = {_heading(heading): field for heading, field in HEADINGS.items()}


@dataclass
class Layout:
	"""Which column of the file holds which field; the problems of the header row itself."""

	columns: dict[str, int]
	ignored: list[str] = field(default_factory=list)
	problems: list[Problem] = field(default_factory=list)


def layout(header: list) -> Layout:
	columns: dict[str, int] = {}
	ignored, problems = [], []
	for index, heading in enumerate(header):
		name = HEADINGS.get(_heading(heading))
		if name is None:
			if clean_text(heading):
				ignored.append(str(heading).strip())
		elif name in columns:
			problems.append(Problem(name, REPEATED_COLUMN, (str(heading).strip(),)))
		else:
			columns[name] = index
	missing = [name for name in REQUIRED if name not in columns]
	if missing:
		problems.append(Problem(None, MISSING_COLUMNS, (", ".join(missing),)))
	return Layout(columns, ignored, problems)


def row_values(row: list | tuple, columns: dict[str, int]) -> dict:
	return {name: (row[index] if index < len(row) else None) for name, index in columns.items()}


def is_blank(row: list | tuple) -> bool:
	return all(clean_text(value) is None for value in row)


def clean_row(values: dict, today: date) -> tuple[dict, list[Problem]]:
	"""One row's values as a Child stores them, and its problems (the Child's own checks, and the
	council's child ID)."""
	cleaned, problems = clean_child({k: v for k, v in values.items() if k != COUNCIL_ID}, today)
	council_id = clean_text(values.get(COUNCIL_ID))
	if council_id is None:
		problems.insert(0, Problem(COUNCIL_ID, NO_COUNCIL_ID, missing=True))
	elif len(council_id) > COUNCIL_ID_LENGTH:
		problems.insert(0, Problem(COUNCIL_ID, COUNCIL_ID_TOO_LONG))
	cleaned[COUNCIL_ID] = council_id
	return cleaned, problems


def changes(stored: dict, new: dict, fields: tuple[str, ...]) -> list[list]:
	"""[[field, old, new], ...] for each of `fields` whose value differs (Frappe's Version "changed"):
	empty and None are the same; dates compared as dates."""
	out = []
	for name in fields:
		old, value = stored.get(name), new.get(name)
		if (old or None) != (value or None):
			out.append([name, old, value])
	return out
