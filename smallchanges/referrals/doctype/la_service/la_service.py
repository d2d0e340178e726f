"""LA Service: an in-house service a referral can ask for (shaped after Open Referral UK / HSDS)."""

import frappe
from frappe import _
from frappe.model.document import Document


class LAService(Document):
	def validate(self):
		if self.minimum_age and self.maximum_age and self.minimum_age > self.maximum_age:
			frappe.throw(_("The minimum age cannot be above the maximum age."))
