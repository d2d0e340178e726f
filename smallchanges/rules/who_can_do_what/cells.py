"""One cell of the table (a task for a role: Yes, No or with a delegation, and who holds one now)
and its words on the page."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from smallchanges.roles import DIRECTOR, SYSTEM_MANAGER
from smallchanges.rules.delegation import TASKS, DelegableTask, join_words, long_date, with_article
from smallchanges.rules.translation import Translate, _, untranslated
from smallchanges.rules.who_can_do_what.evidence import (
	Evidence,
	column_roles,
	notes_for,
	requirements,
	structurally_allowed,
)
from smallchanges.rules.who_can_do_what.tasks import Task

# The kinds of a cell (and of a "You" answer).
YES = "yes"
NO = "no"
DELEGATION = "delegation"
HOLDERS_SHOWN = 4  # a cell names this many delegations, then says how many more (the detail has all)


@dataclass(frozen=True)
class Cell:
	kind: str  # YES, NO, DELEGATION
	notes: tuple[str, ...] = ()  # "not on one they created", ...
	holders: tuple[str, ...] = ()  # with DELEGATION: who holds one now
	evidence: tuple[Evidence, ...] = ()


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
	notes = tuple(translate(n) for n in notes_for(evidence))
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
