"""A visit's "qualified social worker", "child seen" and "seen alone" were tick boxes ticked by
default; they are now answers (Yes / No) with no default. The DocType sync has turned the columns
into text ("1" / "0"): each becomes the answer it recorded, and "seen alone" is left unanswered on a
visit where the child was not seen (the question is not asked then)."""

import frappe

from smallchanges.rules.visits import NO, YES

FIELDS = ("qualified_social_worker", "child_seen", "seen_alone")


def execute():
	visit = frappe.qb.DocType("Visit")
	for field in FIELDS:
		for old, answer in (("1", YES), ("0", NO)):
			frappe.qb.update(visit).set(visit[field], answer).where(visit[field] == old).run()
	frappe.qb.update(visit).set(visit.seen_alone, "").where(visit.child_seen == NO).run()
