"""Child Merge: one Child record folded into another, proposed, approved by someone else, undoable."""

import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from smallchanges.access.workflow_guard import state_change
from smallchanges.linkage import merge
from smallchanges.rules import linkage as rules

# Set by the server only; whatever a client sends for them is replaced.
SERVER_FIELDS = (
	"proposed_by",
	"approved_by",
	"approved_on",
	"undone_by",
	"undone_on",
	"snapshot",
	"moved_links",
	"evidence",
	"merged_child_name",
)
# Fixed once proposed: what is merged into what.
PROPOSAL_FIELDS = ("possible_duplicate", "survivor", "merged_child")


class ChildMerge(Document):
	def validate(self):
		self.keep_server_fields()
		self.check_proposal()
		self.change = state_change(self)

	def on_update(self):
		if not self.change:
			return
		_old, new = self.change
		if new == rules.APPROVED:
			self.carry_out()
		elif new == rules.UNDONE:
			self.undo()
		elif new == rules.REJECTED:
			self.set_cluster_status(rules.OPEN)

	def after_insert(self):
		self.set_cluster_status(rules.MERGE_PROPOSED)

	def onload(self):
		self.set_onload("side_by_side", self.side_by_side_records())

	# ---- steps ----------------------------------------------------------------------------------

	def keep_server_fields(self):
		before = self.get_doc_before_save()
		for field in SERVER_FIELDS:
			self.set(field, before.get(field) if before else None)
		if before:
			for field in PROPOSAL_FIELDS:
				self.set(field, before.get(field))
			return
		self.proposed_by = frappe.session.user
		self.merged_child_name = frappe.db.get_value("Child", self.merged_child, "full_name")
		if self.possible_duplicate:
			self.evidence = frappe.db.get_value("Possible Duplicate", self.possible_duplicate, "evidence")

	def check_proposal(self):
		if not self.is_new():
			return
		if self.survivor == self.merged_child:
			frappe.throw(_("Choose two different records: one to keep, one to merge into it."))
		if not frappe.db.exists("Child", self.merged_child):
			frappe.throw(_("The record to merge, {0}, is not on file.").format(self.merged_child))
		if self.possible_duplicate:
			members = set(
				frappe.get_all(  # the cluster's own rows, read to check the proposal names two of them
					"Possible Duplicate Member",
					filters={"parent": self.possible_duplicate, "parenttype": "Possible Duplicate"},
					pluck="child",
				)
			)
			if not {self.survivor, self.merged_child} <= members:
				frappe.throw(
					_("Both records must be children of possible duplicate {0}.").format(
						self.possible_duplicate
					)
				)

	def carry_out(self):
		snapshot, moved = merge.merge(self.merged_child, self.survivor)
		self.db_set(
			{
				"approved_by": frappe.session.user,
				"approved_on": now_datetime(),
				"snapshot": merge.as_json(snapshot),
				"moved_links": merge.as_json(moved),
			}
		)
		self.set_cluster_status(rules.MERGED)

	def undo(self):
		merge.undo(json.loads(self.snapshot), json.loads(self.moved_links or "[]"), self.survivor)
		self.db_set({"undone_by": frappe.session.user, "undone_on": now_datetime()})
		self.set_cluster_status(rules.OPEN)

	def set_cluster_status(self, status: str):
		if self.possible_duplicate:
			frappe.db.set_value("Possible Duplicate", self.possible_duplicate, "status", status)

	def side_by_side_records(self) -> list[dict]:
		"""The two records as they are (or, once merged, as the merged one was)."""
		fields = [
			"name",
			"full_name",
			"also_known_as",
			"date_of_birth",
			"expected_date_of_delivery",
			"sex",
			"nhs_number",
			"upn",
			"address",
			"postcode",
		]
		records = []
		for name in (self.survivor, self.merged_child):
			if name and frappe.db.exists("Child", name):
				records.append(frappe.db.get_value("Child", name, fields, as_dict=True))
			elif self.snapshot:
				kept = json.loads(self.snapshot)
				records.append({f: kept.get(f) for f in fields})
		return records
