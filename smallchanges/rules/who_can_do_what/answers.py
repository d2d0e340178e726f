"""The answers built from the cells and details: the staff table, who may (for a "No"), the
reader's own "You" answers and the partners' page."""

from collections.abc import Iterable
from datetime import date

from smallchanges.roles import DIRECTOR
from smallchanges.rules.delegation import TASKS, DelegableTask, join_words, long_date, with_article
from smallchanges.rules.translation import Translate, _, untranslated
from smallchanges.rules.who_can_do_what.cells import DELEGATION, NO, YES, cell, cell_text
from smallchanges.rules.who_can_do_what.evidence import (
	IMPLIED_ROLES,
	notes_for,
	requirements,
	structurally_allowed,
)
from smallchanges.rules.who_can_do_what.row_detail import detail
from smallchanges.rules.who_can_do_what.tasks import TABLE, Task

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
	notes = [t(n) for n in notes_for(evidence)]
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
