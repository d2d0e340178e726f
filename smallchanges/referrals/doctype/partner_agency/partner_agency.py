"""Partner Agency: a school, health service, police team or voluntary organisation that refers."""

import frappe
from frappe import _
from frappe.model.document import Document

from smallchanges.access.scope import forget_agencies


class PartnerAgency(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from smallchanges.referrals.doctype.partner_agency_member.partner_agency_member import (
			PartnerAgencyMember,
		)

		address: DF.SmallText | None
		agency_name: DF.Data
		contact_email: DF.Data | None
		contact_name: DF.Data | None
		contact_phone: DF.Data | None
		kind: DF.Literal["", "School", "Health", "Police", "Voluntary sector", "Local authority", "Other"]
		members: DF.Table[PartnerAgencyMember]

	# end: auto-generated types

	def validate(self):
		self.check_members_belong_nowhere_else()

	def on_update(self):
		forget_agencies()

	def on_trash(self):
		forget_agencies()

	def after_rename(self, old: str, new: str, merge: bool = False):
		forget_agencies()

	def check_members_belong_nowhere_else(self):
		"""Each person belongs to one agency (the database enforces it too, with a unique key)."""
		users = [row.user for row in self.members]
		duplicated = {user for user in users if users.count(user) > 1}
		if duplicated:
			frappe.throw(_("{0} is listed twice.").format(", ".join(sorted(duplicated))))
		Member = frappe.qb.DocType("Partner Agency Member")
		elsewhere = (
			frappe.qb.from_(Member)
			.select(Member.user, Member.parent)
			.where(Member.user.isin(users or [""]))
			.where(Member.parent != self.name)
			.run(as_dict=True)
		)
		for row in elsewhere:
			frappe.throw(
				_("{0} already belongs to {1}; a person belongs to one agency only.").format(
					row.user, row.parent
				),
				frappe.UniqueValidationError,
			)
