"""Frappe's web form endpoints, with fields the user may not read removed from what they return,
and the app's own forms' saves limited per person rather than per address."""

import inspect

import frappe
from frappe import _
from frappe.website.doctype.web_form import web_form as frappe_web_form

from smallchanges.gate import PARTNER_WEB_FORMS


# allow_guest as in Frappe's own get_form_data, which this replaces for EVERY web form on the site
# (other apps' forms may be open to guests); Frappe's checks inside still refuse guests on forms
# that need a login, and ours need one.
@frappe.whitelist(allow_guest=True)
def get_form_data(doctype: str, docname: str | None = None, web_form_name: str | None = None):
	out = frappe_web_form.get_form_data(doctype, docname, web_form_name)
	if out.get("doc"):
		out.doc.apply_fieldlevel_read_permissions()
	return out


# Frappe limits every web form's save to 10 a minute per IP address, against spam from guests. The
# app's own forms need a login, and a school's or a hospital's staff share one address, so for them
# the limit is per person instead: a Monday morning's referrals from one agency are never refused.
SAVES_PER_PERSON_PER_MINUTE = 60
# Frappe's save itself, without its decorators (the per-address limit and the argument checks).
_ACCEPT_WITHOUT_ADDRESS_LIMIT = inspect.unwrap(frappe_web_form.accept)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def accept(web_form: str, data: str):
	"""Frappe's web form save (which this replaces for every web form on the site)."""
	if web_form in PARTNER_WEB_FORMS and frappe.session.user != "Guest":
		_count_a_save_by(frappe.session.user)
		return _ACCEPT_WITHOUT_ADDRESS_LIMIT(web_form, data)
	return frappe_web_form.accept(web_form, data)


def _count_a_save_by(user: str) -> None:
	key = frappe.cache.make_key(f"rl:smallchanges.web_form.accept:{user}")
	if not frappe.cache.get(key):
		frappe.cache.setex(key, 60, 0)
	if frappe.cache.incrby(key, 1) > SAVES_PER_PERSON_PER_MINUTE:
		frappe.throw(
			_("You have saved this form many times in a minute. Please wait a minute, then try again."),
			frappe.RateLimitExceededError,
		)
