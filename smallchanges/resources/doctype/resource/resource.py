# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, now_datetime, nowdate

from smallchanges.access.workflow_guard import state_change
from smallchanges.resources import files
from smallchanges.rules import resources as resource_rules

# Set by the server only (approval, versions, the file's text); whatever a client sends is replaced.
SERVER_FIELDS = (
	"approved_by",
	"approved_on",
	"retired_on",
	"supersedes",
	"superseded_by",
	"is_current",
	"version",
	"file_text",
	"content_hash",
	"review_reminded_on",
)
# What an approved resource says: changed by publishing a new version, never in place.
CONTENT_FIELDS = ("title", "kind", "audience", "file", "url", "supports_doctype")


class ResourceError(frappe.ValidationError):
	pass


class Resource(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		audience: DF.Literal[
			"Staff", "Staff and partners", "Staff and families", "Staff, partners and families"
		]
		authority: DF.SmallText | None
		category: DF.Link | None
		content_hash: DF.Data | None
		description: DF.SmallText | None
		effective_date: DF.Date | None
		file: DF.Attach | None
		file_text: DF.LongText | None
		is_current: DF.Check
		kind: DF.Literal["Form", "Template", "Guide", "Procedure link"]
		maintained_by: DF.Link | None
		owner_team: DF.Data | None
		retired_on: DF.Datetime | None
		review_due: DF.Date | None
		review_reminded_on: DF.Date | None
		superseded_by: DF.Link | None
		supersedes: DF.Link | None
		supports_doctype: DF.Link | None
		tags: DF.Data | None
		title: DF.Data
		topic: DF.Data | None
		url: DF.Data | None
		version: DF.Int
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.keep_server_fields()
		self.keep_approved_content()
		self.check_file_or_link()
		self.check_supersedes()
		self.set_defaults()
		self.read_file()
		self.apply_state_change()

	def on_update(self):
		if self.flags.retire_superseded:
			self.retire_superseded()

	# ---- steps ----------------------------------------------------------------------------------

	def keep_server_fields(self):
		before = self.get_doc_before_save()
		server_set = self.flags.server_fields or {}
		for field in SERVER_FIELDS:
			if field in server_set:
				self.set(field, server_set[field])
			else:
				self.set(field, before.get(field) if before else self._default(field))
		if not before and not self.version:
			self.version = 1

	def _default(self, field: str):
		df = self.meta.get_field(field)
		return cint(df.default) if df.fieldtype in ("Check", "Int") and df.default else df.default

	def keep_approved_content(self):
		before = self.get_doc_before_save()
		if not before or before.workflow_state not in (resource_rules.APPROVED, resource_rules.RETIRED):
			return
		changed = [f for f in CONTENT_FIELDS if (self.get(f) or None) != (before.get(f) or None)]
		if changed:
			frappe.throw(
				_("{0} is {1}: its {2} cannot change. Use New Version to publish a changed copy.").format(
					self.name,
					_(before.workflow_state).lower(),
					", ".join(_(self.meta.get_label(f)).lower() for f in changed),
				),
				ResourceError,
				title=_("Publish a new version"),
			)

	def check_file_or_link(self):
		if not (self.file or self.url):
			frappe.throw(_("Attach the file or give the link to the procedure."), ResourceError)
		if self.file and not self.file.startswith("/private/files/"):
			frappe.throw(
				_("Library files are kept private: upload {0} again as a private file.").format(self.file),
				ResourceError,
				title=_("File refused"),
			)

		if self.file and frappe.db.exists(
			"File", {"file_url": self.file, "attached_to_doctype": ["not in", ("", self.doctype)]}
		):
			# e.g. a referral's attachment: the library keeps its own copies, with their own audience
			frappe.throw(
				_("{0} belongs to another record: upload the library's own copy.").format(self.file),
				ResourceError,
				title=_("File refused"),
			)

	def check_supersedes(self):
		if not self.supersedes:
			return
		state = frappe.db.get_value("Resource", self.supersedes, "workflow_state")
		problem = resource_rules.check_supersedes(self.name, self.supersedes, state)
		if problem:
			frappe.throw(_(problem.message).format(*problem.args), ResourceError)

	def set_defaults(self):
		if not self.maintained_by:
			self.maintained_by = self.owner or frappe.session.user
		if self.effective_date and not self.review_due:
			self.review_due = resource_rules.default_review_due(getdate(self.effective_date))
		before = self.get_doc_before_save()
		if before and str(before.review_due or "") != str(self.review_due or ""):
			self.review_reminded_on = None  # a new review date starts its reminders afresh

	def read_file(self):
		"""Check a newly attached file and keep its words (searchable) and its hash (duplicates)."""
		before = self.get_doc_before_save()
		if not self.file:
			self.file_text = self.content_hash = None
			return
		if before and before.file == self.file and self.content_hash:
			return
		file_doc = self.file_doc()
		content = files.as_bytes(file_doc.get_content())
		files.refuse_bad_file(file_doc.file_name or self.file, content)
		self.content_hash = files.content_hash(content)
		self.file_text = files.extract_text(file_doc.file_name or self.file, content) or ""

	def apply_state_change(self):
		"""Refuse self-approval on any channel and record who approved or retired, and when."""
		change = state_change(self)
		if not change:
			return
		new_state = change[1]
		if new_state == resource_rules.APPROVED:
			self.approved_by = frappe.session.user
			self.approved_on = now_datetime()
			self.is_current = 1
			if not self.effective_date:
				self.effective_date = nowdate()
			if not self.review_due:
				self.review_due = resource_rules.default_review_due(getdate(self.effective_date))
			self.flags.retire_superseded = bool(self.supersedes)
		elif new_state == resource_rules.RETIRED:
			self.is_current = 0
			self.retired_on = now_datetime()

	# ---- helpers --------------------------------------------------------------------------------

	def file_doc(self):
		name = frappe.db.get_value(
			"File",
			{"file_url": self.file, "attached_to_doctype": self.doctype, "attached_to_name": self.name},
		) or frappe.db.get_value("File", {"file_url": self.file})
		if not name:
			frappe.throw(_("The file {0} was not found; attach it again.").format(self.file), ResourceError)
		return frappe.get_doc("File", name)

	def retire_superseded(self):
		"""Publishing this version retires the one it supersedes; the old one stays as history."""
		old = frappe.get_doc("Resource", self.supersedes)
		if old.workflow_state == resource_rules.RETIRED and old.superseded_by == self.name:
			return
		old.db_set(
			{
				"workflow_state": resource_rules.RETIRED,
				"is_current": 0,
				"superseded_by": self.name,
				"retired_on": now_datetime(),
			}
		)
		old.add_comment(
			"Info", _("Retired: version {0} ({1}) supersedes it.").format(self.version, self.name)
		)
