"""The portal's own look: readable contrast, visible focus, large tap targets and a phone layout,
laid over Frappe's website templates (which this app never edits).

The styles are written into each website page's head after the site's own `head_html` (Website
Settings), so they need no asset build and reach every portal page, the login page too (which
replaces `head_include`): login, web forms and their lists, www pages.
"""

import os
from functools import cache

import frappe
from markupsafe import Markup

STYLE_PATH = os.path.join(os.path.dirname(__file__), "public", "css", "portal.css")
SCRIPT_PATH = os.path.join(os.path.dirname(__file__), "public", "js", "portal.js")


@cache  # read once per process: every website page is rendered with them
def _read(path: str) -> str:
	with open(path, encoding="utf-8") as file:
		return file.read()


def add_portal_style(context) -> dict:
	"""update_website_context hook: the portal stylesheet and its small accessibility script."""
	head = context.get("head_html") or ""
	body = context.get("body_include") or ""
	return {
		"head_html": Markup(f"{head}<style>{_read(STYLE_PATH)}</style>"),
		"body_include": Markup(f"{body}<script>{_read(SCRIPT_PATH)}</script>"),
	}


def send_guests_to_login(route: str) -> None:
	"""A portal page for signed-in partners: a visitor who is not signed in goes to the login page,
	and comes back to `route` after it."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to={route}"
		raise frappe.Redirect
