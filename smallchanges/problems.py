"""The rules' Problems as the translated message a user reads, and the error that shows them.

Every controller that turns `smallchanges.rules.problems.Problem`s into a refusal uses these, so
each problem reads the same way everywhere: its template translated, then formatted with its args;
a problem in a child table names the row ("Row 2: ...", or "Actions, row 2: ..." when the
controller names the table from its label).
"""

import frappe
from frappe import _

from smallchanges.rules.problems import Problem


def problem_message(problem: Problem, meta=None) -> str:
	"""`meta`: the DocType's meta, to name a row's table by the label of the problem's field."""
	message = _(problem.message).format(*problem.args)
	if not problem.row:
		return message
	if meta is None:
		return _("Row {0}: {1}").format(problem.row, message)
	return _("{0}, row {1}: {2}").format(_(meta.get_label(problem.field)), problem.row, message)


def throw_messages(messages: list[str], exc: type[Exception], title: str) -> None:
	"""Refuse with every message, one a line (escaped: a message may quote what the user typed)."""
	frappe.throw("<br>".join(frappe.utils.escape_html(m) for m in messages), exc, title=title)


def throw_problems(problems: list[Problem], exc: type[Exception], title: str, meta=None) -> None:
	"""Refuse with every problem (nothing happens when there is none)."""
	if problems:
		throw_messages([problem_message(problem, meta) for problem in problems], exc, title)
