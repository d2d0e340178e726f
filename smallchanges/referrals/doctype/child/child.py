"""Child: the person record that referrals, plans and visits point at."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from smallchanges.referrals.duplicates import ensure_match_indexes, set_match_keys


class Child(Document):
	def validate(self):
		self.set_full_name()
		self.check_dates()
		set_match_keys(self)

	def set_full_name(self):
		self.full_name = " ".join(part for part in (self.first_name, self.last_name) if part)

	def check_dates(self):
		if self.date_of_birth and getdate(self.date_of_birth) > getdate(nowdate()):
			frappe.throw(_("The date of birth cannot be in the future."), frappe.ValidationError)


def on_doctype_update():
	ensure_match_indexes("Child")
