"""The app's save-time e-mails are decided during the save and built after it commits.

Frappe evaluates each Notification inside the save that triggers it: it reloads the document,
renders the message (and inlines its CSS) and queues it, all before the user's request returns. A
referrer's Send waited for four of them. Here the save only decides, as Frappe would, which
Notifications are due (the event, a changed value, the condition: cheap checks on the document in
hand), and a background job keyed to the document and the Notification, queued once the save has
committed, renders and queues each one. A save that is rolled back queues nothing.

An e-mail that is not a standard Notification (its recipients come from other records, e.g. the
service leads of the requested services) goes the same way: the save decides that it is due and
`send_after_commit` queues one of the document's own `send_...` methods as the same kind of job.
"""

import frappe
from frappe.email.doctype.notification.notification import get_context

NOTIFICATION_JOB = "smallchanges.notifications.send"
DOC_METHOD_JOB = "smallchanges.notifications.run_send_method"
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
			_queue_after_commit(NOTIFICATION_JOB, doc, notification=row.name)


def _queue_after_commit(job: str, doc, **kwargs) -> None:
	frappe.enqueue(
		job,
		queue="short",
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),  # in the test process: at once, in the test's transaction
		doctype=doc.doctype,
		name=doc.name,
		**kwargs,
	)


def send_after_commit(doc, method: str) -> None:
	"""Queue `doc.<method>()`, an e-mail this save decided to send, as a background job that runs
	once the save has committed (as the document's Notifications are): the save builds nothing."""
	if not method.startswith("send_"):
		raise ValueError(f"{method}: only a document's send_... methods run after commit")
	_queue_after_commit(DOC_METHOD_JOB, doc, doc_method=method)  # `method` is enqueue's own


def send(doctype: str, name: str, notification: str) -> None:
	"""The background half: render and queue one Notification for the document as now stored."""
	if not frappe.db.exists(doctype, name):
		return
	doc = frappe.get_doc(doctype, name)
	frappe.get_doc("Notification", notification).send(doc)


def run_send_method(doctype: str, name: str, doc_method: str) -> None:
	"""The background half of `send_after_commit`: the document's method, on the document as stored."""
	if not doc_method.startswith("send_") or not frappe.db.exists(doctype, name):
		return
	getattr(frappe.get_doc(doctype, name), doc_method)()


class NotifiesAfterCommit:
	"""Mixin for a controller: its Notifications are sent after the save commits."""

	def run_notifications(self, method):
		queue_due_notifications(self, method)
