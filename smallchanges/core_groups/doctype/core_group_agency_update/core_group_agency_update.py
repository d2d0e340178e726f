"""An agency's update sent before a core group meeting; it appears in the draft minutes."""

import frappe
from frappe import _
from frappe.model.document import Document

from smallchanges.access.core_groups import stored_core_group_record
from smallchanges.access.scope import agency_of, scope_of
from smallchanges.rules.core_groups import MINUTE_TAKER_EDITS


class AgencyUpdateError(frappe.ValidationError):
	pass


class CoreGroupAgencyUpdate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Data | None
		given_by: DF.Link | None
		minutes: DF.Link | None
		plan: DF.Link
		plan_title: DF.Data | None
		update_text: DF.Text

	# end: auto-generated types
	def validate(self):
		self.check_in_core_group()
		self.set_author_and_agency()
		self.check_still_open()

	def on_update(self):
		self.show_in_draft_minutes()

	def check_in_core_group(self):
		before = self.get_doc_before_save()
		if before and before.plan != self.plan:
			frappe.throw(_("An update stays with the plan it was sent for."), AgencyUpdateError)
		scope = scope_of()
		if not scope.everything and not stored_core_group_record(
			"Child Protection Plan", self.plan, scope, ()
		):
			frappe.throw(
				_("You are not in the core group of this plan, so you cannot send it an update."),
				frappe.PermissionError,
			)

	def set_author_and_agency(self):
		"""Who sent it and for which agency come from the account, never from the form."""
		before = self.get_doc_before_save()
		if before:
			self.given_by, self.agency, self.minutes = before.given_by, before.agency, before.minutes
			return
		self.given_by = frappe.session.user
		self.agency = agency_of(self.given_by) or _("Children's social care")
		self.minutes = None

	def check_still_open(self):
		if self.minutes and self.open_minutes() != self.minutes:
			frappe.throw(
				_("The meeting's minutes are no longer a draft: this update cannot change."),
				AgencyUpdateError,
			)

	def show_in_draft_minutes(self):
		"""Put the update in the plan's draft minutes, if the minute taker has started them."""
		name = self.minutes or self.open_minutes()
		if not name:
			return
		minutes = frappe.get_doc("Core Group Minutes", name)
		row = next((r for r in minutes.agency_updates if r.agency_update == self.name), None)
		values = {
			"agency": self.agency,
			"given_by": frappe.utils.get_fullname(self.given_by),
			"update_text": self.update_text,
			"agency_update": self.name,
		}
		if row:
			row.update(values)
		else:
			minutes.append("agency_updates", values)
		# The author may not edit the minutes themselves; the server adds their update (only that)
		# to the draft of a plan the checks above found them a member of.
		minutes.flags.ignore_permissions = True
		minutes.save()
		self.db_set("minutes", name, update_modified=False)

	def open_minutes(self) -> str | None:
		minutes = frappe.qb.DocType("Core Group Minutes")
		rows = (
			frappe.qb.from_(minutes)
			.select(minutes.name)
			.where(
				(minutes.plan == self.plan)
				& (minutes.docstatus == 0)
				& minutes.workflow_state.isin(MINUTE_TAKER_EDITS)
			)
			.orderby(minutes.creation, order=frappe.qb.desc)
			.limit(1)
			.run(pluck=True)
		)
		return rows[0] if rows else None
