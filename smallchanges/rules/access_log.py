"""The access log's rules: through what a record was read, and which records a reply carried.

Pure Python (no Frappe): the request's path and method in, a channel out; a reply's payload in,
the record names it holds out. `smallchanges.access.access_log` records and writes the rows.
"""

from collections.abc import Iterable

from smallchanges.rules.translation import _

DESK_FORM = "Desk form"
REST = "REST"
PRINT = "Print"
WEB_FORM = "Web form"
WEB_PAGE = "Web page"
LIST = "List"
REPORT = "Report"
EXPORT = "Export"
SEARCH = "Search"
API = "API"
BREAK_GLASS = "Break-glass"  # a restricted record opened by someone not named on it (with a reason)
CHANNELS = (DESK_FORM, REST, PRINT, WEB_FORM, WEB_PAGE, LIST, REPORT, EXPORT, SEARCH, API, BREAK_GLASS)
# What a person did, in the words a Director reads (translated by the caller).
CHANNEL_WORDS = {
	DESK_FORM: _("opened the record"),
	REST: _("read it through the API"),
	PRINT: _("printed"),
	WEB_FORM: _("opened it in the web form"),
	WEB_PAGE: _("opened it on the portal"),
	LIST: _("in a list"),
	REPORT: _("in a report"),
	EXPORT: _("exported"),
	SEARCH: _("in a search"),
	API: _("read it through the app"),
	BREAK_GLASS: _("opened a restricted record in an emergency"),
}
PDF_METHODS = frozenset(
	{"frappe.utils.print_format.download_pdf", "frappe.utils.print_format.download_multi_pdf"}
)
DOWNLOADED_PDF = _("downloaded a PDF")

# The most names one list read records (a bigger page is logged by its first names and the filters).
MAX_NAMES_PER_READ = 1000

METHOD_CHANNELS = {
	"frappe.desk.form.load.getdoc": DESK_FORM,
	"frappe.desk.form.load.get_docinfo": DESK_FORM,
	"frappe.client.get": REST,
	"frappe.client.get_value": REST,
	"frappe.client.get_list": LIST,
	"frappe.desk.reportview.get": LIST,
	"frappe.desk.reportview.get_list": LIST,
	"frappe.www.list.get_list_data": LIST,
	"frappe.desk.reportview.export_query": EXPORT,
	"frappe.desk.query_report.export_query": EXPORT,
	"frappe.desk.query_report.run": REPORT,
	"frappe.desk.search.search_link": SEARCH,
	"frappe.desk.search.search_widget": SEARCH,
	"frappe.utils.global_search.search": SEARCH,
	"frappe.utils.print_format.download_pdf": PRINT,
	"frappe.utils.print_format.download_multi_pdf": PRINT,
	"frappe.website.doctype.web_form.web_form.get_form_data": WEB_FORM,
}
# Calls that run a list query but return no record (counts, group-by sidebars): not reads.
AGGREGATE_METHODS = frozenset(
	{
		"frappe.client.get_count",
		"frappe.desk.reportview.get_count",
		"frappe.desk.listview.get_group_by_count",
		"frappe.desk.reportview.get_sidebar_stats",
		"frappe.desk.reportview.get_stats",
	}
)


def method_of(path: str, cmd: str | None = None) -> str | None:
	"""The whitelisted method a request calls (`/api/method/x` or the old `cmd`), else None."""
	if cmd:
		return cmd
	for prefix in ("/api/method/", "/api/v2/method/"):
		if path.startswith(prefix):
			return path[len(prefix) :].strip("/") or None
	return None


def channel_of(path: str, method: str | None, ptype: str | None = None) -> str:
	"""Through what a record was read, from the request's path and method (and the check's ptype)."""
	if ptype == "print" or path.startswith("/printview"):
		return PRINT
	if method:
		if method in METHOD_CHANNELS:
			return METHOD_CHANNELS[method]
		if ".search" in method:
			return SEARCH
		return API
	if path.startswith(("/api/resource/", "/api/v2/document/")):
		return REST
	if path.startswith("/app"):
		return DESK_FORM
	return WEB_PAGE


def words(channel: str | None, request: str | None = None) -> str:
	"""What the reader did, in plain words ("opened the record", "in a list", "printed"), from the
	log row's channel and the method or path it was read through."""
	if channel == PRINT and request in PDF_METHODS:
		return DOWNLOADED_PDF
	return CHANNEL_WORDS.get(channel or "", channel or "")


def is_aggregate(method: str | None) -> bool:
	return method in AGGREGATE_METHODS


def names_in(payload) -> list[str]:
	"""The record names a list-like reply carries: rows as dicts (`name`, or a search's `value`),
	the desk's compressed {"keys", "values"}, a report's {"result"}, or rows as lists (first column)."""
	rows: Iterable = ()
	key_index = 0
	if isinstance(payload, dict):
		if isinstance(payload.get("keys"), list) and isinstance(payload.get("values"), list):
			if "name" not in payload["keys"]:
				return []
			key_index = payload["keys"].index("name")
			rows = payload["values"]
		elif isinstance(payload.get("result"), list):
			rows = payload["result"]
		else:
			return []
	elif isinstance(payload, list | tuple):
		rows = payload
	names: list[str] = []
	for row in rows:
		if isinstance(row, dict):
			name = row.get("name") or row.get("value")
		elif isinstance(row, list | tuple) and len(row) > key_index:
			name = row[key_index]
		else:
			name = None
		if isinstance(name, str) and name and name not in names:
			names.append(name)
		if len(names) >= MAX_NAMES_PER_READ:
			break
	return names
