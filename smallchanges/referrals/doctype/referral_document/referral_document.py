from frappe.model.document import Document


class ReferralDocument(Document):
	pass
