# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CoreGroupDistribution(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		email: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		recipient_name: DF.Data | None
		sent_on: DF.Datetime | None
	# end: auto-generated types
	pass
