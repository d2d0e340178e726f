"""Portal page for partner agencies: the library's approved resources meant for partners.

Server-rendered (partners make no API call to see it). library.search gives a partner only
approved, current resources whose audience includes partners (resources/access.py); files are
private and partners have no permission on Resource, so each file is downloaded through
smallchanges.resources.api.download, which judges the stored resource again.
"""

import frappe
from frappe import _

from smallchanges.portal import send_guests_to_login
from smallchanges.resources.library import search

no_cache = 1


def get_context(context):
	send_guests_to_login("/resources")
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
