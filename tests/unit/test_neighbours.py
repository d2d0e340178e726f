"""Which API requests of a user outside the app (another app's Website User, Guest) touch this
app and so meet the gate; everything else is Frappe's and the other apps'."""

import json

import pytest

from smallchanges.access.neighbours import AppNames, touches_app

NAMES = AppNames(
	doctypes=frozenset({"Universal Referral", "Child", "Referral Triage"}),
	others=frozenset({"universal-referral", "Overdue Referrals"}),
)
FILES = {"/private/files/b.png": "Universal Referral", "/files/logo.png": None}
REF = "Universal Referral"


def touches(path: str, args: dict, calls: list[str] | None = None) -> bool:
	if calls is None:
		calls = [path.rsplit("/", 1)[1]] if path.startswith("/api/method/") else ["route:" + path]
	return touches_app(path, calls, args, NAMES, FILES.get)


@pytest.mark.parametrize(
	"path, args, touched",
	[
		# Frappe's and other apps' calls, as Guest or a customer makes them: left alone
		("/api/method/frappe.www.contact.send_message", {"subject": "Hi", "sender": "a@b.c", "message": "Child"}, False),
		("/api/method/frappe.realtime.get_user_info", {}, False),
		("/api/method/frappe.www.list.get_list_data", {"doctype": "Sales Order"}, False),
		("/api/method/frappe.www.list.get_list_data", {"doctype": "Blog Post", "txt": "Child", "limit_start": "10"}, False),
		("/api/resource/Sales Order", {"fields": '["name", "grand_total"]'}, False),
		("/api/method/upload_file", {"doctype": "Issue", "file_url": "/files/logo.png"}, False),
		("/api/method/login", {"usr": "Child", "pwd": "Universal Referral"}, False),
		# anything naming the app: its DocTypes, web forms, reports, tables, methods and files
		("/api/method/frappe.client.get_list", {"doctype": REF}, True),
		("/api/method/frappe.client.get_list", {"doctype": " Child "}, True),
		("/api/method/frappe.desk.reportview.get", {"doctype": "File", "filters": json.dumps([["attached_to_doctype", "=", REF]])}, True),
		("/api/method/frappe.client.get_list", {"doctype": "Note", "fields": '["`tabReferral Triage`.triage_notes"]'}, True),
		("/api/method/frappe.client.get_list", {"doctype": "Note", "filters": json.dumps({"x": {"y": [[REF]]}})}, True),
		("/api/method/frappe.client.get", {"doctype": "ToDo", "filters": json.dumps({REF: 1})}, True),
		("/api/method/run_doc_method", {"docs": json.dumps({"doctype": REF, "name": "R-1"}), "method": "x"}, True),
		("/api/method/frappe.website.doctype.web_form.web_form.get_form_data", {"web_form_name": "universal-referral"}, True),
		("/api/method/frappe.desk.query_report.run", {"report_name": "Overdue Referrals"}, True),
		("/api/method/frappe.desk.search.search_link", {"doctype": "User", "query": "smallchanges.x.y"}, True),
		("/api/method/smallchanges.resources.api.download", {"resource": "R"}, True),
		("/api/method/frappe.client.get_list", {"doctype": "File", "file_url": "/private/files/b.png"}, True),
		(f"/api/resource/{REF}/R-1", {}, True),
		(f"/api/v2/document/{REF}", {}, True),
		("/api/v2/doctype/Child/count", {}, True),
		(f"/api/v2/method/{REF}/get_feed", {}, True),
	],
)  # fmt: skip
def test_what_touches_the_app(path, args, touched):
	assert touches(path, args) is touched


def test_a_cmd_on_any_path_naming_the_app_touches_it():
	assert touches_app("/", ["smallchanges.referrals.api.x"], {"cmd": "smallchanges.referrals.api.x"}, NAMES)
	assert not touches_app("/", ["frappe.www.contact.send_message"], {"cmd": "x", "subject": "Child"}, NAMES)
