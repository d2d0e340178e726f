"""What of a request makes it reach this app, for users the gate does not govern as partners
(another app's Website User, Guest). Pure: plain values in, no frappe import; the reasoning is
in gate.py's docstring."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

APP_PATH = "smallchanges."
FILE_PREFIXES = ("/private/files/", "/files/")
# Text a person typed (a Contact us message, a search, a password), never a name Frappe resolves
# to a DocType: "Child" typed in a message is not a call on the Child DocType.
FREE_TEXT = frozenset(
	{"txt", "message", "subject", "sender", "content", "full_name", "usr", "pwd", "new_password",
	 "old_password", "email", "comment", "comment_by", "comment_email", "search_text"}
)  # fmt: skip
_MAX_DEPTH = 8


@dataclass(frozen=True)
class AppNames:
	"""The app's names on a site: its DocTypes, and its other named records (web forms, reports...)."""

	doctypes: frozenset[str]
	others: frozenset[str] = frozenset()


def _strings(value, depth: int = 0) -> Iterable[str]:
	"""Every string in a request argument: JSON text decoded, dict keys and values, list items."""
	if depth > _MAX_DEPTH:
		return
	if isinstance(value, str):
		yield value
		text = value.strip()
		if text[:1] in ("{", "["):
			try:
				decoded = json.loads(text)
			except ValueError:
				return
			yield from _strings(decoded, depth + 1)
	elif isinstance(value, dict):
		for key, item in value.items():
			yield from _strings(str(key), depth + 1)
			yield from _strings(item, depth + 1)
	elif isinstance(value, list | tuple):
		for item in value:
			yield from _strings(item, depth + 1)


def _names_the_app(text: str, names: AppNames) -> bool:
	bare = text.strip().strip("`").strip()
	if bare in names.doctypes or bare in names.others or bare.startswith(APP_PATH):
		return True
	return "tab" in text and any(f"tab{doctype}" in text for doctype in names.doctypes)


def touches_app(
	path: str,
	calls: list[str],
	args: dict,
	names: AppNames,
	file_doctype: Callable[[str], str | None] = lambda url: None,
) -> bool:
	"""Whether an API request reaches the app: by a method of the app, a REST path segment naming one
	of its DocTypes, or any argument (JSON decoded, at any depth) naming one of its DocTypes, web
	forms, reports..., one of its tables (`tabX`), one of its Python paths, or a file stored on one
	of its records (`file_doctype(url)`: the DocType that file is attached to)."""
	if any(_names_the_app(call, names) for call in calls):
		return True
	if any(_names_the_app(part, names) for part in path.split("/") if part):
		return True
	for key, value in args.items():
		if key in FREE_TEXT:
			continue
		for text in _strings(value):
			if _names_the_app(text, names):
				return True
			if text.startswith(FILE_PREFIXES) and file_doctype(text.split("?")[0]) in names.doctypes:
				return True
	return False
