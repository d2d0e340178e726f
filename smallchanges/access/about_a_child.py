"""What is about a child, derived from the DocTypes' meta: what the restriction criterion
(access/restrictions.py) follows from a record to the children it is about.

A new DocType joins by linking to Child: a Link field to Child; a table whose rows link to Child
(a plan's children); a Link field to a DocType that is itself about a child (minutes -> plan,
triage -> referral); the rows of such a DocType's tables listed on their own (parenttype/parent).
The one relation meta cannot show, a referral's children linked to Child records through Referral
Child Link, is declared in `THROUGH`. Child Restriction itself is not about a child in this sense:
its DocPerm (Director, Principal Social Worker) decides who reads it.
"""

import frappe

from smallchanges.access.sealed import RESTRICTION, RESTRICTION_OPENING, RESTRICTION_USER, request_memo

CHILD = "Child"

# A DocType about a child that meta cannot show: (the linking DocType, its link to this one, its link
# to Child). A referral is about the Child records its children were linked to at triage.
THROUGH = {"Universal Referral": ("Referral Child Link", "referral", "child")}

# Never about a child: the restriction itself (its DocPerm decides), and Frappe's own DocTypes that
# merely link a Child for their configuration.
NOT_ABOUT_A_CHILD = frozenset({RESTRICTION, RESTRICTION_USER, RESTRICTION_OPENING, "DocType", "DocField"})
MAX_DEPTH = 3
_PATHS = "smallchanges_child_paths"


def _link_fields(meta, options: str) -> list[str]:
	return [df.fieldname for df in meta.fields if df.fieldtype == "Link" and df.options == options]


def child_paths(doctype: str, depth: int = 0) -> tuple:
	"""How a row of `doctype` reaches children: a tuple of steps, each one of
	("self",), ("field", fieldname), ("table", table_doctype, fieldname), ("link", fieldname, doctype),
	("through", doctype, its_link, its_child_field), ("rows", parent_doctype). Empty: not about a child."""
	cache = request_memo(_PATHS)
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
		if df.fieldtype == "Link" and df.options not in (CHILD, doctype) and is_app_doctype(df.options):
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
	cache = request_memo(_PATHS)
	if "modules" not in cache:
		# Module names only (no record of anyone's): read for the app's own DocTypes.
		cache["modules"] = set(frappe.get_all("Module Def", {"app_name": "smallchanges"}, pluck="name"))
	return cache["modules"]


def is_app_doctype(doctype: str) -> bool:
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


def doctypes_about_a_child() -> list[str]:
	"""The app's DocTypes that are about a child (what Frappe's records may point at)."""
	cache = request_memo(_PATHS)
	if "doctypes" not in cache:
		# DocType names only; reached only for staff with a sealed child (partners are exempt).
		doctypes = frappe.get_all("DocType", {"module": ["in", list(_app_modules())]}, pluck="name")
		cache["doctypes"] = [doctype for doctype in sorted(doctypes) if about_a_child(doctype)]
	return cache["doctypes"]
