# Copyright (c) 2026, smallchanges contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.workflow import (
	WorkflowPermissionError,
	apply_workflow,
	get_transitions,
	get_workflow,
	get_workflow_name,
)
from frappe.permissions import AUTOMATIC_ROLES
from frappe.utils import cint, getdate, now_datetime

from smallchanges.access.workflow_guard import state_change
from smallchanges.governance.delegation_api import DelegationError, full_name, today, users_with_roles
from smallchanges.notifications import send_after_commit
from smallchanges.rules import delegation as delegation_rules

# Set by the server only; whatever a client sends for them is replaced.
SERVER_FIELDS = ("requested_by", "approved_by", "approved_on", "rejected_by", "revoked_by", "revoked_on")


class Delegation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from smallchanges.governance.doctype.delegation_user.delegation_user import DelegationUser

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		decision_note: DF.SmallText | None
		delegate_role: DF.Link | None
		delegate_to: DF.Literal["Named users", "Role"]
		delegate_users: DF.TableMultiSelect[DelegationUser]
		delegates_summary: DF.Data | None
		reason: DF.SmallText
		rejected_by: DF.Link | None
		requested_by: DF.Link | None
		revoked_by: DF.Link | None
		revoked_on: DF.Datetime | None
		task: DF.Literal[
			"Take core group minutes", "Check referral completeness", "Distribute core group minutes"
		]
		task_description: DF.SmallText | None
		valid_from: DF.Date
		valid_until: DF.Date
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.keep_server_fields()
		self.keep_request()
		self.describe()
		self.check_task_and_delegates()
		self.check_period()
		self.apply_state_change()

	def before_update_after_submit(self):
		# Decided (submitted): the request and the note are not allow_on_submit, so Frappe refuses
		# any change to them on every save path (UpdateAfterSubmitError).
		self.keep_server_fields()
		self.apply_state_change()

	def on_submit(self):
		if self.workflow_state == delegation_rules.APPROVED:
			self.notify_delegates()
		self.notify_requester()

	# ---- steps ----------------------------------------------------------------------------------

	def keep_server_fields(self):
		"""Who asked and who decided are recorded by the server, never taken from the client."""
		before = self.get_doc_before_save()
		for field in SERVER_FIELDS:
			self.set(field, before.get(field) if before else None)
		if not before:
			self.requested_by = frappe.session.user

	def keep_request(self):
		"""The request is its requester's while it waits; the approver decides on it as it was asked
		(with a note), and once decided it stays as it was (on every save path, not only the form)."""
		before = self.get_doc_before_save()
		if not before:
			return
		user = frappe.session.user
		changed = [f for f in delegation_rules.REQUEST_FIELDS if _value(self, f) != _value(before, f)]
		try:
			delegation_rules.check_request_changes(
				changed,
				before.workflow_state,
				user,
				before.requested_by or before.owner,
				{field: _(self.meta.get_label(field)) for field in changed},
			)
			if (self.decision_note or "") != (before.decision_note or ""):
				delegation_rules.check_note_change(before.workflow_state)
		except delegation_rules.DelegationRuleError as e:
			frappe.throw(e.message(_), frappe.PermissionError, title=_("Not changed"))

	def describe(self):
		task = delegation_rules.TASKS.get(self.task)
		self.task_description = _(task.description) if task else None
		if self.delegate_to == delegation_rules.TO_ROLE:
			self.delegate_users = []
			self.delegates_summary = (
				_("Every {0}").format(_(self.delegate_role)) if self.delegate_role else ""
			)
		else:
			self.delegate_role = None
			self.delegates_summary = ", ".join(full_name(u) for u in self.named_users())[:240]

	def check_task_and_delegates(self):
		try:
			delegation_rules.check_task(self.task)
			delegation_rules.check_delegates(
				self.task, self.delegate_to, self.delegate_role, self.named_users()
			)
		except delegation_rules.DelegationRuleError as e:
			frappe.throw(e.message(_), DelegationError, title=_("Delegation"))

	def check_period(self):
		if not (self.valid_from and self.valid_until):
			return
		try:
			delegation_rules.check_period(
				getdate(self.valid_from),
				getdate(self.valid_until),
				today(),
				requesting=self.workflow_state != delegation_rules.REJECTED,
			)
		except delegation_rules.DelegationRuleError as e:
			frappe.throw(e.message(_), DelegationError, title=_("Delegation"))

	def apply_state_change(self):
		"""Refuse self-approval on any channel, keep state and docstatus in step, record the decision."""
		self.check_state_matches_docstatus()
		change = state_change(self)
		if not change:
			return
		new_state = change[1]
		user = frappe.session.user
		if new_state == delegation_rules.APPROVED:
			try:
				delegation_rules.check_approver(user, self.requested_by or self.owner, self.named_users())
			except delegation_rules.DelegationRuleError as e:
				frappe.throw(e.message(_), WorkflowPermissionError, title=_("Self approval is not allowed"))
		try:
			delegation_rules.check_decision_note(new_state, self.decision_note)
		except delegation_rules.DelegationRuleError as e:
			frappe.throw(e.message(_), DelegationError, title=_("Delegation"))
		if new_state == delegation_rules.APPROVED:
			self.approved_by = user
			self.approved_on = now_datetime()
		elif new_state == delegation_rules.REJECTED:
			self.rejected_by = user
		elif new_state == delegation_rules.REVOKED:
			self.revoked_by = user
			self.revoked_on = now_datetime()
		elif new_state == delegation_rules.EXPIRED:
			try:
				delegation_rules.check_can_expire(getdate(self.valid_until), today())
			except delegation_rules.DelegationRuleError as e:
				frappe.throw(e.message(_), DelegationError, title=_("Delegation"))

	def check_state_matches_docstatus(self):
		"""A state is only reached through its own docstatus: approving submits, so a direct
		write of an approved state onto a draft (or a submit that skips the workflow) is refused."""
		if not self.workflow_state or not get_workflow_name(self.doctype):
			return  # an administrator switched the workflow off: Frappe's own rules apply
		workflow = get_workflow(self.doctype)
		state_docstatus = {s.state: cint(s.doc_status) for s in workflow.states}
		expected = state_docstatus.get(self.workflow_state)
		if expected is not None and expected != cint(self.docstatus):
			frappe.throw(
				_("A delegation that is {0} cannot be saved this way: use the workflow's actions.").format(
					_(self.workflow_state)
				),
				WorkflowPermissionError,
				title=_("Not allowed"),
			)

	# ---- notifications ------------------------------------------------------------------------

	def named_users(self) -> list[str]:
		return [row.user for row in self.delegate_users if row.user]

	def delegates(self) -> list[str]:
		if self.delegate_to == delegation_rules.TO_ROLE:
			return users_with_roles([self.delegate_role]) if self.delegate_role else []
		return self.named_users()

	def notify_delegates(self):
		"""Tell the people who may now do the task: a desk notification each, now, and an e-mail
		each, built by a background job once the approval has committed."""
		users = self.delegates()
		if not users:
			return
		self._notify(users, *self._approval_message())
		send_after_commit(self, "send_to_delegates")

	def send_to_delegates(self):
		users = self.delegates()
		# Runs when a Director approves, never for a partner: the delegates' own email addresses.
		emails = [
			email
			for email in frappe.get_all("User", filters={"name": ["in", users], "enabled": 1}, pluck="email")
			if email
		]
		if not emails or not can_send_email():
			return
		subject, message = self._approval_message()
		frappe.sendmail(
			recipients=emails,
			subject=subject,
			message=message,
			reference_doctype=self.doctype,
			reference_name=self.name,
		)

	def _approval_message(self) -> tuple[str, str]:
		task = delegation_rules.get_task(self.task)
		subject = _("You may now {0}, until {1}").format(
			_(task.doing), delegation_rules.long_date(getdate(self.valid_until), _)
		)
		message = _("{0} approved delegation {1}: you may {2} from {3} until {4}. Reason given: {5}").format(
			frappe.utils.escape_html(full_name(self.approved_by)),
			self.name,
			_(task.doing),
			delegation_rules.long_date(getdate(self.valid_from), _),
			delegation_rules.long_date(getdate(self.valid_until), _),
			frappe.utils.escape_html(self.reason or ""),
		)
		return subject, message

	def notify_requester(self):
		if not self.requested_by or self.requested_by == frappe.session.user:
			return
		subject = _("Your delegation request {0} was {1}").format(self.name, _(self.workflow_state).lower())
		message = subject
		if self.decision_note:
			message = _("{0}. Decision note: {1}").format(
				subject, frappe.utils.escape_html(self.decision_note)
			)
		self._notify([self.requested_by], subject, message)

	def _notify(self, users: list[str], subject: str, message: str):
		"""Desk notifications (the bell), written now rather than by a background worker, so the
		delegates see them even while the site's workers are busy or down."""
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		make_notification_logs(
			frappe._dict(
				type="Alert",
				document_type=self.doctype,
				document_name=self.name,
				subject=subject,
				email_content=message,
				from_user=frappe.session.user,
			),
			list(set(users)),
		)


def _value(doc, field: str):
	"""A request field's value, comparable across saves (the delegates as a set of users)."""
	if field == "delegate_users":
		return sorted(row.user for row in doc.get(field) or [] if row.user)
	value = doc.get(field)
	return str(value) if value not in (None, "") else ""


@frappe.whitelist(methods=["POST"])
def decide(delegation: str, action: str, note: str | None = None) -> dict:
	"""Approve or reject (or any decision the workflow offers this user) with the decision note, in
	one request: the note is saved and the transition taken, or neither (the request rolls back)."""
	doc = frappe.get_doc("Delegation", delegation)
	doc.check_permission("write")
	transition = next((t for t in get_transitions(doc) if t.action == action), None)
	if not transition:
		frappe.throw(_("{0} is not an action you can take on this delegation now.").format(_(action)))
	if not isinstance(note, str | type(None)):
		frappe.throw(_("The decision note must be text."))
	if transition.next_state in delegation_rules.NOTED_DECISIONS and (note or "") != (
		doc.decision_note or ""
	):
		doc.decision_note = note
		doc.save()
	return apply_workflow({"doctype": doc.doctype, "name": doc.name}, action).as_dict()


@frappe.whitelist(methods=["GET"])
def decision_note_needed(delegation: str, action: str) -> bool:
	"""Whether the desk's dialog for `action` asks the decision note (the rule the server checks)."""
	doc = frappe.get_doc("Delegation", delegation)
	doc.check_permission("read")
	transition = next((t for t in get_transitions(doc) if t.action == action), None)
	return bool(transition and transition.next_state in delegation_rules.NOTED_DECISIONS)


def can_send_email() -> bool:
	"""Whether the site has an outgoing email account; without one only the desk notification goes."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing())


@frappe.whitelist()
def role_query(
	doctype: str,
	txt: str,
	searchfield: str,
	start: int,
	page_len: int,
	filters: dict | str | None = None,
) -> list[tuple]:
	"""Roles a task can be delegated to, for the Delegation form's Role field.

	Staff may request delegations but cannot read the Role list; this offers only role names
	(enabled, not automatic) to those who may create a Delegation.
	"""
	if not frappe.has_permission("Delegation", "create"):
		frappe.throw(_("You are not permitted to request a delegation."), frappe.PermissionError)
	Role = frappe.qb.DocType("Role")
	query = (
		frappe.qb.from_(Role)
		.select(Role.name)
		# Roles Frappe gives users automatically: delegating to one would mean delegating to all.
		.where((Role.disabled == 0) & Role.name.notin(AUTOMATIC_ROLES))
		.orderby(Role.name)
		# Roles Frappe gives users automatically: delegating to one would mean delegating to all.
		.limit(cint(page_len) or 20)
		.offset(cint(start))
	)
	if txt:
		query = query.where(Role.name.like(f"%{txt}%"))
	return query.run()
