"""Finding resources: the library search, and the resources shown on a DocType's forms.

Everything here reads through `frappe.get_list`, so role permissions and the resource scope
(access.py) decide what each user gets: a partner only ever sees approved partner resources.
"""

import frappe
from frappe.utils import getdate, nowdate

from smallchanges.rules import resources as rules

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


def _like(words: str) -> str:
	escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
	return f"%{escaped}%"


def search(
	query: str = "",
	kind: str | None = None,
	topic: str | None = None,
	audience: str | None = None,
	include_old: bool = False,
) -> list[dict]:
	"""Resources matching every word of `query` in their title, description, tags, topic,
	category or the text inside their file; newest approved versions only unless `include_old`."""
	filters = {}
	if kind:
		filters["kind"] = kind
	if topic:
		filters["topic"] = topic
	if audience:
		filters["audience"] = audience
	if not include_old:
		filters["workflow_state"] = rules.APPROVED
		filters["is_current"] = 1
	names = None
	for word in (query or "").split()[:8]:
		matched = _matching(word, filters)
		names = matched if names is None else names & matched
		if not names:
			return []
	if names is not None:
		filters["name"] = ["in", sorted(names)]
	rows = frappe.get_list(
		"Resource",
		fields=list(LIST_FIELDS),
		filters=filters,
		order_by="title asc",
		limit_page_length=MAX_RESULTS,
	)
	return [describe(row) for row in rows]


def _matching(word: str, filters: dict) -> set[str]:
	pattern = _like(word)
	or_filters = [[field, "like", pattern] for field in SEARCHED_FIELDS]
	categories = frappe.get_list(
		"Resource Category", filters={"category_name": ["like", pattern]}, pluck="name"
	)
	if categories:
		or_filters.append(["category", "in", categories])
	return set(
		frappe.get_list(
			"Resource",
			filters=filters,
			or_filters=or_filters,
			pluck="name",
			limit_page_length=MAX_RESULTS * 5,
		)
	)


def describe(row: dict) -> dict:
	row = dict(row)
	row["review_status"] = (
		rules.review_status(getdate(row["review_due"]), getdate(nowdate()))
		if row.get("review_due") and row.get("workflow_state") == rules.APPROVED
		else None
	)
	row["category_name"] = (
		frappe.db.get_value("Resource Category", row["category"], "category_name")
		if row.get("category")
		else None
	)
	return row


def for_doctype(doctype: str) -> list[dict]:
	"""Approved, current resources linked to `doctype` that this user may read."""
	rows = frappe.get_list(
		"Resource",
		fields=["name", "title", "kind", "description", "file", "url", "version"],
		filters={"supports_doctype": doctype, "workflow_state": rules.APPROVED, "is_current": 1},
		order_by="kind asc, title asc",
		limit_page_length=50,
	)
	return [dict(row) for row in rows]


def web_form_panel(context, doctype: str) -> None:
	"""Show the resources for `doctype` above a web form (server-rendered: no API call needed)."""
	resources = for_doctype(doctype)
	if not resources:
		return
	html = frappe.render_template(
		"smallchanges/templates/includes/resources_panel.html", {"resources": resources}
	)
	context.introduction_text = (context.get("introduction_text") or "") + html
