"""The app's web forms save through a declared shape, not through whatever Frappe's `accept` takes.

Frappe's save sets every field of the web form from what was sent, builds child rows from whole
dicts and updates a row by its `name` alone, whoever's document it belongs to: a partner naming a
row of another agency's referral moved it into their own draft. Here, before Frappe's save runs:

- the shape (`shape_of`) is read once per call from the Web Form and its DocType's meta: the fields
  the form shows, with their types, and its tables with the fields their rows show;
- a value of the wrong type, a field the form does not show (unless it is what the form itself
  loaded), a row `name` that is not one of THIS document's rows of that table (another document's
  and one that does not exist get the same answer), and a Link to a record the user may not read
  or that is not in the state the link needs, are refused with a plain 4xx naming the field;
- read-only fields (the form's, the DocType's, and those the user may not read) keep what is
  stored: whatever was sent for them is not used;
- a document already sent, submitted or approved cannot change here at all.
"""

import json
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.website.doctype.web_form.web_form import get_web_form_module

from smallchanges.access.names import open_record, require_name
from smallchanges.rules import field_values

# Frappe's own columns and what the web form's client adds (its local state); never used.
STANDARD = {"owner", "creation", "modified", "modified_by", "docstatus", "idx", "parent", "parentfield"}
STANDARD |= {"parenttype", "_user_tags", "_comments", "_assign", "_liked_by", "_seen", "doctype", "name"}
STANDARD |= {"web_form_name"}
# What a Link may point at, and in which state: otherwise the same refusal as for a record the
# user may not read.
LINK_STATES = {"LA Service": ("status", ("active",)), "Child Protection Plan": ("status", ("Active",))}
# Configuration, not case data: read from Frappe's document cache (emptied when the record changes).
CACHED_LINKS = frozenset({"LA Service"})


class WebFormValueRefused(frappe.ValidationError):
	http_status_code = 400


@dataclass(frozen=True)
class Field:
	fieldname: str
	label: str
	fieldtype: str
	options: str | None
	length: int | None
	read_only: bool


@dataclass(frozen=True)
class Table:
	fieldname: str
	label: str
	doctype: str
	fields: dict  # fieldname -> Field
	layout: frozenset  # the child DocType's layout fields (column breaks): the client sends them empty


@dataclass(frozen=True)
class Shape:
	web_form: str
	doctype: str
	fields: dict  # fieldname -> Field: the form's value fields
	tables: dict  # fieldname -> Table
	# fieldname -> Field: the DocType's other value fields: those the server sets are never used from
	# here (the form may send back what it loaded), the others only sent back unchanged
	outside: dict
	unused: dict  # fieldname -> label: the DocType's other tables and layout fields (never saved here)


def shape_of(web_form: str) -> Shape:
	"""What the web form saves, from its definition and its DocType's meta (never retyped)."""
	form = frappe.get_cached_doc("Web Form", web_form)
	meta = frappe.get_meta(form.doc_type)
	fields, tables = {}, {}
	for row in form.web_form_fields:
		df = row.fieldname and meta.get_field(row.fieldname)
		if not df:
			continue
		if df.fieldtype == "Table":
			layout = frozenset(
				f.fieldname
				for f in frappe.get_meta(df.options).fields
				if f.fieldtype in frappe.model.no_value_fields
			)
			tables[df.fieldname] = Table(
				df.fieldname, df.label or df.fieldname, df.options, _row_fields(form, df), layout
			)
		elif df.fieldtype not in frappe.model.no_value_fields:
			fields[df.fieldname] = _field(df, read_only=row.read_only or df.read_only or df.permlevel)
	outside = {
		df.fieldname: _field(df, read_only=df.read_only)
		for df in meta.fields
		if df.fieldname not in fields
		and df.fieldname not in tables
		and df.fieldtype not in frappe.model.no_value_fields
	}
	unused = {
		df.fieldname: df.label or df.fieldname
		for df in meta.fields
		if df.fieldname not in tables and df.fieldtype in frappe.model.no_value_fields
	}
	return Shape(web_form, form.doc_type, fields, tables, outside, unused)


def _field(df, read_only) -> Field:
	return Field(df.fieldname, df.label or df.fieldname, df.fieldtype, df.options, df.length, bool(read_only))


def _row_fields(form, table_df) -> dict:
	"""The fields the form's rows show: the web form module's `saved_row_fields` if it has one (the
	minutes form shows links as read-only text), else the child DocType's visible fields."""
	module = get_web_form_module(form) if form.is_standard else None
	shown = getattr(module, "saved_row_fields", None)
	meta = frappe.get_meta(table_df.options)
	rows = (
		shown(table_df.options)
		if shown
		else [(df.fieldname, df.read_only) for df in meta.fields if not df.hidden]
	)
	out = {}
	for fieldname, shown_read_only in rows:
		df = meta.get_field(fieldname)
		if df and df.fieldtype not in frappe.model.no_value_fields:
			read_only = shown_read_only or df.read_only or df.permlevel or df.hidden
			out[df.fieldname] = _field(df, read_only=read_only)
	for df in meta.fields:  # hidden ones: kept as stored
		if df.fieldname not in out and df.fieldtype not in frappe.model.no_value_fields:
			out[df.fieldname] = _field(df, read_only=True)
	return out


def checked_data(web_form: str, data) -> str:
	"""The JSON Frappe's save is given: what was sent, as the web form's shape allows it."""
	shape = shape_of(web_form)
	values = _parse(data)
	name = values.get("name")
	stored = None if field_values.empty(name) else _own_document(shape.doctype, name)
	if values.get("doctype") not in (None, "", shape.doctype):
		_refuse(_("This form saves a {0}, not another kind of record.").format(_(shape.doctype)))
	if values.get("web_form_name") not in (None, "", web_form):
		_refuse(_("This is not the form these values were sent from."))
	out = {"doctype": shape.doctype}
	if stored:
		out["name"] = stored.name
	readable = _readable(stored)
	for key, value in values.items():
		if key in shape.fields:
			_set_field(out, shape.fields[key], value, stored)
		elif key in shape.tables:
			out[key] = _rows(shape.tables[key], value, stored)
		elif key in shape.outside:
			if shape.outside[key].read_only:
				_check_type(shape.outside[key], value)  # the server's to set: never used from here
			else:
				_check_unchanged(shape.outside[key], value, readable)
		elif key in shape.unused:
			if not (_scalar(value) or isinstance(value, list)):
				_refuse(_("{0} cannot be set from this form.").format(_(shape.unused[key])))
		elif key.startswith("__"):
			continue  # the form's client's own state
		elif key not in STANDARD or not _scalar(value):
			_refuse(_("{0} is not a field of this form.").format(key[:60]))
	for field in shape.fields.values():
		if field.read_only and stored:
			out[field.fieldname] = _plain(stored.get(field.fieldname))
	return json.dumps(out)


def _parse(data) -> dict:
	if isinstance(data, str):
		try:
			data = json.loads(data)
		except ValueError:
			_refuse(_("The form's values did not arrive as JSON."))
	if not isinstance(data, dict):
		_refuse(_("The form's values did not arrive as a record."))
	return data


def _own_document(doctype: str, name):
	"""The stored document the save names: the user's to change now, or the one same refusal."""
	require_name(name, doctype)
	open_record(doctype, name, "read")
	doc = frappe.get_doc(doctype, name)
	if doc.docstatus != 0 or not frappe.has_permission(doctype, "write", doc):
		_refuse(_("This {0} has been sent or approved: it cannot be changed here.").format(_(doctype)))
	return doc


def _readable(stored) -> dict:
	"""The stored document as the web form loaded it for this user (fields they may not read gone)."""
	if not stored:
		return {}
	copy = frappe.get_doc(stored.as_dict())
	copy.apply_fieldlevel_read_permissions()
	return json.loads(frappe.as_json(copy.as_dict(no_nulls=False)))


def _set_field(out: dict, field: Field, value, stored) -> None:
	_check_type(field, value)
	if field.read_only:
		if stored:
			return  # the stored value is put back below
		if field.fieldtype != "Link":
			return  # computed by the server (Frappe would set what was sent)
	if field.fieldtype == "Link" and not field_values.empty(value):
		if not stored or value != stored.get(field.fieldname):
			_check_link(field, value)
	out[field.fieldname] = value


def _rows(table: Table, value, stored) -> list:
	"""The rows to save: this document's own rows (by name) and new ones; nothing else."""
	if field_values.empty(value):
		value = []
	if not isinstance(value, list) or len(value) > 500:
		_refuse(_("{0} must be a list of rows.").format(_(table.label)))
	own = {row.name: row for row in (stored.get(table.fieldname) if stored else [])}
	seen, rows = set(), []
	for number, row in enumerate(value, start=1):
		if not isinstance(row, dict):
			_refuse(_("{0}, row {1}: not a row.").format(_(table.label), number))
		before = _own_row(table, row, own, number)
		if before is not None and before.name in seen:
			_refuse(_("{0}, row {1}: the same row is sent twice.").format(_(table.label), number))
		rows.append(_row(table, row, before, number))
		if before is not None:
			seen.add(before.name)
	return rows


def _own_row(table: Table, row: dict, own: dict, number: int):
	"""The stored row of THIS document's table the row names, None for a new row; else refused
	(the same for another document's row and for a name no row has)."""
	name = row.get("name")
	if field_values.empty(name):
		return None
	if not isinstance(name, str):
		_refuse(_("{0}, row {1}: a row's name must be text.").format(_(table.label), number))
	if name in own:
		return own[name]
	if row.get("__islocal"):
		return None  # a row the form's client just added (it names new rows itself)
	_refuse(_("{0}, row {1} is not one of this form's rows.").format(_(table.label), number))


def _row(table: Table, row: dict, before, number: int) -> dict:
	out = {"doctype": table.doctype}
	if before is not None:
		out.update(name=before.name, owner=before.owner, creation=_plain(before.creation))
	for key, value in row.items():
		field = table.fields.get(key)
		if field is None:
			if key in table.layout and _scalar(value):
				continue
			if key in STANDARD or key.startswith("__"):
				if (key == "doctype" and value not in (None, "", table.doctype)) or not _scalar(value):
					_refuse(_("{0}, row {1}: not a row of this table.").format(_(table.label), number))
				continue
			_refuse(
				_("{0}, row {1}: {2} is not a field of this table.").format(_(table.label), number, key[:60])
			)
		label = f"{_(table.label)}, {_('row')} {number}: {_(field.label)}"
		_check_type(field, value, label)
		if field.read_only:
			continue
		if field.fieldtype == "Link" and not field_values.empty(value):
			if before is None or value != before.get(key):
				_check_link(field, value, label)
		out[key] = value
	for field in table.fields.values():
		if field.read_only:
			out[field.fieldname] = _plain(before.get(field.fieldname)) if before is not None else None
	return out


def _check_type(field: Field, value, label: str | None = None) -> None:
	problem = field_values.problem(field.fieldtype, value, field.options, field.length)
	if problem:
		_refuse(_("{0} {1}.").format(label or _(field.label), _(problem)))


def _check_link(field: Field, value, label: str | None = None) -> None:
	"""A Link only to a record the user may read, in the state the link needs; one refusal for all."""
	doctype = field.options
	state = LINK_STATES.get(doctype)
	try:
		# one read for the permission and the state
		linked = (frappe.get_cached_doc if doctype in CACHED_LINKS else frappe.get_doc)(doctype, value)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		linked = None
	allowed = (
		linked is not None
		and frappe.has_permission(doctype, "read", linked)
		and (not state or linked.get(state[0]) in state[1])
	)
	if not allowed:
		_refuse(
			_("{0}: there is no {1} of that name that you can choose.").format(
				label or _(field.label), _(doctype)
			)
		)


def _check_unchanged(field: Field, value, readable: dict) -> None:
	"""A field the form does not show: only sent back as the form loaded it (or empty)."""
	stored = readable.get(field.fieldname)
	if field_values.empty(value) and field_values.empty(stored):
		return
	if value == stored or (_scalar(value) and stored is not None and str(value) == str(stored)):
		return
	_refuse(_("{0} cannot be set from this form.").format(_(field.label)))


def _scalar(value) -> bool:
	return value is None or isinstance(value, str | int | float | bool)


def _plain(value):
	return json.loads(frappe.as_json(value)) if value is not None else None


def _refuse(message: str) -> None:
	frappe.throw(message, WebFormValueRefused, title=_("Not saved"))
