"""The whole API surface, generated: every whitelisted method of every installed app and every REST
route, called over HTTP as a partner (and as Guest) with arguments aimed at another agency's
referral and at staff-only data. Anything not on gate.py's allow-list must be refused (403); what
is allowed must not return another agency's record, a planted staff-only value or a traceback.
A second kind of user, outside the app (a Website User of another app, and Guest), walks the same
surface: every call aimed at the app is refused, and nothing answered holds any of its records.
"""

import ast
import json
import os
from pathlib import Path

import frappe
import pytest

from smallchanges.access.gate import ALLOWED
from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_two_agencies

REFUSED = (401, 403)
TRACEBACK = "Traceback (most recent call last)"
# Calls that end the caller's own session: made last, separately (logout is on the allow-list).
ENDS_SESSION = {"logout"}


def whitelisted_methods() -> set[str]:
	"""Dotted names of every module-level function decorated with frappe.whitelist in any installed
	app's source (what /api/method/ can import and run), plus what the site already registered and
	the names hooks map onto other methods (`override_whitelisted_methods`)."""
	names = set()
	for app in frappe.get_installed_apps():
		root = Path(frappe.get_app_path(app)).parent
		for path in Path(frappe.get_app_path(app)).rglob("*.py"):
			if "node_modules" in path.parts:
				continue
			try:
				tree = ast.parse(path.read_text(encoding="utf-8"))
			except (SyntaxError, UnicodeDecodeError):
				continue
			module = ".".join(path.relative_to(root).with_suffix("").parts)
			module = module.removesuffix(".__init__")
			for node in tree.body:
				if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
					_is_whitelist(d) for d in node.decorator_list
				):
					names.add(f"{module}.{node.name}")
	for fn in frappe.whitelisted:
		if "." not in fn.__qualname__:  # class methods run through run_doc_method (a route below)
			names.add(f"{fn.__module__}.{fn.__qualname__}")
	names.update(frappe.get_hooks("override_whitelisted_methods") or {})
	names.update(ALLOWED)
	names.update({"login", "logout", "ping", "upload_file", "run_doc_method", "runserverobj"})
	return names


def _is_whitelist(decorator) -> bool:
	target = decorator.func if isinstance(decorator, ast.Call) else decorator
	if isinstance(target, ast.Attribute):
		return target.attr == "whitelist"
	return isinstance(target, ast.Name) and target.id == "whitelist"


def rest_routes(world) -> list[tuple[str, str, dict]]:
	"""(HTTP method, path, params) for every DocType's REST routes (v1 and v2), and the document
	routes aimed at the other agency's referral and at the partner's own (with staff-only columns)."""
	referral = "Universal Referral"
	staff_columns = json.dumps(
		["name", "title", "triage_notes", "`tabReferral Duplicate Candidate`.`candidate_name`"]
	)
	routes = []
	for doctype in frappe.get_all("DocType", pluck="name"):
		routes += [
			("GET", f"/api/resource/{doctype}", {"fields": '["*"]', "limit_page_length": 5}),
			("GET", f"/api/v2/document/{doctype}", {"limit": 5}),
			("GET", f"/api/v2/doctype/{doctype}/count", {}),
		]
	for name in (world.rb, world.ra):
		routes += [
			("GET", f"/api/resource/{referral}/{name}", {}),
			("GET", f"/api/v2/document/{referral}/{name}", {}),
			("GET", f"/api/v2/document/{referral}/{name}/copy", {}),
			("PUT", f"/api/resource/{referral}/{name}", {"concerns": "changed"}),
			("DELETE", f"/api/resource/{referral}/{name}", {}),
			("POST", f"/api/resource/{referral}/{name}", {"run_method": "get_feed"}),
			("POST", f"/api/v2/document/{referral}/{name}/method/get_feed", {}),
		]
	routes += [
		("GET", f"/api/resource/{referral}", {"fields": staff_columns, "limit_page_length": 0}),
		("GET", f"/api/v1/resource/{referral}", {"fields": staff_columns, "limit_page_length": 0}),
		("GET", "/api/resource/Partner Agency Member", {"fields": '["*"]', "parent": "Partner Agency"}),
		("POST", f"/api/resource/{referral}", {"concerns": "made over REST"}),
		("POST", f"/api/v2/method/{referral}/get_feed", {"name": world.rb}),
		("GET", "/api/method/run_doc_method", {"dt": referral, "dn": world.rb, "method": "get_feed"}),
		("GET", "/api/v2/method/run_doc_method", {"dt": referral, "dn": world.rb, "method": "get_feed"}),
		("GET", "/api/", {}),
		("GET", "/api/unknown/route", {}),
	]
	return routes


def hostile_arguments(world) -> dict:
	"""One set of arguments for every method: each common parameter name aimed at B's referral, at
	staff-only fields of A's own, at B's private file and at another agency's members."""
	referral = "Universal Referral"
	return {
		"doctype": referral,
		"dt": referral,
		"reference_doctype": referral,
		"parent_doctype": referral,
		"name": world.rb,
		"dn": world.rb,
		"docname": world.rb,
		"reference_name": world.rb,
		"doc": json.dumps({"doctype": referral, "name": world.rb}),
		"docs": json.dumps({"doctype": referral, "name": world.rb}),
		"names": json.dumps([world.rb]),
		"fields": json.dumps(
			["name", "title", "triage_notes", "`tabReferral Duplicate Candidate`.candidate_name"]
		),
		"fieldname": "triage_notes",
		"filters": json.dumps([[referral, "triage_notes", "like", f"%{world.triage_note[:12]}%"]]),
		"txt": "",
		"searchfield": "title",
		"ignore_user_permissions": "1",
		"parent": "Partner Agency",
		"web_form": "universal-referral",
		"web_form_name": "universal-referral",
		"file_url": world.rb_file,
		"filename": world.rb_file,
		"action": "Check",
		"limit": "100",
		"page_length": "100",
		"limit_page_length": "100",
		"chart_name": "x",
		"chart": json.dumps({"document_type": referral, "chart_type": "Count", "type": "Heatmap"}),
		"filters_json": json.dumps([[referral, "referrer_agency", "=", world.b_agency]]),
	}


def leaked(text: str, world, outsider: bool = False) -> list[str]:
	"""What a partner of agency A must never be sent, found in a response body (never what the
	request itself carried, such as B's referral ID, which an error message may repeat); for a user
	outside the app, agency A's partner and agency too."""
	secrets = {
		**({"a partner": world.a, "a partner agency": world.a_agency} if outsider else {}),
		"another agency's child": world.b_child,
		"another agency's concerns": world.b_concerns,
		"another agency's partner": world.b,
		"another agency's file": world.b_file_content,
		"a staff-only triage note": world.triage_note,
		"a staff-only duplicate candidate": world.candidate_name,
		"a staff-only candidate's record": world.candidate,
		"a traceback": TRACEBACK,
	}
	return [what for what, value in secrets.items() if value and value in text]


@pytest.fixture(scope="module")
def world(site):
	world = make_two_agencies()
	frappe.db.commit()
	world.rb_modified = str(frappe.db.get_value("Universal Referral", world.rb, "modified"))
	return world


def _call(session, name: str, arguments: dict, *, as_cmd: bool = False):
	if as_cmd:
		return session.post("/", data={**arguments, "cmd": name})
	return session.post(f"/api/method/{name}", data=arguments)


def _walk(session, world, relogin, outsider: bool = False) -> tuple[list[str], list[str]]:
	"""Every call; returns (calls not refused though not allowed, leaks in what was answered). For a
	user outside the app, every call is aimed at the app (the arguments name its DocTypes), and so
	is every REST route naming one of its DocTypes; the other routes are Frappe's to answer."""
	arguments = hostile_arguments(world)
	not_refused, leaks = [], []
	calls = [(name, False) for name in sorted(whitelisted_methods() - ENDS_SESSION)]
	calls += [(name, True) for name in sorted(whitelisted_methods() - ENDS_SESSION)]
	ours = set(app_doctypes())

	def judge(label: str, allowed: bool, response):
		if outsider:  # a method call ("name", "cmd=name") or a route ("GET /api/...")
			route = " " in label
			allowed = route and not ours & set(label.split(" ", 1)[1].split("/"))
		if response.status_code not in REFUSED and not allowed:
			not_refused.append(f"{label} -> {response.status_code}")
		leaks.extend(f"{label}: {what}" for what in leaked(response.text, world, outsider))

	for name, as_cmd in calls:
		response = _call(session, name, arguments, as_cmd=as_cmd)
		judge(f"{'cmd=' if as_cmd else ''}{name}", name in ALLOWED, response)
		if relogin and session.cookies.get("user_id") in (None, "Guest"):
			relogin(session)  # a method ended the session: go on as the partner
	for method, path, params in rest_routes(world):
		kwargs = {"params": params} if method in ("GET", "DELETE") else {"json": params}
		judge(f"{method} {path}", False, session.request(method, path, **kwargs))
	return not_refused, leaks


def app_doctypes() -> list[str]:
	modules = frappe.get_all("Module Def", {"app_name": "smallchanges"}, pluck="name")
	return frappe.get_all("DocType", {"module": ["in", modules]}, pluck="name")


def _report(problems: list[str]) -> str:
	return f"{len(problems)}:\n" + "\n".join(problems[:200])


def test_every_api_call_not_on_the_allow_list_is_refused_to_a_partner(client, world):
	partner = client(world.a, PASSWORD)
	not_refused, leaks = _walk(partner, world, relogin=lambda s: s.login(world.a, PASSWORD))
	count = len(not_refused)
	if os.environ.get("SMALLCHANGES_SURFACE_REPORT"):  # to read the whole list when it fails
		Path(os.environ["SMALLCHANGES_SURFACE_REPORT"]).write_text(
			"\n".join([*not_refused, "--- leaks:", *leaks])
		)
	assert not not_refused, f"calls a partner made that are not on the allow-list: {_report(not_refused)}"
	assert not leaks, f"what the partner was sent: {_report(leaks)} (not refused: {count})"
	frappe.db.rollback()
	modified = str(frappe.db.get_value("Universal Referral", world.rb, "modified"))
	assert modified == world.rb_modified, "the other agency's referral was changed"


@pytest.fixture(scope="module")
def outsider(world):
	"""A Website User of another app (an ERPNext customer, a job applicant): no desk access, none of
	this app's roles, in no partner agency."""
	frappe.set_user("Administrator")
	user = make_user(user_type="Website User")
	frappe.db.commit()
	return user


def test_a_website_user_of_another_app_reaches_none_of_the_apps_records(client, world, outsider):
	session = client(outsider, PASSWORD)
	not_refused, leaks = _walk(session, world, relogin=lambda s: s.login(outsider, PASSWORD), outsider=True)
	assert not not_refused, f"calls aimed at the app that were not refused: {_report(not_refused)}"
	assert not leaks, f"what a user outside the app was sent: {_report(leaks)}"
	frappe.db.rollback()
	modified = str(frappe.db.get_value("Universal Referral", world.rb, "modified"))
	assert modified == world.rb_modified, "a referral was changed"


def test_guest_reaches_none_of_the_apps_records_over_rest(client, world):
	not_refused, leaks = [], []
	guest = client()
	ours = set(app_doctypes())
	for method, path, params in rest_routes(world):
		kwargs = {"params": params} if method in ("GET", "DELETE") else {"json": params}
		response = guest.request(method, path, **kwargs)
		if response.status_code not in REFUSED and ours & set(path.split("/")):
			not_refused.append(f"{method} {path} -> {response.status_code}")
		leaks.extend(f"{method} {path}: {what}" for what in leaked(response.text, world, outsider=True))
	assert not not_refused, f"routes to the app's DocTypes Guest was not refused: {_report(not_refused)}"
	assert not leaks, f"what Guest was sent: {_report(leaks)}"


def test_before_login_only_the_login_calls_are_answered(client, world):
	guest = client()
	not_refused, leaks = [], []
	arguments = hostile_arguments(world)
	for name in sorted(whitelisted_methods() - ENDS_SESSION):
		response = _call(guest, name, arguments)
		entry = ALLOWED.get(name)
		if response.status_code not in REFUSED and not (entry and entry.guest):
			not_refused.append(f"{name} -> {response.status_code}")
		leaks.extend(f"{name}: {what}" for what in leaked(response.text, world))
	assert not not_refused, f"calls Guest made that are not allowed before login: {_report(not_refused)}"
	assert not leaks, f"what Guest was sent: {_report(leaks)}"


def test_the_surface_is_really_walked(world):
	"""The generated lists are the real surface, not a handful (a walk of nothing proves nothing)."""
	methods = whitelisted_methods()
	assert len(methods) > 400
	for name in (
		"frappe.client.get_list",
		"frappe.desk.search.search_widget",
		"frappe.desk.reportview.get",
		"frappe.desk.form.load.getdoc",
		"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
		"smallchanges.referrals.api.get_duplicate_comparison",
	):
		assert name in methods, name
	assert len(rest_routes(world)) > 3 * 200


# ---- writes --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def writes(site):
	from tests.e2e.write_surface import make_world

	return make_world()


def _is_refused(response) -> bool:
	return 400 <= response.status_code < 500


def _judge_writes(client, world) -> list[str]:
	"""Every generated write case, as partner A; the problems found (from the database first)."""
	from tests.e2e import write_surface as ws

	sessions, answers, problems = {}, {}, []
	for case in ws.all_cases(world):
		user, own, may_change = world.own[case["web_form"]]
		session = sessions.get(user) or sessions.setdefault(user, client(user, PASSWORD))
		echo = session.post(
			f"/api/method/{ws.GET_FORM_DATA}",
			data={"doctype": frappe.get_cached_value("Web Form", case["web_form"], "doc_type"),
				  "docname": own, "web_form_name": case["web_form"]},
		).json()["message"]["doc"]  # fmt: skip
		echo["web_form_name"] = case["web_form"]
		held = case.get("skip_if_held")
		if held and echo.get(held[0]) == held[1]:
			continue
		frappe.cache.delete_keys("rl:")
		frappe.db.rollback()
		before = ws.snapshot(world, may_change)
		response = case["call"](session, echo)
		frappe.db.rollback()
		label = case["label"]
		problems += [f"{label}: {change}" for change in ws.changed(before, ws.snapshot(world, may_change))]
		if response.status_code >= 500:
			problems.append(f"{label}: server error {response.status_code} {response.text[:160]}")
		elif case.get("refused", True) and not _is_refused(response):
			problems.append(f"{label}: answered {response.status_code}, not refused")
		elif case.get("refused") is False and response.status_code != 200:
			problems.append(f"{label}: refused ({response.status_code}) {response.text[:300]}")
		for doctype, name, fieldname, value in case.get("not_held", []):
			if frappe.get_meta(doctype).istable:
				holds = frappe.db.exists(doctype, {"parent": name, fieldname: value})
			else:
				holds = frappe.db.get_value(doctype, name, fieldname) == value
			if holds:
				problems.append(f"{label}: A's {doctype} {name} now holds {fieldname} = {value}")
		if case.get("pair") and "A's" not in label:  # A may tell its own documents apart
			names = [*world.targets.values(), *[n for d in world.others.values() for n in d.values()]]
			answers.setdefault(case["pair"], {})[label] = ws.answer(response, ws.MISSING, *names)
	for pair, got in answers.items():
		if len(set(got.values())) > 1:
			told = "; ".join(f"{label} -> {answer}" for label, answer in got.items())
			problems.append(f"{pair}: 'missing' and 'not yours' answered differently: {told[:600]}")
	return problems


def test_a_partner_writes_only_their_own_document_through_every_writing_call(client, writes):
	"""Partner A, through every call of the allow-list that writes, naming B's rows, documents and
	records, with names that are not strings and fields the form does not show: nothing outside A's
	own document changes (judged from the database), and A cannot tell B's records from none."""
	from tests.e2e import write_surface as ws

	assert set(ws.writing_calls()) == set(ws.WRITING_CALLS), "a writing call the cases do not cover"
	problems = _judge_writes(client, writes)
	if os.environ.get("SMALLCHANGES_SURFACE_REPORT"):
		Path(os.environ["SMALLCHANGES_SURFACE_REPORT"] + ".writes").write_text("\n".join(problems))
	assert not problems, f"what partner A's writes did: {_report(problems)}"


def test_the_write_cases_are_generated_from_the_forms_and_workflows(writes):
	"""Every web form's every table and Link field, and every workflow action, has its cases."""
	from tests.e2e import write_surface as ws

	labels = "\n".join(case["label"] for case in ws.all_cases(writes))
	for web_form in ws.PARTNER_WEB_FORMS:
		for table in ws.table_fields(web_form):
			assert f"{web_form}: a row of no document named in {table}" in labels, table
	for table in ("children", "household_members", "services", "attendance", "actions", "agency_updates"):
		assert f"named in {table}" in labels, table
	assert "agency_updates.agency_update linked to B's Core Group Agency Update" in labels
	assert "Approve B's submitted Core Group Minutes" in labels
	assert len(labels.splitlines()) > 150
