"""Daily: remind the owners of core group actions due within two working days, and of overdue ones."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from smallchanges.core_groups.clocks import calendar
from smallchanges.rules import core_groups as core_group_rules
from smallchanges.scheduling import first_run_today


def open_actions() -> list[dict]:
	"""Open actions of the latest minutes of each plan that are not cancelled (scheduler only)."""
	minutes = frappe.qb.DocType("Core Group Minutes")
	action = frappe.qb.DocType("Core Group Action")
	rows = (
		frappe.qb.from_(action)
		.join(minutes)
		.on(minutes.name == action.parent)
		.select(
			minutes.name.as_("minutes"),
			minutes.plan,
			minutes.meeting_date,
			minutes.children_initials,
			action.action,
			action.owner_name,
			action.owner_user,
			action.owner_email,
			action.due_date,
		)
		.where(
			(action.parenttype == "Core Group Minutes")
			& (action.status == core_group_rules.OPEN)
			& (minutes.docstatus == 1)
			& action.due_date.isnotnull()
		)
		.orderby(minutes.meeting_date, order=frappe.qb.desc)
		.run(as_dict=True)
	)
	# An action carried into a later meeting is that meeting's: keep each plan's latest minutes.
	latest: dict[str, str] = {}
	for row in rows:
		latest.setdefault(row.plan, row.minutes)
	return [row for row in rows if latest[row.plan] == row.minutes]


def remind_action_owners() -> None:
	"""Daily: once a day, however often (or however many workers at once) it runs."""
	if not first_run_today("remind_action_owners"):
		return
	today, days = getdate(nowdate()), calendar()
	by_owner: dict[str, list[tuple[str, dict]]] = {}
	for row in open_actions():
		kind = core_group_rules.action_reminder(getdate(row.due_date), today, days)
		email = row.owner_email or (row.owner_user if row.owner_user else None)
		if kind and email:
			by_owner.setdefault(email, []).append((kind, row))
	for email, items in by_owner.items():
		lines = "".join(
			"<li>{}</li>".format(
				frappe.utils.escape_html(
					_("{0}: {1} (due {2}, core group of {3}, minutes {4})").format(
						_("Overdue") if kind == "overdue" else _("Due soon"),
						row.action,
						frappe.format(row.due_date, "Date"),
						row.children_initials,
						row.minutes,
					)
				)
			)
			for kind, row in items
		)
		frappe.sendmail(
			recipients=[email],
			subject=_("Core group actions due or overdue: {0}").format(len(items)),
			message=_("<p>These core group actions are yours:</p><ul>{0}</ul>").format(lines),
			add_unsubscribe_link=0,  # a service message (smallchanges.service_mail)
		)
