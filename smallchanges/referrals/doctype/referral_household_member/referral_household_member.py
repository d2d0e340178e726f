from frappe.model.document import Document


class ReferralHouseholdMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contact: DF.Data | None
		date_of_birth: DF.Date | None
		lone_working_hazards: DF.SmallText | None
		member_name: DF.Data
		parent: DF.Data
		parental_responsibility: DF.Literal["", "Yes", "No", "Not known"]
		parentfield: DF.Data
		parenttype: DF.Data
		relationship: DF.Data | None
	# end: auto-generated types

	pass
