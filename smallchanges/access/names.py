"""Names are names: a record named in a partner's call is a string, and one they may not open
gets the same answer as one that does not exist.

Frappe takes a dict where a name is expected as a filter (`frappe.get_doc(doctype, {...})` and
`frappe.db.get_value(doctype, {...})` find the first record that matches), and answers 404 for a
record that does not exist but 403 for one that is not the caller's. Both would let a partner learn
what another agency's records hold, one yes/no question at a time. Every call of the portal gate's
allow-list that names a record comes through `open_record` (or `require_name`) first.
"""

import frappe
from frappe import _


class NotAName(frappe.ValidationError):
	http_status_code = 400


class NotOpenToYou(frappe.PermissionError):
	pass


def is_a_name(value) -> bool:
	return isinstance(value, str) and bool(value.strip()) and len(value) <= 140


def require_name(value, what: str) -> str:
	"""`value` if it is a record's name (text), else a plain 400 saying what was expected."""
	if not is_a_name(value):
		frappe.throw(_("{0} must be the name of a record (text).").format(_(what)), NotAName)
	return value


def open_record(doctype: str, name, ptype: str = "read") -> str:
	"""The name, if the user may `ptype` that record; the one same refusal if it does not exist or
	is not theirs (checked in that order only inside: the answer does not say which)."""
	require_name(name, "The record")
	if not is_a_name(doctype) or not frappe.db.exists("DocType", doctype):
		refuse()
	if not frappe.db.exists(doctype, name) or not frappe.has_permission(doctype, ptype, name):
		refuse()
	return name


def refuse():
	frappe.throw(
		_("There is no record of that name that you can open."), NotOpenToYou, title=_("Not permitted")
	)
