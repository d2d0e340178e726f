"""Restricted records over HTTP, generated from the site: every whitelisted method and every
DocType's REST routes, called as a member of staff the restriction does not name (one of each staff
role), with arguments aimed at the restricted child and everything about it. No answer holds any
of the child (its name, NHS number, address, a visit's notes, the restriction's reason), nor, in
the lists and counts that do not name it, its ID. The same user, after breaking the glass, reads it,
and the access log has the opening with its reason; lifting the restriction restores access.

System Manager is covered in tests/integration/test_restrictions.py rather than walked here: its
whitelisted methods include the site's own setup, which a walk with hostile arguments must not run.
"""

import json

import frappe
import pytest

from smallchanges import roles
from tests.e2e.test_api_surface import ENDS_SESSION, TRACEBACK, whitelisted_methods
from tests.factories import PASSWORD, make_user
from tests.restrictions_factories import restricted_world, secrets

WALKED_ROLES = (
	roles.SOCIAL_WORKER,
	roles.TEAM_MANAGER,
	roles.BUSINESS_SUPPORT_OFFICER,
	roles.DIRECTOR,
	roles.PRINCIPAL_SOCIAL_WORKER,
)
# Methods that change the caller's own account or the site's sessions: not what this walk is about.
NOT_WALKED = ENDS_SESSION | {
	"frappe.core.doctype.user.user.update_password",
	"frappe.sessions.clear",
	"frappe.core.doctype.user.user.sign_up",
}


@pytest.fixture(scope="module")
def world(site):
	w = restricted_world()
	frappe.db.commit()
	return w


def _arguments(w) -> dict:
	"""Every common parameter name, aimed at the restricted child and its records."""
	child = "Child"
	return {
		"doctype": child,
		"dt": child,
		"reference_doctype": child,
		"ref_doctype": child,
		"parent_doctype": child,
		"link_doctype": child,
		"name": w.child,
		"dn": w.child,
		"docname": w.child,
		"reference_name": w.child,
		"doc": json.dumps({"doctype": child, "name": w.child}),
		"docs": json.dumps({"doctype": child, "name": w.child}),
		"names": json.dumps([w.child]),
		"fields": json.dumps(["name", "full_name", "nhs_number", "address"]),
		"fieldname": "full_name",
		"filters": json.dumps([[child, "full_name", "like", f"%{w.first_name[:14]}%"]]),
		"txt": w.first_name[:14],
		"text": w.first_name[:14],
		"query": w.first_name[:14],
		"searchfield": "full_name",
		"ignore_user_permissions": "1",
		"file_url": frappe.db.get_value("File", w.file, "file_url"),
		"limit": "100",
		"page_length": "100",
		"limit_page_length": "100",
		"report_name": "Statutory Visits Due",
		"chart": json.dumps({"document_type": "Visit", "chart_type": "Count", "type": "Heatmap"}),
	}


def _routes(w, governs: bool = False) -> list[tuple[str, str, dict]]:
	"""Every DocType's REST routes, and each record's; a governor of restrictions (a Director or the
	Principal Social Worker) reads the restriction records themselves, which they set and lift,
	but nothing of the child's own records."""
	routes = []
	for doctype in frappe.get_all("DocType", {"istable": 0}, pluck="name"):
		if governs and doctype == "Child Restriction":
			continue
		routes += [
			("GET", f"/api/resource/{doctype}", {"fields": '["*"]', "limit_page_length": 500}),
			("GET", f"/api/v2/document/{doctype}", {"limit": 500}),
		]
	for doctype, name in (
		("Child", w.child),
		("Visit", w.visit),
		("Child Protection Plan", w.plan),
		("Universal Referral", w.referral),
		("Referral Triage", w.referral),
		("Comment", w.comment),
		("File", w.file),
	):
		routes += [
			("GET", f"/api/resource/{doctype}/{name}", {}),
			("GET", f"/api/v2/document/{doctype}/{name}", {}),
			("GET", "/printview", {"doctype": doctype, "name": name}),
			("GET", "/api/method/frappe.desk.form.load.getdoc", {"doctype": doctype, "name": name}),
		]
	return routes


def _leaks(text: str, w, with_id: bool) -> list[str]:
	found = [what for what, value in secrets(w).items() if value in text]
	if with_id and w.child in text:
		found.append("the child's ID")
	if TRACEBACK in text:
		found.append("a traceback")
	return found


def _walk(session, w, user, governs: bool = False) -> list[str]:
	arguments = _arguments(w)
	leaks = []
	for name in sorted(whitelisted_methods() - NOT_WALKED):
		response = session.post(f"/api/method/{name}", data=arguments)
		leaks += [f"{name}: {what}" for what in _leaks(response.text, w, with_id=False)]
		if session.cookies.get("user_id") in (None, "Guest"):
			session.login(user, PASSWORD)
	for method, path, params in _routes(w, governs):
		response = session.request(method, path, params=params)
		names_it = any(w.child == value for value in params.values()) or w.child in path
		leaks += [f"{method} {path}: {what}" for what in _leaks(response.text, w, with_id=not names_it)]
	return leaks


def _reads_the_child(session, w) -> bool:
	return session.get(f"/api/resource/Child/{w.child}").status_code == 200


@pytest.mark.parametrize("role", WALKED_ROLES)
def test_staff_not_named_reach_nothing_of_the_restricted_child(client, world, role):
	frappe.set_user("Administrator")
	user = make_user(role)
	frappe.db.commit()
	session = client(user, PASSWORD)
	leaks = _walk(session, world, user, governs=role in roles.RESTRICTION_GOVERNORS)
	assert not leaks, f"what {role} (not named) was sent: {len(leaks)}:\n" + "\n".join(leaks[:100])
	assert not _reads_the_child(session, world)


def test_the_named_social_worker_reads_it(client, world):
	assert _reads_the_child(client(world.named, PASSWORD), world)


def test_break_glass_opens_it_and_the_log_has_the_reason(client, world):
	frappe.set_user("Administrator")
	manager = make_user(roles.TEAM_MANAGER)
	frappe.db.commit()
	session = client(manager, PASSWORD)
	assert not _reads_the_child(session, world)
	reason = "Police at the door asking about the child's safety"
	response = session.post(
		"/api/method/smallchanges.governance.restrictions.break_glass",
		data={"restriction": world.restriction, "reason": reason},
	)
	assert response.status_code == 200, response.text
	assert _reads_the_child(session, world)
	frappe.db.rollback()
	logged = frappe.get_all(
		"Record Access Log",
		filters={"user": manager, "reference_name": world.child, "channel": "Break-glass"},
		pluck="detail",
	)
	assert logged and reason in logged[0]
	told = frappe.get_all(
		"Notification Log",
		filters={"document_name": world.restriction, "subject": ["like", "%broke the glass%"]},
		pluck="for_user",
	)
	assert world.director in told and world.named in told
	# the restricting Director sees the opening in the Record Access report
	director = client(world.director, PASSWORD)
	report = director.post(
		"/api/method/frappe.desk.query_report.run",
		data={"report_name": "Record Access", "filters": json.dumps({"reference_name": world.child})},
	)
	assert reason in report.text, report.text[:500]


def test_a_partner_is_refused_the_restriction_calls(client, world):
	partner = client(world.partner, PASSWORD)
	for method in ("break_glass", "lift_restriction"):
		response = partner.post(
			f"/api/method/smallchanges.governance.restrictions.{method}",
			data={"restriction": world.restriction, "reason": "x"},
		)
		assert response.status_code == 403
	frappe.set_user(world.partner)  # the referral their agency sent stays theirs
	try:
		assert frappe.has_permission("Universal Referral", "read", world.referral)
	finally:
		frappe.set_user("Administrator")


def test_lifting_restores_access(client, world):
	frappe.set_user("Administrator")
	worker = make_user(roles.SOCIAL_WORKER, roles.TEAM_MANAGER)
	frappe.db.commit()
	session = client(worker, PASSWORD)
	assert not _reads_the_child(session, world)
	director = client(world.director, PASSWORD)
	response = director.post(
		"/api/method/smallchanges.governance.restrictions.lift_restriction",
		data={"restriction": world.restriction, "reason": "Restriction no longer needed"},
	)
	assert response.status_code == 200, response.text
	assert _reads_the_child(session, world)
	frappe.db.rollback()
	assert frappe.db.get_value("Child Restriction", world.restriction, "status") == "Lifted"
