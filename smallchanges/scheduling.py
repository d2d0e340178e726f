"""What the daily jobs use so that running one twice, or in two workers at once, does its work once.

`first_run_today(job)` claims the job for today by inserting a Daily Job Run named after the job
and the day. The database's primary key makes the claim exclusive: a second run of the same day
(even one running at the same moment) waits for the first to commit and then gets False; if the
first run fails and rolls back, its claim goes with it and the next run does the work.
"""

import frappe
from frappe.utils import getdate, now, nowdate


def first_run_today(job: str, today=None) -> bool:
	"""True for the first run of `job` today (in this transaction); False for every later one."""
	day = getdate(today or nowdate())
	Run = frappe.qb.DocType("Daily Job Run")
	at, user = now(), frappe.session.user
	try:
		(
			frappe.qb.into(Run)
			.columns(Run.name, Run.job, Run.run_on, Run.creation, Run.modified, Run.owner, Run.modified_by)
			.insert(f"{job}:{day}", job, day, at, at, user, user)
			.run()
		)
	except Exception as e:
		if frappe.db.is_primary_key_violation(e):
			return False
		raise
	return True
