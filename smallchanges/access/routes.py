"""Website routes that can show one of the app's DocTypes, for users without desk access.

The gate (gate.py) keeps partners and Guest to an allow-list of API calls; pages are not calls,
and Frappe renders some of them for any DocType. For these users (an `auth_hooks` entry, after the
gate):
- `/list?doctype=...`, Frappe's generic list page, is refused for every app DocType: the portal's
  lists are its web form lists (scoped, and logged record by record).
- `/printview` of an app DocType shows a partner only what the portal offers them to print: the
  approved (or distributed) minutes of their own core groups, in the minutes' print format (the
  "Read" link on /core-groups). No referral (the README: partners cannot print referrals), no
  plan, no agency update; Guest prints none. A record that is missing, not theirs or not to be
  printed gets the same refusal.
- the app's web form pages (`/<route>/<name>`, `/<route>/<name>/edit`, `?name=`): a record that
  is missing and one that is not theirs get the same refusal (Frappe answers 404 and 403).
Every refusal is Frappe's plain "Not permitted" page (403). Staff keep Frappe's routes; what they
read there is scoped and logged by the permission hooks.
"""

import frappe
from frappe import _
from frappe.modules.utils import get_doctype_app_map

from smallchanges.access.core_groups import stored_core_group_record
from smallchanges.access.gate import PARTNER_WEB_FORMS
from smallchanges.access.scope import is_desk_user, scope_of
from smallchanges.rules.core_groups import APPROVED, DISTRIBUTED

APP = "smallchanges"
LIST_PAGE = "list"
PRINT_PAGE = "printview"
MINUTES = "Core Group Minutes"
MINUTES_PRINT_FORMAT = "Core Group Minutes"
PRINTABLE_MINUTES = (APPROVED, DISTRIBUTED)
NOT_A_RECORD = ("", "new", "list")


class RouteRefused(frappe.PermissionError):
	pass


def check() -> None:
	"""auth_hooks: refuse a partner's (or Guest's) page that would show what is not theirs."""
	request = getattr(frappe.local, "request", None)
	user = frappe.session.user or "Guest"
	if not request or is_desk_user(user):
		return
	if refused(user, request.path, frappe.local.form_dict):
		frappe.throw(_("This page is not available to you."), RouteRefused, title=_("Not permitted"))


def refused(user: str, path: str, args: dict) -> bool:
	parts = path.strip("/").split("/")
	if parts == [LIST_PAGE]:
		return is_an_app_doctype(args.get("doctype"))
	if parts == [PRINT_PAGE]:
		if args.get("doc"):  # a document passed in, not a stored one: nothing the portal sends
			return True
		return is_an_app_doctype(args.get("doctype")) and not may_print(user, args)
	doctype = PARTNER_WEB_FORMS.get(parts[0])
	if doctype:
		return any(not may_read(user, doctype, name) for name in web_form_names(parts, args))
	return False


def is_an_app_doctype(doctype) -> bool:
	return isinstance(doctype, str) and get_doctype_app_map().get(doctype) == APP


def may_print(user: str, args: dict) -> bool:
	name = args.get("name")
	if user == "Guest" or args.get("doctype") != MINUTES or not isinstance(name, str):
		return False
	if args.get("format") != MINUTES_PRINT_FORMAT:
		return False
	stored = stored_core_group_record(MINUTES, name, scope_of(user), ("workflow_state",))
	return bool(stored) and stored.workflow_state in PRINTABLE_MINUTES


def web_form_names(parts: list[str], args: dict) -> list:
	"""The record names a web form page would open: from its path and from `?name=`."""
	names = []
	if len(parts) > 1:
		path_name = "/".join(parts[1:-1] if parts[-1] == "edit" and len(parts) > 2 else parts[1:])
		if path_name not in NOT_A_RECORD:
			names.append(path_name)
	if args.get("name") not in (None, ""):
		names.append(args.get("name"))
	return names


def may_read(user: str, doctype: str, name) -> bool:
	if user == "Guest" or not isinstance(name, str):
		return False
	return bool(frappe.db.exists(doctype, name)) and frappe.has_permission(doctype, "read", name, user=user)
