"""Child Import: one file of the council's children brought in (smallchanges.referrals.child_import).

The record holds the file and, once its job has run, the result: the counts, and the refused rows as
a downloadable CSV. Its result fields are written by the import only (never by a save).
"""

import os

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

RESULT_FIELDS = (
	"status",
	"message",
	"started_at",
	"finished_at",
	"rows_in_file",
	"created_count",
	"updated_count",
	"unchanged_count",
	"refused_count",
	"refused_rows_file",
	"ignored_columns",
)
EXTENSIONS = (".csv", ".xlsx")


class ChildImport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		created_count: DF.Int
		finished_at: DF.Datetime | None
		ignored_columns: DF.SmallText | None
		import_file: DF.Attach
		message: DF.SmallText | None
		refused_count: DF.Int
		refused_rows_file: DF.Attach | None
		rows_in_file: DF.Int
		started_at: DF.Datetime | None
		status: DF.Literal["Pending", "Queued", "Importing", "Refused", "Imported", "Failed"]
		unchanged_count: DF.Int
		updated_count: DF.Int

	# end: auto-generated types

	def validate(self):
		self.keep_result()
		self.check_file()

	def keep_result(self):
		"""What the import wrote stays as it wrote it, whatever a save sends."""
		stored = None if self.is_new() else self.get_doc_before_save()
		for fieldname in RESULT_FIELDS:
			self.set(fieldname, stored.get(fieldname) if stored else None)
		if not stored:
			self.status = "Pending"
		elif self.import_file != stored.import_file and stored.status in ("Queued", "Importing", "Imported"):
			frappe.throw(_("This import has run: make a new one for another file."))

	def check_file(self):
		if not self.import_file:
			return
		if not self.import_file.startswith("/private/files/"):
			frappe.throw(_("A children file is kept private: attach it as a private file."))
		if os.path.splitext(self.import_file)[1].lower() not in EXTENSIONS:
			frappe.throw(_("Import a CSV file (.csv) or an Excel workbook (.xlsx)."))

	def file_path(self) -> str:
		file = frappe.get_doc("File", {"file_url": self.import_file})
		return file.get_full_path()

	def set_result(self, values: dict) -> None:
		self.db_set(values, notify=True)

	def record(self, result) -> None:
		"""The result of an import (smallchanges.referrals.child_import.Result), and its report."""
		from smallchanges.referrals.child_import import refusals_csv

		report = None
		if result.refused:
			report = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{self.name}-refused-rows.csv",
					"attached_to_doctype": self.doctype,
					"attached_to_name": self.name,
					"attached_to_field": "refused_rows_file",
					"is_private": 1,
					"content": refusals_csv(result).encode(),
				}
			).insert(ignore_permissions=True)  # the import's own report, on its own record
		self.set_result(
			{
				"status": "Refused" if result.refused else "Imported",
				"finished_at": now_datetime(),
				"rows_in_file": result.rows,
				"created_count": result.created,
				"updated_count": result.updated,
				"unchanged_count": result.unchanged,
				"refused_count": len({r.row for r in result.refused}),
				"refused_rows_file": report.file_url if report else None,
				"ignored_columns": ", ".join(result.ignored_columns) or None,
				"message": _("Nothing was written: fix the refused rows and import the file again.")
				if result.refused
				else None,
			}
		)
