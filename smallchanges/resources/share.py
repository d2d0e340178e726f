"""Share a resource by email through Frappe's queue; every share leaves a Resource Share row."""

import frappe
from frappe import _
from frappe.utils import escape_html, get_url, now_datetime, validate_email_address

from smallchanges.access.scope import scope_of
from smallchanges.rules import resources as resource_rules


class ShareError(frappe.ValidationError):
	pass


def recipient_kind(email: str) -> str:
	user = frappe.db.get_value("User", {"email": email, "enabled": 1}, "name")
	if not user:
		return resource_rules.OTHER_RECIPIENT
	scope = scope_of(user)
	if scope.staff:
		return resource_rules.STAFF_RECIPIENT
	if scope.partner:
		return resource_rules.PARTNER_RECIPIENT
	return resource_rules.OTHER_RECIPIENT


def parse_recipients(recipients) -> list[str]:
	if isinstance(recipients, str):
		recipients = frappe.parse_json(recipients) if recipients.strip().startswith("[") else recipients
	if isinstance(recipients, str):
		recipients = recipients.replace(";", ",").replace("\n", ",").split(",")
	emails = []
	for raw in recipients or []:
		email = (raw or "").strip()
		if not email:
			continue
		if not validate_email_address(email):
			frappe.throw(_("{0} is not an email address.").format(escape_html(email)), ShareError)
		if email.lower() not in (e.lower() for e in emails):
			emails.append(email)
	if not emails:
		frappe.throw(_("Choose at least one person to share it with."), ShareError)
	return emails


def share(resource, recipients, message: str = "") -> list[str]:
	"""Queue one email per recipient (what each may receive is decided by the resource's audience)
	and log each; refuses the whole share, naming them, if anyone may not receive it."""
	if resource.workflow_state != resource_rules.APPROVED:
		frappe.throw(
			_("Only approved resources are shared; {0} is {1}.").format(
				resource.name, _(resource.workflow_state)
			),
			ShareError,
		)
	emails = parse_recipients(recipients)
	plans = {
		email: resource_rules.share_plan(resource.audience, email, recipient_kind(email), bool(resource.file))
		for email in emails
	}
	refused = [plan.problem for plan in plans.values() if not plan.allowed]
	if refused:
		frappe.throw(
			"<br>".join(_(p.message).format(escape_html(p.args[0]), _(p.args[1])) for p in refused),
			ShareError,
			title=_("Not shared"),
		)
	sender = frappe.session.user
	file_id = _file_id(resource) if resource.file else None
	for email, plan in plans.items():
		attach = bool(plan.attach_file and file_id)
		frappe.sendmail(
			recipients=[email],
			subject=_("{0} shared: {1}").format(frappe.utils.get_fullname(sender), resource.title),
			message=_message(resource, plan, message, sender),
			attachments=[{"fid": file_id}] if attach else None,
			reference_doctype=resource.doctype,
			reference_name=resource.name,
			now=False,
		)
		frappe.get_doc(
			{
				"doctype": "Resource Share",
				"resource": resource.name,
				"shared_by": sender,
				"recipient": email,
				"shared_on": now_datetime(),
				"version": resource.version,
				"with_file": int(attach),
				"message": message or None,
			}
		).insert(ignore_permissions=True)  # the log is written by the server, never by the sharer
	return emails


def _file_id(resource) -> str | None:
	return frappe.db.get_value(
		"File",
		{"file_url": resource.file, "attached_to_doctype": "Resource", "attached_to_name": resource.name},
	) or frappe.db.get_value("File", {"file_url": resource.file})


def _message(resource, plan: resource_rules.SharePlan, note: str, sender: str) -> str:
	parts = [
		_("{0} thought this would help you: <b>{1}</b> ({2}, version {3}).").format(
			escape_html(frappe.utils.get_fullname(sender)),
			escape_html(resource.title),
			escape_html(_(resource.kind)),
			resource.version,
		)
	]
	if note:
		parts.append(f"<blockquote>{escape_html(note)}</blockquote>")
	if plan.link == "desk":
		url = get_url(f"/app/resource/{resource.name}")
		parts.append(_('Open it in the library: <a href="{0}">{0}</a>').format(url))
	elif plan.link == "portal":
		url = get_url("/resources")
		parts.append(_('Open it on the partners\' resources page: <a href="{0}">{0}</a>').format(url))
	if resource.url:
		parts.append(_('Link: <a href="{0}">{0}</a>').format(escape_html(resource.url)))
	if plan.attach_file:
		parts.append(_("The file is attached."))
	return "<p>" + "</p><p>".join(parts) + "</p>"
