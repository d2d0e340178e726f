"""Child: the person record that referrals, plans and visits point at."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from smallchanges.problems import throw_problems
from smallchanges.referrals.candidates import ensure_match_indexes, set_match_keys
from smallchanges.rules.child_record import clean_child
from smallchanges.rules.referral import person_name

# The values a save checks and stores cleaned: the same checks as every row of an import
# (smallchanges.rules.child_record, used by smallchanges.referrals.child_import).
CHECKED_FIELDS = (
	"first_name",
	"last_name",
	"also_known_as",
	"date_of_birth",
	"expected_date_of_delivery",
	"sex",
	"nhs_number",
	"upn",
	"address",
	"postcode",
)


class Child(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		also_known_as: DF.SmallText | None
		council_child_id: DF.Data | None
		date_of_birth: DF.Date | None
		expected_date_of_delivery: DF.Date | None
		first_name: DF.Data
		first_name_key: DF.Data | None
		full_name: DF.Data | None
		last_import: DF.Link | None
		last_name: DF.Data | None
		last_name_key: DF.Data | None
		nhs_number: DF.Data | None
		postcode: DF.Data | None
		postcode_normalised: DF.Data | None
		sex: DF.Literal["", "Female", "Male", "Other", "Not known"]
		upn: DF.Data | None

	# end: auto-generated types

	def validate(self):
		self.check_values()
		self.set_full_name()
		set_match_keys(self)

	def set_full_name(self):
		self.full_name = person_name(self.first_name, self.last_name)

	def check_values(self):
		cleaned, problems = clean_child({f: self.get(f) for f in CHECKED_FIELDS}, getdate(nowdate()))
		throw_problems(problems, frappe.ValidationError, _("Child"), self.meta)
		self.update({f: cleaned[f] for f in ("nhs_number", "sex") if self.get(f)})


def on_doctype_update():
	ensure_match_indexes("Child")


def get_list_context(context):
	"""Frappe's /list page of Child records (staff only): each one it lists is logged by name."""
	from smallchanges.access.access_log import logged_list_context

	return logged_list_context(context)
