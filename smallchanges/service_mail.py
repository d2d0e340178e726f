"""The app's e-mails are service messages, never newsletters: no unsubscribe link.

Every e-mail the app sends is about a child or one of its records (a referral's acknowledgement
and outcome, core group minutes, a shared resource, a reminder): someone who opts out of one
misses what they need to keep a child safe. Frappe queues every e-mail with `add_unsubscribe_link`
on (`frappe.sendmail`'s default, which standard Notifications keep) and, when it sends one about a
record, offers the recipient a signed link that stops e-mails about that record. Here the queue
row of any e-mail about one of this app's DocTypes is marked as a service message, whoever sends
it; e-mails about other apps' records keep Frappe's behaviour. The app's e-mails about no record
(digests, reminders) pass `add_unsubscribe_link=0` themselves.
"""

import frappe
from frappe.modules.utils import get_doctype_app_map

APP = "smallchanges"


def is_about_the_apps_records(reference_doctype: str | None) -> bool:
	return bool(reference_doctype) and get_doctype_app_map().get(reference_doctype) == APP


def no_unsubscribe_link(doc, method=None) -> None:
	"""Email Queue.before_insert: an e-mail about one of the app's records is a service message."""
	if is_about_the_apps_records(doc.reference_doctype):
		doc.add_unsubscribe_link = 0
