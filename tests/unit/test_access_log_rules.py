"""The access log's channel and name rules: pure, no site needed."""

import pytest

from smallchanges.rules import access_log as access_rules


@pytest.mark.parametrize(
	"path, cmd, expected",
	[
		("/api/method/frappe.client.get", None, "frappe.client.get"),
		("/api/v2/method/frappe.client.get/", None, "frappe.client.get"),
		("/api/resource/Child/CH-1", None, None),
		("/", "frappe.desk.form.load.getdoc", "frappe.desk.form.load.getdoc"),
		("/api/method/", None, None),
	],
)
def test_method_of(path, cmd, expected):
	assert access_rules.method_of(path, cmd) == expected


@pytest.mark.parametrize(
	"path, method, ptype, channel",
	[
		(
			"/api/method/frappe.desk.form.load.getdoc",
			"frappe.desk.form.load.getdoc",
			"read",
			access_rules.DESK_FORM,
		),
		("/api/resource/Universal Referral/UR-1", None, "read", access_rules.REST),
		("/api/resource/Universal Referral", None, None, access_rules.REST),
		("/api/v2/document/Child/CH-1", None, "read", access_rules.REST),
		("/printview", None, "read", access_rules.PRINT),
		(
			"/api/method/frappe.utils.print_format.download_pdf",
			"frappe.utils.print_format.download_pdf",
			"print",
			access_rules.PRINT,
		),
		("/api/method/x", "frappe.client.get", "print", access_rules.PRINT),
		("/universal-referral/UR-1", None, "read", access_rules.WEB_PAGE),
		("/x", "frappe.website.doctype.web_form.web_form.get_form_data", "read", access_rules.WEB_FORM),
		("/x", "frappe.desk.reportview.get", None, access_rules.LIST),
		("/x", "frappe.www.list.get_list_data", None, access_rules.LIST),
		("/x", "frappe.desk.reportview.export_query", None, access_rules.EXPORT),
		("/x", "frappe.desk.query_report.run", None, access_rules.REPORT),
		("/x", "frappe.desk.search.search_link", None, access_rules.SEARCH),
		("/x", "someapp.api.search_children", None, access_rules.SEARCH),
		("/x", "smallchanges.referrals.api.get_triage_view", "read", access_rules.API),
	],
)
def test_channel_of(path, method, ptype, channel):
	assert access_rules.channel_of(path, method, ptype) == channel
	assert channel in access_rules.CHANNELS


def test_counts_are_not_reads():
	assert access_rules.is_aggregate("frappe.client.get_count")
	assert access_rules.is_aggregate("frappe.desk.reportview.get_count")
	assert not access_rules.is_aggregate("frappe.desk.reportview.get")
	assert not access_rules.is_aggregate(None)


@pytest.mark.parametrize(
	"payload, names",
	[
		([{"name": "UR-1", "title": "A"}, {"name": "UR-2"}], ["UR-1", "UR-2"]),
		({"keys": ["title", "name"], "values": [["A", "UR-1"], ["B", "UR-2"]]}, ["UR-1", "UR-2"]),
		({"keys": ["title"], "values": [["A"]]}, []),  # no name column: nothing to say
		([{"value": "UR-3", "description": "A"}], ["UR-3"]),  # search_link
		([["UR-4", "A"], ("UR-5",)], ["UR-4", "UR-5"]),  # search_widget, as_list
		({"result": [{"name": "UR-6"}, {"name": "UR-6"}], "columns": []}, ["UR-6"]),  # report, once
		({"docs": [{"name": "UR-7"}]}, []),
		(None, []),
		("text", []),
		([{"title": "no name"}, 3, None], []),
	],
)
def test_names_in(payload, names):
	assert access_rules.names_in(payload) == names


def test_a_huge_page_is_cut_at_the_limit():
	payload = [{"name": f"UR-{i}"} for i in range(access_rules.MAX_NAMES_PER_READ + 50)]
	assert len(access_rules.names_in(payload)) == access_rules.MAX_NAMES_PER_READ


@pytest.mark.parametrize(
	"channel, method, words",
	[
		(access_rules.DESK_FORM, "frappe.desk.form.load.getdoc", "opened the record"),
		(access_rules.LIST, "frappe.desk.reportview.get", "in a list"),
		(access_rules.PRINT, "/printview", "printed"),
		(access_rules.PRINT, "frappe.utils.print_format.download_pdf", "downloaded a PDF"),
		(access_rules.SEARCH, "frappe.desk.search.search_link", "in a search"),
		(access_rules.EXPORT, "frappe.desk.reportview.export_query", "exported"),
	],
)
def test_channels_in_plain_words(channel, method, words):
	assert access_rules.words(channel, method) == words


def test_every_channel_has_words_and_no_words_are_a_method_name():
	for channel in access_rules.CHANNELS:
		said = access_rules.words(channel)
		assert said and "." not in said and said != channel
