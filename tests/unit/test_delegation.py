"""The delegable-task registry and the pure decision behind can_do."""

import json
import pathlib
from datetime import date

import pytest

from smallchanges.rules import delegation as delegation_rules
from smallchanges.rules.delegation import (
	CHECK_REFERRAL_COMPLETENESS,
	DISTRIBUTE_MINUTES,
	TAKE_CORE_GROUP_MINUTES,
	Grant,
	decide,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCTYPE = ROOT / "smallchanges" / "governance" / "doctype" / "delegation" / "delegation.json"
TODAY = date(2026, 11, 26)


def grant(**kwargs) -> Grant:
	values = {
		"name": "DEL-2026-00001",
		"task": TAKE_CORE_GROUP_MINUTES,
		"valid_from": date(2026, 11, 1),
		"valid_until": date(2027, 3, 31),
		"approved_by": "dana@example.test",
	}
	values.update(kwargs)
	return Grant(**values)


def test_the_delegation_doctype_offers_exactly_the_registry_tasks():
	doctype = json.loads(DOCTYPE.read_text())
	task = next(f for f in doctype["fields"] if f["fieldname"] == "task")
	assert task["options"].split("\n") == list(delegation_rules.TASKS)


def test_the_registry_names_the_roles_with_each_task_by_right():
	assert delegation_rules.TASKS[TAKE_CORE_GROUP_MINUTES].by_right == (
		"Social Worker",
		"Team Manager",
		"Partner Practitioner",
	)
	assert delegation_rules.TASKS[CHECK_REFERRAL_COMPLETENESS].by_right == ("Business Support Officer",)
	assert delegation_rules.TASKS[DISTRIBUTE_MINUTES].by_right == (
		"Business Support Officer",
		"Social Worker",
	)
	assert all(task.description and task.doing for task in delegation_rules.TASKS.values())


def test_a_bso_without_a_delegation_is_refused():
	decision = decide("billie", ["Business Support Officer"], TAKE_CORE_GROUP_MINUTES, [], TODAY)
	assert not decision.allowed and decision.basis == "none"


def test_a_named_delegation_allows_only_the_people_it_names():
	grants = [grant(users=frozenset({"billie"}))]
	allowed = decide("billie", ["Business Support Officer"], TAKE_CORE_GROUP_MINUTES, grants, TODAY)
	assert allowed.allowed and allowed.basis == "delegation" and allowed.grant.name == "DEL-2026-00001"
	assert not decide("robin", ["Business Support Officer"], TAKE_CORE_GROUP_MINUTES, grants, TODAY).allowed
	assert not decide("billie", [], DISTRIBUTE_MINUTES, grants, TODAY).allowed  # another task


def test_a_role_delegation_allows_everyone_holding_the_role():
	grants = [grant(role="Business Support Officer")]
	assert decide("anyone", ["Business Support Officer"], TAKE_CORE_GROUP_MINUTES, grants, TODAY).allowed
	assert not decide("psw", ["Principal Social Worker"], TAKE_CORE_GROUP_MINUTES, grants, TODAY).allowed


@pytest.mark.parametrize(
	"day, allowed",
	[
		(date(2026, 10, 31), False),  # the day before it starts
		(date(2026, 11, 1), True),  # its first day
		(date(2027, 3, 31), True),  # its last day
		(date(2027, 4, 1), False),  # the day after: expired, whether or not the job has run yet
	],
)
def test_a_delegation_applies_from_its_first_to_its_last_day(day, allowed):
	grants = [grant(users=frozenset({"billie"}))]
	assert decide("billie", [], TAKE_CORE_GROUP_MINUTES, grants, day).allowed is allowed


def test_the_longest_lasting_delegation_is_the_one_named():
	grants = [
		grant(name="DEL-A", users=frozenset({"billie"}), valid_until=date(2026, 12, 31)),
		grant(name="DEL-B", role="Business Support Officer", valid_until=date(2027, 6, 30)),
	]
	decision = decide("billie", ["Business Support Officer"], TAKE_CORE_GROUP_MINUTES, grants, TODAY)
	assert decision.grant.name == "DEL-B"


def test_roles_with_the_task_by_right_and_administrators_need_no_delegation():
	assert decide("sam", ["Social Worker"], TAKE_CORE_GROUP_MINUTES, [], TODAY).basis == "role"
	assert decide("morgan", ["Partner Practitioner"], TAKE_CORE_GROUP_MINUTES, [], TODAY).allowed
	assert decide("Administrator", [], CHECK_REFERRAL_COMPLETENESS, [], TODAY).basis == "administrator"
	assert decide("it", ["System Manager"], DISTRIBUTE_MINUTES, [], TODAY).allowed
	assert not decide("dana", ["Director"], CHECK_REFERRAL_COMPLETENESS, [], TODAY).allowed


def test_an_unknown_task_is_refused_loudly():
	with pytest.raises(
		delegation_rules.UnknownTask, match="'Make the tea' is not a task that can be delegated"
	):
		decide("billie", [], "Make the tea", [], TODAY)


def test_the_refusal_names_the_missing_delegation_and_who_can_approve_it():
	message = delegation_rules.refusal_message(
		"Billie Novak", TAKE_CORE_GROUP_MINUTES, ["Director"], ["Dana Whitfield"]
	)
	assert message == (
		"Billie Novak may not take core group minutes: that needs a delegation of "
		"'Take core group minutes' approved by a Director (Dana Whitfield)."
	)
	nobody = delegation_rules.refusal_message(
		"Billie Novak", TAKE_CORE_GROUP_MINUTES, ["Director", "Assistant Director"], []
	)
	assert "approved by a Director or an Assistant Director, and nobody holds that role yet" in nobody
	# A Director is never their own approver: with no other Director, they need "another" one.
	alone = delegation_rules.refusal_message(
		"Dana Whitfield", TAKE_CORE_GROUP_MINUTES, ["Director"], [], person_approves=True
	)
	assert alone == (
		"Dana Whitfield may not take core group minutes: that needs a delegation of "
		"'Take core group minutes' approved by a Director other than Dana Whitfield, and there is none "
		"yet: ask your administrator."
	)
	assert "nobody holds" not in alone


def test_the_permit_says_on_what_basis():
	decision = decide("billie", [], TAKE_CORE_GROUP_MINUTES, [grant(users=frozenset({"billie"}))], TODAY)
	assert delegation_rules.permit_message(
		"Billie Novak", TAKE_CORE_GROUP_MINUTES, decision, "Dana Whitfield"
	) == (
		"Billie Novak may take core group minutes under the delegation DEL-2026-00001 approved by "
		"Dana Whitfield until 31 March 2027."
	)
	by_role = decide("sam", ["Social Worker"], TAKE_CORE_GROUP_MINUTES, [], TODAY)
	assert delegation_rules.permit_message("Sam Okafor", TAKE_CORE_GROUP_MINUTES, by_role, None) == (
		"Sam Okafor may take core group minutes as a Social Worker."
	)


def test_messages_go_through_the_translator():
	translations = {"take core group minutes": "prendre le procès-verbal", "March": "mars"}
	decision = decide("billie", [], TAKE_CORE_GROUP_MINUTES, [grant(users=frozenset({"billie"}))], TODAY)
	message = delegation_rules.permit_message(
		"Billie", TAKE_CORE_GROUP_MINUTES, decision, "Dana", lambda text: translations.get(text, text)
	)
	assert "prendre le procès-verbal" in message and "31 mars 2027" in message


# ---- the Delegation's rules ---------------------------------------------------------------------


def test_a_period_must_not_end_before_it_starts():
	with pytest.raises(
		delegation_rules.InvalidPeriod, match=r"cannot end \(1 May 2027\) before it starts \(2 May 2027\)"
	):
		delegation_rules.check_period(date(2027, 5, 2), date(2027, 5, 1), TODAY, requesting=True)
	delegation_rules.check_period(
		date(2027, 5, 1), date(2027, 5, 1), TODAY, requesting=True
	)  # one day is fine


def test_a_request_must_not_be_for_a_period_already_over():
	with pytest.raises(delegation_rules.InvalidPeriod, match="ended on 25 November 2026"):
		delegation_rules.check_period(date(2026, 11, 1), date(2026, 11, 25), TODAY, requesting=True)
	delegation_rules.check_period(date(2026, 11, 1), TODAY, TODAY, requesting=True)
	delegation_rules.check_period(
		date(2026, 11, 1), date(2026, 11, 25), TODAY, requesting=False
	)  # rejecting it


def test_delegates_must_be_given_and_must_need_it():
	with pytest.raises(delegation_rules.InvalidDelegates, match="Name at least one person"):
		delegation_rules.check_delegates(TAKE_CORE_GROUP_MINUTES, delegation_rules.TO_USERS, None, [])
	with pytest.raises(delegation_rules.InvalidDelegates, match="named more than once"):
		delegation_rules.check_delegates(
			TAKE_CORE_GROUP_MINUTES, delegation_rules.TO_USERS, None, ["billie", "billie"]
		)
	with pytest.raises(delegation_rules.InvalidDelegates, match="Choose the role"):
		delegation_rules.check_delegates(TAKE_CORE_GROUP_MINUTES, delegation_rules.TO_ROLE, None, [])
	with pytest.raises(
		delegation_rules.InvalidDelegates, match="Every Social Worker may already take core group minutes"
	):
		delegation_rules.check_delegates(
			TAKE_CORE_GROUP_MINUTES, delegation_rules.TO_ROLE, "Social Worker", []
		)
	delegation_rules.check_delegates(
		TAKE_CORE_GROUP_MINUTES, delegation_rules.TO_ROLE, "Business Support Officer", []
	)
	delegation_rules.check_delegates(TAKE_CORE_GROUP_MINUTES, delegation_rules.TO_USERS, None, ["billie"])


def test_nobody_approves_their_own_request_or_a_delegation_to_themselves():
	with pytest.raises(delegation_rules.InvalidApprover, match="You asked for this delegation"):
		delegation_rules.check_approver("dana", "dana", ["billie"])
	with pytest.raises(delegation_rules.InvalidApprover, match="This delegation names you"):
		delegation_rules.check_approver("dana", "tara", ["dana"])
	delegation_rules.check_approver("dana", "tara", ["billie"])


def test_a_delegation_expires_only_after_its_last_day():
	with pytest.raises(delegation_rules.CannotExpireYet):
		delegation_rules.check_can_expire(TODAY, TODAY)
	delegation_rules.check_can_expire(date(2026, 11, 25), TODAY)


def test_dates_read_as_people_write_them():
	assert delegation_rules.long_date(date(2027, 3, 31)) == "31 March 2027"
	assert delegation_rules.long_date(date(2028, 2, 29)) == "29 February 2028"
	assert delegation_rules.with_article("Director") == "a Director"
	assert delegation_rules.with_article("Assistant Director") == "an Assistant Director"
	assert delegation_rules.join_words(["a", "b", "c"]) == "a, b and c"


# ---- the request is the requester's; the decision carries a note ---------------------------------
@pytest.mark.parametrize(
	"changed, state, user, refused",
	[
		(["reason"], delegation_rules.REQUESTED, "tara@example.test", None),  # the requester, waiting
		([], delegation_rules.REQUESTED, "dana@example.test", None),  # the approver changes nothing
		(["decision_note"], delegation_rules.REQUESTED, "dana@example.test", None),  # not a request field
		(["reason"], delegation_rules.REQUESTED, "dana@example.test", "Only the person who asked"),
		(["valid_until", "delegate_users"], delegation_rules.REQUESTED, "dana@example.test", "Only"),
		(["task"], delegation_rules.APPROVED, "tara@example.test", "has been decided"),
		(["valid_until"], delegation_rules.REJECTED, "dana@example.test", "has been decided"),
	],
)
def test_only_the_requester_changes_the_request_and_only_while_it_waits(changed, state, user, refused):
	def check():
		delegation_rules.check_request_changes(changed, state, user, "tara@example.test")

	if refused is None:
		check()
	else:
		with pytest.raises(delegation_rules.RequestLocked) as error:
			check()
		message = error.value.message()
		assert refused in message
		assert all(field in message for field in changed)


@pytest.mark.parametrize(
	"state, note, refused",
	[
		(delegation_rules.APPROVED, "Agreed at the leadership meeting.", False),
		(delegation_rules.REJECTED, "Not needed: the team is fully staffed.", False),
		(delegation_rules.APPROVED, "", True),
		(delegation_rules.APPROVED, "   ", True),
		(delegation_rules.REJECTED, None, True),
		(delegation_rules.REVOKED, None, False),
		(delegation_rules.EXPIRED, None, False),
	],
)
def test_approving_or_rejecting_gives_a_decision_note(state, note, refused):
	if refused:
		with pytest.raises(delegation_rules.NoDecisionNote):
			delegation_rules.check_decision_note(state, note)
	else:
		delegation_rules.check_decision_note(state, note)


def test_the_decision_note_is_kept_once_decided():
	delegation_rules.check_note_change(delegation_rules.REQUESTED)
	for state in (delegation_rules.APPROVED, delegation_rules.REJECTED, delegation_rules.REVOKED):
		with pytest.raises(delegation_rules.RequestLocked):
			delegation_rules.check_note_change(state)


def test_the_request_fields_are_the_doctypes_own():
	fields = {f["fieldname"] for f in json.loads(DOCTYPE.read_text())["fields"]}
	assert set(delegation_rules.REQUEST_FIELDS) <= fields
	assert "decision_note" in fields
