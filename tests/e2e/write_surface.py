"""The writing half of the whole-surface test: the cases are generated from the gate's allow-list
(its calls that write), the app's web forms (their DocTypes' child tables and Link fields, and the
fields the form does not show) and the workflows, aimed by partner A at partner B's documents.

A case is (label, call, check): `call(session)` makes one request; the check says what must hold
afterwards. What no case may do is judged from the database: a snapshot of every record of the
world outside the one document A is editing (B's documents and their rows, the records they link
to, A's other documents, their files) must be the same before and after.
"""

import json
from dataclasses import dataclass, field

import frappe
from frappe.model.workflow import get_workflow_name

from smallchanges.access.gate import ALLOWED, PARTNER_WEB_FORMS

ACCEPT = "frappe.website.doctype.web_form.web_form.accept"
GET_FORM_DATA = "frappe.website.doctype.web_form.web_form.get_form_data"
APPLY_WORKFLOW = "frappe.model.workflow.apply_workflow"
UPLOAD = "frappe.handler.upload_file"
HAS_PERMISSION = "frappe.client.has_permission"
VALIDATE_LINK = "frappe.client.validate_link"
# The calls on the allow-list that write: web form saves, workflow actions, uploads.
WRITING_CALLS = (ACCEPT, APPLY_WORKFLOW, UPLOAD, "upload_file")
# What a row carries besides its DocType's fields (Frappe's and the web form's client's own keys).
ROW_KEYS = ("name", "idx", "doctype", "parent", "parentfield", "parenttype")
MISSING = "NO-SUCH-RECORD-00000"
MARK = "written by partner A"


@dataclass
class Case:
	label: str
	web_form: str | None
	call: object  # (session) -> requests.Response
	refused: bool = True  # must be answered with a 4xx
	# (doctype, name, fieldname, value A's document must not hold afterwards)
	not_held: list = field(default_factory=list)


def writing_calls() -> list[str]:
	"""The allow-list's calls that write (every entry must be one the cases below cover)."""
	return [name for name in ALLOWED if name in WRITING_CALLS]


def form_fields(web_form: str) -> dict[str, str]:
	"""fieldname -> fieldtype of the web form's fields that hold a value (tables included)."""
	doc = frappe.get_cached_doc("Web Form", web_form)
	meta = frappe.get_meta(doc.doc_type)
	out = {}
	for row in doc.web_form_fields:
		df = row.fieldname and meta.get_field(row.fieldname)
		if df and (df.fieldtype not in frappe.model.no_value_fields or df.fieldtype == "Table"):
			out[row.fieldname] = df.fieldtype
	return out


def table_fields(web_form: str) -> dict[str, str]:
	"""table fieldname -> child DocType, for the tables the web form shows."""
	meta = frappe.get_meta(PARTNER_WEB_FORMS[web_form])
	return {f: meta.get_field(f).options for f, t in form_fields(web_form).items() if t == "Table"}


def link_fields(doctype: str) -> list:
	return [df for df in frappe.get_meta(doctype).fields if df.fieldtype == "Link"]


def fields_outside_the_form(web_form: str) -> list:
	"""The DocType's value fields the web form does not show (and Frappe's standard ones)."""
	shown = form_fields(web_form)
	meta = frappe.get_meta(PARTNER_WEB_FORMS[web_form])
	outside = [
		df
		for df in meta.fields
		if df.fieldname not in shown and df.fieldtype not in frappe.model.no_value_fields
	]
	return outside


def value_for(df, targets: dict) -> object:
	"""A value of the field's type that the document does not hold now (B's record for a Link)."""
	if df.fieldtype == "Link":
		return targets.get(df.options, MISSING)
	if df.fieldtype == "Select":
		options = [o for o in (df.options or "").split("\n") if o]
		return options[-1] if options else "x"
	if df.fieldtype in ("Check",):
		return 1
	if df.fieldtype in ("Int", "Float", "Currency", "Percent"):
		return 7
	if df.fieldtype == "Date":
		return "2001-02-03"
	if df.fieldtype == "Datetime":
		return "2001-02-03 04:05:06"
	if df.fieldtype in ("JSON",):
		return {"planted": MARK}
	return MARK


def answer(response, *names: str) -> tuple:
	"""What the response tells: status, exception type and message text (names sent blanked)."""
	try:
		body = response.json()
	except ValueError:
		return (response.status_code, response.text[:200])
	text = ""
	for message in json.loads(body.get("_server_messages") or "[]"):
		try:
			message = json.loads(message)
		except ValueError:
			pass
		text += str(message.get("message") if isinstance(message, dict) else message)
	text += str(body.get("exception") or "")[:200]
	for name in names:
		text = text.replace(str(name), "<name>")
	return (response.status_code, body.get("exc_type"), text)


def snapshot(world, editing: set) -> dict:
	"""Every record of the world outside what A's save may change (by name), with all its columns."""
	state = {}
	for doctype, names in world.records.items():
		names = [n for n in names if n not in editing]
		if not names:
			continue
		for row in frappe.get_all(doctype, filters={"name": ["in", names]}, fields=["*"]):
			state[(doctype, row.name)] = dict(row)
	for child, parents in world.parents.items():
		parents = [p for p in parents if p not in editing]
		for row in frappe.get_all(child, filters={"parent": ["in", parents]}, fields=["*"]):
			state[(child, row.name)] = dict(row)
	for child, names in world.rows.items():
		for row in frappe.get_all(child, filters={"name": ["in", names]}, fields=["*"]):
			if row.parent not in editing or (child, row.name) in world.foreign_rows:
				state[(child, row.name)] = dict(row)
	for row in frappe.get_all("File", filters={"attached_to_name": ["in", world.all_names()]}, fields=["*"]):
		state[("File", row.name)] = dict(row)
	return state


def changed(before: dict, after: dict) -> list[str]:
	out = []
	for key in before.keys() | after.keys():
		if before.get(key) != after.get(key):
			if key not in after:
				out.append(f"{key} disappeared")
			elif key not in before:
				out.append(f"{key} appeared")
			else:
				fields = [f for f in after[key] if before[key].get(f) != after[key].get(f)]
				out.append(f"{key} changed: {fields}")
	return out


def workflow_actions(doctype: str) -> list[str]:
	name = get_workflow_name(doctype)
	return sorted(set(frappe.get_all("Workflow Transition", filters={"parent": name}, pluck="action")))


# ---- the world ---------------------------------------------------------------------------------
def make_world() -> frappe._dict:
	"""Partner A and partner B: referrals (A's draft; B's draft and sent ones), core groups (A's
	draft and approved minutes and agency update; B's draft, submitted and approved minutes and an
	update claimed by B's draft), with rows in every table the factories fill."""
	from frappe.utils import add_days

	from tests.core_groups_factories import CoreGroup, act, add_action, complete, start_minutes, today
	from tests.governance_factories import as_user
	from tests.referral_factories import make_partner, make_referral, make_service

	frappe.set_user("Administrator")
	a, a_agency = make_partner(first_name="Alpha")
	b, b_agency = make_partner(first_name="Bravo")
	service = make_service()
	inactive = make_service(status="inactive")
	household = [{"member_name": "Sara Test", "relationship": "Mother"}]
	ra = make_referral(a, service=service, household_members=household, saved_for_later=1).name
	ra_sent = make_referral(a, submit=True, service=service, household_members=household).name
	rb = make_referral(b, service=service, household_members=household, saved_for_later=1).name
	rb_sent = make_referral(b, submit=True, service=service, household_members=household).name

	group_a, group_b = CoreGroup(), CoreGroup()

	def minutes(group, days: int, state: str):
		doc = start_minutes(group.plan, group.school, meeting_date=add_days(today(), -days))
		if state == "Draft":
			return doc.name
		with as_user(group.school):
			doc = add_action(complete(frappe.get_doc("Core Group Minutes", doc.name)), owner=group.health)
			doc.save()
		act(doc, group.school, "Submit for Review")
		if state == "Approved":
			act(doc, group.chair, "Approve")
		return doc.name

	ma_approved = minutes(group_a, 30, "Approved")
	ma = minutes(group_a, 1, "Draft")
	mb_approved = minutes(group_b, 30, "Approved")
	mb_submitted = minutes(group_b, 15, "Submitted")
	mb = minutes(group_b, 1, "Draft")

	def update(group, user):
		with as_user(user):
			return (
				frappe.get_doc(
					{"doctype": "Core Group Agency Update", "plan": group.plan, "update_text": MARK[:9]}
				)
				.insert()
				.name
			)

	ua, ub = update(group_a, group_a.school), update(group_b, group_b.health)
	frappe.set_user("Administrator")
	world = frappe._dict(
		a=a, b=b, a_agency=a_agency, b_agency=b_agency, service=service, inactive=inactive,
		group_a=group_a, group_b=group_b,
		# web form -> (partner A's user, A's document being edited, what that save may change: the
		# document, and A's draft minutes and agency update, which show each other)
		own={
			"universal-referral": (a, ra, {ra}),
			"core-group-minutes": (group_a.school, ma, {ma, ua}),
			"core-group-agency-update": (group_a.school, ua, {ma, ua}),
		},
		# doctype -> the documents A must never write: B's, and A's own that are no longer drafts
		others={
			"Universal Referral": {"B's draft": rb, "B's sent": rb_sent, "A's sent": ra_sent},
			"Core Group Minutes": {
				"B's draft": mb, "B's submitted": mb_submitted, "B's approved": mb_approved,
				"A's approved": ma_approved,
			},
			"Core Group Agency Update": {"B's": ub},
		},
		# Link target DocType -> a record of B's (or one in the wrong state) A may not link to
		targets={
			"Child Protection Plan": group_b.plan, "Core Group Agency Update": ub,
			"Core Group Minutes": mb, "Universal Referral": rb_sent, "LA Service": inactive,
			"User": b, "Partner Agency": b_agency, "Child": group_b.child,
		},
	)  # fmt: skip
	_index(world)
	frappe.db.commit()
	return world


def _index(world) -> None:
	"""The records the snapshot reads: every document of the world, its rows, and its links."""
	records, parents, rows = {}, {}, {}
	for doctype, docs in world.others.items():
		names = list(docs.values()) + [own for _user, own, _may in world.own.values()]
		records.setdefault(doctype, []).extend(names)
		for df in frappe.get_meta(doctype).get_table_fields():
			parents.setdefault(df.options, []).extend(names)
			rows.setdefault(df.options, []).extend(
				frappe.get_all(df.options, filters={"parent": ["in", list(docs.values())]}, pluck="name")
			)
	for doctype, name in world.targets.items():
		records.setdefault(doctype, []).append(name)
	records.setdefault("LA Service", []).append(world.service)
	records.setdefault("Child Protection Plan", []).append(world.group_a.plan)
	for plan in (world.group_a.plan, world.group_b.plan):
		for df in frappe.get_meta("Child Protection Plan").get_table_fields():
			parents.setdefault(df.options, []).append(plan)
	world.records, world.parents, world.rows = records, parents, rows
	world.foreign_rows = {(child, name) for child, names in rows.items() for name in names}
	world.all_names = lambda: [n for names in records.values() for n in names]


# ---- the cases ---------------------------------------------------------------------------------
def _plain(row: dict) -> dict:
	return json.loads(frappe.as_json(row))


def _text_field(doctype: str) -> str | None:
	for df in frappe.get_meta(doctype).fields:
		if df.fieldtype in ("Data", "Small Text", "Text") and not df.read_only and not df.options:
			return df.fieldname
	return None


def _with_row(table: str, row: dict):
	# first: the refusal names the row by its number, the same whatever A's document holds by then
	return lambda echo: {**echo, table: [row, *(echo.get(table) or [])]}


def _post_accept(web_form: str, edit, name_key: str | None = None):
	def call(session, echo):
		data = edit(dict(echo))
		return session.post(f"/api/method/{ACCEPT}", data={"web_form": web_form, "data": json.dumps(data)})

	return call


def accept_cases(world) -> list[dict]:
	"""Web form saves of A's own document naming B's rows, B's documents and B's records, with
	names that are not strings and with fields the form does not show."""
	cases = []
	for web_form, (_user, own, _may) in world.own.items():
		doctype = PARTNER_WEB_FORMS[web_form]
		others = world.others.get(doctype, {})
		for table, child in table_fields(web_form).items():
			mark = _text_field(child)
			template = None
			for label, other in others.items():
				for row in frappe.get_all(
					child, filters={"parent": other, "parentfield": table}, fields=["*"]
				):
					row = _plain(row)
					template = template or row
					if mark:
						row[mark] = MARK
					base = f"{web_form}: a row of {label} {doctype} named in {table}"
					cases.append(dict(label=base, web_form=web_form, pair=("row", web_form, table),
									  call=_post_accept(web_form, _with_row(table, row))))  # fmt: skip
					local = {**row, "__islocal": 1}
					cases.append(dict(label=base + " as a new row", web_form=web_form, refused=None,
									  call=_post_accept(web_form, _with_row(table, local))))  # fmt: skip
				if template:
					filters = {**template, "name": {"parent": other}}
					cases.append(dict(label=f"{web_form}: a row named by a filter on {label} in {table}",
									  web_form=web_form, call=_post_accept(web_form, _with_row(table, filters))))  # fmt: skip
			template = template or {"name": MISSING}  # a table none of B's documents fills
			if template:
				missing = {**template, "name": MISSING}
				cases.append(dict(label=f"{web_form}: a row of no document named in {table}", web_form=web_form,
								  pair=("row", web_form, table), call=_post_accept(web_form, _with_row(table, missing))))  # fmt: skip
				listed = {**template, "name": [template["name"]]}
				cases.append(dict(label=f"{web_form}: a list as a row's name in {table}", web_form=web_form,
								  call=_post_accept(web_form, _with_row(table, listed))))  # fmt: skip
			for df in link_fields(child):
				target = world.targets.get(df.options)
				if not target:
					continue
				edit = _edit_rows(table, df.fieldname, target, template)
				cases.append(dict(label=f"{web_form}: {table}.{df.fieldname} linked to B's {df.options}",
								  web_form=web_form, refused=None, call=_post_accept(web_form, edit),
								  not_held=[(child, own, df.fieldname, target)]))  # fmt: skip
		for label, other in {**others, "no": MISSING}.items():
			cases.append(dict(label=f"{web_form}: saved as {label} {doctype}", web_form=web_form,
							  pair=("doc", web_form), call=_post_accept(web_form, _named(other))))  # fmt: skip
			cases.append(dict(label=f"{web_form}: saved under a filter on {label} {doctype}", web_form=web_form,
							  pair=("filter", web_form), call=_post_accept(web_form, _named({"name": ["like", other]}))))  # fmt: skip
			cases.append(dict(label=f"{web_form}: saved under a list naming {label} {doctype}", web_form=web_form,
							  call=_post_accept(web_form, _named([other]))))  # fmt: skip
		cases.append(dict(label=f"{web_form}: A's own document saved as the form sends it", web_form=web_form,
						  refused=False, call=_post_accept(web_form, lambda echo: echo)))  # fmt: skip
		shown = form_fields(web_form)
		for df in link_fields(doctype):
			target = world.targets.get(df.options)
			if df.fieldname in shown and target:
				cases.append(dict(label=f"{web_form}: {df.fieldname} linked to B's {df.options}", web_form=web_form,
								  refused=None, call=_post_accept(web_form, _set(df.fieldname, target)),
								  not_held=[(doctype, own, df.fieldname, target)]))  # fmt: skip
		for df in [
			*fields_outside_the_form(web_form),
			frappe._dict(fieldname="not_a_field", fieldtype="Data"),
		]:
			value = value_for(df, world.targets)
			held = [(doctype, own, df.fieldname, value)] if df.fieldname != "not_a_field" else []
			cases.append(dict(label=f"{web_form}: {df.fieldname}, a field the form does not show", web_form=web_form,
							  call=_post_accept(web_form, _set(df.fieldname, value), None), not_held=held,
							  refused=None if df.get("read_only") else True,
							  skip_if_held=(df.fieldname, value)))  # fmt: skip
	return cases


def _named(name):
	return lambda echo: {**echo, "name": name}


def _set(fieldname, value):
	return lambda echo: {**echo, fieldname: value}


def _edit_rows(table: str, fieldname: str, value, template: dict | None):
	"""A's own first row of the table pointed at `value`, and a new row pointed at it too."""

	def edit(echo):
		rows = [dict(r) for r in echo.get(table) or []]
		if rows:
			rows[0][fieldname] = value
		base = rows[0] if rows else (template or {})
		new = {k: v for k, v in base.items() if k not in ROW_KEYS}
		rows.append({**new, fieldname: value, "__islocal": 1, "name": "newrow01"})
		return {**echo, table: rows}

	return edit


def workflow_cases(world) -> list[dict]:
	"""Workflow actions on B's documents (every action of the DocType's workflow), by name, by a
	filter and by a list; on no document at all."""
	from smallchanges.access.gate import PARTNER_WORKFLOW_DOCTYPES

	cases = []
	for doctype in PARTNER_WORKFLOW_DOCTYPES:
		web_form = next(w for w, d in PARTNER_WEB_FORMS.items() if d == doctype)
		for action in workflow_actions(doctype):
			for label, other in {**world.others[doctype], "no": MISSING}.items():
				for how, name, pair in (
					("", other, ("workflow", doctype, action)),
					(" by a filter", {"name": other}, None),
					(" by a filter on", {"name": ["like", other]}, ("workflow filter", doctype, action)),
					(" by a list", [other], None),
				):
					cases.append(dict(label=f"{action}{how} {label} {doctype}", web_form=web_form, pair=pair,
									  call=_post(APPLY_WORKFLOW, doc=json.dumps({"doctype": doctype, "name": name}),
												 action=action)))  # fmt: skip
	return cases


def _post(method: str, files=None, **data):
	def call(session, echo):
		return session.post(f"/api/method/{method}", data=data, files=files)

	return call


def name_cases(world) -> list[dict]:
	"""Uploads for B's referral and the allowed calls that read a record by name."""
	from tests.referral_factories import PNG

	doctype = "Universal Referral"
	cases = []
	for label, other in {**_of_b(world.others[doctype]), "no": MISSING}.items():
		for how, name, pair in (("", other, "name"), (" by a filter", json.dumps({"name": other}), None)):
			for method in (UPLOAD, "upload_file"):
				files = {"file": ("note.png", PNG + MARK.encode(), "image/png")}
				cases.append(dict(label=f"{method}{how} for {label} referral", web_form="universal-referral",
								  pair=("upload", method) if pair else None,
								  call=_post(method, files=files, doctype=doctype, docname=name, is_private="1")))  # fmt: skip
			cases.append(dict(label=f"get_form_data{how} of {label} referral", web_form="universal-referral",
							  pair=("get_form_data",) if pair else None,
							  call=_post(GET_FORM_DATA, doctype=doctype, docname=name, web_form_name="universal-referral")))  # fmt: skip
			cases.append(dict(label=f"has_permission{how} on {label} referral", web_form="universal-referral",
							  pair=("has_permission",) if pair else None,
							  call=_post(HAS_PERMISSION, doctype=doctype, docname=name, ptype="write")))  # fmt: skip
	for how, name in (
		(" by a filter", json.dumps({"name": ["like", "%"]})),
		(" by a list", json.dumps([world.inactive])),
	):
		cases.append(dict(label=f"validate_link{how}", web_form="universal-referral",
						  call=_post(VALIDATE_LINK, doctype="LA Service", docname=name, fields='["status"]')))  # fmt: skip
	return cases


def _of_b(docs: dict) -> dict:
	return {label: name for label, name in docs.items() if label.startswith("B's")}


def all_cases(world) -> list[dict]:
	return accept_cases(world) + workflow_cases(world) + name_cases(world)
