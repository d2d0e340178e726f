from frappe.model.document import Document


class ReferralDuplicateCandidate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		candidate: DF.DynamicLink | None
		candidate_date_of_birth: DF.Date | None
		candidate_doctype: DF.Literal["Child", "Universal Referral"]
		candidate_name: DF.Data | None
		candidate_postcode: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reasons: DF.SmallText | None
		referral_child: DF.Data | None
		referral_child_row: DF.Data | None
		score: DF.Int
		strength: DF.Literal["strong", "possible"]
	# end: auto-generated types

	pass
