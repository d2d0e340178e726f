"""Finding resources: the library search, and the resources shown on a DocType's forms.

Staff read through `frappe.get_list` (role permissions apply). Partners have no permission on
Resource; for them the same queries run with `frappe.get_all` under access.PARTNER_FILTERS
(approved, current, audience includes partners), added to every query, whatever was asked.
"""

from urllib.parse import quote

import frappe
from frappe.utils import getdate, nowdate

from smallchanges.access.resources import PARTNER_FILTERS
from smallchanges.access.scope import like_literal, scope_of
from smallchanges.rules import resources as resource_rules

LIST_FIELDS = (
	"name",
	"title",
	"kind",
	"topic",
	"category",
	"audience",
	"description",
	"tags",
	"version",
	"workflow_state",
	"is_current",
	"review_due",
	"file",
	"url",
	"supports_doctype",
	"modified",
)
SEARCHED_FIELDS = ("title", "description", "tags", "topic", "file_text")
MAX_RESULTS = 200


def _reader():
	"""(list function, filters every query must carry) for this user; None for no access."""
	scope = scope_of()
	if scope.partner:
		# Safe without permission checks: PARTNER_FILTERS is what a partner may read (access/resources.py).
		return frappe.get_all, PARTNER_FILTERS
	if scope.staff:
		return frappe.get_list, {}
	return None


def _like(words: str) -> str:
	return f"%{like_literal(words)}%"


def search(
	query: str = "",
	kind: str | None = None,
	topic: str | None = None,
	audience: str | None = None,
	include_old: bool = False,
) -> list[dict]:
	"""Resources matching every word of `query` in their title, description, tags, topic,
	category or the text inside their file; newest approved versions only unless `include_old`."""
	reader = _reader()
	if not reader:
		return []
	read, forced = reader
	filters = {}
	if kind:
		filters["kind"] = kind
	if topic:
		filters["topic"] = topic
	if audience:
		filters["audience"] = audience
	if not include_old:
		filters["workflow_state"] = resource_rules.APPROVED
		filters["is_current"] = 1
	filters.update(forced)
	names = None
	for word in (query or "").split()[:8]:
		matched = _matching(read, word, filters)
		names = matched if names is None else names & matched
		if not names:
			return []
	if names is not None:
		filters["name"] = ["in", sorted(names)]
	rows = read(
		"Resource",
		fields=list(LIST_FIELDS),
		filters=filters,
		order_by="title asc",
		limit_page_length=MAX_RESULTS,
	)
	return [describe(row) for row in rows]


def _matching(read, word: str, filters: dict) -> set[str]:
	pattern = _like(word)
	or_filters = [[field, "like", pattern] for field in SEARCHED_FIELDS]
	# Category names only narrow the Resource query below, which is scoped to the user; none is
	# returned (partners have no permission on categories, whose folder names are staff's).
	categories = frappe.get_all(
		"Resource Category", filters={"category_name": ["like", pattern]}, pluck="name"
	)
	if categories:
		or_filters.append(["category", "in", categories])
	return set(
		read(
			"Resource",
			filters=filters,
			or_filters=or_filters,
			pluck="name",
			limit_page_length=MAX_RESULTS * 5,
		)
	)


def describe(row: dict) -> dict:
	row = describe_link(dict(row))
	row["review_status"] = (
		resource_rules.review_status(getdate(row["review_due"]), getdate(nowdate()))
		if row.get("review_due") and row.get("workflow_state") == resource_rules.APPROVED
		else None
	)
	# the name of a resource's own category, which the user may read (the resource is in their scope)
	row["category_name"] = (
		frappe.db.get_value("Resource Category", row["category"], "category_name")
		if row.get("category")
		else None
	)
	return row


def for_doctype(doctype: str) -> list[dict]:
	"""Approved, current resources linked to `doctype` that this user may read."""
	reader = _reader()
	if not reader:
		return []
	read, forced = reader
	rows = read(
		"Resource",
		fields=["name", "title", "kind", "description", "file", "url", "version"],
		filters={
			"supports_doctype": doctype,
			"workflow_state": resource_rules.APPROVED,
			"is_current": 1,
			**forced,
		},
		order_by="kind asc, title asc",
		limit_page_length=50,
	)
	return [describe_link(dict(row)) for row in rows]


def download_url(name: str) -> str:
	return f"/api/method/smallchanges.resources.api.download?resource={quote(name)}"


def describe_link(row: dict) -> dict:
	"""Where to open a resource: its file through the download method (the one way a partner
	can reach a library file), else its link."""
	row["href"] = download_url(row["name"]) if row.get("file") else row.get("url")
	return row


def web_form_panel(context, doctype: str) -> None:
	"""Show the resources for `doctype` above a web form (server-rendered: no API call needed)."""
	resources = for_doctype(doctype)
	if not resources:
		return
	html = frappe.render_template(
		"smallchanges/templates/includes/resources_panel.html", {"resources": resources}
	)
	context.introduction_text = (context.get("introduction_text") or "") + html
