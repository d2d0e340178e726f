"""The translation marker for pure rules (which cannot import frappe).

`_("...")` marks a string for Frappe's translation extractor and returns it unchanged; the
Frappe-side caller translates what a rule returns.
"""


def _(text: str) -> str:
	return text
