"""A value sent for a field of a given type: what is stored, and what is a plain refusal."""

import pytest

from smallchanges.rules import field_values as fv

SELECT = "\nRoutine\nUrgent"


@pytest.mark.parametrize(
	"fieldtype, value, options, expected",
	[
		("Data", "Robin", None, None),
		("Data", None, None, None),
		("Data", ["Robin"], None, fv.NOT_TEXT),
		("Data", {"like": "%"}, None, fv.NOT_TEXT),
		("Data", 12, None, fv.NOT_TEXT),
		("Data", "x" * 141, None, fv.TOO_LONG),
		("Data", "\ud800", None, fv.NOT_TEXT),
		("Text", "x" * 70_000, None, fv.TOO_LONG),
		("Long Text", "x" * 70_000, None, None),
		("Link", "LA-1", None, None),
		("Link", ["LA-1"], None, fv.NOT_TEXT),
		("Select", "Urgent", SELECT, None),
		("Select", "", SELECT, None),
		("Select", "Soon", SELECT, fv.NOT_AN_OPTION),
		("Select", {"x": 1}, SELECT, fv.NOT_TEXT),
		("Check", 1, None, None),
		("Check", True, None, None),
		("Check", "0", None, None),
		("Check", 2, None, fv.NOT_A_CHECK),
		("Check", 1.0, None, fv.NOT_A_CHECK),
		("Check", [1], None, fv.NOT_A_CHECK),
		("Int", 7, None, None),
		("Int", "7", None, None),
		("Int", "seven", None, fv.NOT_A_WHOLE_NUMBER),
		("Int", 10**40, None, fv.OUT_OF_RANGE),
		("Int", 1.5, None, fv.NOT_A_WHOLE_NUMBER),
		("Int", True, None, fv.NOT_A_WHOLE_NUMBER),
		("Float", 1.5, None, None),
		("Float", float("inf"), None, fv.NOT_A_NUMBER),
		("Float", float("nan"), None, fv.NOT_A_NUMBER),
		("Float", 1e300, None, fv.OUT_OF_RANGE),
		("Date", "2026-02-28", None, None),
		("Date", "", None, None),
		("Date", "2026-02-30", None, fv.NOT_A_DATE),
		("Date", "0999-01-01", None, fv.NOT_A_DATE),
		("Date", "31/12/2020", None, fv.NOT_A_DATE),
		("Date", "9999-12-31", None, fv.NOT_A_DATE),
		("Date", "1930-06-01", None, None),
		("Date", 20260101, None, fv.NOT_A_DATE),
		("Datetime", "2026-02-28 10:00:00", None, None),
		("Datetime", "2026-02-28", None, fv.NOT_A_DATETIME),
		("Time", "10:30", None, None),
		("Time", "half past", None, fv.NOT_A_TIME),
		("JSON", {"a": 1}, None, fv.NOT_TAKEN),
	],
)
def test_a_value_of_the_wrong_type_is_a_plain_refusal(fieldtype, value, options, expected):
	assert fv.problem(fieldtype, value, options) == expected


def test_a_data_field_of_its_own_length():
	assert fv.problem("Data", "x" * 200, length=240) is None
	assert fv.problem("Data", "x" * 241, length=240) == fv.TOO_LONG
