from frappe.model.document import Document

from smallchanges.referrals.duplicates import ensure_match_indexes


class ReferralChild(Document):
	pass


def on_doctype_update():
	ensure_match_indexes("Referral Child")
