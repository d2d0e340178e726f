from frappe.model.document import Document


class PossibleDuplicateMember(Document):
	pass
