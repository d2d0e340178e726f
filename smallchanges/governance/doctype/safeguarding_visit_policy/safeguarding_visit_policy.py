# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SafeguardingVisitPolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		home_counts: DF.Check
		interval_unit: DF.Literal["Working days", "Days", "Weeks", "Months"]
		nursery_counts: DF.Check
		other_counts: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		placement_counts: DF.Check
		plan_type: DF.Literal["Child Protection", "Child in Need", "Looked After", "Private Fostering"]
		qualified_social_worker_required: DF.Check
		school_counts: DF.Check
		seen_alone_required: DF.Check
		visit_interval: DF.Int
	# end: auto-generated types

	pass
