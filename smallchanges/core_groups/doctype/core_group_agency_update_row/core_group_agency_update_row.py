# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CoreGroupAgencyUpdateRow(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Data
		agency_update: DF.Link | None
		given_by: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		update_text: DF.Text
	# end: auto-generated types
	pass
