"""Daily: tell the people who maintain resources which reviews are due within 30 days or overdue."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import escape_html, format_date, get_url, getdate, nowdate

from smallchanges.rules import resources as rules


def notify_review_due() -> None:
	today = getdate(nowdate())
	# A scheduled job (as Administrator): every approved, current resource due for review.
	rows = frappe.get_all(
		"Resource",
		filters={
			"workflow_state": rules.APPROVED,
			"is_current": 1,
			"review_due": ["<=", rules.review_reminder_cutoff(today)],
		},
		fields=["name", "title", "review_due", "maintained_by", "owner"],
		order_by="review_due asc",
	)
	by_person = defaultdict(list)
	for row in rows:
		by_person[row.maintained_by or row.owner].append(row)
	for user, resources in by_person.items():
		email = frappe.db.get_value("User", {"name": user, "enabled": 1}, "email")
		if not email:
			continue
		items = "".join(
			"<li>{}: {} ({})</li>".format(
				f'<a href="{get_url("/app/resource/" + row.name)}">{escape_html(row.title)}</a>',
				_(rules.review_status(getdate(row.review_due), today) or rules.REVIEW_DUE_SOON),
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
