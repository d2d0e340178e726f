"""Deny by default for this app's portal users: the one allow-list of API calls they may make.

Whom the gate governs. The gate is this app's, not the site's: one Frappe site often runs several
apps (ERPNext's customer portal, HRMS's job applications, Frappe's own Contact us, newsletter
and blog), and their users must keep what Frappe and those apps give them. So:
1. This app's portal users, a user without desk access who holds the Partner Practitioner role
   or is a member of a Partner Agency, reach only the calls listed in ALLOWED below, each with
   the reason the portal needs it; every other `/api/method/...`, `/api/resource/...`,
   `/api/v1/...`, `/api/v2/...` request, and every `?cmd=` call on any path, is refused with 403
   before Frappe runs it, whatever it names.
2. Anyone else without desk access (another app's Website User, and Guest, who may be a partner
   before login) is refused only an API call that touches this app: its DocTypes, web forms,
   reports or files (neighbours.touches_app). Every other call is Frappe's and the other apps'.
3. Desk users keep Frappe's normal API.

How "touches this app" is decided for any call, without patching channel by channel (a list of
channels is what a new Frappe method slips past):
- The app's names come from the site: its modules are the Module Defs whose app_name is this app,
  and its DocTypes, web forms, reports, pages, print formats, dashboard charts, number cards and
  workspaces are those records whose module is one of them (app_names, cached per process).
- A call reaches a DocType's records only by naming it, wherever the name sits: REST paths
  (/api/resource/<doctype>, /api/v2/document/<doctype>, /api/v2/doctype/<doctype>/...,
  /api/v2/method/<doctype>/<method>, so any path segment), and the arguments of Frappe's generic
  methods (doctype, dt, reference_doctype, parent_doctype, a `doc`/`docs` JSON with its doctype,
  web_form / web_form_name, report_name, a column written `tabX`.y in fields or filters, a
  chart's document_type...). So every argument value is read, JSON decoded at any depth, keys
  included, and the call touches the app when one names the app's DocTypes or records, one of
  its tables (`tab<DocType>`), one of its Python paths (a `method`, `query` or `cmd` argument
  would run it), or is the URL of a file attached to one of its records; a call of one of the
  app's own methods touches it by its name. Only free text a person typed (a message, a search,
  a password: neighbours.FREE_TEXT) is not read as a name.
- What would reach the app's data without naming it meets the second wall: the app's DocTypes
  grant DocPerms only to the app's roles, and its scoping hooks (permission_query_conditions and
  has_permission, the capability criteria in this package) give a user with none of its roles no
  row and no document, and no file of a referral (files.py). Frappe's generic DocTypes that such
  a user may read (File, ToDo, Communication...) therefore hold none of the app's records for
  them. tests/integration/test_second_wall.py checks that wall for every DocType of the app, and
  the whole-surface test walks every method and REST route as another app's Website User and as
  Guest, as it does for partners.
- Pages (web form routes, www pages, /files) are not API calls: Frappe's web form and page
  permissions and the File hook answer them, so Guest is still sent to the login page.

To let partners make a new call (e.g. a later module's portal page), add one entry to ALLOWED with
its reason and, for a generic Frappe method, a condition that keeps it to this app's own web forms
or DocTypes. A unit test checks that every entry has a reason.

The gate runs as an `auth_hooks` entry: Frappe calls those after it has authenticated the request
(session cookie, API key/secret or OAuth token), so the user it judges is the one the call would run
as. `before_request` runs earlier, before token authentication, and is used only to switch
tracebacks off until the user is known.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils.caching import site_cache

from smallchanges.access.neighbours import AppNames, touches_app
from smallchanges.access.scope import DESK_USER, agency_of, user_type_of
from smallchanges.roles import PARTNER_PRACTITIONER, SYSTEM_MANAGER

REFERRAL = "Universal Referral"
REFERRAL_WEB_FORM = "universal-referral"
# The app's web forms partners use, and the DocType each one saves.
PARTNER_WEB_FORMS = {
	REFERRAL_WEB_FORM: REFERRAL,
	"core-group-minutes": "Core Group Minutes",
	"core-group-agency-update": "Core Group Agency Update",
}
# What partners move through a workflow from a web form: a referral (Submit / Resubmit) and the
# minutes they took (Submit for Review).
PARTNER_WORKFLOW_DOCTYPES = (REFERRAL, "Core Group Minutes")
# What partners pick in the referral form's Link fields (the services table).
PARTNER_LINK_DOCTYPES = ("LA Service",)


def _arg(args: dict, key: str):
	"""A request argument, decoded when the client sent it as JSON text."""
	value = args.get(key)
	if isinstance(value, str) and value[:1] in ("{", "["):
		try:
			return json.loads(value)
		except ValueError:
			return value
	return value


def _web_form_is(*names: str, key: str = "web_form") -> Callable[[dict], bool]:
	return lambda args: args.get(key) in names


def _is_a_name_or_none(value) -> bool:
	# A dict or a list where a name belongs becomes a filter in Frappe: a yes/no question.
	return value is None or value == "" or isinstance(value, str)


def _saves_a_partner_web_form(args: dict) -> bool:
	data = _arg(args, "data")
	return args.get("web_form") in PARTNER_WEB_FORMS and (
		not isinstance(data, dict) or _is_a_name_or_none(data.get("name"))
	)


def _saves_a_partner_web_form_values(args: dict) -> bool:
	# The referral form's values, as its save sends them (a name, if any, is a name).
	data = _arg(args, "data")
	return not isinstance(data, dict) or _is_a_name_or_none(data.get("name"))


# What the web form's list sends (web_form_list.js): no `fields`, and no filters, since the form has
# no list filters; any other argument would be a column or a filter on a field (a yes/no question).
_LIST_ARGS = {"cmd", "doctype", "web_form_name", "limit_start", "limit", "txt"}


def _is_a_partner_web_form(args: dict) -> bool:
	doctype = PARTNER_WEB_FORMS.get(args.get("web_form_name"))
	return doctype is not None and args.get("doctype") == doctype


def _loads_a_partner_web_form(args: dict) -> bool:
	return _is_a_partner_web_form(args) and _is_a_name_or_none(_arg(args, "docname"))


def _lists_a_partner_web_form(args: dict) -> bool:
	return _is_a_partner_web_form(args) and set(args) <= _LIST_ARGS


def _moves_a_partner_document(args: dict) -> bool:
	doc = _arg(args, "doc")
	return (
		isinstance(doc, dict)
		and doc.get("doctype") in PARTNER_WORKFLOW_DOCTYPES
		and isinstance(doc.get("name"), str)
	)


def _uploads_content_for_a_referral(args: dict) -> bool:
	# The web form's uploader sends the file alone (folder "Home", no document: the referral takes the
	# file when it is saved); an upload for a referral names it. Content only: never a File made
	# from another file's URL or from the file library, and never `method` (upload_file would run
	# that whitelisted method instead).
	return (
		args.get("doctype") in (None, "", REFERRAL)
		and args.get("folder") in (None, "", "Home")
		and not args.get("method")
		and not args.get("file_url")
		and not args.get("library_file_name")
		and _is_a_name_or_none(_arg(args, "docname"))
	)


def _searches_a_partner_link(args: dict) -> bool:
	# Never `query`: search_widget would run that method instead, for any whitelisted name.
	return (
		args.get("doctype") in PARTNER_LINK_DOCTYPES
		and not _flag(args, "ignore_user_permissions")
		and not args.get("query")
		and not _arg(args, "filters")
	)


def _validates_a_partner_link(args: dict) -> bool:
	return args.get("doctype") in PARTNER_LINK_DOCTYPES and isinstance(_arg(args, "docname"), str)


def _flag(args: dict, key: str) -> bool:
	return str(args.get(key) or "").strip().lower() not in ("", "0", "false", "none", "null")


def _asks_about_a_new_web_form_document(args: dict) -> bool:
	# The web form asks whether to offer Delete; about no stored record, so it reveals nothing.
	return args.get("doctype") in PARTNER_WEB_FORMS.values() and not args.get("docname")


def _always(args: dict) -> bool:
	return True


@dataclass(frozen=True)
class Allowed:
	reason: str  # why the portal needs this call (shown in tests and to reviewers)
	when: Callable[[dict], bool] = _always  # the request's arguments it is allowed with
	guest: bool = False  # also before login


# The ONE allow-list: method name as the client sends it -> why the portal needs it (plain text for
# reviewers, not shown to users).
ALLOWED: dict[str, Allowed] = {
	"login": Allowed("the portal's login page signs in", guest=True),
	"logout": Allowed("the portal menu signs out", guest=True),
	"ping": Allowed("a health check that answers 'pong' and reads nothing", guest=True),
	"frappe.core.doctype.user.user.reset_password": Allowed(
		"'Forgot password' on the login page emails a reset link", guest=True
	),
	"frappe.core.doctype.user.user.update_password": Allowed(
		"a new partner sets their password from the welcome email's link", guest=True
	),
	"frappe.core.doctype.user.user.test_password_strength": Allowed(
		"the set-password page shows how strong the new password is", guest=True
	),
	"frappe.website.doctype.web_form.web_form.accept": Allowed(
		"the app's web forms save the partner's referral, core group minutes or agency update",
		_saves_a_partner_web_form,
	),
	"frappe.website.doctype.web_form.web_form.get_form_data": Allowed(
		"the app's web forms load their fields and the partner's own document", _loads_a_partner_web_form
	),
	"frappe.www.list.get_list_data": Allowed(
		"the app's web form lists show the partner's referrals, minutes and updates (scoped)",
		_lists_a_partner_web_form,
	),
	"frappe.website.doctype.web_form.web_form.get_web_form_filters": Allowed(
		"the app's web form lists ask which filters they show",
		_web_form_is(*PARTNER_WEB_FORMS, key="web_form_name"),
	),
	"frappe.client.has_permission": Allowed(
		"the app's web forms ask whether to show their Delete button", _asks_about_a_new_web_form_document
	),
	"frappe.model.workflow.apply_workflow": Allowed(
		"the web forms send a saved referral to the team (Submit / Resubmit) and minutes for review",
		_moves_a_partner_document,
	),
	"smallchanges.referrals.checks.check_page": Allowed(
		"the referral web form checks each page's answers before Next with the Send's own rules "
		"(nothing is saved; the values go through the form's declared shape)",
		_saves_a_partner_web_form_values,
	),
	"smallchanges.resources.api.download": Allowed(
		"the partner resources page downloads an approved resource meant for partners (checked again)",
		lambda args: bool(args.get("resource")),
	),
	"upload_file": Allowed(
		"the referral web form uploads a document's content", _uploads_content_for_a_referral
	),
	"frappe.handler.upload_file": Allowed(
		"the referral web form uploads a document's content", _uploads_content_for_a_referral
	),
	"frappe.core.api.file.get_max_file_size": Allowed(
		"the upload dialog shows the size limit (a number from the site's settings)"
	),
	"frappe.integrations.doctype.google_settings.google_settings.get_file_picker_settings": Allowed(
		"the upload dialog asks whether Google Drive is offered (site settings, no records)"
	),
	"frappe.desk.search.search_link": Allowed(
		"the referral web form's service picker lists the council's services", _searches_a_partner_link
	),
	"frappe.client.validate_link": Allowed(
		"the referral web form checks a picked service exists", _validates_a_partner_link
	),
}


class PortalCallRefused(frappe.PermissionError):
	pass


def calls_in(path: str, args: dict) -> list[str] | None:
	"""The API calls a request makes: method names, or "route:<path>" for REST; None: not the API."""
	calls = []
	if args.get("cmd"):
		# Frappe runs `cmd` on any path (POST / ?cmd=...), before it looks at /api/.
		calls.append(str(args["cmd"]))
	if path.startswith("/api/") or path == "/api":
		parts = path.strip("/").split("/")
		if len(parts) > 1 and parts[1] in ("v1", "v2"):
			parts = [parts[0], *parts[2:]]
		if len(parts) == 3 and parts[1] == "method":
			calls.append(parts[2])
		else:
			calls.append("route:" + path)
	return calls or None


def is_refused(user: str, user_type: str | None, path: str, args: dict) -> bool:
	"""Whether the gate refuses this request (plain values in: tested without a site)."""
	if user_type == DESK_USER:
		return False
	calls = calls_in(path, args)
	if calls is None:
		return False
	for call in calls:
		entry = ALLOWED.get(call)
		if not entry or (user == "Guest" and not entry.guest) or not entry.when(args):
			return True
	return False


def before_request() -> None:
	"""No traceback in any response until the user is known to be a System Manager (see check)."""
	frappe.local.flags.disable_traceback = True


APP = "smallchanges"
# Records that belong to a module, and so to this app when the module does (see the docstring).
APP_RECORDS = ("Web Form", "Report", "Page", "Print Format", "Dashboard Chart", "Number Card", "Workspace")


@site_cache(ttl=300)
def app_names() -> AppNames:
	"""This app's DocTypes and named records on the site, from its modules (Module Def app_name)."""
	modules = frappe.get_all("Module Def", {"app_name": APP}, pluck="name")
	doctypes = frappe.get_all("DocType", {"module": ["in", modules]}, pluck="name")
	others = set()
	for doctype in APP_RECORDS:
		others.update(frappe.get_all(doctype, {"module": ["in", modules]}, pluck="name"))
	others.update(frappe.get_all("Web Form", {"module": ["in", modules]}, pluck="route"))
	return AppNames(frozenset(doctypes), frozenset(name for name in others if name))


def _file_doctype(url: str) -> str | None:
	return frappe.db.get_value("File", {"file_url": url}, "attached_to_doctype")


def is_partner(user: str, roles: list[str]) -> bool:
	"""One of this app's portal users (called for users without desk access): the partner role, or
	a member of a partner agency."""
	return user != "Guest" and (PARTNER_PRACTITIONER in roles or bool(agency_of(user)))


def check() -> None:
	"""auth_hooks: refuse a partner's call that is not on the allow-list, and another user's call
	(without desk access) that touches this app (403, a plain message)."""
	user = frappe.session.user or "Guest"
	roles = frappe.get_roles(user)
	frappe.local.flags.disable_traceback = SYSTEM_MANAGER not in roles
	request = getattr(frappe.local, "request", None)
	if not request:
		return
	user_type = user_type_of(user)
	args = frappe.local.form_dict
	if user_type == DESK_USER:
		refused = False
		frappe.local.flags.smallchanges_plain_errors = frappe.local.flags.disable_traceback
	elif is_partner(user, roles):
		refused = is_refused(user, user_type, request.path, args)
		frappe.local.flags.smallchanges_plain_errors = True
	else:
		calls = calls_in(request.path, args)
		refused = calls is not None and touches_app(request.path, calls, args, app_names(), _file_doctype)
	if refused:
		frappe.throw(
			_("This is not available from the partner portal."), PortalCallRefused, title=_("Not permitted")
		)


def after_request(response=None, request=None) -> None:
	"""A JSON error carries no traceback unless the user is known to be a System Manager (Frappe
	signs in from the request's `login` arguments before any app's before_request runs, so its
	errors would otherwise carry one when the site allows tracebacks). A JSON error without a
	message of its own (an unexpected failure) gets a plain one, for the app's partners and for
	desk users who are not shown tracebacks; everyone else gets Frappe's."""
	if response is None or response.status_code < 400 or response.mimetype != "application/json":
		return
	try:
		body = json.loads(response.get_data())
	except ValueError:
		return
	if not isinstance(body, dict):
		return
	changed = False
	if frappe.local.flags.get("disable_traceback") is not False:
		v2_errors = [error for error in body.get("errors") or [] if isinstance(error, dict)]
		for holder, key in [(body, "exc"), *((error, "exception") for error in v2_errors)]:
			if key in holder:  # v1's `exc`, v2's `errors[].exception`: the traceback
				del holder[key]
				changed = True
	if frappe.local.flags.get("smallchanges_plain_errors") and _lacks_a_message(body):
		message = {
			"message": _(
				"Something went wrong on the server. Please try again; if it keeps happening, tell the council's support team."
			),
			"title": _("Error"),
			"indicator": "red",
		}
		errors = body.get("errors")
		if errors is not None:  # API v2
			body["errors"] = [{**error, **message} for error in errors if isinstance(error, dict)] or [
				message
			]
		else:
			body["_server_messages"] = json.dumps([json.dumps(message)])
		changed = True
	if changed:
		response.set_data(json.dumps(body))


def _lacks_a_message(body: dict) -> bool:
	if body.get("_server_messages") or body.get("message"):
		return False
	errors = body.get("errors")
	return not (errors and any(error.get("message") for error in errors if isinstance(error, dict)))
