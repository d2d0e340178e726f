"""Who can do what, as a table: one row per task, one column per role, and in each cell Yes, No
or "With a Director's delegation" (and who holds one now).

Pure Python: no Frappe import. The tasks below say only WHAT each task takes (a permission on a
DocType, a step of its workflow, a delegable task); WHO may do it is worked out, cell by cell,
from the live data the Frappe side (smallchanges.governance.overview) reads: the DocPerms (or
Custom DocPerms), the active workflows, the approved delegations and the roles that approve
them. Change any of those and the cells change; nothing here names who may do a task.

Shapes of the inputs (plain dicts):
  perm:      {"doctype", "role", "permlevel" (0 when left out), "if_owner", "read", "write",
              "create", "submit", "cancel", "delete"}
  workflow:  {"name", "doctype", "states": [{"state", "doc_status", "allow_edit"}],
              "transitions": [{"state", "action", "next_state", "allowed",
              "allow_self_approval", "condition"}]}
  grant:     {"name", "task", "role" (or None), "people": [{"user", "full_name", "roles"}],
              "valid_from" (date), "valid_until" (date), "approved_by_name"}
  decision:  for the "You" answers, what rules.delegation.decide said for this person:
             {"allowed", "basis", "role", "grant": {"name", "valid_until", "approved_by_name"}}
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from smallchanges.roles import DIRECTOR, SYSTEM_MANAGER
from smallchanges.rules import core_groups as minutes_states
from smallchanges.rules import referral as referral_states
from smallchanges.rules import resources as resource_states
from smallchanges.rules.delegation import (
	APPROVED as DELEGATION_APPROVED,
)
from smallchanges.rules.delegation import (
	CHECK_REFERRAL_COMPLETENESS,
	DISTRIBUTE_MINUTES,
	REQUESTED,
	TAKE_CORE_GROUP_MINUTES,
	TASKS,
	DelegableTask,
	join_words,
	long_date,
	with_article,
)
from smallchanges.rules.translation import Translate, _, untranslated

YES = "yes"
NO = "no"
DELEGATION = "delegation"

# Frappe's roles that every user (All) or every desk user (Desk User) holds besides their own.
ALL = "All"
DESK_USER = "Desk User"
IMPLIED_ROLES = (ALL, DESK_USER, "Guest")
HOLDERS_SHOWN = 4  # a cell names this many delegations, then says how many more (the detail has all)

# The right a workflow step needs, from the doc_status of its two states (as Frappe's
# apply_workflow saves, submits or cancels the document).
STEP_RIGHT = {(0, 0): "write", (0, 1): "submit", (1, 1): "write", (1, 2): "cancel"}
RIGHT_WORDS = {
	"read": _("read"),
	"create": _("create"),
	"write": _("change"),
	"submit": _("submit"),
	"cancel": _("cancel"),
	"delete": _("delete"),
}

REFERRALS = _("Referrals")
CORE_GROUPS = _("Core groups")
VISITS = _("Visits")
RESOURCES = _("Resources")
GOVERNANCE = _("Governance")


@dataclass(frozen=True)
class Task:
	"""One row: what doing the task takes. Every requirement given must be met."""

	key: str
	label: str  # "Send a referral"
	group: str
	doctype: str
	create: bool = False  # the role creates the record
	steps: tuple[tuple[str, str], ...] = ()  # workflow steps (from state, to state): any one will do
	right: str | None = None  # a plain right on the DocType...
	level: int = 0  # ...at this permission level (1: the protected part of a form)
	edit_in: str | None = None  # a workflow state the role must be allowed to edit the record in
	delegable: str | None = None  # a task of rules.delegation.TASKS
	policy: tuple[str, ...] = ()  # the Safeguarding Policy's parts that bear on it (its fieldnames)
	rule: str = ""  # what the app's code adds, whoever holds the role
	for_partners: str = ""  # the sentence on the partners' page ("You can ...")
	by_staff: str = ""  # on the partners' page, when partners may not: what the council's staff do
	given: str = ""  # not a permission at all: how the app gives it (detail)
	staff_table: bool = True  # a row of the staff table (False: the partners' page only)


TABLE: tuple[Task, ...] = (
	Task(
		"send_referral",
		_("Send a referral"),
		REFERRALS,
		"Universal Referral",
		create=True,
		steps=((referral_states.DRAFT, referral_states.SUBMITTED),),
		for_partners=_(
			"You can send a referral about a child or a family to the council's children's social care team."
		),
	),
	Task(
		"save_referral",
		_("Save a referral for later"),
		REFERRALS,
		"Universal Referral",
		create=True,
		right="write",
		edit_in=referral_states.DRAFT,
		for_partners=_("You can save a referral for later and finish it when you are ready."),
		staff_table=False,
	),
	Task(
		"resend_referral",
		_("Send a returned referral again"),
		REFERRALS,
		"Universal Referral",
		steps=((referral_states.RETURNED, referral_states.SUBMITTED),),
		for_partners=_(
			"If the council returns a referral to ask for more, you can change it and send it again."
		),
		staff_table=False,
	),
	Task(
		"follow_referral",
		_("Follow a referral's outcome"),
		REFERRALS,
		"Universal Referral",
		right="read",
		rule=_("A partner sees only the referrals of their own agency."),
		for_partners=_("You can see the referrals your agency has sent and what the council decided."),
		staff_table=False,
	),
	Task(
		"check_referral",
		_("Check a referral is complete"),
		REFERRALS,
		"Universal Referral",
		steps=(
			(referral_states.SUBMITTED, referral_states.CHECKED),
			(referral_states.SUBMITTED, referral_states.RETURNED),
		),
		delegable=CHECK_REFERRAL_COMPLETENESS,
		by_staff=_("The council's staff check that each referral is complete, or return it to you."),
	),
	Task(
		"decide_referral",
		_("Decide a referral"),
		REFERRALS,
		"Universal Referral",
		steps=(
			(referral_states.CHECKED, referral_states.ACCEPTED),
			(referral_states.CHECKED, referral_states.NO_FURTHER_ACTION),
			(referral_states.CHECKED, referral_states.REDIRECTED),
		),
		policy=("referral_decision_working_days",),
		by_staff=_("The council's staff decide what happens next with a referral, and tell you."),
	),
	Task(
		"take_minutes",
		_("Take core group minutes"),
		CORE_GROUPS,
		"Core Group Minutes",
		create=True,
		steps=((minutes_states.DRAFT, minutes_states.SUBMITTED),),
		delegable=TAKE_CORE_GROUP_MINUTES,
		policy=("first_core_group_working_days", "max_core_group_interval_weeks"),
		rule=_(
			"Only the minute taker named on the minutes sends them for review; a partner takes the "
			"minutes only of a core group they are a member of."
		),
		for_partners=_(
			"You can take the minutes of a core group you are a member of, and send them for review."
		),
	),
	Task(
		"resend_minutes",
		_("Send returned minutes again"),
		CORE_GROUPS,
		"Core Group Minutes",
		steps=((minutes_states.RETURNED, minutes_states.SUBMITTED),),
		for_partners=_("If the reviewer returns your minutes, you can correct them and send them again."),
		staff_table=False,
	),
	Task(
		"agency_update",
		_("Send an agency update"),
		CORE_GROUPS,
		"Core Group Agency Update",
		create=True,
		rule=_("A partner sends updates only to core groups they are a member of."),
		for_partners=_("You can send your agency's update to a core group you are a member of."),
	),
	Task(
		"read_minutes",
		_("Read core group minutes"),
		CORE_GROUPS,
		"Core Group Minutes",
		right="read",
		rule=_("A partner reads only the minutes of core groups they are a member of."),
		for_partners=_("You can read the minutes of the core groups you are a member of."),
		staff_table=False,
	),
	Task(
		"approve_minutes",
		_("Approve core group minutes"),
		CORE_GROUPS,
		"Core Group Minutes",
		steps=((minutes_states.SUBMITTED, minutes_states.APPROVED),),
		rule=_("Only the core group's chair or lead social worker approves, and never the minute taker."),
		by_staff=_("The core group's chair or lead social worker approves the minutes."),
	),
	Task(
		"distribute_minutes",
		_("Distribute approved minutes"),
		CORE_GROUPS,
		"Core Group Minutes",
		steps=((minutes_states.APPROVED, minutes_states.DISTRIBUTED),),
		delegable=DISTRIBUTE_MINUTES,
		policy=("minutes_circulation_working_days",),
		by_staff=_("The council's staff send approved minutes to everyone on the distribution list."),
	),
	Task(
		"record_visit",
		_("Record a visit"),
		VISITS,
		"Visit",
		create=True,
		policy=("visit_policies", "visit_write_up_working_days"),
	),
	Task(
		"override_visit",
		_("Override whether a visit counts"),
		VISITS,
		"Visit",
		right="write",
		level=1,
		policy=("visit_policies",),
		rule=_("Never on a visit they recorded themselves, and always with a reason."),
	),
	Task(
		"approve_resource",
		_("Approve a resource"),
		RESOURCES,
		"Resource",
		steps=((resource_states.DRAFT, resource_states.APPROVED),),
	),
	Task(
		"partner_resources",
		_("Download the council's resources"),
		RESOURCES,
		"Resource",
		for_partners=_(
			"You can find and download the forms, templates and guides the council shares with partners."
		),
		given=_(
			"Partners have no permission on Resource records: the Resources page shows them the "
			"approved, current resources whose audience includes partners."
		),
		staff_table=False,
	),
	Task(
		"request_delegation",
		_("Ask for a delegation"),
		GOVERNANCE,
		"Delegation",
		create=True,
	),
	Task(
		"approve_delegation",
		_("Approve a delegation"),
		GOVERNANCE,
		"Delegation",
		steps=((REQUESTED, DELEGATION_APPROVED),),
		rule=_("Never a delegation they asked for or that names them."),
	),
	Task(
		"change_policy",
		_("Change the Safeguarding Policy"),
		GOVERNANCE,
		"Safeguarding Policy",
		right="write",
	),
	Task(
		"read_access_log",
		_("See who read a child's record"),
		GOVERNANCE,
		"Record Access Log",
		right="read",
	),
)
TABLE_BY_KEY = {task.key: task for task in TABLE}


# ---- one cell ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
	"""What met (or failed) one requirement, for the row's detail."""

	kind: str  # "create", "right", "step", "edit", "given"
	met: bool
	roles: tuple[str, ...] = ()  # the roles (of those asked about) that meet it
	own_only: bool = False  # met only on the records the person created
	action: str = ""
	from_state: str = ""
	to_state: str = ""
	workflow: str = ""
	right: str = ""
	level: int = 0
	self_approval: bool = True
	condition: str = ""


@dataclass(frozen=True)
class Cell:
	kind: str  # YES, NO, DELEGATION
	notes: tuple[str, ...] = ()  # "not on one they created", ...
	holders: tuple[str, ...] = ()  # with DELEGATION: who holds one now
	evidence: tuple[Evidence, ...] = ()


def _perms_for(perms: Iterable[dict], doctype: str, roles: set[str], level: int = 0) -> list[dict]:
	return [
		p
		for p in perms
		if p["doctype"] == doctype and p["role"] in roles and int(p.get("permlevel") or 0) == level
	]


def _has_right(perms: list[dict], right: str) -> tuple[bool, bool, tuple[str, ...]]:
	"""(met, only on their own records, the roles giving it) for the rows of `perms`."""
	plain = sorted({p["role"] for p in perms if p.get(right) and not p.get("if_owner")})
	own = sorted({p["role"] for p in perms if p.get(right) and p.get("if_owner")})
	if plain or (own and right == "create"):
		return True, False, tuple(plain or own)
	if own:
		return True, True, tuple(own)
	return False, False, ()


def _workflow_for(workflows: Iterable[dict], doctype: str) -> dict | None:
	return next((w for w in workflows if w["doctype"] == doctype), None)


def _doc_status(workflow: dict, state: str) -> int:
	for s in workflow.get("states", ()):
		if s["state"] == state:
			return int(s.get("doc_status") or 0)
	return 0


def _steps(task: Task, roles: set[str], perms: list[dict], workflows: list[dict]) -> list[Evidence]:
	"""Each transition of the task's steps: met when one of `roles` may take it and one of them
	holds the right the step needs (write, submit or cancel: Frappe saves, submits or cancels)."""
	workflow = _workflow_for(workflows, task.doctype)
	if not workflow:
		return [Evidence("step", False, from_state=a, to_state=b) for a, b in task.steps]
	out = []
	for from_state, to_state in task.steps:
		right = STEP_RIGHT.get((_doc_status(workflow, from_state), _doc_status(workflow, to_state)), "write")
		has, own, _givers = _has_right(_perms_for(perms, task.doctype, roles), right)
		matching = [
			t for t in workflow["transitions"] if t["state"] == from_state and t["next_state"] == to_state
		]
		if not matching:
			out.append(
				Evidence("step", False, from_state=from_state, to_state=to_state, workflow=workflow["name"])
			)
		for t in matching:
			allowed = t["allowed"] in roles
			out.append(
				Evidence(
					"step",
					allowed and has,
					roles=(t["allowed"],) if allowed else (),
					own_only=own,
					action=t["action"],
					from_state=from_state,
					to_state=to_state,
					workflow=workflow["name"],
					right=right,
					self_approval=bool(t.get("allow_self_approval")),
					condition=t.get("condition") or "",
				)
			)
	return out


def _edit_in(task: Task, roles: set[str], workflows: list[dict]) -> Evidence:
	workflow = _workflow_for(workflows, task.doctype)
	editors = (
		{s.get("allow_edit") for s in workflow.get("states", ()) if s["state"] == task.edit_in}
		if workflow
		else set(roles)  # no workflow: nothing stops an edit
	)
	met = roles & editors
	return Evidence(
		"edit",
		bool(met),
		roles=tuple(sorted(met)),
		from_state=task.edit_in or "",
		workflow=workflow["name"] if workflow else "",
	)


def requirements(
	task: Task, roles: Iterable[str], perms: list[dict], workflows: list[dict]
) -> list[Evidence]:
	"""What each of the task's requirements says for a person holding `roles`."""
	roles = set(roles)
	out = []
	if task.given:
		out.append(Evidence("given", True))
	if task.create:
		met, _own, givers = _has_right(_perms_for(perms, task.doctype, roles), "create")
		out.append(Evidence("create", met, roles=givers, right="create"))
	if task.right:
		met, own, givers = _has_right(_perms_for(perms, task.doctype, roles, task.level), task.right)
		out.append(Evidence("right", met, roles=givers, own_only=own, right=task.right, level=task.level))
		if task.level:
			# The protected part is saved with the form: the role must change the form too.
			met, own, givers = _has_right(_perms_for(perms, task.doctype, roles), "write")
			out.append(Evidence("right", met, roles=givers, own_only=own, right="write"))
	if task.edit_in:
		out.append(_edit_in(task, roles, workflows))
	if task.steps:
		out.extend(_steps(task, roles, perms, workflows))
	return out


def structurally_allowed(evidence: list[Evidence]) -> bool:
	"""Every requirement met; of the workflow steps, at least one."""
	steps = [e for e in evidence if e.kind == "step"]
	others = [e for e in evidence if e.kind != "step"]
	return bool(evidence) and all(e.met for e in others) and (not steps or any(e.met for e in steps))


def _notes(evidence: list[Evidence]) -> tuple[str, ...]:
	used = [e for e in evidence if e.met and e.kind == "step"]
	notes = []
	if any(e.own_only for e in evidence if e.met):
		notes.append(_("only on records they created"))
	if used and not any(e.self_approval for e in used):
		notes.append(_("never on one they created"))
	if used and all(e.condition for e in used):
		notes.append(_("when the workflow's condition allows"))
	return tuple(notes)


def column_roles(role: str, desk_access: bool) -> set[str]:
	"""The roles a person in this column holds: the role, and Frappe's All (and Desk User)."""
	return {role, ALL, *((DESK_USER,) if desk_access else ())}


def _covering_grants(task: str, role: str, grants: Iterable[dict]) -> list[dict]:
	"""Delegations of `task` that reach someone holding `role`: to the role, or to people in it."""
	out = []
	for grant in grants:
		if grant["task"] != task:
			continue
		if grant.get("role"):
			if grant["role"] == role:
				out.append(grant)
		elif any(role in p.get("roles", ()) for p in grant.get("people", ())):
			out.append(grant)
	return out


def holder_text(grant: dict, role: str, today: date, translate: Translate = untranslated) -> str:
	"""'every Business Support Officer until 31 March 2027', 'Billie Novak from 4 January 2027
	until 31 March 2027'."""
	t = translate
	if grant.get("role"):
		who = t(_("every {role}")).format(role=t(grant["role"]))
	else:
		who = join_words([p["full_name"] for p in grant.get("people", ()) if role in p.get("roles", ())], t)
	if grant["valid_from"] > today:
		return t(_("{who} from {start} until {until}")).format(
			who=who, start=long_date(grant["valid_from"], t), until=long_date(grant["valid_until"], t)
		)
	return t(_("{who} until {until}")).format(who=who, until=long_date(grant["valid_until"], t))


def cell(
	task: Task,
	role: str,
	*,
	desk_access: bool,
	perms: list[dict],
	workflows: list[dict],
	grants: list[dict],
	today: date,
	translate: Translate = untranslated,
	tasks: dict[str, DelegableTask] = TASKS,
) -> Cell:
	"""The cell of `task` for `role`."""
	roles = column_roles(role, desk_access)
	evidence = requirements(task, roles, perms, workflows)
	notes = tuple(translate(n) for n in _notes(evidence))
	if not structurally_allowed(evidence):
		return Cell(NO, evidence=tuple(evidence))
	definition = tasks.get(task.delegable or "")
	if not definition or role == SYSTEM_MANAGER or roles & set(definition.by_right):
		return Cell(YES, notes=notes, evidence=tuple(evidence))
	holders = tuple(
		holder_text(g, role, today, translate) for g in _covering_grants(definition.name, role, grants)
	)
	return Cell(DELEGATION, notes=notes, holders=holders, evidence=tuple(evidence))


def delegation_words(approver_roles: list[str], translate: Translate = untranslated) -> str:
	""" "With a Director's delegation" (or the roles the live Delegation workflow names)."""
	t = translate
	roles = approver_roles or [DIRECTOR]
	if len(roles) == 1:
		return t(_("With a {role}'s delegation")).format(role=t(roles[0]))
	return t(_("With a delegation approved by {roles}")).format(
		roles=join_words([with_article(r, t) for r in roles], t, _("or"))
	)


def cell_text(c: Cell, approver_roles: list[str], translate: Translate = untranslated) -> dict:
	"""The cell as the page shows it: {"kind", "text", "held", "holders", "notes"}; "held" says
	who holds a delegation now (or that nobody does), for a cell that needs one."""
	t = translate
	if c.kind == YES:
		text = t(_("Yes"))
	elif c.kind == NO:
		text = t(_("No"))
	else:
		text = delegation_words(approver_roles, t)
	holders = list(c.holders[:HOLDERS_SHOWN])
	if len(c.holders) > HOLDERS_SHOWN:
		holders.append(t(_("and {n} more")).format(n=len(c.holders) - HOLDERS_SHOWN))
	held = ""
	if c.kind == DELEGATION:
		held = (
			t(_("Held now by: {holders}")).format(holders="; ".join(holders))
			if holders
			else t(_("Nobody holds one now"))
		)
	return {"kind": c.kind, "text": text, "held": held, "holders": holders, "notes": list(c.notes)}


# ---- the row's detail --------------------------------------------------------------------------


def _roles_with(perms: Iterable[dict], doctype: str, right: str, level: int = 0) -> tuple[list, list]:
	"""(roles with `right` on every record, roles with it only on the records they created)."""
	rows = [p for p in perms if p["doctype"] == doctype and int(p.get("permlevel") or 0) == level]
	plain = list(dict.fromkeys(p["role"] for p in rows if p.get(right) and not p.get("if_owner")))
	own = [
		r
		for r in dict.fromkeys(p["role"] for p in rows if p.get(right) and p.get("if_owner"))
		if r not in plain
	]
	if right == "create":
		return plain + own, []
	return plain, own


def _roles_words(plain: list[str], own: list[str], translate: Translate) -> str:
	t = translate
	words = [t(r) for r in plain] + [
		t(_("{role} (only on records they created)")).format(role=t(r)) for r in own
	]
	return join_words(words, t) or t(_("no role"))


def detail(
	task: Task,
	*,
	perms: list[dict],
	workflows: list[dict],
	grants: list[dict],
	approver_roles: list[str],
	policy_sentences: dict[str, list[str]],
	translate: Translate = untranslated,
	tasks: dict[str, DelegableTask] = TASKS,
) -> dict:
	"""What decides the row, from the same data as its cells: the permissions it takes and who
	holds them, the workflow steps (who may take each, on their own records or not, its
	condition), the delegable task and the delegations of it in force, the app's own rule, the
	Safeguarding Policy's parts that bear on it."""
	t = translate
	doctype = t(task.doctype)
	permissions = []
	if task.given:
		permissions.append(t(task.given))
	if task.create:
		plain, own = _roles_with(perms, task.doctype, "create")
		permissions.append(
			t(_("Create a {doctype}: {roles}.")).format(doctype=doctype, roles=_roles_words(plain, own, t))
		)
	if task.right:
		plain, own = _roles_with(perms, task.doctype, task.right, task.level)
		if task.level:
			template = _("{right} the protected part (permission level {level}) of a {doctype}: {roles}.")
		else:
			template = _("{right} a {doctype}: {roles}.")
		permissions.append(
			t(template).format(
				right=t(RIGHT_WORDS[task.right]).capitalize(),
				level=task.level,
				doctype=doctype,
				roles=_roles_words(plain, own, t),
			)
		)
	workflow = _workflow_for(workflows, task.doctype)
	if task.edit_in:
		editors = (
			[s.get("allow_edit") for s in workflow.get("states", ()) if s["state"] == task.edit_in]
			if workflow
			else []
		)
		permissions.append(
			t(_("Edit a {doctype} while it is {state}: {roles}.")).format(
				doctype=doctype, state=t(task.edit_in), roles=_roles_words(editors, [], t)
			)
		)
	steps = []
	for from_state, to_state in task.steps:
		matching = (
			[
				t_
				for t_ in workflow["transitions"]
				if t_["state"] == from_state and t_["next_state"] == to_state
			]
			if workflow
			else []
		)
		if not matching:
			steps.append(
				{
					"workflow": workflow["name"] if workflow else "",
					"action": "",
					"text": t(
						_("No active workflow step takes a {doctype} from {from_state} to {to_state}.")
					).format(doctype=doctype, from_state=t(from_state), to_state=t(to_state)),
					"roles": [],
					"own_records": [],
					"conditions": [],
					"right": "",
				}
			)
			continue
		right = STEP_RIGHT.get((_doc_status(workflow, from_state), _doc_status(workflow, to_state)), "write")
		by_action: dict[str, list[dict]] = {}
		for row in matching:
			by_action.setdefault(row["action"], []).append(row)
		for action, rows in by_action.items():
			steps.append(
				{
					"workflow": workflow["name"],
					"action": action,
					"text": t(_('"{action}" takes a {doctype} from {from_state} to {to_state}')).format(
						action=t(action), doctype=doctype, from_state=t(from_state), to_state=t(to_state)
					),
					"roles": [t(r) for r in dict.fromkeys(row["allowed"] for row in rows)],
					# Roles that may take it on a record they created themselves.
					"own_records": [
						t(r)
						for r in dict.fromkeys(
							row["allowed"] for row in rows if row.get("allow_self_approval")
						)
					],
					"conditions": list(
						dict.fromkeys(row["condition"] for row in rows if row.get("condition"))
					),
					"right": t(_("Needs the permission to {right} a {doctype}.")).format(
						right=t(RIGHT_WORDS[right]), doctype=doctype
					),
				}
			)
	delegation = None
	definition = tasks.get(task.delegable or "")
	if definition:
		in_force = [g for g in grants if g["task"] == definition.name]
		delegation = {
			"task": t(definition.name),
			"by_right": [t(r) for r in definition.by_right],
			"approver": delegation_words(approver_roles, t),
			"others": t(_("Anyone else needs a delegation approved by {roles}.")).format(
				roles=join_words([with_article(r, t) for r in approver_roles or [DIRECTOR]], t, _("or"))
			),
			"in_force": [
				{
					"name": g["name"],
					"who": (
						t(_("every {role}")).format(role=t(g["role"]))
						if g.get("role")
						else join_words([p["full_name"] for p in g.get("people", ())], t)
					),
					"until": long_date(g["valid_until"], t),
				}
				for g in in_force
			],
		}
	return {
		"doctype": task.doctype,
		"permissions": permissions,
		"steps": steps,
		"delegation": delegation,
		"rule": t(task.rule) if task.rule else "",
		"policy": [s for part in task.policy for s in policy_sentences.get(part, ())],
	}


# ---- the table ---------------------------------------------------------------------------------


def table(
	roles: list[tuple[str, bool]],
	*,
	perms: list[dict],
	workflows: list[dict],
	grants: list[dict],
	approver_roles: list[str],
	policy_sentences: dict[str, list[str]],
	today: date,
	translate: Translate = untranslated,
	tasks: Iterable[Task] = TABLE,
) -> list[dict]:
	"""One row per staff task: {"key", "label", "group", "cells": {role: cell}, "detail"}.
	`roles`: the columns, each (role, desk access)."""
	t = translate
	rows = []
	for task in tasks:
		if not task.staff_table:
			continue
		cells = {
			role: cell_text(
				cell(
					task,
					role,
					desk_access=desk,
					perms=perms,
					workflows=workflows,
					grants=grants,
					today=today,
					translate=t,
				),
				approver_roles,
				t,
			)
			for role, desk in roles
		}
		rows.append(
			{
				"key": task.key,
				"label": t(task.label),
				"group": t(task.group),
				"cells": cells,
				"detail": detail(
					task,
					perms=perms,
					workflows=workflows,
					grants=grants,
					approver_roles=approver_roles,
					policy_sentences=policy_sentences,
					translate=t,
				),
			}
		)
	return rows


# ---- "You" ---------------------------------------------------------------------------------------


def _first_role_giving(task: Task, person_roles: list[str], perms, workflows, order: list[str]) -> str:
	implied = {r for r in person_roles if r in IMPLIED_ROLES}
	for role in [r for r in order if r in person_roles] + [r for r in person_roles if r not in order]:
		if role in IMPLIED_ROLES:
			continue
		if structurally_allowed(requirements(task, {role, *implied}, perms, workflows)):
			return role
	return ""


def who_may(columns: list[str], cells: dict[str, dict], translate: Translate = untranslated) -> str:
	"""'No. A Team Manager may.' / 'No. A Social Worker or a Team Manager may; a Business
	Support Officer with a delegation.' (from the task's row)."""
	t = translate
	yes = [with_article(role, t) for role in columns if cells.get(role, {}).get("kind") == YES]
	delegated = [with_article(role, t) for role in columns if cells.get(role, {}).get("kind") == DELEGATION]
	if yes and delegated:
		return t(_("No. {yes} may; {delegated} with a delegation.")).format(
			yes=_capital(join_words(yes, t, _("or"))), delegated=join_words(delegated, t, _("or"))
		)
	if yes:
		return t(_("No. {yes} may.")).format(yes=_capital(join_words(yes, t, _("or"))))
	if delegated:
		return t(_("No. {delegated} may, with a delegation.")).format(
			delegated=_capital(join_words(delegated, t, _("or")))
		)
	return t(_("No. Nobody may, as the permissions stand."))


def _capital(text: str) -> str:
	return text[:1].upper() + text[1:]


def you_answer(
	task: Task,
	person_roles: list[str],
	*,
	is_administrator: bool,
	decision: dict | None,
	approver_roles: list[str],
	approvers: list[str],
	columns: list[str],
	cells: dict[str, dict],
	perms: list[dict],
	workflows: list[dict],
	translate: Translate = untranslated,
	tasks: dict[str, DelegableTask] = TASKS,
) -> dict:
	"""The person's own answer for one task: {"key", "label", "kind", "text", "notes", "grant"}.

	`decision`: rules.delegation.decide's answer for this person when the task is delegable (the
	answer the app gives when they try it); `approvers`: the names of the people who could approve
	a delegation for them (never themselves); `columns` and `cells`: the task's row, to say who may.
	"""
	t = translate
	out = {"key": task.key, "label": t(task.label), "grant": None, "notes": []}
	if is_administrator:
		return out | {"kind": YES, "text": t(_("Yes, as the administrator."))}
	evidence = requirements(task, person_roles, perms, workflows)
	if not structurally_allowed(evidence):
		return out | {"kind": NO, "text": who_may(columns, cells, t)}
	notes = [t(n) for n in _notes(evidence)]
	definition = tasks.get(task.delegable or "")
	if not definition or decision is None:
		role = _first_role_giving(task, person_roles, perms, workflows, columns)
		return out | {"kind": YES, "text": _as_role(role, t), "notes": notes}
	if decision.get("allowed"):
		grant = decision.get("grant")
		if decision.get("basis") == "delegation" and grant:
			return out | {
				"kind": YES,
				"notes": notes,
				"grant": grant,
				"text": t(_("Yes, under the delegation {name} approved by {approver} until {until}.")).format(
					name=grant["name"],
					approver=grant.get("approved_by_name") or "?",
					until=long_date(grant["valid_until"], t),
				),
			}
		if decision.get("basis") == "administrator":
			return out | {"kind": YES, "text": t(_("Yes, as a System Manager.")), "notes": notes}
		return out | {"kind": YES, "text": _as_role(decision.get("role") or "", t), "notes": notes}
	roles_words = join_words([with_article(r, t) for r in approver_roles or [DIRECTOR]], t, _("or"))
	if approvers:
		text = t(_("Only with a delegation approved by {roles}: ask {people}.")).format(
			roles=roles_words, people=join_words(approvers, t, _("or"))
		)
	elif set(person_roles) & set(approver_roles):
		text = t(
			_(
				"Only with a delegation approved by {roles} other than you, and there is none: "
				"ask your administrator."
			)
		).format(roles=roles_words)
	else:
		text = t(
			_(
				"Only with a delegation approved by {roles}, and nobody holds that role yet: "
				"ask your administrator."
			)
		).format(roles=roles_words)
	return out | {"kind": DELEGATION, "text": text, "notes": notes}


def _as_role(role: str, translate: Translate) -> str:
	if not role:
		return translate(_("Yes."))
	return translate(_("Yes, as {role}.")).format(role=with_article(role, translate))


# ---- the partners' page --------------------------------------------------------------------------


def partner_groups(
	answers: list[dict], translate: Translate = untranslated, tasks: Iterable[Task] = TABLE
) -> list[dict]:
	"""The partners' page, per group of tasks: what "you" can do (short sentences), what needs a
	delegation first, what the council's staff do instead, and the technical detail of each.

	`answers`: you_answer for each task, with the task's "detail" (the partners' rules only)."""
	t = translate
	by_key = {a["key"]: a for a in answers}
	groups: dict[str, dict] = {}
	for task in tasks:
		answer = by_key.get(task.key)
		if not answer or not (task.for_partners or task.by_staff):
			continue
		group = groups.setdefault(
			task.group,
			{"group": t(task.group), "can": [], "with_delegation": [], "by_staff": [], "detail": []},
		)
		if answer["kind"] == YES and task.for_partners:
			sentence = t(task.for_partners)
			grant = answer.get("grant")
			if grant:
				sentence += " " + t(
					_("You do so under the delegation {name}, approved by {approver}, until {until}.")
				).format(
					name=grant["name"],
					approver=grant.get("approved_by_name") or "?",
					until=long_date(grant["valid_until"], t),
				)
			group["can"].append({"key": task.key, "text": sentence})
		elif answer["kind"] == DELEGATION and task.for_partners:
			group["with_delegation"].append(
				{"key": task.key, "text": t(task.for_partners), "how": answer["text"]}
			)
		elif answer["kind"] == NO and task.by_staff:
			group["by_staff"].append({"key": task.key, "text": t(task.by_staff)})
			continue
		else:
			continue
		group["detail"].append({"key": task.key, "label": t(task.label), **(answer.get("detail") or {})})
	return [g for g in groups.values() if g["can"] or g["with_delegation"] or g["by_staff"]]
