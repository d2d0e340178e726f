"""Figures: the bulk import of N children (a council's CSV extract) in rows a second, against a bare
multi-row insert of the same rows in the same run. Bound (issue 23): at least 5,000 children a second
(1 M in under 4 minutes). For information: the import's share of the bare insert's speed, and a
second run of the same file (an upsert that finds every row unchanged: it must write nothing).

The extract: N children drawn from the run's population (its own seed, so not the children the rest
of the run loads), each with a council ID, sex, a valid NHS number and an address. The import is the
app's own (`smallchanges.referrals.child_import.import_children`, what the desk's job and the bench
command run): the whole file read and checked, then read again and written in one transaction. The
bare insert is the rows as the import stores them (computed beforehand, not timed) into a copy of
`tabChild` (CREATE TABLE ... LIKE: the same columns and indexes), by the same multi-row statements
10,000 rows at a time, committed once, with nothing read or checked. Both run on tables that start
empty, with their secondary indexes in place (an import runs on a live site); the imported children
are removed afterwards, so the rest of the run sees the Child table as it was.
"""

import csv
import os
import random
import tempfile
import time

import frappe

from benchmarks import load
from benchmarks.population import Population
from benchmarks.report import Report, say, timed
from smallchanges.referrals import child_import, child_import_file
from smallchanges.referrals.candidates import set_match_keys
from smallchanges.rules import child_import as rules
from smallchanges.rules.child_record import nhs_check_digit
from smallchanges.rules.referral import person_name

MIN_ROWS_PER_SECOND = 5_000
PREFIX = "BENCH-IMPORT-"
BARE_TABLE = "Child bare import"  # tabChild bare import: a copy of tabChild's definition
HEADER = [
	"Council child ID", "First name", "Last name", "Other names", "Date of birth", "Expected date", "Sex",
	"NHS number", "UPN", "Address", "Postcode",
]  # fmt: skip
SEXES = ("Female", "Male", "Female", "Male", "Not known")


def nhs_number(n: int) -> str:
	"""A valid NHS number near 400 000 000 0 + n (the next whose check digit exists)."""
	while True:
		nine = f"{400_000_000 + n:09d}"[-9:]
		check = nhs_check_digit(nine)
		if check is not None:
			return nine + str(check)
		n += 1


def write_extract(count: int, seed: int) -> str:
	population = Population(seed + 23, count)
	rng = random.Random(seed + 23)
	handle, path = tempfile.mkstemp(suffix=".csv", prefix="children-")
	with os.fdopen(handle, "w", newline="", encoding="utf-8") as file:
		writer = csv.writer(file)
		writer.writerow(HEADER)
		for n in range(count):
			child = population.child()
			writer.writerow(
				[f"{PREFIX}{n:07d}", child.first_name, child.last_name, child.also_known_as,
				 child.date_of_birth.strftime("%d/%m/%Y") if child.date_of_birth else "",
				 child.expected_date.isoformat() if child.expected_date else "", rng.choice(SEXES),
				 nhs_number(n * 7), "", f"{1 + n % 300} Bench Street", child.postcode]
			)  # fmt: skip
	return path


def stored_rows(path: str) -> tuple[list[str], list[tuple]]:
	"""The rows as the import stores them (fields, tuples): the bare insert's input."""
	found, values = child_import_file.rows_of(path)
	compared = (*[f for f in child_import.FILE_FIELDS if f in found.columns], *rules.DERIVED)
	fields = [*child_import.STANDARD, *compared, rules.COUNCIL_ID]
	at = frappe.utils.now_datetime()
	today = at.date()
	out = []
	for n, (_number, row) in enumerate(values):
		record = frappe._dict(rules.clean_row(row, today)[0])
		record.full_name = person_name(record.get("first_name"), record.get("last_name"))
		set_match_keys(record)
		values_ = [record.get(f) for f in compared]
		out.append(
			(
				f"BARE-{n:07d}",
				"Administrator",
				"Administrator",
				at,
				at,
				0,
				0,
				*values_,
				record[rules.COUNCIL_ID],
			)
		)
	return fields, out


def _remove_imported(children_before: int) -> None:
	if children_before == 0:
		frappe.db.sql_ddl("TRUNCATE TABLE `tabChild`")  # it held none before the figure
	else:
		frappe.db.delete("Child", {"council_child_id": ("like", f"{PREFIX}%")})
		frappe.db.commit()


def figures(report: Report, count: int, seed: int) -> None:
	frappe.set_user("Administrator")
	with timed(f"writing an extract of {count:,} children"):
		path = write_extract(count, seed)
	say(f"extract: {os.path.getsize(path) / 1e6:.0f} MB")
	try:
		with timed("the rows as stored, for the bare insert (not timed)"):
			fields, rows = stored_rows(path)
		frappe.db.sql_ddl(f"DROP TABLE IF EXISTS `tab{BARE_TABLE}`")
		frappe.db.sql_ddl(f"CREATE TABLE `tab{BARE_TABLE}` LIKE `tabChild`")
		try:
			start = time.monotonic()
			load.bulk_insert(BARE_TABLE, fields, rows)
			frappe.db.commit()
			bare = time.monotonic() - start
		finally:
			frappe.db.sql_ddl(f"DROP TABLE IF EXISTS `tab{BARE_TABLE}`")
		del rows
		say(f"bare insert of {count:,}: {bare:.1f} s ({count / bare:,.0f} rows/s)")

		children_before = frappe.db.count("Child")
		try:
			start = time.monotonic()
			result = child_import.import_children(path)
			took = time.monotonic() - start
			assert (result.created, result.refused) == (count, []), (result.created, result.refused[:3])
			say(f"import of {count:,}: {took:.1f} s")

			start = time.monotonic()
			again = child_import.import_children(path)
			rerun = time.monotonic() - start
			rewritten = again.created + again.updated
		finally:
			_remove_imported(children_before)
	finally:
		os.remove(path)

	speed = count / took
	report.add(
		f"import of {count:,} children (rows/s)",
		f"{speed:,.0f}",
		f">= {MIN_ROWS_PER_SECOND:,}",
		speed >= MIN_ROWS_PER_SECOND,
		f"{took:.0f} s; bare multi-row insert of the same rows {count / bare:,.0f} rows/s, "
		f"the import at {took / bare:.1f}x its time",
	)
	report.add(
		"import: the same file again (rows written)",
		f"{rewritten}",
		"0",
		rewritten == 0,
		f"{rerun:.0f} s ({count / rerun:,.0f} rows/s checked and compared)",
	)
