"""Portal page for partner agencies: what a Partner Practitioner may do in smallchanges.

Generated live from the same permissions, workflows and delegations as the staff page, filtered
to the Partner Practitioner role and the partner's own delegations.
"""

import frappe
from frappe import _

from smallchanges.governance.overview import partner_overview
from smallchanges.portal import send_guests_to_login

no_cache = 1


def get_context(context):
	send_guests_to_login("/what-partners-can-do")
	context.title = _("What partners can do")
	context.no_cache = 1
	context.show_sidebar = True
	# partner_overview reads permission rules and approved delegations without user permission
	# checks: it returns only the Partner Practitioner role's rules and delegations to that role or
	# to this user by name, which is what every partner is meant to know.
	context.overview = partner_overview(frappe.session.user)
	return context
