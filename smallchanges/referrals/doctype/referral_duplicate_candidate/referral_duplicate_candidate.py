from frappe.model.document import Document


class ReferralDuplicateCandidate(Document):
	pass
