"""Who read which child's data, when, through what: the access log (UK GDPR accountability).

Two choke points every read passes, for every user and channel:
- a single document (desk form, REST GET, print/PDF, web form and its page) is read only after
  Frappe asks the DocType's `has_permission` hook, so `logged_reads` wraps those hooks and
  records the document when the user's roles grant the read;
- a list, report, export or search runs the DocType's `permission_query_conditions` hook, so
  `logged_lists` wraps those and marks the DocType; the names are taken from the reply, or, for a
  list rendered into a page (Frappe's /list), from the rows its `get_list` returned (`listing`).
Nothing is written during the request: what was read is kept in `frappe.local` and written after
it (`after_request`), only when the reply is not an error: one row per record opened, and one row
per page a list, report, export or search read, with the records it showed in its `records` table
(Record Access Log Record, indexed by record), so that "who read this record" is two indexed
lookups however the record was read. Background jobs and console sessions (no request) are not
user reads and are not logged.

`who_read` reads the log back, in people's names and plain words, for those who may read the log
(a Director or System Manager): the record's form shows its button only to them
(`add_onload_flag`, a flag in the form's `__onload`).
"""

import functools

import frappe
from frappe import _
from frappe.utils import now_datetime
from pypika.terms import Parameter

from smallchanges.rules import access_log as access_rules
from smallchanges.rules import linkage as linkage_rules

LOG_DOCTYPE = "Record Access Log"
RECORDS_DOCTYPE = "Record Access Log Record"  # the records one list read showed
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
	"""after_request: write what this request read (not when it failed): one row per record opened,
	one row for the list it read, with the records that list showed."""
	reads = getattr(frappe.local, _READS, None) or {}
	lists = getattr(frappe.local, _LISTS, None) or set()
	listed_rows = getattr(frappe.local, _LISTED, None) or {}
	setattr(frappe.local, _READS, None)
	setattr(frappe.local, _LISTS, None)
	setattr(frappe.local, _LISTED, None)
	if not (reads or lists) or response is None or response.status_code >= 400 or not frappe.db:
		return
	path, method = _request()
	rows = [(doctype, name, channel, ()) for doctype, name, channel in reads]
	if lists and not access_rules.is_aggregate(method):
		channel = access_rules.channel_of(path, method)
		listed = frappe.form_dict.get("doctype")
		doctype = listed if listed in lists else sorted(lists)[0]
		names = listed_rows.get(doctype) or access_rules.names_in(_reply_payload())
		unread = tuple(name for name in names if (doctype, name, channel) not in reads)
		if unread or not names:  # a list whose names the reply does not carry: its query is logged
			rows.append((doctype, None, channel, unread))
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
	"records_listed",
)
RECORD_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"parent",
	"parentfield",
	"parenttype",
	"idx",
	"reference_doctype",
	"reference_name",
)
CHUNK = 500  # rows a statement


@functools.lru_cache(maxsize=128)
def _insert_sql(doctype: str, fields: tuple[str, ...], rows: int) -> str:
	"""One multi-row INSERT with placeholders, built once per row count (frappe.db.bulk_insert renders
	every value through the query builder, which costs a list read more than its query does)."""
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.into(table).columns(*fields)
	for _row in range(rows):
		query = query.insert(*[Parameter("%s")] * len(fields))
	return query.get_sql()


def _insert(doctype: str, fields: tuple[str, ...], values: list[tuple]) -> None:
	for start in range(0, len(values), CHUNK):
		chunk = values[start : start + CHUNK]
		frappe.db.sql(
			_insert_sql(doctype, fields, len(chunk)), tuple(value for row in chunk for value in row)
		)


def write(rows: list[tuple], user: str, request: str, detail: str | None) -> None:
	"""Rows of (record type, record or None, channel, names a list showed): one log row each, and one
	Record Access Log Record per name a list showed."""
	now = now_datetime()
	values, records = [], []
	for doctype, name, channel, names in rows:
		log_name = frappe.generate_hash(length=12)
		values.append(
			(
				log_name,
				now,
				now,
				user,
				user,
				user,
				doctype,
				name,
				channel,
				request[:140],
				detail,
				now,
				len(names),
			)
		)
		records += [
			(frappe.generate_hash(length=12), now, now, user, user, log_name, "records", LOG_DOCTYPE, idx,
			 doctype, listed)
			for idx, listed in enumerate(names, start=1)
		]  # fmt: skip
	_insert(LOG_DOCTYPE, FIELDS, values)
	if records:
		_insert(RECORDS_DOCTYPE, RECORD_FIELDS, records)
	# The request's own transaction is already committed or rolled back; this commits only the log.
	frappe.db.commit()


def write_in_transaction(doctype: str, name: str, user: str, channel: str, request: str, detail: str) -> None:
	"""One row written with the request's own change (a break-glass opening with its reason): it is
	committed, or rolled back, with that change."""
	now = now_datetime()
	row = (frappe.generate_hash(length=12), now, now, user, user, user, doctype, name, channel, request[:140],
		   detail, now, 0)  # fmt: skip
	_insert(LOG_DOCTYPE, FIELDS, [row])


# ---- reading the log back ----------------------------------------------------------------------
MAX_ROWS = 500
WHO_READ_FIELDS = (
	"accessed_at",
	"user",
	"full_name",
	"channel",
	"request",
	"records_listed",
	"reference_doctype",
	"reference_name",
)


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


def _log_columns(log, user):
	return (
		log.name,
		log.accessed_at,
		log.user,
		user.full_name,
		log.channel,
		log.request,
		log.records_listed,
	)


def reads_of(doctype: str, name: str, limit: int = MAX_ROWS, **where) -> list[dict]:
	"""Every logged read of one record, newest first (no permission check): the rows that name it
	and the list reads that showed it, each through its index. `where`: equal-to filters on the log
	row (user, channel)."""
	log, record = frappe.qb.DocType(LOG_DOCTYPE), frappe.qb.DocType(RECORDS_DOCTYPE)
	user = frappe.qb.DocType("User")

	def filtered(query):
		for field, value in where.items():
			query = query.where(log[field] == value)
		return query.orderby(log.accessed_at, order=frappe.qb.desc).limit(limit)

	opened = filtered(
		frappe.qb.from_(log)
		.left_join(user)
		.on(user.name == log.user)
		.select(*_log_columns(log, user), log.reference_doctype, log.reference_name)
		.where(log.reference_doctype == doctype)
		.where(log.reference_name == name)
	)
	listed = filtered(
		frappe.qb.from_(record)
		.join(log)
		.on(log.name == record.parent)
		.left_join(user)
		.on(user.name == log.user)
		.select(*_log_columns(log, user), record.reference_doctype, record.reference_name)
		.where(record.reference_name == name)
		.where(record.reference_doctype == doctype)
		.where(record.parenttype == LOG_DOCTYPE)
	)
	rows = [*opened.run(as_dict=True), *listed.run(as_dict=True)]
	return sorted(rows, key=lambda r: r.accessed_at, reverse=True)[:limit]


def in_words(row: dict) -> dict:
	"""A log row as a person reads it: the reader's full name and what they did in plain words."""
	row["full_name"] = row.get("full_name") or row.get("user")
	row["what"] = _(access_rules.words(row.get("channel"), row.get("request")))
	return row


def may_see_who_read(user: str | None = None) -> bool:
	"""Whether this user may read the access log (a Director or System Manager, by its DocPerms)."""
	return bool(frappe.has_permission(LOG_DOCTYPE, "read", user=user or frappe.session.user))


def add_onload_flag(doc, method=None) -> None:
	"""The form's onload of a logged DocType: the "Who has read this" button shows from this flag,
	the server's own answer (Frappe's client-side `can_read` leaves read-only DocTypes out)."""
	if doc.doctype in LOGGED_DOCTYPES and not doc.is_new():
		doc.set_onload("may_see_who_read", may_see_who_read())


@frappe.whitelist()
def who_read(doctype: str, name: str) -> list[dict]:
	"""The latest reads of this record (and of what holds the same child's data), newest first: who
	(full name), when, what they did (in words)."""
	if doctype not in LOGGED_DOCTYPES:
		frappe.throw(_("Reads of {0} are not logged.").format(_(doctype)), frappe.ValidationError)
	frappe.has_permission(LOG_DOCTYPE, "read", throw=True)
	frappe.get_doc(doctype, name).check_permission("read")
	rows = []
	for record_doctype, record_name in related_records(doctype, name):
		rows += reads_of(record_doctype, record_name)
	rows = sorted(rows, key=lambda r: r.accessed_at, reverse=True)[:MAX_ROWS]
	return [in_words({field: row.get(field) for field in WHO_READ_FIELDS}) for row in rows]
