"""A row's detail: what decides it, from the same data as its cells."""

from collections.abc import Iterable

from smallchanges.roles import DIRECTOR
from smallchanges.rules.delegation import TASKS, DelegableTask, join_words, long_date, with_article
from smallchanges.rules.permissions_text import RIGHT_VERBS
from smallchanges.rules.translation import Translate, _, untranslated
from smallchanges.rules.who_can_do_what.cells import delegation_words
from smallchanges.rules.who_can_do_what.evidence import STEP_RIGHT, doc_status, workflow_for
from smallchanges.rules.who_can_do_what.tasks import Task

RIGHT_WORDS = RIGHT_VERBS  # a right in the words of the permissions page


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
	workflow = workflow_for(workflows, task.doctype)
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
		right = STEP_RIGHT.get((doc_status(workflow, from_state), doc_status(workflow, to_state)), "write")
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
