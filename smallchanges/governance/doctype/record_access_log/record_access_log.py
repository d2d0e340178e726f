"""Record Access Log: one row per record read (written in bulk by smallchanges.access.access_log)."""

import frappe
from frappe import _
from frappe.model.document import Document


class RecordAccessLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accessed_at: DF.Datetime | None
		channel: DF.Literal[
			"",
			"Desk form",
			"REST",
			"Print",
			"Web form",
			"Web page",
			"List",
			"Report",
			"Export",
			"Search",
			"API",
		]
		detail: DF.SmallText | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		request: DF.Data | None
		user: DF.Link | None
	# end: auto-generated types

	def validate(self):
		# Rows are written only by the access log's bulk insert, never through a document save.
		frappe.throw(
			_("The access log is written by the system and cannot be edited."), frappe.PermissionError
		)

	def on_trash(self):
		frappe.throw(
			_("The access log is written by the system and cannot be deleted."), frappe.PermissionError
		)
