"""LA Service: an in-house service a referral can ask for (shaped after Open Referral UK / HSDS)."""

import frappe
from frappe import _
from frappe.model.document import Document


class LAService(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		application_process: DF.SmallText | None
		assured_date: DF.Date | None
		description: DF.SmallText | None
		eligibility_description: DF.SmallText | None
		languages: DF.Data | None
		maximum_age: DF.Int
		minimum_age: DF.Int
		service_area: DF.Data | None
		service_lead_email: DF.Data | None
		service_name: DF.Data
		status: DF.Literal["active", "inactive", "defunct", "temporarily closed"]

	# end: auto-generated types

	def validate(self):
		if self.minimum_age and self.maximum_age and self.minimum_age > self.maximum_age:
			frappe.throw(_("The minimum age cannot be above the maximum age."))
