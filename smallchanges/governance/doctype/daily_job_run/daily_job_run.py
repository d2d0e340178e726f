from frappe.model.document import Document


class DailyJobRun(Document):
	"""Written by `smallchanges.scheduling.first_run_today`; read-only for everyone."""
