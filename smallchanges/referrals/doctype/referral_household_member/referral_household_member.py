from frappe.model.document import Document


class ReferralHouseholdMember(Document):
	pass
