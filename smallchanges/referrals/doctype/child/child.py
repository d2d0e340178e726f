"""Child: the person record that referrals, plans and visits point at."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from smallchanges.referrals.duplicates import ensure_match_indexes, set_match_keys
from smallchanges.rules.referral import person_name


class Child(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		also_known_as: DF.SmallText | None
		date_of_birth: DF.Date | None
		expected_date_of_delivery: DF.Date | None
		first_name: DF.Data
		first_name_key: DF.Data | None
		full_name: DF.Data | None
		last_name: DF.Data | None
		last_name_key: DF.Data | None
		nhs_number: DF.Data | None
		postcode: DF.Data | None
		postcode_normalised: DF.Data | None
		sex: DF.Literal["", "Female", "Male", "Other", "Not known"]
		upn: DF.Data | None

	# end: auto-generated types

	def validate(self):
		self.set_full_name()
		self.check_dates()
		set_match_keys(self)

	def set_full_name(self):
		self.full_name = person_name(self.first_name, self.last_name)

	def check_dates(self):
		if self.date_of_birth and getdate(self.date_of_birth) > getdate(nowdate()):
			frappe.throw(_("The date of birth cannot be in the future."), frappe.ValidationError)


def on_doctype_update():
	ensure_match_indexes("Child")


def get_list_context(context):
	"""Frappe's /list page of Child records (staff only): each one it lists is logged by name."""
	from smallchanges.access.access_log import logged_list_context

	return logged_list_context(context)
