"""Daily job: tell each practitioner two working days before a statutory visit is due, and tell
them and their managers when it is overdue.

"Their managers" are the Team Managers in the practitioner's teams (Frappe User Groups); with no
team set up, every Team Manager. Emails carry the child's reference and dates only: no names or
case details leave the system.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import get_url, getdate, nowdate

from smallchanges.governance.delegation_api import users_with_roles
from smallchanges.governance.policy import working_day_calendar
from smallchanges.roles import TEAM_MANAGER
from smallchanges.rules import visit_due
from smallchanges.scheduling import first_run_today
from smallchanges.visits.report.statutory_visits_due.statutory_visits_due import rows as plan_rows

REPORT = "Statutory Visits Due"


def visits_to_tell(today=None) -> tuple[list[dict], list[dict]]:
	"""(plans whose visit is due in two working days, plans whose visit is overdue)."""
	today = getdate(today or nowdate())
	cal = working_day_calendar()
	# Run by the scheduler as Administrator: every open plan (staff-only data, told to staff only).
	plans = plan_rows(frappe._dict(today=today))
	soon = [p for p in plans if visit_due.reminder_due(p["next_due"], today, cal)]
	overdue = [p for p in plans if p["overdue"]]
	return soon, overdue


def managers_of(practitioner: str, all_managers: list[str]) -> list[str]:
	Member = frappe.qb.DocType("User Group Member")
	teams = frappe.qb.from_(Member).select(Member.parent).where(Member.user == practitioner)
	team_members = (
		frappe.qb.from_(Member).select(Member.user).where(Member.parent.isin(teams)).run(pluck=True)
	)
	in_team = [m for m in all_managers if m in set(team_members) and m != practitioner]
	return in_team or [m for m in all_managers if m != practitioner]


def notify_due_and_overdue_visits(today=None) -> None:
	"""Daily: once a day, however often (or however many workers at once) it runs."""
	if not first_run_today("notify_due_and_overdue_visits", today):
		return
	soon, overdue = visits_to_tell(today)
	messages: dict[str, dict[str, list[dict]]] = defaultdict(lambda: {"soon": [], "overdue": []})
	managers = users_with_roles([TEAM_MANAGER])
	for plan in soon:
		if plan["practitioner"]:
			messages[plan["practitioner"]]["soon"].append(plan)
	for plan in overdue:
		for user in {plan["practitioner"], *managers_of(plan["practitioner"], managers)} - {None, ""}:
			messages[user]["overdue"].append(plan)
	for user, plans in messages.items():
		_tell(user, plans["soon"], plans["overdue"])


def _line(plan: dict) -> str:
	due = frappe.format_value(plan["next_due"], {"fieldtype": "Date"})
	text = _("{0} ({1}): due {2}").format(plan["child"], _(plan["plan_type"]), due)
	if plan["days_overdue"]:
		text += " " + _("{0} day(s) overdue").format(plan["days_overdue"])
	return f"<li>{frappe.utils.escape_html(text)}</li>"


def _tell(user: str, soon: list[dict], overdue: list[dict]) -> None:
	parts = []
	if overdue:
		parts.append(_("{0} statutory visit(s) overdue").format(len(overdue)))
	if soon:
		parts.append(_("{0} statutory visit(s) due in two working days").format(len(soon)))
	subject = "; ".join(parts)
	report_url = get_url(f"/app/query-report/{REPORT}")
	body = "".join(
		f"<p>{escaped}</p><ul>{''.join(_line(p) for p in plans)}</ul>"
		for escaped, plans in (
			(_("Overdue"), overdue),
			(_("Due in two working days"), soon),
		)
		if plans
	)
	message = f"<p>{subject}</p>{body}<p><a href='{report_url}'>{_('Open Statutory Visits Due')}</a></p>"
	first = (overdue or soon)[0]
	frappe.sendmail(
		recipients=[user],
		subject=subject,
		message=message,
		reference_doctype="Visit",
		reference_name=first["latest_visit"],
	)
	enqueue_create_notification(
		[user],
		{
			"type": "Alert",
			"document_type": "Visit",
			"document_name": first["latest_visit"],
			"subject": subject,
			"email_content": message,
			"from_user": "Administrator",
		},
	)
