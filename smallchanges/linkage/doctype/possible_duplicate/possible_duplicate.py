"""Possible Duplicate: Child records the batch finder thinks are one child, for review."""

import frappe
from frappe import _
from frappe.model.document import Document

from smallchanges.rules.linkage import DISMISSED, MERGE_PROPOSED, MERGED, OPEN

# Only the finder and the merge write these; a reviewer changes only the status (open/dismissed).
FINDER_FIELDS = ("cluster_key", "best_probability", "size", "found_on", "last_found_on", "evidence")


class PossibleDuplicate(Document):
	def validate(self):
		self.keep_finder_fields()
		self.check_status()

	def keep_finder_fields(self):
		before = self.get_doc_before_save()
		if not before or self.flags.ignore_permissions:
			return  # the finder's own writes
		for field in FINDER_FIELDS:
			self.set(field, before.get(field))
		self.set("members", [row.as_dict() for row in before.members])

	def check_status(self):
		before = self.get_doc_before_save()
		if not before or self.flags.ignore_permissions or before.status == self.status:
			return
		# A reviewer dismisses an open cluster or reopens a dismissed one; merges set the rest.
		if {before.status, self.status} != {OPEN, DISMISSED}:
			frappe.throw(
				_("A possible duplicate becomes {0} or {1} only through its merge.").format(
					_(MERGE_PROPOSED), _(MERGED)
				)
			)
