"""Restricted records: a Child sealed to named staff, and everything about that child with it.

ONE criterion, used by every scope hook of every DocType (hooks.py registers it under "*" for
`permission_query_conditions` and `has_permission`) and by the duplicate search:

- *sealed children* (`sealed_children(user)`): the children with an active Child Restriction that
  is not open to the user. It is open to the people it names (as users or through its User Group),
  to whoever set it, and to someone who broke the glass on it within the time the Safeguarding
  Policy allows (an opening row of the restriction, `open_until` in the future). Administrator
  (Frappe's own bypass) and partners (who must never see that a restriction exists; what their
  agency sent stays theirs, by the referral criterion) have none. The set is read once per request
  from the small Child Restriction tables (`status` and `child` indexed); when no child is
  restricted, no condition is added anywhere.
- *what is about a child* is derived from the DocTypes' meta, so a new DocType joins by linking to
  Child: a Link field to Child; a table whose rows link to Child (a plan's children); a Link field
  to a DocType that is itself about a child (minutes -> plan, triage -> referral); the rows of such
  a DocType's tables listed on their own (parenttype/parent); and the references of Frappe's own
  records (Version, Comment, Communication, File, ToDo, ...) to any of them. The one relation meta
  cannot show, a referral's children linked to Child records through Referral Child Link, is
  declared in `THROUGH`.

The list condition is an indexed SQL condition (`not in` a short list of child names, or a
subquery on an indexed link column); `has_permission` runs the same criterion against the stored
row (and against the values of a document being created). Child Restriction itself is not about a
child in this sense: its DocPerm (Director, Principal Social Worker) decides who reads it.
"""

import frappe
from frappe.query_builder import Criterion
from frappe.utils import now_datetime

from smallchanges.access.scope import as_condition, scope_of
from smallchanges.roles import RESTRICTION_GOVERNORS

CHILD = "Child"
RESTRICTION = "Child Restriction"
RESTRICTION_USER = "Child Restriction User"
RESTRICTION_OPENING = "Child Restriction Opening"
ACTIVE = "Active"

# A DocType about a child that meta cannot show: (the linking DocType, its link to this one, its link
# to Child). A referral is about the Child records its children were linked to at triage.
THROUGH = {"Universal Referral": ("Referral Child Link", "referral", "child")}

# Frappe's records that point at another record by (DocType, name): they follow that record.
REFERENCES = {
	"Version": ("ref_doctype", "docname"),
	"Comment": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"File": ("attached_to_doctype", "attached_to_name"),
	"ToDo": ("reference_type", "reference_name"),
	"DocShare": ("share_doctype", "share_name"),
	"Activity Log": ("reference_doctype", "reference_name"),
	"View Log": ("reference_doctype", "reference_name"),
	"Notification Log": ("document_type", "document_name"),
	"Email Queue": ("reference_doctype", "reference_name"),
	"Record Access Log": ("reference_doctype", "reference_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"Communication Link": ("link_doctype", "link_name"),
}

# Frappe's records of a restriction itself (its history, comments, files): only its governors read them.
OF_THE_RESTRICTION = frozenset(REFERENCES) - {"Notification Log", "Email Queue"}

# Never about a child: the restriction itself (its DocPerm decides), and Frappe's own DocTypes that
# merely link a Child for their configuration.
NOT_ABOUT_A_CHILD = frozenset({RESTRICTION, RESTRICTION_USER, RESTRICTION_OPENING, "DocType", "DocField"})
MAX_DEPTH = 3
_SEALED = "smallchanges_sealed_children"
_PATHS = "smallchanges_child_paths"


def _memo(name: str) -> dict:
	"""A dict kept for this request (frappe.local is reset between requests)."""
	memo = getattr(frappe.local, name, None)
	if memo is None:
		memo = {}
		setattr(frappe.local, name, memo)
	return memo


# ---- who is sealed from what ---------------------------------------------------------------------
def exempt(user: str | None = None) -> bool:
	"""Administrator keeps Frappe's bypass; partners never meet a restriction (their agency's
	referrals stay theirs); a user without an app role reaches no record of the app anyway."""
	scope = scope_of(user)
	return scope.user == "Administrator" or not scope.staff


RESTRICTED_CACHE = "smallchanges:restricted_children"


def restricted_children() -> list[str]:
	"""Every child with an active restriction (no permission check: the set the criterion starts
	from), kept in the site cache until a restriction changes. A council restricts tens or hundreds
	of children, not thousands."""

	def read():
		r = frappe.qb.DocType(RESTRICTION)
		return frappe.qb.from_(r).select(r.child).distinct().where(r.status == ACTIVE).run(pluck=True)

	return frappe.cache.get_value(RESTRICTED_CACHE, read)


def open_to(user: str) -> list[str]:
	"""The restricted children this user may reach: named, in the named group, the one who set it,
	or within a break-glass opening."""
	r = frappe.qb.DocType(RESTRICTION)
	named = frappe.qb.DocType(RESTRICTION_USER)
	opening = frappe.qb.DocType(RESTRICTION_OPENING)
	member = frappe.qb.DocType("User Group Member")
	named_in = (
		frappe.qb.from_(named)
		.select(named.parent)
		.where((named.parenttype == RESTRICTION) & (named.user == user))
	)
	opened = (
		frappe.qb.from_(opening)
		.select(opening.parent)
		.where(
			(opening.parenttype == RESTRICTION)
			& (opening.user == user)
			& (opening.open_until > now_datetime())
		)
	)
	groups = frappe.qb.from_(member).select(member.parent).where(member.user == user)
	return (
		frappe.qb.from_(r)
		.select(r.child)
		.distinct()
		.where(r.status == ACTIVE)
		.where(
			Criterion.any(
				[r.set_by == user, r.name.isin(named_in), r.name.isin(opened), r.user_group.isin(groups)]
			)
		)
		.run(pluck=True)
	)


def sealed_children(user: str | None = None) -> tuple[str, ...]:
	"""The children `user` may not reach (empty for the exempt). Read once per request and user."""
	user = user or frappe.session.user
	if exempt(user):
		return ()
	cache = _memo(_SEALED)
	if user not in cache:
		restricted = restricted_children()
		cache[user] = tuple(sorted(set(restricted) - set(open_to(user)))) if restricted else ()
	return cache[user]


def forget() -> None:
	"""After a restriction is set, lifted or opened: the next check reads the tables again (now, and
	once the change is committed or rolled back)."""

	def clear():
		setattr(frappe.local, _SEALED, None)
		frappe.cache.delete_value(RESTRICTED_CACHE)

	clear()
	frappe.db.after_commit.add(clear)
	frappe.db.after_rollback.add(clear)


# ---- what is about a child (from meta) -----------------------------------------------------------
def _link_fields(meta, options: str) -> list[str]:
	return [df.fieldname for df in meta.fields if df.fieldtype == "Link" and df.options == options]


def child_paths(doctype: str, depth: int = 0) -> tuple:
	"""How a row of `doctype` reaches children: a tuple of steps, each one of
	("self",), ("field", fieldname), ("table", table_doctype, fieldname), ("link", fieldname, doctype),
	("through", doctype, its_link, its_child_field), ("rows", parent_doctype). Empty: not about a child."""
	cache = _memo(_PATHS)
	key = (doctype, depth)
	if key not in cache:
		cache[key] = _derive(doctype, depth)
	return cache[key]


def _derive(doctype: str, depth: int) -> tuple:
	if doctype == CHILD:
		return (("self",),)
	if doctype in NOT_ABOUT_A_CHILD or depth > MAX_DEPTH or not frappe.db.exists("DocType", doctype):
		return ()
	meta = frappe.get_meta(doctype)
	steps = [("field", fieldname) for fieldname in _link_fields(meta, CHILD)]
	for df in meta.get_table_fields():
		for fieldname in _link_fields(frappe.get_meta(df.options), CHILD):
			steps.append(("table", df.options, fieldname))
	for df in meta.fields:
		if df.fieldtype == "Link" and df.options not in (CHILD, doctype) and _is_app_doctype(df.options):
			if child_paths(df.options, depth + 1):
				steps.append(("link", df.fieldname, df.options))
	if doctype in THROUGH:
		steps.append(("through", *THROUGH[doctype]))
	if meta.istable:
		for parent in _parents_of_table(doctype):
			if child_paths(parent, depth + 1):
				steps.append(("rows", parent))
	return tuple(dict.fromkeys(steps))


def _app_modules() -> set[str]:
	cache = _memo(_PATHS)
	if "modules" not in cache:
		# Module names only (no record of anyone's): read for the app's own DocTypes.
		cache["modules"] = set(frappe.get_all("Module Def", {"app_name": "smallchanges"}, pluck="name"))
	return cache["modules"]


def _is_app_doctype(doctype: str) -> bool:
	"""Links are followed within the app's DocTypes (a Link to User or to DocType is not a path)."""
	module = frappe.db.get_value("DocType", doctype, "module", cache=True)
	return module in _app_modules()


def _parents_of_table(table_doctype: str) -> list[str]:
	field = frappe.qb.DocType("DocField")
	return (
		frappe.qb.from_(field)
		.select(field.parent)
		.distinct()
		.where((field.fieldtype == "Table") & (field.options == table_doctype))
		.run(pluck=True)
	)


def about_a_child(doctype: str) -> bool:
	return bool(child_paths(doctype))


# ---- the criterion -------------------------------------------------------------------------------
def _present(column):
	return column.isnotnull()


def touches(doctype: str, sealed: tuple[str, ...], table=None, depth: int = 0):
	"""The rows of `doctype` that touch one of the `sealed` children (None: no row can)."""
	table = table or frappe.qb.DocType(doctype)
	terms = []
	for step in child_paths(doctype, depth):
		kind = step[0]
		if kind == "self":
			terms.append(table.name.isin(sealed))
		elif kind == "field":
			terms.append(_present(table[step[1]]) & table[step[1]].isin(sealed))
		elif kind == "table":
			row = frappe.qb.DocType(step[1]).as_(f"sealed_rows_{depth}")
			parents = (
				frappe.qb.from_(row)
				.select(row.parent)
				.where((row.parenttype == doctype) & row[step[2]].isin(sealed))
			)
			terms.append(table.name.isin(parents))
		elif kind == "link":
			linked = _sealed_names(step[2], sealed, depth + 1)
			if linked is not None:
				terms.append(_present(table[step[1]]) & table[step[1]].isin(linked))
		elif kind == "through":
			link = frappe.qb.DocType(step[1]).as_(f"sealed_links_{depth}")
			names = (
				frappe.qb.from_(link)
				.select(link[step[2]])
				.where(_present(link[step[2]]) & link[step[3]].isin(sealed))
			)
			terms.append(table.name.isin(names))
		elif kind == "rows":
			parents = _sealed_names(step[1], sealed, depth + 1)
			if parents is not None:
				terms.append((table.parenttype == step[1]) & table.parent.isin(parents))
	return Criterion.any(terms) if terms else None


def _sealed_names(doctype: str, sealed: tuple[str, ...], depth: int):
	"""A subquery: the names of the records of `doctype` that touch a sealed child."""
	if doctype == CHILD:
		return list(sealed)
	inner = frappe.qb.DocType(doctype).as_(f"sealed_{depth}")
	reached = touches(doctype, sealed, inner, depth)
	if reached is None:
		return None
	return frappe.qb.from_(inner).select(inner.name).where(reached)


def _references_touching(table, dt_field: str, dn_field: str, sealed: tuple[str, ...]):
	"""Frappe's records that point at a record about a sealed child."""
	terms = []
	for doctype in doctypes_about_a_child():
		names = _sealed_names(doctype, sealed, 1)
		if names is not None:
			terms.append((table[dt_field] == doctype) & table[dn_field].isin(names))
	return Criterion.any(terms) if terms else None


def doctypes_about_a_child() -> list[str]:
	"""The app's DocTypes that are about a child (what Frappe's records may point at)."""
	cache = _memo(_PATHS)
	if "doctypes" not in cache:
		# DocType names only; reached only for staff with a sealed child (partners are exempt).
		doctypes = frappe.get_all("DocType", {"module": ["in", list(_app_modules())]}, pluck="name")
		cache["doctypes"] = [doctype for doctype in sorted(doctypes) if about_a_child(doctype)]
	return cache["doctypes"]


def hidden(doctype: str, sealed: tuple[str, ...], table=None, user: str | None = None):
	"""The rows of `doctype` a user with these sealed children may not reach (None: none hidden)."""
	table = table or frappe.qb.DocType(doctype)
	if doctype in REFERENCES:
		terms = []
		if doctype in OF_THE_RESTRICTION and not exempt(user) and not governs(user):
			# the restriction's own history and comments: its governors' (they name the child)
			terms.append(
				table[REFERENCES[doctype][0]].isin(sorted(NOT_ABOUT_A_CHILD - {"DocType", "DocField"}))
			)
		if sealed:
			terms.append(_references_touching(table, *REFERENCES[doctype], sealed))
		terms = [term for term in terms if term is not None]
		return Criterion.any(terms) if terms else None
	if not sealed or doctype in NOT_ABOUT_A_CHILD or not _is_app_doctype(doctype):
		return None
	return touches(doctype, sealed, table)


def governs(user: str | None = None) -> bool:
	"""A Director or the Principal Social Worker: sets, lifts and reads restrictions."""
	return bool(set(frappe.get_roles(user or frappe.session.user)) & RESTRICTION_GOVERNORS)


def not_hidden(doctype: str, table=None, user: str | None = None):
	"""For a query built with frappe.qb (a script report): the rows the user may reach, or None
	when nothing is hidden from them."""
	reached = hidden(doctype, sealed_children(user), table, user)
	return None if reached is None else reached.negate()


# ---- the hooks (registered under "*") ------------------------------------------------------------
def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions of every DocType: "" unless rows of it touch a sealed child."""
	if not doctype:
		return ""
	reached = hidden(doctype, sealed_children(user), user=user)
	return "" if reached is None else as_condition(reached.negate())


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""has_permission of every DocType: False for a record that touches a sealed child (judged from
	the stored row, and from the values of a document being created), else None (no objection)."""
	sealed = sealed_children(user)
	if doc.doctype in REFERENCES:
		dt_field, dn_field = REFERENCES[doc.doctype]
		target, name = doc.get(dt_field), doc.get(dn_field)
		if (
			doc.doctype in OF_THE_RESTRICTION
			and target in NOT_ABOUT_A_CHILD
			and target not in ("DocType", "DocField")
		):
			return None if exempt(user) or governs(user) else False
		if sealed and target and name and isinstance(name, str) and record_is_hidden(target, name, sealed):
			return False
		return None
	if not sealed:
		return None
	if doc.doctype in NOT_ABOUT_A_CHILD or not _is_app_doctype(doc.doctype):
		return None
	if not doc.is_new() and doc.name and record_is_hidden(doc.doctype, doc.name, sealed):
		return False
	if _values_touch(doc, sealed):
		return False
	return None


def record_is_hidden(doctype: str, name: str, sealed: tuple[str, ...] | None = None) -> bool:
	sealed = sealed_children() if sealed is None else sealed
	reached = hidden(doctype, sealed) if sealed else None
	if reached is None:
		return False
	table = frappe.qb.DocType(doctype)
	return bool(frappe.qb.from_(table).select(table.name).where(table.name == name).where(reached).run())


def _values_touch(doc, sealed: tuple[str, ...]) -> bool:
	"""A document's own values (as sent, e.g. a new visit of a sealed child) name a sealed child."""
	for step in child_paths(doc.doctype):
		kind = step[0]
		if kind == "self" and doc.name in sealed:
			return True
		if kind == "field" and doc.get(step[1]) in sealed:
			return True
		if kind == "table":
			rows = [
				row
				for df in doc.meta.get_table_fields()
				if df.options == step[1]
				for row in doc.get(df.fieldname) or []
			]
			if any(row.get(step[2]) in sealed for row in rows):
				return True
		if kind == "link" and doc.get(step[1]) and record_is_hidden(step[2], doc.get(step[1]), sealed):
			return True
		if kind == "rows" and doc.get("parenttype") == step[1] and doc.get("parent"):
			if record_is_hidden(step[1], doc.parent, sealed):
				return True
	return False


# ---- one child's restriction, for intake and break-glass ------------------------------------------
def active_restriction(child: str):
	"""The active restriction on this child (its name, contact, who set it, who is named), or None.
	No permission check: the callers (the duplicate check, break-glass) show none of the child."""
	r = frappe.qb.DocType(RESTRICTION)
	rows = (
		frappe.qb.from_(r)
		.select(r.name, r.child, r.contact, r.set_by, r.user_group)
		.where((r.child == child) & (r.status == ACTIVE))
		.limit(1)
		.run(as_dict=True)
	)
	if not rows:
		return None
	row = rows[0]
	row.contact = row.contact or row.set_by
	row.named = named_people(row.name, row.user_group)
	return row


def named_people(restriction: str, user_group: str | None) -> list[str]:
	"""The people a restriction names, as users and through its group."""
	named = frappe.qb.DocType(RESTRICTION_USER)
	users = (
		frappe.qb.from_(named)
		.select(named.user)
		.where((named.parenttype == RESTRICTION) & (named.parent == restriction))
		.run(pluck=True)
	)
	if user_group:
		member = frappe.qb.DocType("User Group Member")
		users += (
			frappe.qb.from_(member).select(member.user).where(member.parent == user_group).run(pluck=True)
		)
	return list(dict.fromkeys(users))


def active_restriction_contact(restriction: str) -> str | None:
	"""Whom staff contact about a restriction (its contact, else whoever set it)."""
	row = frappe.db.get_value(RESTRICTION, restriction, ["contact", "set_by"], as_dict=True)
	return (row.contact or row.set_by) if row else None
