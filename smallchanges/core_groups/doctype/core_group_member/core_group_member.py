# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CoreGroupMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		agency_name: DF.Data | None
		email: DF.Data | None
		family_member: DF.Check
		member_name: DF.Data
		member_role: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		user: DF.Link | None
	# end: auto-generated types
	pass
