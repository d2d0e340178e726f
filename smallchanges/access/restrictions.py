"""Restricted records: a Child sealed to named staff, and everything about that child with it.

ONE criterion, used by every scope hook of every DocType (hooks.py registers it under "*" for
`permission_query_conditions` and `has_permission`) and by the duplicate search:

- *sealed children* (`sealed.sealed_children(user)`, access/sealed.py): the children with an
  active Child Restriction that is not open to the user; Administrator and partners have none;
  when no child is restricted, no condition is added anywhere.
- *what is about a child* (`about_a_child.child_paths`, access/about_a_child.py) is derived from
  the DocTypes' meta, so a new DocType joins by linking to Child; with it here, the references of
  Frappe's own records (Version, Comment, Communication, File, ToDo, ...) to any of them.

The list condition is an indexed SQL condition (`not in` a short list of child names, or a
subquery on an indexed link column); `has_permission` runs the same criterion against the stored
row (and against the values of a document being created). Child Restriction itself is not about a
child in this sense: its DocPerm (Director, Principal Social Worker) decides who reads it.
"""

import frappe
from frappe.query_builder import Criterion

from smallchanges.access.about_a_child import (
	CHILD,
	NOT_ABOUT_A_CHILD,
	child_paths,
	doctypes_about_a_child,
	is_app_doctype,
)
from smallchanges.access.scope import as_condition
from smallchanges.access.sealed import exempt, governs, sealed_children

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
	if not sealed or doctype in NOT_ABOUT_A_CHILD or not is_app_doctype(doctype):
		return None
	return touches(doctype, sealed, table)


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
	if doc.doctype in NOT_ABOUT_A_CHILD or not is_app_doctype(doc.doctype):
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
