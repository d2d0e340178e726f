"""Plain sentences for the "who can do what" page, written from plain data.

Pure Python: no Frappe import. The Frappe side (smallchanges.governance.overview) reads the live
permissions (DocPerm / Custom DocPerm), the active workflows' transitions and the approved
delegations, turns them into the plain dicts described below and passes `frappe._` as
`translate`. Nothing here is hand-written about any particular role: change a permission, a
transition or a delegation and the sentences change with it. The Safeguarding Policy's sentences
are in `smallchanges.rules.policy_text`.

Shapes of the inputs:
  doctype:    {"name", "issingle", "is_submittable"}
  perm:       {"doctype", "role", "if_owner", "read", "write", "create", "submit", "cancel", "delete"}
  transition: {"doctype", "state", "action", "next_state", "allowed", "allow_self_approval",
               "condition"}
  grant:      {"name", "task", "role" (or None), "people": [{"user", "full_name", "roles"}],
               "valid_from" (date), "valid_until" (date), "approved_by_name"}
"""

from collections.abc import Iterable
from datetime import date

from smallchanges.roles import SYSTEM_MANAGER
from smallchanges.rules.delegation import (
	TASKS,
	DelegableTask,
	join_words,
	long_date,
	with_article,
)
from smallchanges.rules.translation import Translate, _, untranslated

RIGHTS = ("read", "create", "write", "submit", "cancel", "delete")
RIGHT_VERBS = {
	"read": _("read"),
	"create": _("create"),
	"write": _("change"),
	"submit": _("submit"),
	"cancel": _("cancel"),
	"delete": _("delete"),
}
RIGHT_LABELS = {
	"read": _("Read"),
	"create": _("Create"),
	"write": _("Write"),
	"submit": _("Submit"),
	"cancel": _("Cancel"),
	"delete": _("Delete"),
}
# Frappe's built-in catch-all roles read better as words than as "an All".
SPECIAL_SUBJECTS = {
	"All": _("Everyone who can log in"),
	"Guest": _("Anyone, even without logging in,"),
	"Desk User": _("Every desk user"),
}

YES = "yes"
OWN = "own"


def subject(role: str, translate: Translate = untranslated) -> str:
	"""'A Business Support Officer', 'An Administrator', 'Everyone who can log in'."""
	if role in SPECIAL_SUBJECTS:
		return translate(SPECIAL_SUBJECTS[role])
	text = with_article(role, translate)
	return text[:1].upper() + text[1:]


# ---- DocType permissions -----------------------------------------------------------------------


def role_rights(perms: Iterable[dict], doctype: str, role: str) -> dict[str, str]:
	"""{right: "yes" | "own" | ""} for one role on one DocType, combining its rules as Frappe does:
	a right given by a rule without "only if creator" is a plain yes; a right given only by
	"only if creator" rules applies to the records the user created (create is always a plain yes).
	"""
	rows = [p for p in perms if p["doctype"] == doctype and p["role"] == role]
	rights = {}
	for right in RIGHTS:
		plain = any(p.get(right) and not p.get("if_owner") for p in rows)
		owner_only = any(p.get(right) and p.get("if_owner") for p in rows)
		if plain or (owner_only and right == "create"):
			rights[right] = YES
		elif owner_only:
			rights[right] = OWN
		else:
			rights[right] = ""
	return rights


def permission_clauses(
	role: str, doctypes: list[dict], perms: list[dict], translate: Translate = untranslated
) -> list[str]:
	clauses = []
	for doctype in doctypes:
		rights = role_rights(perms, doctype["name"], role)
		full = [translate(RIGHT_VERBS[r]) for r in RIGHTS if rights[r] == YES]
		own = [translate(RIGHT_VERBS[r]) for r in RIGHTS if rights[r] == OWN]
		name = translate(doctype["name"])
		if doctype.get("issingle"):
			if full:
				clauses.append(
					translate(_("may {verbs} the {doctype}")).format(
						verbs=join_words(full, translate), doctype=name
					)
				)
			continue
		if full and own:
			clauses.append(
				translate(_("may {verbs} {doctype} records, and {own_verbs} those they created")).format(
					verbs=join_words(full, translate), doctype=name, own_verbs=join_words(own, translate)
				)
			)
		elif full:
			clauses.append(
				translate(_("may {verbs} {doctype} records")).format(
					verbs=join_words(full, translate), doctype=name
				)
			)
		elif own:
			clauses.append(
				translate(_("may {verbs} only the {doctype} records they created")).format(
					verbs=join_words(own, translate), doctype=name
				)
			)
	return clauses


def permission_matrix(doctypes: list[dict], perms: list[dict], roles: list[str]) -> list[dict]:
	"""Per DocType: one row per role that has any right, with "yes" / "own" / "" per right."""
	matrix = []
	for doctype in doctypes:
		rows = []
		for role in roles:
			rights = role_rights(perms, doctype["name"], role)
			if any(rights.values()):
				rows.append({"role": role, "rights": rights})
		matrix.append(
			{
				"doctype": doctype["name"],
				"issingle": bool(doctype.get("issingle")),
				"rights": list(RIGHTS),
				"rows": rows,
			}
		)
	return matrix


def field_level_clauses(
	role: str, field_perms: Iterable[dict], translate: Translate = untranslated
) -> list[str]:
	"""Rights on a DocType's protected parts (Frappe permission levels above 0), e.g. a Team
	Manager's override of a visit's counting. field_perm: {"doctype", "role", "permlevel",
	"parts": [section labels at that level], "write"}."""
	clauses = []
	for p in field_perms:
		if p["role"] != role or not p.get("write") or not p.get("parts"):
			continue
		parts = [f'"{translate(part)}"' for part in p["parts"]]
		template = _("may fill in the {parts} section of {doctype} records")
		if len(parts) > 1:
			template = _("may fill in the {parts} sections of {doctype} records")
		clauses.append(
			translate(template).format(parts=join_words(parts, translate), doctype=translate(p["doctype"]))
		)
	return clauses


# ---- workflow transitions ----------------------------------------------------------------------


def transition_clauses(role: str, transitions: list[dict], translate: Translate = untranslated) -> list[str]:
	clauses = []
	for t in transitions:
		if t["allowed"] != role:
			continue
		if t.get("allow_self_approval"):
			template = _('may use "{action}" on a {doctype} that is {state}, making it {next_state}')
		else:
			template = _(
				'may use "{action}" on a {doctype} that is {state}, making it {next_state}, '
				"but never on one they created themselves"
			)
		clause = translate(template).format(
			action=translate(t["action"]),
			doctype=translate(t["doctype"]),
			state=translate(t["state"]),
			next_state=translate(t["next_state"]),
		)
		if t.get("condition"):
			clause += translate(_(", when the workflow's condition allows it"))
		clauses.append(clause)
	return clauses


# ---- delegable tasks and delegations -----------------------------------------------------------


def grant_period(grant: dict, today: date, translate: Translate = untranslated) -> str:
	if grant["valid_from"] > today:
		return translate(_("from {start} until {until}")).format(
			start=long_date(grant["valid_from"], translate), until=long_date(grant["valid_until"], translate)
		)
	return translate(_("until {until}")).format(until=long_date(grant["valid_until"], translate))


def _under_grant(grant: dict, today: date, translate: Translate) -> str:
	return translate(_("under the delegation {name} approved by {approver} {period}")).format(
		name=grant["name"],
		approver=grant.get("approved_by_name") or "?",
		period=grant_period(grant, today, translate),
	)


def task_clauses(
	role: str,
	grants: list[dict],
	today: date,
	translate: Translate = untranslated,
	tasks: dict[str, DelegableTask] = TASKS,
) -> list[str]:
	if role == SYSTEM_MANAGER:
		return [translate(_("may do every delegable task"))]
	clauses = []
	for task in tasks.values():
		if role in task.by_right:
			clauses.append(translate(_("may {doing}")).format(doing=translate(task.doing)))
	for grant in grants:
		if grant.get("role") == role and grant["task"] in tasks:
			clauses.append(
				translate(_("may {doing} {under}")).format(
					doing=translate(tasks[grant["task"]].doing), under=_under_grant(grant, today, translate)
				)
			)
	return clauses


def named_grant_sentences(
	role: str,
	grants: list[dict],
	today: date,
	translate: Translate = untranslated,
	tasks: dict[str, DelegableTask] = TASKS,
) -> list[str]:
	"""Delegations to named people who hold `role`: "Billie Novak may also take core group minutes
	under the delegation DEL-2026-00001 approved by Dana Whitfield until 31 March 2027."."""
	sentences = []
	for grant in grants:
		if grant.get("role") or grant["task"] not in tasks:
			continue
		people = [p["full_name"] for p in grant.get("people", []) if role in p.get("roles", ())]
		if not people:
			continue
		sentences.append(
			translate(_("{people} may also {doing} {under}.")).format(
				people=join_words(people, translate),
				doing=translate(tasks[grant["task"]].doing),
				under=_under_grant(grant, today, translate),
			)
		)
	return sentences


def grant_delegates(grant: dict, translate: Translate = untranslated) -> str:
	"""'every Business Support Officer' or 'Billie Novak and Sam Okafor'."""
	if grant.get("role"):
		return translate(_("every {role}")).format(role=translate(grant["role"]))
	return join_words([p["full_name"] for p in grant.get("people", [])], translate)


# ---- one paragraph per role ----------------------------------------------------------------------


def describe_role(
	role: str,
	*,
	doctypes: list[dict],
	perms: list[dict],
	transitions: list[dict],
	grants: list[dict],
	today: date,
	translate: Translate = untranslated,
	field_perms: Iterable[dict] = (),
) -> dict:
	"""{"role", "sentence", "clauses", "named"}: one readable paragraph for the role."""
	clauses = (
		task_clauses(role, grants, today, translate)
		+ transition_clauses(role, transitions, translate)
		+ permission_clauses(role, doctypes, perms, translate)
		+ field_level_clauses(role, field_perms, translate)
	)
	if clauses:
		sentence = "{} {}.".format(subject(role, translate), "; ".join(clauses))
	else:
		sentence = translate(_("{subject} has no permissions in this app.")).format(
			subject=subject(role, translate)
		)
	return {
		"role": role,
		"sentence": sentence,
		"clauses": clauses,
		"named": named_grant_sentences(role, grants, today, translate),
	}


def roles_in_order(preferred: Iterable[str], *sources: Iterable[str]) -> list[str]:
	"""The app's roles in their usual order, then any other role the live data mentions."""
	ordered = list(dict.fromkeys(preferred))
	seen = set(ordered)
	extra = sorted({r for source in sources for r in source if r and r not in seen})
	return ordered + extra


def tasks_table(tasks: dict[str, DelegableTask] = TASKS, translate: Translate = untranslated) -> list[dict]:
	return [
		{
			"task": translate(task.name),
			"description": translate(task.description),
			"by_right": [translate(r) for r in task.by_right],
		}
		for task in tasks.values()
	]
