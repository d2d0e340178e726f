"""The app's standard Notifications are decided during the save and built after it commits.

Frappe evaluates each Notification inside the save that triggers it: it reloads the document,
renders the message (and inlines its CSS) and queues it, all before the user's request returns. A
referrer's Send waited for four of them. Here the save only decides, as Frappe would, which
Notifications are due (the event, a changed value, the condition: cheap checks on the document in
hand), and a background job keyed to the document and the Notification, queued once the save has
committed, renders and queues each one. A save that is rolled back queues nothing.
"""

import frappe
from frappe.email.doctype.notification.notification import get_context

EVENTS = {"on_update": "Save", "after_insert": "New", "on_submit": "Submit", "on_cancel": "Cancel"}


def _notifications(doctype: str) -> list:
	return frappe.cache.hget(
		"notifications",
		doctype,
		lambda: frappe.get_all(
			"Notification",
			fields=["name", "event", "method"],
			filters={"enabled": 1, "document_type": doctype},
		),
	)


def _value_changed(doc, fieldname: str) -> bool:
	if not frappe.db.has_column(doc.doctype, fieldname):
		return False  # Frappe disables such a Notification when it sends; here it is not due
	before = doc.get_doc_before_save()
	fieldtype = doc.meta.get_field(fieldname).fieldtype
	old = before.get(fieldname) if before else None
	return frappe.utils.cast(fieldtype, doc.get(fieldname)) != frappe.utils.cast(fieldtype, old)


def is_due(doc, notification, event: str, context: dict | None = None) -> bool:
	"""Whether a Notification fires for this event of this save (Frappe's own checks); `context`:
	what Frappe evaluates conditions in (`get_context(doc)`), when the caller has built it."""
	if notification.condition and not frappe.safe_eval(
		notification.condition, None, context or get_context(doc)
	):
		return False
	if event == "Value Change" and not doc.is_new():
		return _value_changed(doc, notification.value_changed)
	return True


def queue_due_notifications(doc, method: str) -> None:
	"""What `Document.run_notifications` does, except that each due Notification is sent by a
	background job after commit rather than inside the request."""
	flags = frappe.flags
	if (flags.in_import and flags.mute_emails) or flags.in_patch or flags.in_install:
		return
	if doc.flags.notifications_executed is None:
		doc.flags.notifications_executed = []
	if doc.flags.notifications is None:
		doc.flags.notifications = _notifications(doc.doctype)
	events = dict(EVENTS)
	if not doc.flags.in_insert and not doc.flags.in_delete:
		events["on_change"] = "Value Change"
	event = events.get(method)
	context = None  # built once for all the conditions of this event (it holds Frappe's safe globals)
	for row in doc.flags.notifications:
		if row.name in doc.flags.notifications_executed:
			continue
		if not ((event and row.event == event) or (row.event == "Method" and row.method == method)):
			continue
		doc.flags.notifications_executed.append(row.name)
		notification = frappe.get_cached_doc("Notification", row.name)
		if notification.condition and context is None:
			context = get_context(doc)
		if is_due(doc, notification, row.event, context):
			frappe.enqueue(
				"smallchanges.notifications.send",
				queue="short",
				enqueue_after_commit=True,
				now=bool(flags.in_test),  # in the test process: at once, in the test's transaction
				doctype=doc.doctype,
				name=doc.name,
				notification=row.name,
			)


def send(doctype: str, name: str, notification: str) -> None:
	"""The background half: render and queue one Notification for the document as now stored."""
	if not frappe.db.exists(doctype, name):
		return
	doc = frappe.get_doc(doctype, name)
	frappe.get_doc("Notification", notification).send(doc)


class NotifiesAfterCommit:
	"""Mixin for a controller: its Notifications are sent after the save commits."""

	def run_notifications(self, method):
		queue_due_notifications(self, method)
