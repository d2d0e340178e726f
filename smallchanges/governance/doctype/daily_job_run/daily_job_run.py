from frappe.model.document import Document


# Written by `smallchanges.scheduling.first_run_today`; read-only for everyone.
class DailyJobRun(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		job: DF.Data
		run_on: DF.Date
	# end: auto-generated types

	pass
