"""Translation for pure rules (which cannot import frappe).

`_("...")` marks a string for Frappe's translation extractor and returns it unchanged; the
Frappe-side caller translates what a rule returns. A rule that writes whole sentences takes a
`translate` argument instead (the Frappe side passes `frappe._`); left out, the sentence stays in
English (`untranslated`).
"""

from collections.abc import Callable

Translate = Callable[[str], str]


def _(text: str) -> str:
	return text


def untranslated(text: str) -> str:
	return text
