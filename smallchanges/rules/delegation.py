"""Delegable tasks and the one answer to "may this person do this task?".

Pure Python: no Frappe import. The registry below is the app's list of tasks that a Director
may delegate; each task names the roles that may do it by right. `decide` answers from plain
values (the person's roles, the approved delegations, today), and the `check_*` functions are the
Delegation DocType's rules. The Frappe side (smallchanges.governance.delegation_api) gathers the
values and translates the messages.

To add a delegable task: add it to TASKS here and to the options of the Delegation DocType's
`task` field (a unit test keeps the two equal).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from smallchanges.roles import (
	BUSINESS_SUPPORT_OFFICER,
	PARTNER_PRACTITIONER,
	SOCIAL_WORKER,
	SYSTEM_MANAGER,
	TEAM_MANAGER,
)
from smallchanges.rules.problems import RuleError
from smallchanges.rules.translation import Translate, _, untranslated

TAKE_CORE_GROUP_MINUTES = "Take core group minutes"
CHECK_REFERRAL_COMPLETENESS = "Check referral completeness"
DISTRIBUTE_MINUTES = "Distribute core group minutes"

ADMINISTRATOR = "Administrator"  # Frappe's built-in user, not a role

# Workflow states of a Delegation (the workflow itself is an ordinary record an admin may edit).
REQUESTED = "Requested"
APPROVED = "Approved"
REJECTED = "Rejected"
REVOKED = "Revoked"
EXPIRED = "Expired"

TO_ROLE = "Role"
TO_USERS = "Named users"


@dataclass(frozen=True)
class DelegableTask:
	name: str
	doing: str  # completes "X may ...", e.g. "take core group minutes"
	description: str
	by_right: tuple[str, ...]  # roles that may do it without a delegation


TASKS: dict[str, DelegableTask] = {
	task.name: task
	for task in (
		DelegableTask(
			TAKE_CORE_GROUP_MINUTES,
			_("take core group minutes"),
			_("Be named as minute taker of a core group meeting and write its minutes."),
			(SOCIAL_WORKER, TEAM_MANAGER, PARTNER_PRACTITIONER),
		),
		DelegableTask(
			CHECK_REFERRAL_COMPLETENESS,
			_("check referrals for completeness"),
			_("Check that a submitted referral is complete, or return it to the referrer."),
			(BUSINESS_SUPPORT_OFFICER,),
		),
		DelegableTask(
			DISTRIBUTE_MINUTES,
			_("distribute core group minutes"),
			_("Send approved core group minutes to the people on the distribution list."),
			(BUSINESS_SUPPORT_OFFICER, SOCIAL_WORKER),
		),
	)
}


class DelegationRuleError(RuleError):
	"""A rule was broken. `message(translate)` gives the human sentence, translated."""

	template = _("This delegation breaks a rule.")
	translated_params = ("doing", "task", "role")

	def shown(self, key: str, value, translate: Translate):
		"""Dates as "31 March 2027"."""
		return (
			long_date(value, translate) if isinstance(value, date) else super().shown(key, value, translate)
		)


class UnknownTask(DelegationRuleError):
	template = _("'{task}' is not a task that can be delegated.")


class InvalidPeriod(DelegationRuleError):
	pass


class InvalidDelegates(DelegationRuleError):
	pass


class InvalidApprover(DelegationRuleError):
	pass


class RequestLocked(DelegationRuleError):
	"""The request's fields change only by its requester, while it waits for a decision."""


class NoDecisionNote(DelegationRuleError):
	"""A decision is recorded with the decider's note."""


class CannotExpireYet(DelegationRuleError):
	pass


def get_task(name: str) -> DelegableTask:
	try:
		return TASKS[name]
	except KeyError:
		raise UnknownTask(task=name) from None


@dataclass(frozen=True)
class Grant:
	"""An approved delegation, as plain data."""

	name: str
	task: str
	valid_from: date
	valid_until: date
	role: str | None = None
	users: frozenset[str] = field(default_factory=frozenset)
	approved_by: str | None = None

	def is_current(self, today: date) -> bool:
		return self.valid_from <= today <= self.valid_until

	def covers(self, user: str, roles: Iterable[str]) -> bool:
		if self.role:
			return self.role in set(roles)
		return user in self.users


@dataclass(frozen=True)
class Decision:
	allowed: bool
	basis: str  # "administrator", "role", "delegation" or "none"
	role: str | None = None
	grant: Grant | None = None


def decide(user: str, roles: Iterable[str], task: str, grants: Iterable[Grant], today: date) -> Decision:
	"""May `user` (holding `roles`) do `task` today, given the approved delegations `grants`?

	Administrator and System Manager may do every task; then a role that has the task by right;
	then a current approved delegation to the user by name or to one of their roles (the one
	ending last is named, so the answer says how long the permission lasts).
	"""
	definition = get_task(task)
	roles = set(roles)
	if user == ADMINISTRATOR or SYSTEM_MANAGER in roles:
		return Decision(True, "administrator", role=SYSTEM_MANAGER if SYSTEM_MANAGER in roles else None)
	for role in definition.by_right:
		if role in roles:
			return Decision(True, "role", role=role)
	usable = [
		grant
		for grant in grants
		if grant.task == task and grant.is_current(today) and grant.covers(user, roles)
	]
	if usable:
		best = max(usable, key=lambda grant: (grant.valid_until, grant.name))
		return Decision(True, "delegation", role=best.role, grant=best)
	return Decision(False, "none")


# ---- the messages of can_do ------------------------------------------------------------------


def join_words(words: list[str], translate: Translate = untranslated, conjunction: str = _("and")) -> str:
	words = [w for w in words if w]
	if len(words) <= 1:
		return "".join(words)
	return "{} {} {}".format(", ".join(words[:-1]), translate(conjunction), words[-1])


def with_article(role: str, translate: Translate = untranslated) -> str:
	"""'a Director', 'an Administrator' (English articles; translators reorder via the template)."""
	article = _("an") if role[:1].upper() in "AEIOU" else _("a")
	return f"{translate(article)} {translate(role)}"


MONTHS = (
	_("January"),
	_("February"),
	_("March"),
	_("April"),
	_("May"),
	_("June"),
	_("July"),
	_("August"),
	_("September"),
	_("October"),
	_("November"),
	_("December"),
)


def long_date(day: date, translate: Translate = untranslated) -> str:
	"""31 March 2027."""
	return f"{day.day} {translate(MONTHS[day.month - 1])} {day.year}"


def refusal_message(
	person: str,
	task: str,
	approver_roles: list[str],
	approvers: list[str],
	translate: Translate = untranslated,
	person_approves: bool = False,
) -> str:
	"""Why `person` may not do `task`, which delegation is missing and who can approve it.

	`approvers`: the people who could approve it, never `person` (nobody approves a delegation to
	themselves); `person_approves`: `person` holds an approving role, so with nobody else in it
	the answer is "another" approver, not "nobody holds that role"."""
	definition = get_task(task)
	roles = join_words([with_article(r, translate) for r in approver_roles], translate, _("or"))
	if approvers:
		template = _(
			"{person} may not {doing}: that needs a delegation of '{task}' approved by {roles} ({approvers})."
		)
	elif person_approves:
		template = _(
			"{person} may not {doing}: that needs a delegation of '{task}' approved by {roles} other "
			"than {person}, and there is none yet: ask your administrator."
		)
	else:
		template = _(
			"{person} may not {doing}: that needs a delegation of '{task}' approved by {roles}, "
			"and nobody holds that role yet: ask your administrator."
		)
	return translate(template).format(
		person=person,
		doing=translate(definition.doing),
		task=translate(definition.name),
		roles=roles,
		approvers=", ".join(approvers),
	)


def permit_message(
	person: str, task: str, decision: Decision, approver_name: str | None, translate: Translate = untranslated
) -> str:
	"""Why `person` may do `task` (the allowed counterpart of `refusal_message`)."""
	definition = get_task(task)
	doing = translate(definition.doing)
	if decision.basis == "administrator":
		return translate(_("{person} may {doing} as an administrator.")).format(person=person, doing=doing)
	if decision.basis == "role":
		return translate(_("{person} may {doing} as {role}.")).format(
			person=person, doing=doing, role=with_article(decision.role or "", translate)
		)
	grant = decision.grant
	return translate(
		_("{person} may {doing} under the delegation {name} approved by {approver} until {until}.")
	).format(
		person=person,
		doing=doing,
		name=grant.name,
		approver=approver_name or grant.approved_by or "?",
		until=long_date(grant.valid_until, translate),
	)


# ---- the rules of a Delegation ---------------------------------------------------------------


def check_task(task: str | None) -> DelegableTask:
	if not task:
		raise UnknownTask(_("Choose the task to delegate."))
	return get_task(task)


def check_period(valid_from: date, valid_until: date, today: date, requesting: bool) -> None:
	"""The period must not end before it starts; a request must not be for a period already over."""
	if valid_until < valid_from:
		raise InvalidPeriod(
			_("The delegation cannot end ({until}) before it starts ({start})."),
			until=valid_until,
			start=valid_from,
		)
	if requesting and valid_until < today:
		raise InvalidPeriod(
			_("The delegation ended on {until}: a request must cover today or a later date."),
			until=valid_until,
		)


def check_delegates(task: str, delegate_to: str, role: str | None, users: list[str]) -> None:
	definition = get_task(task)
	if delegate_to == TO_ROLE:
		if not role:
			raise InvalidDelegates(_("Choose the role the task is delegated to."))
		if role in definition.by_right:
			raise InvalidDelegates(
				_("Every {role} may already {doing}: no delegation is needed."),
				role=role,
				doing=definition.doing,
			)
		if role == SYSTEM_MANAGER:
			raise InvalidDelegates(_("A System Manager may already do every task: no delegation is needed."))
	elif delegate_to == TO_USERS:
		if not users:
			raise InvalidDelegates(_("Name at least one person the task is delegated to."))
		duplicates = sorted({u for u in users if users.count(u) > 1})
		if duplicates:
			raise InvalidDelegates(_("{people} is named more than once."), people=join_words(duplicates))
	else:
		raise InvalidDelegates(_("Delegate the task to a role or to named people."))


def check_approver(approver: str, requested_by: str, delegates: Iterable[str]) -> None:
	"""Nobody approves their own request, nor a delegation to themselves."""
	if approver == requested_by:
		raise InvalidApprover(
			_("You asked for this delegation, so you cannot approve it: someone else must.")
		)
	if approver in set(delegates):
		raise InvalidApprover(_("This delegation names you, so you cannot approve it: someone else must."))


def check_can_expire(valid_until: date, today: date) -> None:
	if today <= valid_until:
		raise CannotExpireYet(
			_("This delegation runs until {until}, so it cannot expire yet."), until=valid_until
		)


# What the requester asks for: theirs to change while it is Requested, nobody's once decided (and
# never the approver's: a Director decides on the request as it was made).
REQUEST_FIELDS = (
	"task",
	"reason",
	"delegate_to",
	"delegate_role",
	"delegate_users",
	"valid_from",
	"valid_until",
)
# The decisions that are recorded with a note from the person who makes them.
NOTED_DECISIONS = (APPROVED, REJECTED)


def check_request_changes(
	changed: Iterable[str],
	stored_state: str | None,
	user: str,
	requested_by: str | None,
	labels: dict[str, str] | None = None,
) -> None:
	"""Refuse changes to the request's fields by anyone but its requester, or once it is decided
	(the fields named by their `labels` where given)."""
	wanted = set(changed)
	changed = [(labels or {}).get(field, field) for field in REQUEST_FIELDS if field in wanted]
	if not changed:
		return
	if stored_state not in (None, "", REQUESTED):
		raise RequestLocked(
			_("This delegation has been decided, so the request ({fields}) can no longer change."),
			fields=", ".join(changed),
		)
	if requested_by and user != requested_by:
		raise RequestLocked(
			_(
				"Only the person who asked for this delegation may change the request ({fields}); "
				"approve or reject it as it was asked, with a note."
			),
			fields=", ".join(changed),
		)


def check_note_change(stored_state: str | None) -> None:
	"""The decision note is written with the decision, and kept as it was once decided."""
	if stored_state not in (None, "", REQUESTED):
		raise RequestLocked(_("The decision note is kept as it was written when the delegation was decided."))


def check_decision_note(new_state: str, note: str | None) -> None:
	"""Approving or rejecting a delegation records why."""
	if new_state in NOTED_DECISIONS and not (note or "").strip():
		raise NoDecisionNote(_("Give a decision note: why you approve or reject this delegation."))
