from frappe.model.document import Document


class ReferralServiceRequest(Document):
	pass
