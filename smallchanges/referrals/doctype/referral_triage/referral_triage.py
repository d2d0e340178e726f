"""Referral Triage: the staff-only half of a referral, one per referral, named after it.

No partner role has any permission on this DocType, so nothing here can be joined, filtered on,
searched, exported or versioned into a partner's response. The duplicate check writes it (the
first Send inserts it: no delete, no shared index gap between concurrent Sends); staff write the
primary need and notes.
"""

import frappe
from frappe import _
from frappe.model.document import Document

# Written only by the duplicate check (smallchanges.referrals.duplicates, and restricted_matches when a
# child is restricted, through triage.save_triage), never by hand.
COMPUTED_FIELDS = (
	"referral",
	"is_repeat",
	"repeat_of",
	"duplicates_checked_at",
	"possible_duplicates",
	"match_summaries",
)


class ReferralTriage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		duplicates_checked_at: DF.Datetime | None
		is_repeat: DF.Check
		match_summaries: DF.JSON | None
		possible_duplicates: DF.JSON | None
		primary_need: DF.Literal[
			"",
			"N1 Abuse or neglect",
			"N2 Child's disability or illness",
			"N3 Parental illness or disability",
			"N4 Family in acute stress",
			"N5 Family dysfunction",
			"N6 Socially unacceptable behaviour",
			"N7 Low income",
			"N8 Absent parenting",
			"N9 Cases other than children in need",
			"N0 Not stated",
		]
		referral: DF.Link
		repeat_of: DF.Link | None
		triage_notes: DF.SmallText | None
	# end: auto-generated types

	def validate(self):
		self.keep_computed_fields()

	def keep_computed_fields(self):
		"""What the duplicate check found is not edited by hand (through any save path)."""
		if self.flags.from_duplicate_check:
			return
		before = None if self.is_new() else self.get_doc_before_save()
		for fieldname in COMPUTED_FIELDS:
			df = self.meta.get_field(fieldname)
			old = before.get(fieldname) if before else None
			if _normalised(self, df, self.get(fieldname)) != _normalised(self, df, old):
				frappe.throw(
					_("{0} is set by the duplicate check and cannot be changed by hand.").format(
						_(self.meta.get_label(fieldname))
					),
					frappe.PermissionError,
					title=_("Not permitted"),
				)

	def candidates(self) -> list[dict]:
		return _parsed(self.possible_duplicates, [])

	def summaries(self) -> dict:
		return _parsed(self.match_summaries, {})


def _parsed(value, default):
	if not value:
		return default
	return frappe.parse_json(value) if isinstance(value, str) else value


def _normalised(doc, df, value):
	if value in (None, "", 0, [], {}):
		return None
	if df.fieldtype == "JSON":
		return frappe.as_json(_parsed(value, None))
	return str(doc.cast(value, df))


def get_list_context(context):
	"""Frappe's /list page of triage records (staff only): each one it lists is logged by name."""
	from smallchanges.access.access_log import logged_list_context

	return logged_list_context(context)
