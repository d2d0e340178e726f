from frappe.model.document import Document


class PartnerAgencyMember(Document):
	pass
