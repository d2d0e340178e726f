"""Duplicate Finder Settings: the engine, the threshold and the trained model (single)."""

import frappe
from frappe import _
from frappe.model.document import Document

# Written by the finder only (the model, when it was trained, the last run).
MODEL_FIELDS = (
	"model_json",
	"trained_on",
	"trained_on_children",
	"model_summary",
	"last_run_on",
	"last_run_summary",
)


class DuplicateFinderSettings(Document):
	def validate(self):
		before = self.get_doc_before_save()
		if before:
			for field in MODEL_FIELDS:
				self.set(field, before.get(field))
		if self.threshold is not None and not 0 < float(self.threshold) < 1:
			frappe.throw(_("The match probability must be between 0 and 1."))
