"""Reference numbers: which counter each existing name sets, and what the series look like."""

import pytest

from smallchanges.rules.numbering import SERIES, highest_numbers, name_pattern


@pytest.mark.parametrize(
	"series, names, expected",
	[
		# the old shared counter: referral numbers jump, the highest per year wins
		(
			"UR-.YYYY.-.#####",
			["UR-2026-00048", "UR-2026-00469", "UR-2025-00012", "UR-2025-00003"],
			{"UR-2026-": 469, "UR-2025-": 12},
		),
		# other DocTypes' names and other shapes are not this series' business
		(
			"UR-.YYYY.-.#####",
			["CH-00470", "DEL-2026-00471", "UR-26-00001", "UR-2026-", "ur-2026-00001", "", None],
			{},
		),
		("CH-.#####", ["CH-00470", "CH-00048", "CH-123456", "UR-2026-00001"], {"CH-": 123456}),
		(
			"DEL-.YYYY.-.#####",
			["DEL-2026-00471", "DEL-2027-00002", "DEL-2026-00009"],
			{"DEL-2026-": 471, "DEL-2027-": 2},
		),
		("CH-.#####", [], {}),
	],
)
def test_each_prefix_continues_from_its_highest_number(series, names, expected):
	assert highest_numbers(series, names) == expected


def test_each_doctype_has_its_own_prefix():
	assert SERIES == {
		"Universal Referral": "UR-.YYYY.-.#####",
		"Child": "CH-.#####",
		"Delegation": "DEL-.YYYY.-.#####",
		"Child Protection Plan": "CPP-.YYYY.-.#####",
		"Core Group Minutes": "CGM-.YYYY.-.#####",
		"Core Group Agency Update": "CGU-.YYYY.-.#####",
		"Visit": "VIS-.YYYY.-.#####",
		"Resource": "RES-.#####",
	}
	prefixes = [series.split(".")[0] for series in SERIES.values()]
	assert len(set(prefixes)) == len(prefixes)
	assert name_pattern(SERIES["Universal Referral"]).match("UR-2026-00001")
	assert not name_pattern(SERIES["Child"]).match("UR-2026-00001")
