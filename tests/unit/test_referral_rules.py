from dataclasses import replace
from datetime import date, datetime

import pytest

from smallchanges.rules import referral as referral_rules
from smallchanges.rules import referral_form as form_rules
from smallchanges.rules.calendar import WorkingDayCalendar

TODAY = date(2026, 11, 26)


def entry(**changes) -> referral_rules.ReferralEntry:
	base = referral_rules.ReferralEntry(
		level_of_need="3 - Complex needs: child in need",
		children=(
			referral_rules.ChildEntry(
				row=1, first_name="Amara", last_name="Okoro", date_of_birth=date(2016, 5, 1)
			),
		),
		service_count=1,
		referrer_name="Morgan Hughes",
		referrer_email="morgan@example.org",
		family_informed="Yes",
		consent_basis=referral_rules.CONSENT_GIVEN,
		consent_to_share="Yes",
		consent_given_by="Sara Okoro, mother",
		consent_covers="Amara, this referral",
	)
	return replace(base, **changes)


def fields(problems) -> list[str]:
	return [p.field for p in problems]


def test_a_complete_referral_has_no_problems():
	assert referral_rules.check_referral(entry(), TODAY) == []


@pytest.mark.parametrize(
	"text, level",
	[("1 - Universal", 1), ("4 - Acute: significant harm", 4), ("", None), (None, None), ("5 - x", None)],
)
def test_level_number(text, level):
	assert referral_rules.level_number(text) == level


def test_at_least_one_child():
	assert fields(referral_rules.check_referral(entry(children=()), TODAY)) == ["children"]


def test_date_of_birth_in_the_future_is_refused_and_today_is_accepted():
	future = referral_rules.ChildEntry(row=1, first_name="Leo", date_of_birth=date(2026, 11, 27))
	born_today = referral_rules.ChildEntry(row=1, first_name="Leo", date_of_birth=TODAY)
	problems = referral_rules.check_children([future], TODAY)
	assert fields(problems) == ["date_of_birth"] and problems[0].row == 1
	assert "Leo" in problems[0].args
	assert referral_rules.check_children([born_today], TODAY) == []


def test_unborn_child_needs_a_plausible_expected_date():
	due_soon = referral_rules.ChildEntry(
		row=2, first_name="Unborn", last_name="Begum", expected_date=date(2027, 3, 1)
	)
	too_far = referral_rules.ChildEntry(row=2, first_name="Unborn", expected_date=date(2027, 11, 1))
	long_past = referral_rules.ChildEntry(row=2, first_name="Unborn", expected_date=date(2026, 10, 1))
	just_past = referral_rules.ChildEntry(row=2, first_name="Unborn", expected_date=date(2026, 11, 1))
	assert referral_rules.check_children([due_soon], TODAY) == []
	assert fields(referral_rules.check_children([too_far], TODAY)) == ["expected_date_of_delivery"]
	assert fields(referral_rules.check_children([long_past], TODAY)) == ["expected_date_of_delivery"]
	assert referral_rules.check_children([just_past], TODAY) == []


def test_a_child_needs_a_date_of_birth_or_an_expected_date_but_not_both():
	neither = referral_rules.ChildEntry(row=3, first_name="Kai")
	both = referral_rules.ChildEntry(
		row=3, first_name="Kai", date_of_birth=date(2020, 1, 1), expected_date=date(2027, 1, 1)
	)
	assert fields(referral_rules.check_children([neither], TODAY)) == ["date_of_birth"]
	assert fields(referral_rules.check_children([both], TODAY)) == ["expected_date_of_delivery"]


@pytest.mark.parametrize(
	"dob, under_18",
	[
		(date(2008, 11, 27), True),  # 18 tomorrow
		(date(2008, 11, 26), False),  # 18 today
		(date(2008, 11, 25), False),
	],
)
def test_under_18_on_the_day_of_receipt(dob, under_18):
	child = referral_rules.ChildEntry(row=1, first_name="Theo", date_of_birth=dob)
	assert (referral_rules.check_children([child], TODAY) == []) is under_18


def test_leap_day_birthday_turns_18_on_1_march_in_a_common_year():
	born = date(2008, 2, 29)
	assert referral_rules.age_on(born, date(2026, 2, 28)) == 17
	assert referral_rules.age_on(born, date(2026, 3, 1)) == 18
	assert referral_rules.age_on(born, date(2028, 2, 29)) == 20


def test_a_service_or_not_sure():
	assert fields(referral_rules.check_referral(entry(service_count=0), TODAY)) == ["services"]
	assert referral_rules.check_referral(entry(service_count=0, not_sure_which_service=True), TODAY) == []


def test_referrer_needs_a_name_and_a_way_to_reply():
	problems = referral_rules.check_referral(
		entry(referrer_name=" ", referrer_email=None, referrer_phone=None), TODAY
	)
	assert fields(problems) == ["referrer_name", "referrer_email"]
	assert (
		referral_rules.check_referral(entry(referrer_email=None, referrer_phone="020 7946 0000"), TODAY) == []
	)


@pytest.mark.parametrize("level", ["1 - Universal", "2 - Early help", "3 - Complex needs"])
def test_levels_1_to_3_need_consent(level):
	problems = referral_rules.check_referral(entry(level_of_need=level, consent_to_share="No"), TODAY)
	assert fields(problems) == ["consent_to_share"]
	problems = referral_rules.check_referral(entry(level_of_need=level, consent_to_share="Not known"), TODAY)
	assert fields(problems) == ["consent_to_share"]
	problems = referral_rules.check_referral(
		entry(level_of_need=level, consent_basis=referral_rules.NOT_REQUIRED_LEVEL_4), TODAY
	)
	assert fields(problems) == ["consent_basis"]


def test_consent_needs_who_gave_it_and_whom_it_covers():
	problems = referral_rules.check_referral(entry(consent_given_by="", consent_covers=None), TODAY)
	assert fields(problems) == ["consent_given_by", "consent_covers"]


def test_level_4_needs_no_consent_but_a_reason_when_the_family_is_not_told():
	level_4 = entry(
		level_of_need="4 - Acute: significant harm",
		consent_basis=referral_rules.NOT_REQUIRED_LEVEL_4,
		consent_to_share=None,
		consent_given_by=None,
		consent_covers=None,
		family_informed="No",
	)
	assert fields(referral_rules.check_referral(level_4, TODAY)) == ["reason_not_informed"]
	assert (
		referral_rules.check_referral(replace(level_4, reason_not_informed="Would put her at risk"), TODAY)
		== []
	)
	# "Not known" is a value, not a blank
	assert referral_rules.check_referral(replace(level_4, family_informed="Not known"), TODAY) == []
	assert fields(referral_rules.check_referral(replace(level_4, family_informed=None), TODAY)) == [
		"family_informed"
	]


def test_only_a_team_manager_dispenses_with_consent_and_gives_a_reason():
	dispensed = entry(
		consent_basis=referral_rules.DISPENSED,
		consent_to_share="No",
		dispensation_reason="Would alert abuser",
	)
	assert fields(referral_rules.check_referral(dispensed, TODAY, may_dispense=False)) == ["consent_basis"]
	assert referral_rules.check_referral(dispensed, TODAY, may_dispense=True) == []
	# once a manager has recorded it, a later save by someone else keeps it
	assert (
		referral_rules.check_referral(dispensed, TODAY, may_dispense=False, dispensation_recorded=True) == []
	)
	no_reason = replace(dispensed, dispensation_reason=" ")
	assert fields(referral_rules.check_referral(no_reason, TODAY, may_dispense=True)) == [
		"dispensation_reason"
	]


def test_problems_name_the_field_and_row():
	child = referral_rules.ChildEntry(
		row=4, first_name="Isla", last_name="Quinn", date_of_birth=date(2030, 1, 1)
	)
	(problem,) = referral_rules.check_children([child], TODAY)
	assert problem.row == 4
	assert problem.message.format(*problem.args).startswith("Isla Quinn:")


@pytest.mark.parametrize(
	"state, outcome, expected",
	[
		(referral_rules.RETURNED, referral_rules.Outcome(), ["returned_reason"]),
		(referral_rules.RETURNED, referral_rules.Outcome(returned_reason="Add the dates of birth"), []),
		(referral_rules.ACCEPTED, referral_rules.Outcome(), ["decision"]),
		(referral_rules.ACCEPTED, referral_rules.Outcome(decision="No further action"), ["decision"]),
		(referral_rules.ACCEPTED, referral_rules.Outcome(decision="Assessment"), []),
		(referral_rules.NO_FURTHER_ACTION, referral_rules.Outcome(), ["decision_reason"]),
		(referral_rules.NO_FURTHER_ACTION, referral_rules.Outcome(decision_reason="Needs met"), []),
		(referral_rules.REDIRECTED, referral_rules.Outcome(), ["redirected_to", "decision_reason"]),
		(
			referral_rules.REDIRECTED,
			referral_rules.Outcome(redirected_to="CAMHS", decision_reason="Health need"),
			[],
		),
		(referral_rules.CHECKED, referral_rules.Outcome(), []),
	],
)
def test_outcomes_record_what_they_need(state, outcome, expected):
	assert fields(referral_rules.check_outcome(state, outcome)) == expected


def test_decision_due_one_working_day_after_receipt():
	calendar = WorkingDayCalendar()
	assert referral_rules.decision_due(datetime(2026, 11, 26, 16, 59), 1, calendar) == date(2026, 11, 27)
	# Friday afternoon -> Monday; Christmas Eve 2026 (Thu) -> 25 Fri, 28 Mon substitute -> Tue 29
	assert referral_rules.decision_due(datetime(2026, 11, 27, 17, 30), 1, calendar) == date(2026, 11, 30)
	assert referral_rules.decision_due(date(2026, 12, 24), 1, calendar) == date(2026, 12, 29)
	# a Saturday receipt is decided by Monday
	assert referral_rules.decision_due(date(2026, 11, 28), 1, calendar) == date(2026, 11, 30)
	# policy of 2 days and a local closure
	closed = WorkingDayCalendar([date(2026, 11, 30)])
	assert referral_rules.decision_due(date(2026, 11, 27), 2, closed) == date(2026, 12, 2)


@pytest.mark.parametrize(
	"state, today, overdue",
	[
		(referral_rules.SUBMITTED, date(2026, 11, 27), False),  # due today: not yet overdue
		(referral_rules.SUBMITTED, date(2026, 11, 28), True),
		(referral_rules.CHECKED, date(2026, 12, 1), True),
		(referral_rules.ACCEPTED, date(2026, 12, 1), False),
		(referral_rules.DRAFT, date(2026, 12, 1), False),
	],
)
def test_overdue(state, today, overdue):
	assert referral_rules.is_overdue(date(2026, 11, 27), today, state) is overdue


def test_repeat_needs_the_same_child_and_a_same_service_on_an_open_referral():
	others = [
		referral_rules.OpenReferral("UR-1", frozenset({"Parenting Programme"}), same_child=True),
		referral_rules.OpenReferral("UR-2", frozenset({"Early Help"}), same_child=False),
		referral_rules.OpenReferral("UR-3", frozenset({"Early Help", "Young Carers"}), same_child=True),
	]
	assert referral_rules.repeat_of(["Early Help"], others) == "UR-3"
	assert referral_rules.repeat_of(["Youth Justice"], others) is None
	assert referral_rules.repeat_of([], others) is None


@pytest.mark.parametrize(
	"name, size, detected, refused",
	[
		("report.pdf", 200_000, "pdf", False),
		("photo.JPG", 3_000_000, "jpg", False),
		("letter.docx", 50_000, "zip", False),
		("notes.txt", 2_000, None, False),
		("run.exe", 1_000, "exe", True),
		("page.html", 1_000, None, True),
		("noextension", 1_000, None, True),
		("fake.pdf", 1_000, "exe", True),
		("big.pdf", form_rules.MAX_ATTACHMENT_BYTES + 1, "pdf", True),
		("edge.pdf", form_rules.MAX_ATTACHMENT_BYTES, "pdf", False),
	],
)
def test_attachments(name, size, detected, refused):
	assert (form_rules.check_attachment(name, size, detected) is not None) is refused


# ---- a draft kept for later: what is missing may wait, what is wrong may not ---------------------
EMPTY = referral_rules.ReferralEntry(level_of_need=None)


@pytest.mark.parametrize(
	"draft, still_missing, wrong",
	[
		# nothing given yet: everything is missing, nothing is wrong
		(
			EMPTY,
			[
				"level_of_need",
				"children",
				"services",
				"referrer_name",
				"referrer_email",
				"family_informed",
				"consent_basis",
			],
			[],
		),
		# a child without a date yet is missing one; a birth date in the future is wrong
		(
			replace(EMPTY, children=(referral_rules.ChildEntry(row=1, first_name="Leo"),)),
			[
				"level_of_need",
				"date_of_birth",
				"services",
				"referrer_name",
				"referrer_email",
				"family_informed",
				"consent_basis",
			],
			[],
		),
		(
			entry(
				children=(
					referral_rules.ChildEntry(row=1, first_name="Leo", date_of_birth=date(2026, 11, 27)),
				)
			),
			[],
			["date_of_birth"],
		),
		(
			entry(
				children=(referral_rules.ChildEntry(row=1, first_name="Ada", date_of_birth=date(2000, 1, 1)),)
			),
			[],
			["date_of_birth"],
		),
		# consent: not yet answered is missing; answered No under "Consent given" is wrong
		(entry(consent_to_share=None, consent_given_by=None), ["consent_to_share", "consent_given_by"], []),
		(entry(consent_to_share="No"), [], ["consent_to_share"]),
		(entry(consent_basis=referral_rules.NOT_REQUIRED_LEVEL_4), [], ["consent_basis"]),
		(
			entry(consent_basis=referral_rules.DISPENSED, dispensation_reason=None),
			["dispensation_reason"],
			["consent_basis"],
		),
		(entry(family_informed="No"), ["reason_not_informed"], []),
	],
)
def test_missing_and_wrong_are_told_apart(draft, still_missing, wrong):
	problems = referral_rules.check_referral(draft, TODAY)
	assert fields(form_rules.still_missing(problems)) == still_missing
	assert fields(form_rules.wrong(problems)) == wrong
	assert len(problems) == len(still_missing) + len(wrong)


def test_each_transition_asks_what_the_server_checks():
	"""One definition: the dialog's questions are exactly what check_outcome refuses without."""
	for state, questions in referral_rules.OUTCOME_QUESTIONS.items():
		asked = [question.field for question in questions]
		assert fields(referral_rules.check_outcome(state, referral_rules.Outcome())) == asked
		answered = referral_rules.Outcome(**{field: "Assessment" for field in asked})
		assert referral_rules.check_outcome(state, answered) == []
	assert referral_rules.OUTCOME_QUESTIONS.get(referral_rules.CHECKED, ()) == ()


def test_no_further_action_is_its_own_transition_never_a_choice_of_accept():
	(decision,) = referral_rules.OUTCOME_QUESTIONS[referral_rules.ACCEPTED]
	assert referral_rules.NO_FURTHER_ACTION_DECISION in decision.not_choices
	(reason,) = referral_rules.OUTCOME_QUESTIONS[referral_rules.NO_FURTHER_ACTION]
	assert reason.field == "decision_reason"


# ---- a half-filled card, and the problems of one page of the form ---------------------------------
@pytest.mark.parametrize(
	"card, expected",
	[
		(form_rules.Card("services", 1, ("Service",)), ["Service 1: answer 'Service'."]),
		(form_rules.Card("children", 2, ("First Name",)), ["Child 2: answer 'First Name'."]),
		(
			form_rules.Card("documents", 1, ("File", "What It Is")),
			["Document 1: answer 'File'.", "Document 1: answer 'What It Is'."],
		),
		(form_rules.Card("services", 1, ()), []),
	],
)
def test_a_half_filled_card_is_named_by_the_card_and_its_question(card, expected):
	problems = form_rules.check_cards([card])
	assert [p.message.format(*p.args) for p in problems] == expected
	assert all(p.field == card.table and p.missing and p.row is None for p in problems)


def test_a_page_gets_only_its_own_questions_problems_and_a_childs_on_its_table():
	problems = referral_rules.check_referral(
		referral_rules.ReferralEntry(
			level_of_need=None, children=(referral_rules.ChildEntry(row=1, first_name="Ruby"),)
		),
		today=date(2026, 12, 1),
	)
	first_page = form_rules.on_page(problems, ["referrer_name", "referrer_email", "level_of_need"])
	assert {p.field for p in first_page} == {"referrer_name", "referrer_email", "level_of_need"}
	children_page = form_rules.on_page(problems, ["children", "household_members"])
	assert [p.field for p in children_page] == ["date_of_birth"]
	assert form_rules.on_page(problems, ["documents"]) == []
