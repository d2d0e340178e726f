# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ResourceShare(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		message: DF.SmallText | None
		recipient: DF.Data | None
		resource: DF.Link
		shared_by: DF.Link | None
		shared_on: DF.Datetime | None
		version: DF.Int
		with_file: DF.Check
	# end: auto-generated types

	pass
