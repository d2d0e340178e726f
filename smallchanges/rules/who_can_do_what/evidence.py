"""What each of a task's requirements says for a person holding some roles, from the DocPerms and
the active workflows: the Evidence a cell, the row's detail and the "You" answers are built from."""

from collections.abc import Iterable
from dataclasses import dataclass

from smallchanges.rules.translation import _
from smallchanges.rules.who_can_do_what.tasks import Task

# Frappe's roles that every user (All) or every desk user (Desk User) holds besides their own.
ALL = "All"
DESK_USER = "Desk User"
IMPLIED_ROLES = (ALL, DESK_USER, "Guest")

# The right a workflow step needs, from the doc_status of its two states (as Frappe's
# apply_workflow saves, submits or cancels the document).
STEP_RIGHT = {(0, 0): "write", (0, 1): "submit", (1, 1): "write", (1, 2): "cancel"}


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


def workflow_for(workflows: Iterable[dict], doctype: str) -> dict | None:
	return next((w for w in workflows if w["doctype"] == doctype), None)


def doc_status(workflow: dict, state: str) -> int:
	for s in workflow.get("states", ()):
		if s["state"] == state:
			return int(s.get("doc_status") or 0)
	return 0


def _steps(task: Task, roles: set[str], perms: list[dict], workflows: list[dict]) -> list[Evidence]:
	"""Each transition of the task's steps: met when one of `roles` may take it and one of them
	holds the right the step needs (write, submit or cancel: Frappe saves, submits or cancels)."""
	workflow = workflow_for(workflows, task.doctype)
	if not workflow:
		return [Evidence("step", False, from_state=a, to_state=b) for a, b in task.steps]
	out = []
	for from_state, to_state in task.steps:
		right = STEP_RIGHT.get((doc_status(workflow, from_state), doc_status(workflow, to_state)), "write")
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
	workflow = workflow_for(workflows, task.doctype)
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


def notes_for(evidence: list[Evidence]) -> tuple[str, ...]:
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
