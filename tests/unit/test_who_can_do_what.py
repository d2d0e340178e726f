"""Who can do what as a table: which cell says what, from plain permission, workflow and
delegation data (the shapes smallchanges.governance.overview reads from the live site)."""

from datetime import date

import pytest

from smallchanges.rules import delegation as delegation_rules
from smallchanges.rules import policy_text
from smallchanges.rules import who_can_do_what as who
from smallchanges.rules.delegation import TAKE_CORE_GROUP_MINUTES
from smallchanges.rules.who_can_do_what import DELEGATION, NO, YES

TODAY = date(2026, 11, 26)
SW, TM, BSO = "Social Worker", "Team Manager", "Business Support Officer"
DIRECTOR, PSW, PARTNER, SM = "Director", "Principal Social Worker", "Partner Practitioner", "System Manager"
COLUMNS = [(SW, True), (TM, True), (BSO, True), (DIRECTOR, True), (PSW, True), (PARTNER, False), (SM, True)]
RIGHTS = ("read", "create", "write", "submit", "cancel", "delete")


def perm(doctype, role, *rights, level=0, if_owner=0):
	return {
		"doctype": doctype,
		"role": role,
		"permlevel": level,
		"if_owner": if_owner,
		**{r: int(r in rights) for r in RIGHTS},
	}


def perms():
	"""The app's permissions as installed (the DocType JSONs), the parts the table reads."""
	rw = ("read", "create", "write")
	return [
		*(perm("Universal Referral", r, *rw) for r in (SW, TM, BSO, PARTNER, SM)),
		perm("Universal Referral", DIRECTOR, "read"),
		perm("Universal Referral", PSW, "read"),
		*(perm("Core Group Minutes", r, *rw, "submit", "cancel") for r in (SW, TM, SM)),
		perm("Core Group Minutes", BSO, *rw, "submit"),
		perm("Core Group Minutes", PARTNER, *rw),
		perm("Core Group Minutes", DIRECTOR, "read"),
		*(perm("Core Group Agency Update", r, *rw) for r in (SW, TM, PARTNER, SM)),
		perm("Core Group Agency Update", BSO, "read"),
		*(perm("Visit", r, *rw) for r in (SW, TM, SM)),
		perm("Visit", BSO, "read"),
		perm("Visit", TM, "read", "write", level=1),
		perm("Visit", SM, "read", "write", level=1),
		perm("Visit", SW, "read", level=1),
		*(perm("Resource", r, *rw) for r in (SW, TM, BSO, DIRECTOR, PSW, SM)),
		*(perm("Delegation", r, "read", "create") for r in (SW, TM, BSO, PSW)),
		*(perm("Delegation", r, "read", "write", "delete", if_owner=1) for r in (SW, TM, BSO, PSW)),
		perm("Delegation", DIRECTOR, *rw, "submit"),
		perm("Delegation", SM, *rw, "submit"),
		perm("Safeguarding Policy", DIRECTOR, *rw),
		perm("Safeguarding Policy", SM, *rw),
		*(perm("Safeguarding Policy", r, "read") for r in (SW, TM, BSO, PSW)),
		perm("Record Access Log", DIRECTOR, "read"),
		perm("Record Access Log", SM, "read"),
	]


def steps(state, action, next_state, roles, self_approval=0, condition=""):
	return [
		{
			"state": state,
			"action": action,
			"next_state": next_state,
			"allowed": r,
			"allow_self_approval": self_approval,
			"condition": condition,
		}
		for r in roles
	]


def states(*rows):
	return [{"state": s, "doc_status": ds, "allow_edit": r} for s, ds, roles in rows for r in roles]


IS_TAKER = "doc.minute_taker == frappe.session.user"
IS_REVIEWER = "frappe.session.user in (doc.chair, doc.lead_social_worker)"


def workflows():
	"""The app's workflows as installed (each capability's setup.py)."""
	referrers = (PARTNER, SW, BSO, TM)
	takers = (PARTNER, SW, TM, BSO)
	return [
		{
			"name": "Universal Referral",
			"doctype": "Universal Referral",
			"states": states(
				("Draft", 0, referrers),
				("Submitted", 0, (BSO, TM)),
				("Checked", 0, (TM, BSO)),
				("Returned to Referrer", 0, referrers),
				("Accepted", 0, (TM,)),
			),
			"transitions": [
				*steps("Draft", "Submit", "Submitted", referrers, 1),
				*steps("Returned to Referrer", "Resubmit", "Submitted", referrers, 1),
				*steps("Submitted", "Check", "Checked", (BSO,)),
				*steps("Submitted", "Return", "Returned to Referrer", (BSO,)),
				*steps("Checked", "Accept", "Accepted", (TM,)),
				*steps("Checked", "No Further Action", "No Further Action", (TM,)),
				*steps("Checked", "Redirect", "Redirected", (TM,)),
			],
		},
		{
			"name": "Core Group Minutes",
			"doctype": "Core Group Minutes",
			"states": states(
				("Draft", 0, takers),
				("Submitted for Review", 0, (SW, TM)),
				("Returned", 0, takers),
				("Approved", 1, (SW, TM, BSO)),
				("Distributed", 1, (SW, TM, BSO)),
			),
			"transitions": [
				*steps("Draft", "Submit for Review", "Submitted for Review", takers, 1, IS_TAKER),
				*steps("Returned", "Resubmit", "Submitted for Review", takers, 1, IS_TAKER),
				*steps("Submitted for Review", "Approve", "Approved", (SW, TM), 0, IS_REVIEWER),
				*steps("Approved", "Distribute", "Distributed", (BSO, SW), 1),
			],
		},
		{
			"name": "Resource",
			"doctype": "Resource",
			"states": states(("Draft", 0, (SW, PSW)), ("Approved", 0, (PSW,))),
			"transitions": steps("Draft", "Approve", "Approved", (PSW,)),
		},
		{
			"name": "Delegation",
			"doctype": "Delegation",
			"states": states(("Requested", 0, (SW, DIRECTOR)), ("Approved", 1, (DIRECTOR,))),
			"transitions": steps("Requested", "Approve", "Approved", (DIRECTOR,)),
		},
	]


def grant(
	name="DEL-2026-00001", role=None, people=(), valid_from=date(2026, 11, 1), task=TAKE_CORE_GROUP_MINUTES
):
	return {
		"name": name,
		"task": task,
		"role": role,
		"people": [{"user": u, "full_name": n, "roles": list(r)} for u, n, r in people],
		"valid_from": valid_from,
		"valid_until": date(2027, 3, 31),
		"approved_by_name": "Dana Whitfield",
	}


BILLIE = ("billie", "Billie Novak", (BSO,))
NAMED = grant(people=[BILLIE])
TO_BSOS = grant(name="DEL-2026-00002", role=BSO)
STARTS_LATER = grant(name="DEL-2026-00003", people=[BILLIE], valid_from=date(2027, 1, 4))


def the_cell(key, role, grants=(), p=None, w=None):
	desk = dict(COLUMNS).get(role, True)
	c = who.cell(
		who.TABLE_BY_KEY[key],
		role,
		desk_access=desk,
		perms=perms() if p is None else p,
		workflows=workflows() if w is None else w,
		grants=list(grants),
		today=TODAY,
	)
	return who.cell_text(c, [DIRECTOR])


@pytest.mark.parametrize(
	"key, role, grants, kind, held, notes",
	[
		("send_referral", PARTNER, (), YES, "", []),
		("send_referral", SW, (), YES, "", []),
		("send_referral", DIRECTOR, (), NO, "", []),  # reads referrals, never sends one
		("send_referral", SM, (), NO, "", []),  # not a step of the workflow for them
		("check_referral", BSO, (), YES, "", ["never on one they created"]),
		("check_referral", TM, (), NO, "", []),
		("decide_referral", TM, (), YES, "", ["never on one they created"]),
		("decide_referral", BSO, (), NO, "", []),
		("take_minutes", SW, (), YES, "", ["when the workflow's condition allows"]),
		("take_minutes", PARTNER, (), YES, "", ["when the workflow's condition allows"]),
		(
			"take_minutes",
			BSO,
			(),
			DELEGATION,
			"Nobody holds one now",
			["when the workflow's condition allows"],
		),
		(
			"take_minutes",
			BSO,
			(NAMED,),
			DELEGATION,
			"Held now by: Billie Novak until 31 March 2027",
			["when the workflow's condition allows"],
		),
		(
			"take_minutes",
			BSO,
			(TO_BSOS, NAMED),
			DELEGATION,
			"Held now by: every Business Support Officer until 31 March 2027; Billie Novak until 31 March 2027",
			["when the workflow's condition allows"],
		),
		(
			"take_minutes",
			BSO,
			(STARTS_LATER,),
			DELEGATION,
			"Held now by: Billie Novak from 4 January 2027 until 31 March 2027",
			["when the workflow's condition allows"],
		),
		("take_minutes", DIRECTOR, (NAMED,), NO, "", []),  # no permission to write minutes at all
		("take_minutes", SM, (), NO, "", []),
		(
			"approve_minutes",
			TM,
			(),
			YES,
			"",
			["never on one they created", "when the workflow's condition allows"],
		),
		("approve_minutes", BSO, (), NO, "", []),
		("distribute_minutes", BSO, (), YES, "", []),
		("distribute_minutes", SW, (), YES, "", []),
		("distribute_minutes", TM, (), NO, "", []),
		("agency_update", PARTNER, (), YES, "", []),
		("agency_update", BSO, (), NO, "", []),
		("record_visit", SW, (), YES, "", []),
		("record_visit", BSO, (), NO, "", []),
		("override_visit", TM, (), YES, "", []),
		("override_visit", SW, (), NO, "", []),  # reads the override, cannot write it
		("approve_resource", PSW, (), YES, "", ["never on one they created"]),
		("approve_resource", DIRECTOR, (), NO, "", []),
		("request_delegation", BSO, (), YES, "", []),
		("request_delegation", PARTNER, (), NO, "", []),
		("approve_delegation", DIRECTOR, (), YES, "", ["never on one they created"]),
		("approve_delegation", SM, (), NO, "", []),
		("change_policy", DIRECTOR, (), YES, "", []),
		("change_policy", TM, (), NO, "", []),
		("read_access_log", DIRECTOR, (), YES, "", []),
		("read_access_log", BSO, (), NO, "", []),
	],
)
def test_each_cell_says_yes_no_or_with_a_delegation(key, role, grants, kind, held, notes):
	c = the_cell(key, role, grants)
	assert (c["kind"], c["held"], c["notes"]) == (kind, held, notes)
	assert c["text"] == {YES: "Yes", NO: "No", DELEGATION: "With a Director's delegation"}[kind]


def without(rows, **match):
	return [r for r in rows if not all(r.get(k) == v for k, v in match.items())]


def with_workflow(name, change):
	flows = workflows()
	for flow in flows:
		if flow["name"] == name:
			change(flow)
	return flows


@pytest.mark.parametrize(
	"what, key, role, p, w, kind",
	[
		(
			"a transition taken from the role",
			"decide_referral",
			TM,
			None,
			with_workflow(
				"Universal Referral",
				lambda f: f.update(transitions=without(f["transitions"], state="Checked", allowed=TM)),
			),
			NO,
		),
		(
			"a transition given to another role",
			"decide_referral",
			PSW,
			[*perms(), perm("Universal Referral", PSW, "read", "write")],
			with_workflow(
				"Universal Referral",
				lambda f: f["transitions"].extend(steps("Checked", "Accept", "Accepted", (PSW,))),
			),
			YES,
		),
		(
			"a transition given without the right its save needs",
			"decide_referral",
			PSW,
			None,
			with_workflow(
				"Universal Referral",
				lambda f: f["transitions"].extend(steps("Checked", "Accept", "Accepted", (PSW,))),
			),
			NO,
		),
		(
			"submit taken from the role (approving submits the minutes)",
			"approve_minutes",
			SW,
			[
				*without(perms(), doctype="Core Group Minutes", role=SW),
				perm("Core Group Minutes", SW, "read", "write"),
			],
			None,
			NO,
		),
		(
			"a permission given to everyone (All)",
			"read_access_log",
			PARTNER,
			[*perms(), perm("Record Access Log", "All", "read")],
			None,
			YES,
		),
		(
			"a permission given to every desk user, not to partners",
			"read_access_log",
			PARTNER,
			[*perms(), perm("Record Access Log", "Desk User", "read")],
			None,
			NO,
		),
		(
			"a permission given to every desk user",
			"read_access_log",
			BSO,
			[*perms(), perm("Record Access Log", "Desk User", "read")],
			None,
			YES,
		),
		(
			"the workflow switched off",
			"approve_resource",
			PSW,
			None,
			[f for f in workflows() if f["name"] != "Resource"],
			NO,
		),
		(
			"create taken from the role",
			"record_visit",
			SW,
			[*without(perms(), doctype="Visit", role=SW)],
			None,
			NO,
		),
	],
)
def test_a_change_to_the_live_rules_changes_the_cell(what, key, role, p, w, kind):
	assert the_cell(key, role, p=p, w=w)["kind"] == kind, what


def test_a_role_given_a_task_by_right_needs_no_delegation_but_one_without_it_does():
	flows = with_workflow(
		"Core Group Minutes",
		lambda f: f["transitions"].extend(
			steps("Draft", "Submit for Review", "Submitted for Review", (DIRECTOR,))
		),
	)
	p = [*perms(), perm("Core Group Minutes", DIRECTOR, "read", "create", "write")]
	c = the_cell("take_minutes", DIRECTOR, p=p, w=flows)
	assert (c["kind"], c["held"]) == (DELEGATION, "Nobody holds one now")


def test_a_cell_names_a_few_holders_then_how_many_more():
	grants = [grant(name=f"DEL-{i}", people=[(f"u{i}", f"Person {i}", (BSO,))]) for i in range(6)]
	c = the_cell("take_minutes", BSO, grants)
	assert c["holders"][-1] == "and 2 more" and len(c["holders"]) == who.HOLDERS_SHOWN + 1


def test_the_delegation_words_follow_the_approving_roles():
	assert who.delegation_words([DIRECTOR]) == "With a Director's delegation"
	assert who.delegation_words(["Assistant Director", DIRECTOR]) == (
		"With a delegation approved by an Assistant Director or a Director"
	)


def table(grants=(), p=None, w=None):
	return who.table(
		COLUMNS,
		perms=perms() if p is None else p,
		workflows=workflows() if w is None else w,
		grants=list(grants),
		approver_roles=[DIRECTOR],
		policy_sentences={
			"referral_decision_working_days": [
				"A referral needs a decision within 1 working day of receipt."
			],
			"minutes_circulation_working_days": ["Core group minutes are circulated within 5 working days."],
		},
		today=TODAY,
	)


def test_the_table_has_the_staff_tasks_in_order_each_with_a_cell_per_role():
	rows = table()
	assert [r["label"] for r in rows] == [
		"Send a referral",
		"Check a referral is complete",
		"Decide a referral",
		"Take core group minutes",
		"Send an agency update",
		"Approve core group minutes",
		"Distribute approved minutes",
		"Record a visit",
		"Override whether a visit counts",
		"Approve a resource",
		"Ask for a delegation",
		"Approve a delegation",
		"Change the Safeguarding Policy",
		"See who read a child's record",
	]
	for row in rows:
		assert set(row["cells"]) == {role for role, _desk in COLUMNS}


def test_a_rows_detail_names_the_transition_the_condition_the_delegation_and_the_policy():
	rows = {r["key"]: r["detail"] for r in table([NAMED])}
	minutes = rows["take_minutes"]
	assert minutes["permissions"] == [
		"Create a Core Group Minutes: Social Worker, Team Manager, System Manager, Business Support Officer "
		"and Partner Practitioner."
	]
	(step,) = minutes["steps"]
	assert step["text"] == '"Submit for Review" takes a Core Group Minutes from Draft to Submitted for Review'
	assert step["roles"] == [PARTNER, SW, TM, BSO] and step["own_records"] == step["roles"]
	assert step["conditions"] == [IS_TAKER]
	assert step["right"] == "Needs the permission to change a Core Group Minutes."
	assert minutes["delegation"]["by_right"] == [SW, TM, PARTNER]
	assert minutes["delegation"]["others"] == "Anyone else needs a delegation approved by a Director."
	assert minutes["delegation"]["in_force"] == [
		{"name": "DEL-2026-00001", "who": "Billie Novak", "until": "31 March 2027"}
	]
	assert "named on the minutes" in minutes["rule"]

	decide = rows["decide_referral"]
	assert [s["text"].split('"')[1] for s in decide["steps"]] == ["Accept", "No Further Action", "Redirect"]
	assert decide["policy"] == ["A referral needs a decision within 1 working day of receipt."]

	approve = rows["approve_minutes"]["steps"][0]
	assert approve["own_records"] == [] and approve["right"].startswith("Needs the permission to submit")

	override = rows["override_visit"]["permissions"]
	assert override == [
		"Change the protected part (permission level 1) of a Visit: Team Manager and System Manager."
	]
	ask = rows["request_delegation"]["permissions"]
	assert ask == [
		"Create a Delegation: Social Worker, Team Manager, Business Support Officer, Principal Social Worker, "
		"Director and System Manager."
	]


def test_a_step_no_workflow_has_is_said_to_be_missing():
	rows = {r["key"]: r for r in table(w=[f for f in workflows() if f["name"] != "Resource"])}
	(step,) = rows["approve_resource"]["detail"]["steps"]
	assert step["text"] == "No active workflow step takes a Resource from Draft to Approved."
	assert {c["kind"] for c in rows["approve_resource"]["cells"].values()} == {NO}


# ---- "You" ---------------------------------------------------------------------------------------


def you(person_roles, grants=(), approvers=("Dana Whitfield",), user="someone", p=None, w=None):
	rows = {r["key"]: r for r in table(grants, p=p, w=w)}
	current = [
		delegation_rules.Grant(
			name=g["name"],
			task=g["task"],
			valid_from=g["valid_from"],
			valid_until=g["valid_until"],
			role=g["role"],
			users=frozenset(pp["user"] for pp in g["people"]),
			approved_by="dana",
		)
		for g in grants
	]
	answers = {}
	for task in who.TABLE:
		if not task.staff_table:
			continue
		decision = None
		if task.delegable:
			d = delegation_rules.decide(user, person_roles, task.delegable, current, TODAY)
			decision = {
				"allowed": d.allowed,
				"basis": d.basis,
				"role": d.role,
				"grant": {
					"name": d.grant.name,
					"valid_until": d.grant.valid_until,
					"approved_by_name": "Dana Whitfield",
				}
				if d.grant
				else None,
			}
		answers[task.key] = who.you_answer(
			task,
			list(person_roles),
			is_administrator=user == "Administrator",
			decision=decision,
			approver_roles=[DIRECTOR],
			approvers=list(approvers),
			columns=[r for r, _d in COLUMNS],
			cells=rows[task.key]["cells"],
			perms=perms() if p is None else p,
			workflows=workflows() if w is None else w,
		)
	return answers, rows


@pytest.mark.parametrize("role, desk", COLUMNS)
def test_the_you_answers_agree_with_the_roles_column_for_every_role(role, desk):
	answers, rows = you(sorted(who.column_roles(role, desk)))
	for key, answer in answers.items():
		assert answer["kind"] == rows[key]["cells"][role]["kind"], (role, key, answer["text"])


def test_a_director_is_told_the_truth():
	answers, _rows = you([DIRECTOR, "All", "Desk User"], approvers=())
	minutes = answers["take_minutes"]
	assert minutes["kind"] == NO
	assert minutes["text"] == (
		"No. A Social Worker, a Team Manager or a Partner Practitioner may; a Business Support Officer "
		"with a delegation."
	)
	assert "nobody holds" not in str(answers)
	assert answers["approve_delegation"] == {
		"key": "approve_delegation",
		"label": "Approve a delegation",
		"grant": None,
		"kind": YES,
		"text": "Yes, as a Director.",
		"notes": ["never on one they created"],
	}
	assert answers["change_policy"]["text"] == "Yes, as a Director."
	assert answers["read_access_log"]["kind"] == YES
	assert answers["decide_referral"]["text"] == "No. A Team Manager may."
	assert answers["record_visit"]["text"] == "No. A Social Worker, a Team Manager or a System Manager may."


@pytest.mark.parametrize(
	"person_roles, grants, approvers, kind, text",
	[
		(
			[BSO, "All"],
			(),
			("Dana Whitfield",),
			DELEGATION,
			"Only with a delegation approved by a Director: ask Dana Whitfield.",
		),
		(
			[BSO, "All"],
			(),
			(),
			DELEGATION,
			"Only with a delegation approved by a Director, and nobody holds that role yet: ask your administrator.",
		),
		(
			[BSO, "All"],
			(grant(people=[("someone", "Sam", (BSO,))]),),
			(),
			YES,
			"Yes, under the delegation DEL-2026-00001 approved by Dana Whitfield until 31 March 2027.",
		),
		(
			[BSO, "All"],
			(TO_BSOS,),
			(),
			YES,
			"Yes, under the delegation DEL-2026-00002 approved by Dana Whitfield until 31 March 2027.",
		),
		(
			[BSO, "All"],
			(STARTS_LATER,),
			("Dana Whitfield",),
			DELEGATION,
			"Only with a delegation approved by a Director: ask Dana Whitfield.",
		),
		([SW, "All"], (), (), YES, "Yes, as a Social Worker."),
		([PARTNER, "All"], (), (), YES, "Yes, as a Partner Practitioner."),
		(
			[PSW, "All"],
			(),
			(),
			NO,
			"No. A Social Worker, a Team Manager or a Partner Practitioner may; a Business Support Officer with a delegation.",
		),
	],
)
def test_your_answer_for_a_delegable_task(person_roles, grants, approvers, kind, text):
	answers, _rows = you(person_roles, grants, approvers)
	assert (answers["take_minutes"]["kind"], answers["take_minutes"]["text"]) == (kind, text)


def test_a_sole_director_who_could_take_a_delegable_task_is_told_to_find_another_approver():
	flows = with_workflow(
		"Core Group Minutes",
		lambda f: f["transitions"].extend(
			steps("Draft", "Submit for Review", "Submitted for Review", (DIRECTOR,))
		),
	)
	p = [*perms(), perm("Core Group Minutes", DIRECTOR, "read", "create", "write")]
	answers, _rows = you([DIRECTOR, "All"], approvers=(), p=p, w=flows)
	assert answers["take_minutes"]["text"] == (
		"Only with a delegation approved by a Director other than you, and there is none: ask your administrator."
	)


def test_the_administrator_may_do_everything_and_a_role_with_nothing_is_told_who_may():
	answers, _rows = you([], user="Administrator")
	assert {a["kind"] for a in answers.values()} == {YES}
	answers, _rows = you(["All"])
	assert answers["approve_resource"]["text"] == "No. A Principal Social Worker may."
	nobody, _rows = you(["All"], w=[f for f in workflows() if f["name"] != "Resource"])
	assert nobody["approve_resource"]["text"] == "No. Nobody may, as the permissions stand."


# ---- the partners' page --------------------------------------------------------------------------


def partner_page(p=None, w=None, grants=()):
	p = [r for r in (perms() if p is None else p) if r["role"] in (PARTNER, "All")]
	w = [
		f | {"transitions": [t for t in f["transitions"] if t["allowed"] in (PARTNER, "All")]}
		for f in (workflows() if w is None else w)
	]
	answers = []
	for task in who.TABLE:
		if not (task.for_partners or task.by_staff):
			continue
		decision = None
		if task.delegable:
			d = delegation_rules.decide("alex", [PARTNER], task.delegable, grants, TODAY)
			decision = {"allowed": d.allowed, "basis": d.basis, "role": d.role, "grant": None}
		answer = who.you_answer(
			task,
			[PARTNER, "All"],
			is_administrator=False,
			decision=decision,
			approver_roles=[DIRECTOR],
			approvers=["Dana Whitfield"],
			columns=[PARTNER],
			cells={},
			perms=p,
			workflows=w,
		)
		answer["detail"] = who.detail(
			task, perms=p, workflows=w, grants=[], approver_roles=[DIRECTOR], policy_sentences={}
		)
		answers.append(answer)
	return {g["group"]: g for g in who.partner_groups(answers)}


def sentences(groups, part="can"):
	return [item["text"] for g in groups.values() for item in g[part]]


def test_partners_read_short_sentences_grouped_by_task():
	groups = partner_page()
	assert list(groups) == ["Referrals", "Core groups", "Resources"]
	assert sentences({"r": groups["Referrals"]}) == [
		"You can send a referral about a child or a family to the council's children's social care team.",
		"You can save a referral for later and finish it when you are ready.",
		"If the council returns a referral to ask for more, you can change it and send it again.",
		"You can see the referrals your agency has sent and what the council decided.",
	]
	assert sentences({"c": groups["Core groups"]}) == [
		"You can take the minutes of a core group you are a member of, and send them for review.",
		"If the reviewer returns your minutes, you can correct them and send them again.",
		"You can send your agency's update to a core group you are a member of.",
		"You can read the minutes of the core groups you are a member of.",
	]
	assert sentences(groups, "by_staff") == [
		"The council's staff check that each referral is complete, or return it to you.",
		"The council's staff decide what happens next with a referral, and tell you.",
		"The core group's chair or lead social worker approves the minutes.",
		"The council's staff send approved minutes to everyone on the distribution list.",
	]
	# Nothing of the permissions dump: the workflow's words are behind the disclosure.
	page_words = " ".join(sentences(groups) + sentences(groups, "by_staff"))
	for jargon in ("may use", "records", "workflow", "DocType", "Submit for Review"):
		assert jargon not in page_words
	detail = {d["key"]: d for g in groups.values() for d in g["detail"]}
	assert detail["take_minutes"]["steps"][0]["roles"] == [PARTNER]
	assert detail["take_minutes"]["steps"][0]["conditions"] == [IS_TAKER]
	assert detail["send_referral"]["permissions"] == ["Create a Universal Referral: Partner Practitioner."]
	assert "no permission on Resource" in detail["partner_resources"]["permissions"][0]


@pytest.mark.parametrize(
	"what, p, w, gone",
	[
		(
			"create taken away from agency updates",
			[r for r in perms() if not (r["doctype"] == "Core Group Agency Update" and r["role"] == PARTNER)],
			None,
			"You can send your agency's update to a core group you are a member of.",
		),
		(
			"the Resubmit step taken from partners",
			None,
			with_workflow(
				"Universal Referral",
				lambda f: f.update(transitions=without(f["transitions"], action="Resubmit", allowed=PARTNER)),
			),
			"If the council returns a referral to ask for more, you can change it and send it again.",
		),
		(
			"drafts no longer editable by partners",
			None,
			with_workflow(
				"Universal Referral",
				lambda f: f.update(states=without(f["states"], state="Draft", allow_edit=PARTNER)),
			),
			"You can save a referral for later and finish it when you are ready.",
		),
	],
)
def test_the_partners_sentences_change_with_the_rules(what, p, w, gone):
	assert gone in sentences(partner_page())
	assert gone not in sentences(partner_page(p=p, w=w)), what


def test_a_partner_task_that_needs_a_delegation_says_how_to_get_one():
	by_right = dict(delegation_rules.TASKS)
	task = by_right[TAKE_CORE_GROUP_MINUTES]
	only_staff = delegation_rules.DelegableTask(task.name, task.doing, task.description, (SW, TM))
	answer = who.you_answer(
		who.TABLE_BY_KEY["take_minutes"],
		[PARTNER, "All"],
		is_administrator=False,
		decision={"allowed": False, "basis": "none", "role": None, "grant": None},
		approver_roles=[DIRECTOR],
		approvers=["Dana Whitfield"],
		columns=[PARTNER],
		cells={},
		perms=perms(),
		workflows=workflows(),
		tasks={TAKE_CORE_GROUP_MINUTES: only_staff},
	)
	(group,) = who.partner_groups([answer])
	assert group["with_delegation"] == [
		{
			"key": "take_minutes",
			"text": "You can take the minutes of a core group you are a member of, and send them for review.",
			"how": "Only with a delegation approved by a Director: ask Dana Whitfield.",
		}
	]


def test_a_partner_with_a_delegation_is_told_which():
	answer = who.you_answer(
		who.TABLE_BY_KEY["take_minutes"],
		[PARTNER, "All"],
		is_administrator=False,
		decision={
			"allowed": True,
			"basis": "delegation",
			"role": None,
			"grant": {
				"name": "DEL-9",
				"valid_until": date(2027, 3, 31),
				"approved_by_name": "Dana Whitfield",
			},
		},
		approver_roles=[DIRECTOR],
		approvers=[],
		columns=[PARTNER],
		cells={},
		perms=perms(),
		workflows=workflows(),
	)
	(group,) = who.partner_groups([answer])
	assert group["can"][0]["text"].endswith(
		"You do so under the delegation DEL-9, approved by Dana Whitfield, until 31 March 2027."
	)


def test_every_task_of_the_table_names_a_known_delegable_task_and_policy_part():
	policy_parts = set(
		policy_text.policy_sentences_by_part(
			{f: 1 for t in who.TABLE for f in t.policy}, [{"plan_type": "Child Protection"}], []
		)
	)
	for task in who.TABLE:
		assert not task.delegable or task.delegable in delegation_rules.TASKS, task.key
		assert set(task.policy) <= policy_parts, task.key
	assert len({t.key for t in who.TABLE}) == len(who.TABLE)


def test_the_policy_sentences_are_kept_by_the_part_they_come_from():
	parts = policy_text.policy_sentences_by_part(
		{"referral_decision_working_days": 1, "visit_write_up_working_days": 2},
		[
			{
				"plan_type": "Child Protection",
				"visit_interval": 10,
				"interval_unit": "Working days",
				"home_counts": 1,
			}
		],
		[],
	)
	assert parts == {
		"referral_decision_working_days": ["A referral needs a decision within 1 working day of receipt."],
		"visit_write_up_working_days": ["A statutory visit is written up within 2 working days."],
		"visit_policies": [
			"Child Protection visits are due at least every 10 working days; a visit counts when made at home."
		],
		"closure_dates": ["No local closure days are set; England's bank holidays are never working days."],
	}


def test_the_table_goes_through_the_translator():
	french = {
		"Yes": "Oui",
		"Send a referral": "Envoyer un signalement",
		"never on one they created": "jamais sur le sien",
		"With a {role}'s delegation": "Avec une délégation d'un {role}",
		"Director": "Directeur",
	}
	rows = {
		r["key"]: r
		for r in who.table(
			COLUMNS,
			perms=perms(),
			workflows=workflows(),
			grants=[],
			approver_roles=[DIRECTOR],
			policy_sentences={},
			today=TODAY,
			translate=lambda text: french.get(text, text),
		)
	}
	assert rows["send_referral"]["label"] == "Envoyer un signalement"
	assert rows["send_referral"]["cells"][PARTNER]["text"] == "Oui"
	assert rows["check_referral"]["cells"][BSO]["notes"] == ["jamais sur le sien"]
	assert rows["take_minutes"]["cells"][BSO]["text"] == "Avec une délégation d'un Directeur"
