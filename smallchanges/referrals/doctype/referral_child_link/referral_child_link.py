"""Referral Child Link: the staff-only decision that a child named on a referral is a given Child
record. Kept out of the referral (which its partner reads) so that no channel of Frappe's can give a
partner a council record's ID: no partner role has any permission on this DocType. Named after the
referral's child row, so a row is linked at most once."""

import frappe
from frappe import _
from frappe.model.document import Document

from smallchanges.rules.referral import person_name


class ReferralChildLink(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		child: DF.Link
		child_name: DF.Data | None
		referral: DF.Link
		referral_child_row: DF.Data
	# end: auto-generated types

	def validate(self):
		self.check_row_is_on_the_referral()

	def check_row_is_on_the_referral(self):
		row = frappe.db.get_value(
			"Referral Child",
			{"name": self.referral_child_row, "parent": self.referral, "parenttype": "Universal Referral"},
			["first_name", "last_name"],
			as_dict=True,
		)
		if not row:
			frappe.throw(
				_("That child is not on referral {0}.").format(self.referral), frappe.ValidationError
			)
		self.child_name = person_name(row.first_name, row.last_name)
