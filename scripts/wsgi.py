"""The WSGI app ./scripts/up's gunicorn serves: Frappe's own (frappe.app), with /assets and public
/files served by it, since no nginx stands in front; a file that does not exist is answered 404
(Frappe's statics middleware raises NotFound there, which gunicorn would answer as a bare 500)."""

import frappe.app
from werkzeug.exceptions import HTTPException

_application = frappe.app.application_with_statics()


def application(environ, start_response):
	try:
		return _application(environ, start_response)
	except HTTPException as error:
		return error(environ, start_response)
