"""Which fields of a Universal Referral only their transition changes, and who may change them.

Pure Python (no Frappe). The controller gives the fields a save changes, the stored state and
the states this user may move the referral into; `refused_changes` says which changes to refuse,
as `Problem`s whose first arg is the field (the controller shows its label).
"""

from collections.abc import Iterable

from smallchanges.rules.problems import Problem
from smallchanges.rules.referral import DECIDED_STATES, DRAFT, REDIRECTED, RETURNED
from smallchanges.rules.translation import _

# Frappe's workflow action reloads the stored record before it moves the state, so what a
# transition records is written while the referral waits in the state the transition leaves (and
# in the transition's own save). A field below may change only while the user may take, from the
# STORED state, a transition into one of its states; the workflow says which roles may, and
# self-approval excludes the referral's stored owner where the transition forbids it.
SET_BY_TRANSITION_INTO: dict[str, frozenset[str]] = {
	"returned_reason": frozenset({RETURNED}),
	"decision": frozenset(DECIDED_STATES),
	"decision_reason": frozenset(DECIDED_STATES),
	"redirected_to": frozenset({REDIRECTED}),
}
# Set by the server in the transition (the clock, who decided and when, the consent dispensation)
# or by Frappe at creation (owner): never from what a request sends, once the referral exists.
SET_BY_SERVER = frozenset(
	{"received_at", "decision_due", "decided_by", "decided_at", "feedback_sent", "dispensed_by", "owner"}
)
# The referral's scope: whose agency it is. Corrected by staff while a draft, never once sent.
CHANGEABLE_WHILE: dict[str, frozenset[str]] = {"referrer_agency": frozenset({DRAFT})}
GUARDED_FIELDS = frozenset(SET_BY_TRANSITION_INTO) | SET_BY_SERVER | frozenset(CHANGEABLE_WHILE)


SELF_APPROVAL = "self approval"  # Problem.args[-1] of a refusal only self-approval causes


def refused_changes(
	changed: Iterable[str],
	stored_state: str | None,
	reachable_states: Iterable[str],
	owner_may_not_reach: Iterable[str] = (),
) -> list[Problem]:
	"""Which of the `changed` fields this save may not change.

	`stored_state`: the state of the referral as stored; `reachable_states`: the states this user
	may move it into from there (their roles' transitions, without self-approval where it is
	forbidden); `owner_may_not_reach`: those their roles allow but self-approval forbids them."""
	reachable = frozenset(reachable_states)
	blocked = frozenset(owner_may_not_reach)
	problems = []
	for fieldname in sorted(set(changed) & GUARDED_FIELDS):
		if fieldname in SET_BY_SERVER:
			problems.append(
				Problem(fieldname, _("{0} is recorded by the system and cannot be changed."), (fieldname,))
			)
		elif fieldname in CHANGEABLE_WHILE:
			if stored_state not in CHANGEABLE_WHILE[fieldname]:
				problems.append(
					Problem(
						fieldname,
						_("{0} cannot be changed once the referral has been sent (it is {1})."),
						(fieldname, stored_state),
					)
				)
		elif (
			not reachable & SET_BY_TRANSITION_INTO[fieldname] and blocked & SET_BY_TRANSITION_INTO[fieldname]
		):
			problems.append(
				Problem(
					fieldname,
					_(
						"Self approval is not allowed: {0} is recorded by whoever moves the referral on, "
						"and that must be someone other than the person who made it."
					),
					(fieldname, SELF_APPROVAL),
				)
			)
		elif not reachable & SET_BY_TRANSITION_INTO[fieldname]:
			problems.append(
				Problem(
					fieldname,
					_(
						"{0} is recorded only by whoever moves the referral to {1}, and you cannot do that "
						"from {2}."
					),
					(fieldname, " / ".join(sorted(SET_BY_TRANSITION_INTO[fieldname])), stored_state),
				)
			)
	return problems
