"""The rows of a council extract for the child import (`smallchanges.referrals.child_import`): a CSV
file, or an Excel workbook's first sheet, laid out by its header and read in batches.
"""

import csv
import os
from collections.abc import Iterator

import frappe
from frappe import _

from smallchanges.rules import child_import as rules

BATCH = 10_000  # rows read, checked and written together


class ImportRefused(frappe.ValidationError):
	pass


def read_rows(path: str) -> Iterator[tuple]:
	"""The file's rows, its header first, as tuples of cell values (text from a CSV; text, numbers
	and dates from an Excel workbook's first sheet)."""
	extension = os.path.splitext(path)[1].lower()
	if extension == ".xlsx":
		from openpyxl import load_workbook

		workbook = load_workbook(path, read_only=True, data_only=True)
		try:
			for row in workbook.worksheets[0].iter_rows(values_only=True):
				yield tuple(_cell(value) for value in row)
		finally:
			workbook.close()
	elif extension in (".csv", ".txt"):
		with open(path, newline="", encoding="utf-8-sig") as file:
			yield from (tuple(row) for row in csv.reader(file))
	else:
		frappe.throw(_("Import a CSV file (.csv) or an Excel workbook (.xlsx)."), ImportRefused)


def _cell(value):
	# A whole number in a spreadsheet (an NHS number, an ID) is read as a float or an int: as text.
	if isinstance(value, float) and value.is_integer():
		return str(int(value))
	if isinstance(value, int):
		return str(value)
	return value


def rows_of(path: str) -> tuple[rules.Layout, Iterator[tuple[int, dict]]]:
	"""The file's layout (from its header) and its rows that are not blank, each with its row number
	(the header is row 1) and its values by column."""
	rows = read_rows(path)
	header = next(rows, None)
	found = rules.layout(list(header or []))

	def values() -> Iterator[tuple[int, dict]]:
		for number, row in enumerate(rows, start=2):
			if not rules.is_blank(row):
				yield number, rules.row_values(row, found.columns)

	return found, values()


def batches(items: Iterator, size: int = BATCH) -> Iterator[list]:
	"""`items` in lists of `size`."""
	batch = []
	for item in items:
		batch.append(item)
		if len(batch) == size:
			yield batch
			batch = []
	if batch:
		yield batch
