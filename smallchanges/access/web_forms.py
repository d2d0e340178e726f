"""Frappe's web form endpoints, with fields the user may not read removed from what they return,
the app's own forms' saves limited per person rather than per address, and their lists read
without loading the whole Web Form on every page."""

import inspect

import frappe
from frappe import _
from frappe.utils.caching import site_cache
from frappe.website.doctype.web_form import web_form as frappe_web_form
from frappe.www import list as frappe_list

from smallchanges.access.access_log import listing
from smallchanges.access.gate import PARTNER_WEB_FORMS, REFERRAL_WEB_FORM
from smallchanges.access.names import open_record
from smallchanges.access.web_form_writes import checked_data


# allow_guest as in Frappe's own get_form_data, which this replaces for EVERY web form on the site
# (other apps' forms may be open to guests); Frappe's checks inside still refuse guests on forms
# that need a login, and ours need one.
@frappe.whitelist(allow_guest=True)
def get_form_data(doctype: str, docname: str | None = None, web_form_name: str | None = None):
	if docname is not None and web_form_name in PARTNER_WEB_FORMS:
		open_record(doctype, docname, "read")  # one answer for "missing" and "not yours"
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
		return _ACCEPT_WITHOUT_ADDRESS_LIMIT(web_form, checked_data(web_form, data))
	return frappe_web_form.accept(web_form, data)


def _count_a_save_by(user: str) -> None:
	key = frappe.cache.make_key(f"rl:smallchanges.web_form.accept:{user}")
	# one round trip: the minute starts with the first save (a counter that expires), then counts it
	counting = frappe.cache.pipeline(transaction=False)
	counting.set(key, 0, ex=60, nx=True)
	counting.incrby(key, 1)
	_started, saves = counting.execute()
	if saves > SAVES_PER_PERSON_PER_MINUTE:
		frappe.throw(
			_("You have saved this form many times in a minute. Please wait a minute, then try again."),
			frappe.RateLimitExceededError,
		)


# Frappe's web form list call loads the whole Web Form document (every field row) on each page of
# the list, only to look for a `get_list_context` in the web form's module. The app's web forms
# have none: their list context is the DocType module's (which Frappe reads from cached meta), so
# for them the call goes on without the web form. allow_guest as in Frappe's own, which this
# replaces for EVERY web form on the site; the gate refuses guests the app's lists.
@frappe.whitelist(allow_guest=True)
def get_list_data(
	doctype: str,
	txt: str | None = None,
	limit_start: int = 0,
	fields: list | None = None,
	cmd: str | None = None,
	limit: int = 20,
	web_form_name: str | None = None,
	**kwargs,
):
	if web_form_name and PARTNER_WEB_FORMS.get(web_form_name) == doctype:
		web_form_name = None
	return frappe_list.get_list_data(doctype, txt, limit_start, fields, cmd, limit, web_form_name, **kwargs)


def referral_list_context(context):
	"""The partner's list of their referrals (/universal-referral/list) reads only what it shows."""
	context.get_list = list_referrals
	return context


@listing
def list_referrals(**kwargs):
	"""Frappe's web form list, with the columns the list shows instead of `DISTINCT *` (every column
	of every one of the agency's referrals, de-duplicated before the first 20 are returned)."""
	return frappe_list.get_list(**{**kwargs, "fields": list_fields()})


@site_cache(ttl=300)  # read on every page of the list; an edit of the form's list columns shows within 5 min
def list_fields() -> list[str]:
	columns = [row.fieldname for row in frappe.get_cached_doc("Web Form", REFERRAL_WEB_FORM).list_columns]
	return list(dict.fromkeys(["name", *columns, "modified"]))
