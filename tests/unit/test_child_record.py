"""The checks every Child save and every row of a children import make (rules/child_record.py), and
how an import reads its file (rules/child_import.py)."""

from datetime import date, datetime

import pytest

from smallchanges.rules import child_import, child_record
from smallchanges.rules.child_record import clean_child, clean_nhs_number, clean_sex, parse_date

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
	"given, stored",
	[
		("9434765919", "9434765919"),
		("943 476 5919", "9434765919"),
		("943-476-5919", "9434765919"),
		(" 401 023 2137 ", "4010232137"),
		("", None),
		(None, None),
	],
)
def test_a_valid_nhs_number_is_stored_as_ten_digits(given, stored):
	assert clean_nhs_number(given) == stored


@pytest.mark.parametrize(
	"given, reason",
	[
		("9434765918", child_record.NHS_CHECK_DIGIT),  # last digit off by one
		("9434765910", child_record.NHS_CHECK_DIGIT),
		("943476591", child_record.NHS_NOT_TEN_DIGITS),
		("94347659190", child_record.NHS_NOT_TEN_DIGITS),
		("94347A5919", child_record.NHS_NOT_TEN_DIGITS),
		("١٢٣٤٥٦٧٨٩٠", child_record.NHS_NOT_TEN_DIGITS),  # digits, but not ASCII ones
	],
)
def test_an_nhs_number_with_a_wrong_length_or_check_digit_is_refused(given, reason):
	with pytest.raises(ValueError) as raised:
		clean_nhs_number(given)
	assert str(raised.value) == reason


def test_a_check_digit_of_ten_means_no_valid_number():
	# nine digits whose weighted sum leaves 1 modulo 11: the check digit would be 10, so no number is valid
	nine = next(f"{n:09d}" for n in range(1, 10_000) if child_record.nhs_check_digit(f"{n:09d}") is None)
	for last in "0123456789":
		with pytest.raises(ValueError):
			clean_nhs_number(nine + last)


@pytest.mark.parametrize(
	"given, day",
	[
		("2015-06-14", date(2015, 6, 14)),
		("14/06/2015", date(2015, 6, 14)),
		("14-06-2015", date(2015, 6, 14)),
		("14.06.2015", date(2015, 6, 14)),
		("2015-06-14 00:00:00", date(2015, 6, 14)),
		(datetime(2015, 6, 14, 0, 0), date(2015, 6, 14)),
		(date(2015, 6, 14), date(2015, 6, 14)),
		("", None),
		(None, None),
	],
)
def test_dates_are_read_iso_or_day_first(given, day):
	assert parse_date(given) == day


@pytest.mark.parametrize("given", ["14 June 2015", "06/14/2015", "2015-02-30", "yesterday"])
def test_text_that_is_no_date_is_refused(given):
	with pytest.raises(ValueError):
		parse_date(given)


@pytest.mark.parametrize(
	"given, stored",
	[
		("Female", "Female"),
		("female", "Female"),
		("F", "Female"),
		("m", "Male"),
		("Not known", "Not known"),
		("U", "Not known"),
		("1", "Male"),
		("2", "Female"),
		("9", "Not known"),
		("", None),
	],
)
def test_sex_is_one_of_the_options_or_a_code_for_one(given, stored):
	assert clean_sex(given) == stored


@pytest.mark.parametrize(
	"values, problems",
	[
		({"first_name": "Amara", "date_of_birth": "2016-05-09"}, []),
		({"first_name": "", "last_name": "Okoro"}, [("first_name", child_record.FIRST_NAME_MISSING)]),
		(
			{"first_name": "Amara", "date_of_birth": "2027-01-01"},
			[("date_of_birth", child_record.BIRTH_IN_FUTURE)],
		),
		({"first_name": "Unborn", "expected_date_of_delivery": "2027-06-01"}, []),
		(
			{"first_name": "Unborn", "expected_date_of_delivery": "2028-01-01"},
			[("expected_date_of_delivery", child_record.EXPECTED_TOO_FAR)],
		),
		(
			{"first_name": "Amara", "date_of_birth": "31/31/2016"},
			[("date_of_birth", child_record.NOT_A_DATE)],
		),
		({"first_name": "Amara", "sex": "X"}, [("sex", child_record.NOT_A_SEX)]),
		({"first_name": "Amara", "nhs_number": "1234567890"}, [("nhs_number", child_record.NHS_CHECK_DIGIT)]),
		({"first_name": "Amara", "postcode": "E1 6AN"}, []),
		({"first_name": "Amara", "postcode": "not known"}, []),
		({"first_name": "Amara", "postcode": "E1"}, [("postcode", child_record.NOT_A_POSTCODE)]),
		({"first_name": "Amara", "postcode": "London"}, [("postcode", child_record.NOT_A_POSTCODE)]),
		(
			{"first_name": " ", "sex": "?", "nhs_number": "12", "date_of_birth": "soon"},
			[
				("first_name", child_record.FIRST_NAME_MISSING),
				("date_of_birth", child_record.NOT_A_DATE),
				("sex", child_record.NOT_A_SEX),
				("nhs_number", child_record.NHS_NOT_TEN_DIGITS),
			],
		),
	],
)
def test_every_problem_of_a_child_is_named(values, problems):
	_cleaned, found = clean_child(values, TODAY)
	assert [(p.field, p.message) for p in found] == problems


def test_only_the_fields_given_are_cleaned_and_text_is_trimmed():
	cleaned, problems = clean_child({"first_name": "  Amara ", "nhs_number": "943 476 5919"}, TODAY)
	assert cleaned == {"first_name": "Amara", "nhs_number": "9434765919"}
	assert problems == []


# ---- the file ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"header, columns",
	[
		(
			["Council Child ID", "First name", "Surname", "DOB", "NHS No", "Post code", "Favourite colour"],
			{"council_child_id": 0, "first_name": 1, "last_name": 2, "date_of_birth": 3, "nhs_number": 4,
			 "postcode": 5},
		),
		(["council_child_id", "first_name", "EDD", "Gender"],
		 {"council_child_id": 0, "first_name": 1, "expected_date_of_delivery": 2, "sex": 3}),
	],
)  # fmt: skip
def test_columns_are_found_by_the_headings_extracts_use(header, columns):
	found = child_import.layout(header)
	assert found.columns == columns
	assert found.problems == []


def test_a_file_without_the_council_id_or_with_a_column_twice_is_refused_whole():
	found = child_import.layout(["First name", "Surname", "Last name"])
	assert [(p.field, p.message) for p in found.problems] == [
		("last_name", child_import.REPEATED_COLUMN),
		(None, child_import.MISSING_COLUMNS),
	]
	assert found.problems[1].args == ("council_child_id",)
	assert child_import.layout(["Surname", "Colour", ""]).ignored == ["Colour"]


def test_a_row_needs_the_council_id():
	cleaned, problems = child_import.clean_row({"council_child_id": " ", "first_name": "Amara"}, TODAY)
	assert [p.message for p in problems] == [child_import.NO_COUNCIL_ID]
	cleaned, problems = child_import.clean_row({"council_child_id": " LCS-1 ", "first_name": "Amara"}, TODAY)
	assert (cleaned["council_child_id"], problems) == ("LCS-1", [])


@pytest.mark.parametrize(
	"stored, new, changed",
	[
		({"first_name": "Amara", "postcode": None}, {"first_name": "Amara", "postcode": ""}, []),
		({"date_of_birth": date(2016, 5, 9)}, {"date_of_birth": date(2016, 5, 9)}, []),
		(
			{"first_name": "Amara", "postcode": "E1 6AN"},
			{"first_name": "Amara", "postcode": "E2 0QN"},
			[["postcode", "E1 6AN", "E2 0QN"]],
		),
		({"last_name": "Okoro"}, {"last_name": None}, [["last_name", "Okoro", None]]),
	],
)
def test_changes_are_the_fields_that_differ(stored, new, changed):
	assert (
		child_import.changes(stored, new, ("first_name", "last_name", "date_of_birth", "postcode")) == changed
	)
