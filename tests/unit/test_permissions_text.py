"""The sentences of the "who can do what" page, written from plain permission, workflow,
delegation and policy data."""

from datetime import date, datetime

from smallchanges.rules import permissions_text as text
from smallchanges.rules import policy_text
from smallchanges.rules.delegation import TAKE_CORE_GROUP_MINUTES

TODAY = date(2026, 11, 26)
BSO = "Business Support Officer"

DOCTYPES = [
	{"name": "Delegation", "issingle": False, "is_submittable": True},
	{"name": "Safeguarding Policy", "issingle": True, "is_submittable": False},
	{"name": "Universal Referral", "issingle": False, "is_submittable": False},
]


def perm(doctype, role, if_owner=0, **rights):
	return {
		"doctype": doctype,
		"role": role,
		"if_owner": if_owner,
		**{r: rights.get(r, 0) for r in text.RIGHTS},
	}


PERMS = [
	perm("Delegation", BSO, read=1, create=1),
	perm("Delegation", BSO, if_owner=1, read=1, write=1, delete=1),
	perm("Delegation", "Director", read=1, write=1, create=1, submit=1),
	perm("Safeguarding Policy", BSO, read=1),
	perm("Safeguarding Policy", "Director", read=1, write=1),
	perm("Universal Referral", BSO, read=1, write=1, create=1),
]
TRANSITIONS = [
	{
		"doctype": "Delegation",
		"state": "Requested",
		"action": "Approve",
		"next_state": "Approved",
		"allowed": "Director",
		"allow_self_approval": 0,
	},
	{
		"doctype": "Universal Referral",
		"state": "Submitted",
		"action": "Check",
		"next_state": "Checked",
		"allowed": BSO,
		"allow_self_approval": 1,
	},
]
ROLE_GRANT = {
	"name": "DEL-2026-00001",
	"task": TAKE_CORE_GROUP_MINUTES,
	"role": BSO,
	"people": [],
	"valid_from": date(2026, 11, 1),
	"valid_until": date(2027, 3, 31),
	"approved_by_name": "Dana Whitfield",
}
NAMED_GRANT = {
	**ROLE_GRANT,
	"name": "DEL-2026-00002",
	"role": None,
	"people": [{"user": "billie", "full_name": "Billie Novak", "roles": [BSO]}],
}


def describe(role, grants=()):
	return text.describe_role(
		role, doctypes=DOCTYPES, perms=PERMS, transitions=TRANSITIONS, grants=list(grants), today=TODAY
	)


def test_a_bso_paragraph_reads_as_the_issue_asks():
	sentence = describe(BSO, [ROLE_GRANT])["sentence"]
	assert sentence.startswith(
		"A Business Support Officer may check referrals for completeness; may distribute core group minutes; "
		"may take core group minutes under the delegation DEL-2026-00001 approved by Dana Whitfield "
		"until 31 March 2027; "
	)
	assert 'may use "Check" on a Universal Referral that is Submitted, making it Checked;' in sentence
	assert "may read and create Delegation records, and change and delete those they created" in sentence
	assert "may read the Safeguarding Policy" in sentence
	assert sentence.endswith("may read, create and change Universal Referral records.")


def test_a_transition_without_self_approval_says_so():
	sentence = describe("Director")["sentence"]
	assert (
		'A Director may use "Approve" on a Delegation that is Requested, making it Approved, '
		"but never on one they created themselves"
	) in sentence
	assert "may read and change the Safeguarding Policy" in sentence
	assert "may read, create, change and submit Delegation records" in sentence


def test_named_delegations_are_told_apart_from_the_role():
	described = describe(BSO, [NAMED_GRANT])
	assert "take core group minutes" not in described["sentence"]
	assert described["named"] == [
		"Billie Novak may also take core group minutes under the delegation DEL-2026-00002 approved by "
		"Dana Whitfield until 31 March 2027."
	]
	assert describe("Director", [NAMED_GRANT])["named"] == []


def test_a_delegation_starting_later_says_from_when():
	later = {**ROLE_GRANT, "valid_from": date(2027, 1, 4)}
	assert "from 4 January 2027 until 31 March 2027" in describe(BSO, [later])["sentence"]


def test_a_role_without_rights_is_said_to_have_none():
	assert describe("Principal Social Worker")["sentence"] == (
		"A Principal Social Worker has no permissions in this app."
	)
	assert text.describe_role(
		"System Manager", doctypes=[], perms=[], transitions=[], grants=[], today=TODAY
	)["sentence"] == ("A System Manager may do every delegable task.")


def test_the_sentences_change_when_the_data_changes():
	before = describe(BSO)["sentence"]
	PERMS.append(perm("Safeguarding Policy", BSO, read=1, write=1))
	try:
		assert "may read and change the Safeguarding Policy" in describe(BSO)["sentence"]
	finally:
		PERMS.pop()
	assert describe(BSO)["sentence"] == before


def test_rights_combine_as_frappe_combines_them():
	assert text.role_rights(PERMS, "Delegation", BSO) == {
		"read": "yes",
		"create": "yes",
		"write": "own",
		"submit": "",
		"cancel": "",
		"delete": "own",
	}
	only_own = [perm("Delegation", "Social Worker", if_owner=1, read=1, create=1)]
	assert text.role_rights(only_own, "Delegation", "Social Worker")["read"] == "own"
	assert text.role_rights(only_own, "Delegation", "Social Worker")["create"] == "yes"


def test_the_matrix_lists_each_doctype_with_the_roles_that_have_any_right():
	matrix = {
		m["doctype"]: m for m in text.permission_matrix(DOCTYPES, PERMS, [BSO, "Director", "Team Manager"])
	}
	assert [r["role"] for r in matrix["Delegation"]["rows"]] == [BSO, "Director"]
	assert matrix["Safeguarding Policy"]["issingle"]
	assert matrix["Universal Referral"]["rows"][0]["rights"]["write"] == "yes"


def test_roles_keep_their_usual_order_and_new_ones_follow():
	assert text.roles_in_order(["Social Worker", "Director"], ["Group Manager", "Director"], ["All"]) == [
		"Social Worker",
		"Director",
		"All",
		"Group Manager",
	]
	assert text.subject("All") == "Everyone who can log in"
	assert text.subject("Assistant Director") == "An Assistant Director"


def test_policy_values_read_as_sentences():
	values = {
		"referral_decision_working_days": 1,
		"first_core_group_working_days": 10,
		"max_core_group_interval_weeks": 6,
		"minutes_circulation_working_days": 5,
	}
	visit = {
		"plan_type": "Child Protection",
		"visit_interval": 10,
		"interval_unit": "Working days",
		"home_counts": 1,
		"placement_counts": 1,
		"school_counts": 1,
		"seen_alone_required": 1,
		"qualified_social_worker_required": 1,
	}
	sentences = policy_text.policy_sentences(
		values, [visit], [{"closure_date": date(2026, 12, 24), "reason": "Council closure"}]
	)
	assert "A referral needs a decision within 1 working day of receipt." in sentences
	assert (
		"The first core group meets within 10 working days of the initial child protection conference."
		in sentences
	)
	assert "Core groups meet at least every 6 weeks." in sentences
	assert (
		"Child Protection visits are due at least every 10 working days; a visit counts when made at home, "
		"the placement or school, and only if the child is seen alone and the visitor is a qualified social worker."
	) in sentences
	assert "Local closure days, which are not working days: 24 December 2026 (Council closure)." in sentences
	no_closures = policy_text.policy_sentences({}, [], [])
	assert no_closures == ["No local closure days are set; England's bank holidays are never working days."]


def test_the_policy_history_says_who_changed_what_when():
	versions = [
		{
			"when": datetime(2026, 11, 26, 9, 5),
			"who": "Dana Whitfield",
			"data": {
				"changed": [["referral_decision_working_days", "1", "2"], ["modified", "x", "y"]],
				"added": [["closure_dates", {"closure_date": "2026-12-24", "reason": "Closure"}]],
				"removed": [],
				"row_changed": [["visit_policies", 0, "row1", [["school_counts", 0, 1]]]],
			},
		},
		{"when": datetime(2026, 11, 25, 9, 0), "who": "X", "data": {"changed": [["modified", "a", "b"]]}},
	]
	lines = policy_text.history_lines(
		versions,
		{"referral_decision_working_days": "Referral decision (working days)"},
		{
			"closure_dates": {"label": "Local closure dates", "title_field": "closure_date", "labels": {}},
			"visit_policies": {
				"label": "Visit policy per plan type",
				"title_field": "plan_type",
				"labels": {"school_counts": "School"},
				"titles": {"row1": "Child Protection"},
			},
		},
	)
	assert lines == [
		{
			"when": "26 November 2026 at 09:05",
			"who": "Dana Whitfield",
			"changes": [
				"Referral decision (working days): 1 → 2",
				"Local closure dates: added 24 December 2026",
				"Visit policy per plan type, Child Protection: School: 0 → 1",
			],
		}
	]
