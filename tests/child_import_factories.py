"""Children extracts for the import tests: CSV and Excel files written to a temporary folder, and
Child Import records holding them, as a System Manager makes them in the desk."""

import csv
import os
import tempfile

import frappe

from tests.factories import unique

HEADER = [
	"Council child ID", "First name", "Last name", "Other names", "Date of birth", "Expected date", "Sex",
	"NHS number", "UPN", "Address", "Postcode",
]  # fmt: skip
# Valid NHS numbers (modulus 11): the first is the NHS's own example.
NHS_NUMBERS = ("9434765919", "4010232137", "9990001111")


def prefix() -> str:
	"""A council-ID prefix of the test's own, so it finds (and removes) only its own children."""
	return unique("LCS") + "-"


def rows(prefix: str, count: int, start: int = 0) -> list[list]:
	"""`count` valid rows, council IDs prefix0000001...; names, dates and postcodes vary with the number."""
	out = []
	for n in range(start, start + count):
		out.append(
			[f"{prefix}{n:07d}", f"Ada{n}", f"Import{n % 97}", "", f"{1 + n % 28:02d}/0{1 + n % 9}/2015", "",
			 ("Female", "M", "Not known")[n % 3], "", "", f"{n} Test Street", ("E1 6AN", "n1 9gu", "SE17PB")[n % 3]]
		)  # fmt: skip
	return out


def write_csv(body: list[list], header: list = HEADER) -> str:
	handle, path = tempfile.mkstemp(suffix=".csv")
	with os.fdopen(handle, "w", newline="", encoding="utf-8") as file:
		writer = csv.writer(file)
		writer.writerow(header)
		writer.writerows(body)
	return path


def write_xlsx(body: list[list], header: list = HEADER) -> str:
	from openpyxl import Workbook

	workbook = Workbook()
	sheet = workbook.active
	sheet.append(header)
	for row in body:
		sheet.append(row)
	handle, path = tempfile.mkstemp(suffix=".xlsx")
	os.close(handle)
	workbook.save(path)
	return path


def child_import(path: str) -> str:
	"""A Child Import holding the file (a private File, as the desk's uploader attaches it)."""
	with open(path, "rb") as file:
		content = file.read()
	record = frappe.get_doc({"doctype": "Child Import"}).insert(ignore_mandatory=True)
	attached = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": unique("children") + os.path.splitext(path)[1],
			"attached_to_doctype": "Child Import",
			"attached_to_name": record.name,
			"attached_to_field": "import_file",
			"is_private": 1,
			"content": content,
		}
	).insert()
	record.import_file = attached.file_url
	record.save()
	return record.name


def imported(prefix: str) -> list[dict]:
	return frappe.get_all(
		"Child",
		filters={"council_child_id": ("like", f"{prefix}%")},
		fields=["*"],
		order_by="council_child_id",
	)


def remove(prefix: str) -> None:
	names = frappe.get_all("Child", {"council_child_id": ("like", f"{prefix}%")}, pluck="name")
	if names:
		frappe.db.delete("Version", {"ref_doctype": "Child", "docname": ("in", names)})
		frappe.db.delete("Child", {"name": ("in", names)})
	frappe.db.commit()
