# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

"""A restriction on a child's record: set and lifted by a Director or the Principal Social Worker,
with a reason, naming who may open it. What it hides, and from whom, is access/restrictions.py's
one criterion; this controller keeps the record's history honest: who set it and when, who lifted
it and why, and every break-glass opening, each changed only through its own step."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from smallchanges.access import sealed
from smallchanges.roles import RESTRICTION_GOVERNORS

ACTIVE, LIFTED = "Active", "Lifted"
# Changed only by lift_restriction and break_glass (governance/restrictions.py), never by a save.
HISTORY_FIELDS = ("child", "status", "set_by", "set_on", "lifted_by", "lifted_on", "lift_reason")


class RestrictionError(frappe.ValidationError):
	pass


def is_governor(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(frappe.get_roles(user)) & RESTRICTION_GOVERNORS)


class ChildRestriction(Document):
	def validate(self):
		self.check_who_sets_it()
		self.keep_history()
		self.check_named_people()
		self.check_one_active_restriction()

	def check_who_sets_it(self):
		# a break-glass opening is the one step anyone else takes (governance/restrictions.py checks it)
		if self.flags.restriction_step:
			return
		if not is_governor():
			frappe.throw(
				_("Only a Director or the Principal Social Worker can restrict a child's record."),
				frappe.PermissionError,
			)

	def keep_history(self):
		if self.is_new():
			self.status, self.set_by, self.set_on = ACTIVE, frappe.session.user, now_datetime()
			self.lifted_by = self.lifted_on = self.lift_reason = None
			self.openings = []
			return
		before = self.get_doc_before_save()
		if before.status == LIFTED and not self.flags.restriction_step:
			frappe.throw(
				_("A lifted restriction is kept as it was: set a new one instead."), RestrictionError
			)
		if self.flags.restriction_step:
			return
		for field in HISTORY_FIELDS:
			if self.get(field) != before.get(field):
				frappe.throw(
					_("{0} changes only when the restriction is set or lifted.").format(
						_(self.meta.get_label(field))
					),
					RestrictionError,
				)
		if [row.name for row in self.openings] != [row.name for row in before.openings]:
			frappe.throw(_("Break-glass openings are kept as they were recorded."), RestrictionError)

	def check_named_people(self):
		if self.status == ACTIVE and not self.named_users and not self.user_group:
			frappe.throw(
				_("Name the people (or a group) who may open the record: otherwise nobody could."),
				RestrictionError,
			)

	def check_one_active_restriction(self):
		if self.status != ACTIVE:
			return
		other = frappe.db.exists(
			"Child Restriction", {"child": self.child, "status": ACTIVE, "name": ["!=", self.name or ""]}
		)
		if other:
			frappe.throw(
				_("This child's record is already restricted ({0}): change that restriction.").format(other),
				RestrictionError,
			)

	def on_update(self):
		sealed.forget()
		if self.flags.restriction_step:
			return
		before = self.get_doc_before_save()
		told = set((before and sealed.named_people(self.name, before.user_group)) or [])
		now_named = set(sealed.named_people(self.name, self.user_group)) | {self.contact or self.set_by}
		self.notify(
			sorted(now_named - told - {frappe.session.user}),
			_("You are named on {0}: the restricted record of child {1}").format(self.name, self.child),
		)

	def notify(self, users, subject: str, message: str | None = None):
		"""Desk notifications (the bell), written now: the people named are told at once."""
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		users = [user for user in dict.fromkeys(users) if user and user not in ("Guest",)]
		if not users:
			return
		make_notification_logs(
			frappe._dict(
				type="Alert",
				document_type=self.doctype,
				document_name=self.name,
				subject=subject,
				email_content=message or subject,
				from_user=frappe.session.user,
			),
			users,
		)

	def people_to_tell(self) -> list[str]:
		"""Who hears of an opening or a possible match: whoever set it, its contact, the named."""
		return [self.set_by, self.contact, *sealed.named_people(self.name, self.user_group)]
