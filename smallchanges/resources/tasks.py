"""Daily: tell the people who maintain resources which reviews are due within 30 days or overdue.

Each resource records the day it was last in a reminder, so running the job twice on a day (or
on two workers at once: the rows are claimed with a locking read) sends nobody a second email.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import escape_html, format_date, get_url, getdate, nowdate

from smallchanges.rules import resources as resource_rules


def notify_review_due() -> None:
	today = getdate(nowdate())
	# A scheduled job (as Administrator): every approved, current resource due for review, locked
	# until this job commits, so a second run waits and then sees today's reminder recorded.
	resource = frappe.qb.DocType("Resource")
	rows = (
		frappe.qb.from_(resource)
		.select(
			resource.name,
			resource.title,
			resource.review_due,
			resource.review_reminded_on,
			resource.maintained_by,
			resource.owner,
		)
		.where(
			(resource.workflow_state == resource_rules.APPROVED)
			& (resource.is_current == 1)
			& (resource.review_due <= resource_rules.review_reminder_cutoff(today))
		)
		.orderby(resource.review_due)
		.for_update()
		.run(as_dict=True)
	)
	by_person = defaultdict(list)
	for row in rows:
		reminded_on = getdate(row.review_reminded_on) if row.review_reminded_on else None
		if not resource_rules.reminder_due(getdate(row.review_due), reminded_on, today):
			continue
		frappe.db.set_value("Resource", row.name, "review_reminded_on", today, update_modified=False)
		by_person[row.maintained_by or row.owner].append(row)
	for user, resources in by_person.items():
		email = frappe.db.get_value("User", {"name": user, "enabled": 1}, "email")
		if not email:
			continue
		items = "".join(
			"<li>{}: {} ({})</li>".format(
				f'<a href="{get_url("/app/resource/" + row.name)}">{escape_html(row.title)}</a>',
				_(
					resource_rules.review_status(getdate(row.review_due), today)
					or resource_rules.REVIEW_DUE_SOON
				),
				_("review due {0}").format(format_date(row.review_due)),
			)
			for row in resources
		)
		frappe.sendmail(
			recipients=[email],
			subject=_("{0} library resources need reviewing").format(len(resources)),
			message=_(
				"<p>These resources you maintain are due for review:</p><ul>{0}</ul>"
				"<p>Review each one, then publish a new version or update its review date.</p>"
			).format(items),
			reference_doctype="Resource",
			reference_name=resources[0].name,
		)
