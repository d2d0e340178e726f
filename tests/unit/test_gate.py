"""The gate's decision, table-driven: which requests a portal user (or Guest) may make."""

import json

import pytest

from smallchanges.access.gate import ALLOWED, REFERRAL_WEB_FORM, calls_in, is_refused

PARTNER, STAFF, GUEST = ("p@example.test", "Website User"), ("s@example.test", "System User"), ("Guest", None)
REFERRAL = "Universal Referral"


def test_every_allow_list_entry_says_why_the_portal_needs_it():
	for name, entry in ALLOWED.items():
		assert entry.reason and len(entry.reason.split()) >= 4, name
		assert callable(entry.when), name


@pytest.mark.parametrize(
	"path, args, calls",
	[
		("/api/method/frappe.client.get", {}, ["frappe.client.get"]),
		("/api/v1/method/login", {}, ["login"]),
		("/api/v2/method/ping/", {}, ["ping"]),
		(
			"/api/v2/method/Universal Referral/get_feed",
			{},
			["route:/api/v2/method/Universal Referral/get_feed"],
		),
		("/api/resource/Universal Referral", {}, ["route:/api/resource/Universal Referral"]),
		("/", {"cmd": "frappe.client.get_list"}, ["frappe.client.get_list"]),
		("/api/method/login", {"cmd": "frappe.client.get_list"}, ["frappe.client.get_list", "login"]),
		("/universal-referral/list", {}, None),
		("/private/files/x.pdf", {}, None),
	],
)
def test_the_calls_a_request_makes(path, args, calls):
	assert calls_in(path, args) == calls


@pytest.mark.parametrize(
	"who, path, args, refused",
	[
		# desk users keep Frappe's API
		(STAFF, "/api/method/frappe.desk.reportview.get", {"doctype": REFERRAL}, False),
		(STAFF, "/api/resource/Universal Referral", {}, False),
		# pages are not the API
		(PARTNER, "/universal-referral/list", {}, False),
		(GUEST, "/login", {}, False),
		# partners: only the allow-list, with its conditions
		(PARTNER, "/api/method/frappe.client.get_list", {"doctype": REFERRAL}, True),
		(PARTNER, "/api/resource/Universal Referral", {}, True),
		(PARTNER, "/api/v2/document/Universal Referral", {}, True),
		(PARTNER, "/api/v2/doctype/Universal Referral/count", {}, True),
		(PARTNER, "/api/unknown", {}, True),
		(PARTNER, "/", {"cmd": "frappe.client.get_count"}, True),
		(PARTNER, "/api/method/login", {"cmd": "frappe.client.get_count"}, True),
		(PARTNER, "/api/method/frappe.website.doctype.web_form.web_form.accept", {"web_form": REFERRAL_WEB_FORM}, False),
		(PARTNER, "/api/method/frappe.website.doctype.web_form.web_form.accept", {"web_form": "other-form"}, True),
		(PARTNER, "/api/method/frappe.www.list.get_list_data", {"doctype": REFERRAL, "web_form_name": REFERRAL_WEB_FORM, "limit": 20}, False),
		(PARTNER, "/api/method/frappe.www.list.get_list_data", {"doctype": REFERRAL, "web_form_name": REFERRAL_WEB_FORM, "triage_notes": "x"}, True),
		(PARTNER, "/api/method/frappe.www.list.get_list_data", {"doctype": REFERRAL, "web_form_name": REFERRAL_WEB_FORM, "fields": '["triage_notes"]'}, True),
		(PARTNER, "/api/method/frappe.www.list.get_list_data", {"doctype": "Child", "web_form_name": REFERRAL_WEB_FORM}, True),
		(PARTNER, "/api/method/frappe.model.workflow.apply_workflow", {"doc": json.dumps({"doctype": REFERRAL, "name": "UR-1"}), "action": "Submit"}, False),
		(PARTNER, "/api/method/frappe.model.workflow.apply_workflow", {"doc": json.dumps({"doctype": "Delegation", "name": "D-1"})}, True),
		(PARTNER, "/api/method/upload_file", {"doctype": REFERRAL, "docname": "UR-1"}, False),
		# names are names: a dict or a list in place of a name is a filter in Frappe (an oracle)
		(PARTNER, "/api/method/upload_file", {"doctype": REFERRAL, "docname": '{"name": "UR-1"}'}, True),
		(PARTNER, "/api/method/frappe.model.workflow.apply_workflow", {"doc": json.dumps({"doctype": REFERRAL, "name": {"title": ["like", "A%"]}}), "action": "Submit"}, True),
		(PARTNER, "/api/method/frappe.model.workflow.apply_workflow", {"doc": json.dumps({"doctype": REFERRAL, "name": ["UR-1"]}), "action": "Submit"}, True),
		(PARTNER, "/api/method/frappe.website.doctype.web_form.web_form.accept", {"web_form": REFERRAL_WEB_FORM, "data": json.dumps({"name": {"name": "UR-1"}})}, True),
		(PARTNER, "/api/method/frappe.website.doctype.web_form.web_form.accept", {"web_form": REFERRAL_WEB_FORM, "data": json.dumps({"name": "UR-1"})}, False),
		(PARTNER, "/api/method/frappe.website.doctype.web_form.web_form.get_form_data", {"doctype": REFERRAL, "web_form_name": REFERRAL_WEB_FORM, "docname": '["UR-1"]'}, True),
		(PARTNER, "/api/method/frappe.website.doctype.web_form.web_form.get_form_data", {"doctype": REFERRAL, "web_form_name": REFERRAL_WEB_FORM, "docname": "UR-1"}, False),
		(PARTNER, "/api/method/frappe.client.validate_link", {"doctype": "LA Service", "docname": '{"status": "active"}'}, True),
		(PARTNER, "/api/method/upload_file", {"doctype": REFERRAL, "file_url": "/private/files/x.pdf"}, True),
		(PARTNER, "/api/method/frappe.handler.upload_file", {"doctype": REFERRAL, "library_file_name": "abc"}, True),
		(PARTNER, "/api/method/upload_file", {"doctype": "Child"}, True),
		(PARTNER, "/api/method/upload_file", {"is_private": "1", "folder": "Home"}, False),
		(PARTNER, "/api/method/upload_file", {"folder": "Home/Attachments"}, True),
		(PARTNER, "/api/method/upload_file", {"doctype": REFERRAL, "method": "frappe.client.get_list"}, True),
		(PARTNER, "/api/method/frappe.desk.search.search_link", {"doctype": "LA Service", "txt": ""}, False),
		(PARTNER, "/api/method/frappe.desk.search.search_link", {"doctype": REFERRAL, "txt": ""}, True),
		(PARTNER, "/api/method/frappe.desk.search.search_link", {"doctype": "LA Service", "ignore_user_permissions": "1"}, True),
		(PARTNER, "/", {"cmd": "frappe.desk.search.search_link", "doctype": "LA Service", "ignore_user_permissions": "0"}, False),
		(PARTNER, "/", {"cmd": "frappe.client.has_permission", "doctype": REFERRAL, "docname": "", "perm_type": "delete"}, False),
		(PARTNER, "/", {"cmd": "frappe.client.has_permission", "doctype": REFERRAL, "docname": "UR-1"}, True),
		(PARTNER, "/", {"cmd": "frappe.client.has_permission", "doctype": "Child", "docname": ""}, True),
		(PARTNER, "/api/method/frappe.desk.search.search_link", {"doctype": "LA Service", "query": "frappe.client.get_list"}, True),
		(PARTNER, "/api/method/frappe.desk.search.search_link", {"doctype": "LA Service", "filters": '{"x": 1}'}, True),
		(PARTNER, "/api/method/smallchanges.access.web_forms.get_form_data", {"doctype": REFERRAL}, True),
		# before login: only what signing in needs
		(GUEST, "/api/method/login", {}, False),
		(GUEST, "/api/method/frappe.core.doctype.user.user.reset_password", {}, False),
		(GUEST, "/api/method/frappe.website.doctype.web_form.web_form.accept", {"web_form": REFERRAL_WEB_FORM}, True),
		(GUEST, "/api/method/frappe.client.get_list", {}, True),
	],
)  # fmt: skip
def test_the_gate(who, path, args, refused):
	user, user_type = who
	assert is_refused(user, user_type, path, args) is refused


@pytest.mark.parametrize(
	"path, args, refused",
	[
		("/api/method/frappe.website.doctype.web_form.web_form.accept", {"web_form": "core-group-minutes"}, False),
		("/api/method/frappe.website.doctype.web_form.web_form.accept", {"web_form": "core-group-agency-update"}, False),
		("/api/method/frappe.website.doctype.web_form.web_form.accept", {"web_form": "edit-profile"}, True),
		("/api/method/frappe.www.list.get_list_data", {"doctype": "Core Group Minutes", "web_form_name": "core-group-minutes"}, False),
		("/api/method/frappe.www.list.get_list_data", {"doctype": "Visit", "web_form_name": "core-group-minutes"}, True),
		("/api/method/frappe.model.workflow.apply_workflow", {"doc": '{"doctype": "Core Group Minutes", "name": "CGM-1"}', "action": "Submit for Review"}, False),
		("/api/method/frappe.model.workflow.apply_workflow", {"doc": '{"doctype": "Delegation", "name": "DEL-1"}', "action": "Approve"}, True),
		("/api/method/smallchanges.resources.api.download", {"resource": "RES-00001"}, False),
		("/api/method/smallchanges.resources.api.for_doctype", {"doctype": "Universal Referral"}, True),
	],
)  # fmt: skip
def test_the_core_group_and_resource_calls_partners_make(path, args, refused):
	assert is_refused(*PARTNER, path, args) is refused
