"""Frappe's web form endpoints, with fields the user may not read removed from what they return."""

import frappe
from frappe.website.doctype.web_form import web_form as frappe_web_form


# allow_guest as in Frappe's own get_form_data, which this replaces for EVERY web form on the site
# (other apps' forms may be open to guests); Frappe's checks inside still refuse guests on forms
# that need a login, and ours need one.
@frappe.whitelist(allow_guest=True)
def get_form_data(doctype: str, docname: str | None = None, web_form_name: str | None = None):
	out = frappe_web_form.get_form_data(doctype, docname, web_form_name)
	if out.get("doc"):
		out.doc.apply_fieldlevel_read_permissions()
	return out
