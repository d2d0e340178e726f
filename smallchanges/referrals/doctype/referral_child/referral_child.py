from frappe.model.document import Document

from smallchanges.referrals.candidates import ensure_match_indexes


class ReferralChild(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		also_known_as: DF.Data | None
		date_of_birth: DF.Date | None
		disability_sen: DF.SmallText | None
		ethnicity: DF.Data | None
		expected_date_of_delivery: DF.Date | None
		first_name: DF.Data
		first_name_key: DF.Data | None
		gp: DF.Data | None
		has_social_worker: DF.Literal["", "Yes", "No", "Not known"]
		interpreter_needed: DF.Check
		language: DF.Data | None
		last_name: DF.Data | None
		last_name_key: DF.Data | None
		match_summary: DF.SmallText | None
		nhs_number: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		postcode: DF.Data | None
		postcode_normalised: DF.Data | None
		referral_open: DF.Check
		school: DF.Data | None
		sex: DF.Literal["", "Female", "Male", "Other", "Not known"]
		upn: DF.Data | None
	# end: auto-generated types

	pass


def on_doctype_update():
	ensure_match_indexes("Referral Child")
