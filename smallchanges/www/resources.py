"""Portal page for partner agencies: the library's approved resources meant for partners.

Server-rendered (partners make no API call to see it). The list is read with `frappe.get_list`
as the logged-in user, so the resource scope (resources/access.py) decides: a partner gets only
approved, current resources whose audience includes partners. Files are private; Frappe serves
one only to a user who may read the Resource it is attached to.
"""

import frappe
from frappe import _

from smallchanges.resources.library import search

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/resources"
		raise frappe.Redirect
	context.title = _("Resources")
	context.no_cache = 1
	context.show_sidebar = True
	query = (frappe.form_dict.get("q") or "").strip()[:100]
	kind = frappe.form_dict.get("kind") or None
	context.query = query
	context.kind = kind
	context.kinds = ("Form", "Template", "Guide", "Procedure link")
	context.resources = search(query, kind if kind in context.kinds else None)
	return context
