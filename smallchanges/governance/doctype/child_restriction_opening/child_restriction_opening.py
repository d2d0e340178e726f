# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ChildRestrictionOpening(Document):
	pass
