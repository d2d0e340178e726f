"""The title Frappe's link fields show next to a record's name (`frappe.desk.search.get_link_title`),
only for a record of this app's DocTypes the user may read.

Frappe answers it for any name of any DocType with a title field, with no permission check: a
Child's name would be the title of a record the user may not open (a restricted child's, or
another agency's). Other apps' DocTypes keep Frappe's behaviour exactly (a good neighbour).
"""

import frappe
from frappe.desk import search

from smallchanges.access.names import is_a_name
from smallchanges.access.routes import is_an_app_doctype


@frappe.whitelist()
def get_link_title(doctype: str, docname: str):
	if not is_an_app_doctype(doctype):
		return search.get_link_title(doctype, docname)
	if not (is_a_name(docname) and frappe.db.exists(doctype, docname)):
		return docname
	if not frappe.has_permission(doctype, "read", docname):
		return docname  # the name the user already holds, never the record's title
	return search.get_link_title(doctype, docname)
