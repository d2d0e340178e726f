"""Daily jobs: tell the Team Managers which referrals are overdue for a decision; check any open
referral whose duplicate check never ran."""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import get_url, getdate, nowdate

from smallchanges.governance.delegation_api import users_with_roles
from smallchanges.roles import TEAM_MANAGER
from smallchanges.rules.referral import CHECKED, SUBMITTED, is_overdue
from smallchanges.scheduling import first_run_today

DIGEST_FIELDS = ("name", "decision_due", "workflow_state", "urgency", "level_of_need")


def overdue_referrals(today=None, filters: dict | None = None, fields=DIGEST_FIELDS) -> list[dict]:
	"""Undecided referrals past their decision date that the session user may read, oldest first.

	The one query behind both the daily digest and the Overdue Referrals report. frappe.get_list
	applies the user's scope: the scheduler runs as Administrator, so the digest (which goes to
	Team Managers only) covers every agency; the report shows a social worker only their own.
	"""
	today = getdate(today or nowdate())
	rows = frappe.get_list(
		"Universal Referral",
		filters={
			**(filters or {}),
			"workflow_state": ("in", [SUBMITTED, CHECKED]),
			"decision_due": ("<", today),
		},
		fields=list(fields),
		order_by="decision_due asc",
	)
	return [row for row in rows if is_overdue(getdate(row.decision_due), today, row.workflow_state)]


def notify_overdue_referrals() -> None:
	"""Daily: one digest a day, however often (or however many workers at once) it runs."""
	rows = overdue_referrals()
	managers = users_with_roles([TEAM_MANAGER])
	if not rows or not managers or not first_run_today("notify_overdue_referrals"):
		return
	report_url = get_url("/app/query-report/Overdue Referrals")
	subject = _("{0} referral(s) overdue for a decision").format(len(rows))
	# References and dates only: no child's details leave the system in an email.
	lines = "".join(
		f"<li>{frappe.utils.escape_html(row.name)}: "
		+ _("due {0}, {1}").format(
			frappe.format_value(row.decision_due, {"fieldtype": "Date"}), _(row.workflow_state)
		)
		+ "</li>"
		for row in rows
	)
	message = f"<p>{subject}</p><ul>{lines}</ul><p><a href='{report_url}'>{_('Open the Overdue Referrals report')}</a></p>"
	# a service message, with no unsubscribe link (smallchanges.service_mail)
	frappe.sendmail(recipients=managers, subject=subject, message=message, add_unsubscribe_link=0)
	enqueue_create_notification(
		managers,
		{
			"type": "Alert",
			"document_type": "Universal Referral",
			"document_name": rows[0].name,
			"subject": subject,
			"email_content": message,
			"from_user": "Administrator",
		},
	)


UNCHECKED_PER_RUN = 500


def check_unchecked_referrals() -> int:
	"""Daily: queue the duplicate check again for every open referral whose check never ran (its
	job was lost, or failed): one indexed anti-join on the triage's primary key. Returns how many."""
	from smallchanges.referrals.duplicates import queue_duplicate_check
	from smallchanges.rules.referral import OPEN_STATES

	referral, triage = frappe.qb.DocType("Universal Referral"), frappe.qb.DocType("Referral Triage")
	unchecked = (
		frappe.qb.from_(referral)
		.left_join(triage)
		.on(triage.name == referral.name)
		.select(referral.name)
		.where(referral.workflow_state.isin(list(OPEN_STATES)) & triage.name.isnull())
		.limit(UNCHECKED_PER_RUN)
		.run(pluck=True)
	)
	for name in unchecked:
		queue_duplicate_check(name)
	return len(unchecked)
