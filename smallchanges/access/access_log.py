"""Who read which child's data, when, through what: the access log (UK GDPR accountability).

Two choke points every read passes, for every user and channel:
- a single document (desk form, REST GET, print/PDF, web form and its page) is read only after
  Frappe asks the DocType's `has_permission` hook, so `logged_reads` wraps those hooks and
  records the document when the user's roles grant the read;
- a list, report, export or search runs the DocType's `permission_query_conditions` hook, so
  `logged_lists` wraps those and marks the DocType; the names are taken from the reply, or, for a
  list rendered into a page (Frappe's /list), from the rows its `get_list` returned (`listing`).
Nothing is written during the request: what was read is kept in `frappe.local` and written after
it (`after_request`) in one bulk insert, only when the reply is not an error. Background jobs and
console sessions (no request) are not user reads and are not logged.

`who_read` reads the log back for a Director or System Manager, from the record's own form.
"""

import functools

import frappe
from frappe import _
from frappe.utils import now_datetime
from pypika.terms import Parameter

from smallchanges.rules import access_log as access_rules
from smallchanges.rules import linkage as linkage_rules

LOG_DOCTYPE = "Record Access Log"
# The DocTypes whose reads are logged (their hooks are wrapped in smallchanges.access.referrals).
LOGGED_DOCTYPES = ("Universal Referral", "Referral Triage", "Child")
READ_PTYPES = ("read", "print")
_READS = "smallchanges_access_reads"
_LISTS = "smallchanges_access_lists"
_LISTED = "smallchanges_access_listed"


def _in_request() -> bool:
	return bool(getattr(frappe.local, "request", None)) and frappe.session.user != "Guest"


def _request() -> tuple[str, str | None]:
	path = frappe.local.request.path or ""
	return path, access_rules.method_of(path, frappe.form_dict.get("cmd"))


def record_read(doctype: str, name: str, ptype: str, user: str) -> None:
	if not _in_request() or user != frappe.session.user:
		return
	path, method = _request()
	reads = getattr(frappe.local, _READS, None)
	if reads is None:
		reads = {}
		setattr(frappe.local, _READS, reads)
	reads.setdefault((doctype, name, access_rules.channel_of(path, method, ptype)), None)


def record_list(doctype: str, user: str | None) -> None:
	if not _in_request() or (user and user != frappe.session.user):
		return
	lists = getattr(frappe.local, _LISTS, None)
	if lists is None:
		lists = set()
		setattr(frappe.local, _LISTS, lists)
	lists.add(doctype)


def listing(get_list):
	"""Wrap a web list's `get_list` (Frappe's /list page and the web form lists call it): the names
	of the rows it returns are what the request listed, also when they are rendered into a page."""

	@functools.wraps(get_list)
	def wrapper(**kwargs):
		rows = get_list(**kwargs)
		if _in_request() and kwargs.get("doctype"):
			listed = getattr(frappe.local, _LISTED, None)
			if listed is None:
				listed = {}
				setattr(frappe.local, _LISTED, listed)
			listed.setdefault(kwargs["doctype"], []).extend(access_rules.names_in(rows))
		return rows

	return wrapper


def logged_list_context(context):
	"""A logged DocType's `get_list_context`: Frappe's /list page of it logs each record it lists."""
	from frappe.www import list as frappe_list

	context.get_list = listing(frappe_list.get_list)
	return context


def _role_grants(doc, ptype: str, user: str) -> bool:
	meta = frappe.get_meta(doc.doctype)
	is_owner = (doc.get("owner") or "") == user
	return bool(frappe.permissions.get_role_permissions(meta, user=user, is_owner=is_owner).get(ptype))


def logged_reads(hook):
	"""Wrap a `has_permission` hook: a read it does not refuse, that the roles grant, is logged."""

	@functools.wraps(hook)
	def wrapper(doc, ptype=None, user=None, debug=False):
		result = hook(doc, ptype=ptype, user=user, debug=debug)
		ptype = ptype or "read"
		if (
			result is not False
			and ptype in READ_PTYPES
			and doc.name
			and not doc.is_new()
			and _in_request()
			and _role_grants(doc, ptype, user or frappe.session.user)
		):
			record_read(doc.doctype, doc.name, ptype, user or frappe.session.user)
		return result

	return wrapper


def logged_lists(hook):
	"""Wrap a `permission_query_conditions` hook: the DocType was listed in this request."""

	@functools.wraps(hook)
	def wrapper(user=None, doctype=None):
		conditions = hook(user=user, doctype=doctype)
		if conditions != "1=0" and doctype:
			record_list(doctype, user)
		return conditions

	return wrapper


def flush(response=None, request=None) -> None:
	"""after_request: write what this request read, in one insert (not when it failed)."""
	reads = getattr(frappe.local, _READS, None) or {}
	lists = getattr(frappe.local, _LISTS, None) or set()
	listed_rows = getattr(frappe.local, _LISTED, None) or {}
	setattr(frappe.local, _READS, None)
	setattr(frappe.local, _LISTS, None)
	setattr(frappe.local, _LISTED, None)
	if not (reads or lists) or response is None or response.status_code >= 400 or not frappe.db:
		return
	path, method = _request()
	rows = list(reads)
	if lists and not access_rules.is_aggregate(method):
		channel = access_rules.channel_of(path, method)
		listed = frappe.form_dict.get("doctype")
		doctype = listed if listed in lists else sorted(lists)[0]
		names = listed_rows.get(doctype) or access_rules.names_in(_reply_payload())
		if names:
			rows += [(doctype, name, channel) for name in names if (doctype, name, channel) not in reads]
		else:
			rows.append((doctype, None, channel))
	if rows:
		write(rows, frappe.session.user, path if not method else method, _query_detail() if lists else None)


def _reply_payload():
	reply = frappe.local.response
	for key in ("message", "data", "values"):
		if reply.get(key):
			return reply.get(key)
	return None


def _query_detail() -> str | None:
	parts = [
		f"{key}={frappe.form_dict.get(key)}"
		for key in ("filters", "or_filters", "txt", "report_name", "fields")
		if frappe.form_dict.get(key)
	]
	return "; ".join(parts)[:1000] or None


FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"user",
	"reference_doctype",
	"reference_name",
	"channel",
	"request",
	"detail",
	"accessed_at",
)
CHUNK = 500  # rows a statement


@functools.lru_cache(maxsize=64)
def _insert_sql(rows: int) -> str:
	"""One multi-row INSERT with placeholders, built once per row count (frappe.db.bulk_insert renders
	every value through the query builder, which costs a list read more than its query does)."""
	table = frappe.qb.DocType(LOG_DOCTYPE)
	query = frappe.qb.into(table).columns(*FIELDS)
	for _row in range(rows):
		query = query.insert(*[Parameter("%s")] * len(FIELDS))
	return query.get_sql()


def write(rows: list[tuple[str, str | None, str]], user: str, request: str, detail: str | None) -> None:
	now = now_datetime()
	values = [
		(frappe.generate_hash(length=12), now, now, user, user, user, doctype, name, channel, request[:140],
		 detail, now)
		for doctype, name, channel in rows
	]  # fmt: skip
	for start in range(0, len(values), CHUNK):
		chunk = values[start : start + CHUNK]
		frappe.db.sql(_insert_sql(len(chunk)), tuple(value for row in chunk for value in row))
	# The request's own transaction is already committed or rolled back; this commits only the log.
	frappe.db.commit()


# ---- reading the log back ----------------------------------------------------------------------
MAX_ROWS = 500
READ_FIELDS = ["accessed_at", "user", "channel", "reference_doctype", "reference_name", "request"]


def referrals_of_child(child: str) -> list[str]:
	"""The referrals on which a person linked a child to this Child record (no permission check)."""
	link = frappe.qb.DocType("Referral Child Link")
	return frappe.qb.from_(link).select(link.referral).distinct().where(link.child == child).run(pluck=True)


def merged_into(child: str) -> list[str]:
	"""The Child records merged into this one (merges that stand): their reads, kept as they were
	written, are shown under it."""
	merge = frappe.qb.DocType("Child Merge")
	return (
		frappe.qb.from_(merge)
		.select(merge.merged_child)
		.where((merge.survivor == child) & (merge.workflow_state == linkage_rules.APPROVED))
		.run(pluck=True)
	)


def related_records(doctype: str, name: str) -> list[tuple[str, str]]:
	"""The record and what holds the same child's data: a referral's triage; a Child's referrals."""
	records = [(doctype, name)]
	if doctype == "Universal Referral":
		records.append(("Referral Triage", name))
	elif doctype == "Child":
		for referral in referrals_of_child(name):
			records += [("Universal Referral", referral), ("Referral Triage", referral)]
		# a child merged into this one: its reads, kept as they were written, shown here
		records += [("Child", merged) for merged in merged_into(name)]
	return records


@frappe.whitelist()
def who_read(doctype: str, name: str) -> list[dict]:
	"""The latest reads of this record (and of what holds the same child's data), newest first."""
	if doctype not in LOGGED_DOCTYPES:
		frappe.throw(_("Reads of {0} are not logged.").format(_(doctype)), frappe.ValidationError)
	frappe.has_permission(LOG_DOCTYPE, "read", throw=True)
	frappe.get_doc(doctype, name).check_permission("read")
	rows = []
	for record_doctype, record_name in related_records(doctype, name):
		rows += frappe.get_list(
			LOG_DOCTYPE,
			filters={"reference_doctype": record_doctype, "reference_name": record_name},
			fields=READ_FIELDS,
			order_by="accessed_at desc",
			limit_page_length=MAX_ROWS,
		)
	return sorted(rows, key=lambda r: r.accessed_at, reverse=True)[:MAX_ROWS]
