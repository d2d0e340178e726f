from frappe.model.document import Document


class ReferralChild(Document):
	pass
