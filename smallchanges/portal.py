"""The portal's own look: readable contrast, visible focus, large tap targets and a phone layout,
laid over Frappe's website templates (which this app never edits).

The styles are written into each website page's head after the site's own `head_html` (Website
Settings), so they need no asset build and reach every portal page, the login page too (which
replaces `head_include`): login, web forms and their lists, www pages.
"""

import os
from functools import cache

import frappe
from frappe import _
from markupsafe import Markup

STYLE_PATH = os.path.join(os.path.dirname(__file__), "public", "css", "portal.css")
SCRIPT_PATH = os.path.join(os.path.dirname(__file__), "public", "js", "portal.js")


@cache  # read once per process: every website page is rendered with them
def _read(path: str) -> str:
	with open(path, encoding="utf-8") as file:
		return file.read()


def add_portal_style(context) -> dict:
	"""update_website_context hook: the portal stylesheet and its small accessibility script, and
	the app's partners' way round the portal in the top bar."""
	head = context.get("head_html") or ""
	body = context.get("body_include") or ""
	out = {
		"head_html": Markup(f"{head}<style>{_read(STYLE_PATH)}</style>"),
		"body_include": Markup(f"{body}<script>{_read(SCRIPT_PATH)}</script>"),
	}
	navigation = partner_navigation()
	if navigation:
		out["top_bar_items"] = [*navigation, *(context.get("top_bar_items") or [])]
	return out


def partner_navigation() -> list[dict]:
	"""The portal menu items hooks.py gives the app's partner role (their referrals, core groups,
	resources, what partners can do), as top bar items of every website page they open. Only for a
	signed-in user without desk access who holds that role: Guest, staff and other apps' website
	users keep the site's own top bar (Website Settings is never changed)."""
	user = frappe.session.user
	if not user or user == "Guest" or frappe.get_cached_value("User", user, "user_type") == "System User":
		return []
	roles = set(frappe.get_roles(user))
	return [
		{"label": _(item["title"]), "url": item["route"]}
		for item in frappe.get_hooks("portal_menu_items", app_name="smallchanges")
		if item.get("role") in roles
	]


def send_guests_to_login(route: str) -> None:
	"""A portal page for signed-in partners: a visitor who is not signed in goes to the login page,
	and comes back to `route` after it."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to={route}"
		raise frappe.Redirect
