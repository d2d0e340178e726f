"""Reference numbers: each DocType numbers from its own series (UR-2026-00001, CH-00001, DEL-2026-00001,
CPP-2026-00001, VIS-2026-00001, ...).

Pure Python (no Frappe). Names made before the series existed (one counter shared by every
DocType) stay as they are; each series continues from the highest number already used under its
prefix, so no new name can collide with an old one.
"""

import re
from collections.abc import Iterable

# DocType -> its naming series, in Frappe's notation (".YYYY." is the year, "#" a digit).
SERIES = {
	"Universal Referral": "UR-.YYYY.-.#####",
	"Child": "CH-.#####",
	"Delegation": "DEL-.YYYY.-.#####",
	"Child Protection Plan": "CPP-.YYYY.-.#####",
	"Core Group Minutes": "CGM-.YYYY.-.#####",
	"Core Group Agency Update": "CGU-.YYYY.-.#####",
	"Visit": "VIS-.YYYY.-.#####",
	"Resource": "RES-.#####",
}


def name_pattern(series: str) -> re.Pattern:
	"""The names a series makes: the prefix (with any year) and the number, as two groups."""
	parts = []
	for part in series.split("."):
		if part == "YYYY":
			parts.append(r"\d{4}")
		elif part and set(part) == {"#"}:
			parts.append(None)
		else:
			parts.append(re.escape(part))
	prefix = "".join(part for part in parts if part is not None)
	return re.compile(rf"^({prefix})(\d+)$")


def highest_numbers(series: str, names: Iterable[str]) -> dict[str, int]:
	"""For each prefix used (one per year where the year is in the series), the highest number."""
	pattern = name_pattern(series)
	highest: dict[str, int] = {}
	for name in names:
		match = pattern.match(name or "")
		if match:
			prefix, number = match.group(1), int(match.group(2))
			highest[prefix] = max(highest.get(prefix, 0), number)
	return highest
