"""Property-based fuzz of each app web form's save, over HTTP as a partner: payloads generated from
the form's declared shape (its fields, their types, its tables and their rows, the DocType's other
fields), each mutated with hostile values (lists and dicts for scalars, text for numbers, huge
numbers, bad dates, options a Select does not have, rows named after another document's rows,
names that are filters, data that is not JSON). Whatever is sent: no response is a server error,
and a refused save writes nothing (the tables the forms write are the same before and after)."""

import json

import frappe
import pytest
from frappe.query_builder.functions import Count, Max
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from smallchanges.access.gate import PARTNER_WEB_FORMS
from smallchanges.access.web_form_writes import shape_of
from tests.e2e.write_surface import ACCEPT, GET_FORM_DATA, MISSING, make_world
from tests.factories import PASSWORD

EXAMPLES = 400

HOSTILE = st.one_of(
	st.none(),
	st.text(max_size=20),
	st.integers(),
	st.floats(),
	st.booleans(),
	st.just(10**40),
	st.just(-(2**63)),
	st.lists(st.text(max_size=4), max_size=3),
	st.dictionaries(st.sampled_from(["name", "like", "parent", "x"]), st.text(max_size=4), max_size=2),
	st.sampled_from(
		["2026-13-45", "0000-00-00", "0999-01-01", "31/12/2020", "2026-02-30", "1e999", "NaN", "\x00",
		 "x" * 200, "'; DROP TABLE `tabUniversal Referral`; --", "<script>alert(1)</script>", "Routine\n"]
	),
)  # fmt: skip


@pytest.fixture(scope="module")
def world(site):
	return make_world()


def tables_written() -> list[str]:
	"""The DocTypes a save of the app's web forms writes: each form's DocType and its child tables."""
	doctypes = {"File", "Core Group Agency Update"}
	for doctype in PARTNER_WEB_FORMS.values():
		doctypes.add(doctype)
		doctypes.update(df.options for df in frappe.get_meta(doctype).get_table_fields())
	return sorted(doctypes)


def fingerprint(doctypes: list[str], world, user: str) -> tuple:
	"""Row count and latest change of every record of the world and of the partner's own (a write,
	a move or a delete shows; other tests' records on the same site do not)."""
	names = [n for d in world.records.values() for n in d] + [own for _u, own, _m in world.own.values()]
	out = []
	for doctype in doctypes:
		table = frappe.qb.DocType(doctype)
		if doctype == "File":
			where = table.attached_to_name.isin(names) | (table.owner == user)
		elif frappe.get_meta(doctype).istable:
			where = table.parent.isin(names) | table.name.isin(world.rows.get(doctype) or ["-"])
		else:
			where = table.name.isin(names) | (table.owner == user)
		query = frappe.qb.from_(table).select(Count(table.name), Max(table.modified)).where(where)
		out.append(tuple(query.run()[0]))
	return tuple(out)


def plausible(field, links: list[str]):
	"""Values of the field's own type (so a payload also gets past the types, into the rules)."""
	if field.fieldtype == "Select":
		return st.sampled_from([o for o in (field.options or "").split("\n")] + ["Not an option"])
	if field.fieldtype == "Check":
		return st.sampled_from([0, 1, "1", 2])
	if field.fieldtype == "Int":
		return st.integers(min_value=-5, max_value=2**32)
	if field.fieldtype == "Date":
		return st.dates().map(str)
	if field.fieldtype == "Datetime":
		return st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S"))
	if field.fieldtype == "Link":
		return st.sampled_from([*links, MISSING])
	return st.text(max_size=60)


def payloads(web_form: str, echo: dict, world) -> st.SearchStrategy:
	shape = shape_of(web_form)
	links = list(world.targets.values())
	own_rows = {t: [r.get("name") for r in echo.get(t) or []] for t in shape.tables}
	foreign_rows = [n for names in world.rows.values() for n in names][:40]
	names = st.one_of(
		st.sampled_from([echo["name"], MISSING, *[n for d in world.others.values() for n in d.values()]]),
		HOSTILE,
	)

	def value(field):
		return st.one_of(plausible(field, links), HOSTILE)

	def row(table):
		fields = list(table.fields.values())
		row_name = st.one_of(st.sampled_from([*own_rows[table.fieldname], *foreign_rows, None]), HOSTILE)
		return st.builds(
			lambda values, name, local, extra: {**values, "name": name, **local, **extra},
			st.fixed_dictionaries({}, optional={f.fieldname: value(f) for f in fields}),
			row_name,
			st.sampled_from([{}, {"__islocal": 1}]),
			st.sampled_from([{}, {"parent": MISSING}, {"doctype": "User"}, {"not_a_field": 1}]),
		)

	mutations = []
	for field in [*shape.fields.values(), *shape.outside.values()]:
		mutations.append(st.tuples(st.just(field.fieldname), value(field)))
	for table in shape.tables.values():
		rows = st.lists(row(table), max_size=4)
		mutations.append(st.tuples(st.just(table.fieldname), st.one_of(rows, HOSTILE)))
	mutations.append(st.tuples(st.just("name"), names))
	mutations.append(st.tuples(st.sampled_from(["not_a_field", "doctype", "web_form_name", "__x"]), HOSTILE))
	edited = st.lists(st.one_of(mutations), min_size=1, max_size=4).map(
		lambda m: json.dumps({**echo, **dict(m)})
	)
	broken = st.sampled_from(["{", "[]", "null", "12", '"text"', "{'a': 1}", json.dumps([echo])])
	return st.one_of(edited, edited, edited, edited, edited, edited, edited, edited, edited, broken)


@pytest.mark.parametrize("web_form", sorted(PARTNER_WEB_FORMS))
def test_no_generated_save_of_a_web_form_is_a_server_error_or_a_partial_write(client, world, web_form):
	user, own, _may_change = world.own[web_form]
	session = client(user, PASSWORD)
	echo = session.post(
		f"/api/method/{GET_FORM_DATA}",
		data={"doctype": PARTNER_WEB_FORMS[web_form], "docname": own, "web_form_name": web_form},
	).json()["message"]["doc"]
	echo["web_form_name"] = web_form
	doctypes = tables_written()
	answered = {}

	@settings(
		max_examples=EXAMPLES,
		deadline=None,
		database=None,
		phases=[Phase.explicit, Phase.generate],  # no shrinking: the failing payload is printed whole
		suppress_health_check=list(HealthCheck),
	)
	@given(payloads(web_form, echo, world))
	def save(data):
		frappe.cache.delete_keys("rl:")
		frappe.db.rollback()
		before = fingerprint(doctypes, world, user)
		response = session.post(f"/api/method/{ACCEPT}", data={"web_form": web_form, "data": data})
		answered[response.status_code] = answered.get(response.status_code, 0) + 1
		assert response.status_code < 500, f"{response.status_code} for {data[:2000]}: {response.text[:500]}"
		if response.status_code >= 400:
			frappe.db.rollback()
			assert fingerprint(doctypes, world, user) == before, f"a refused save wrote: {data[:2000]}"

	save()
	print(web_form, "answers:", answered)
	assert sum(answered.values()) >= EXAMPLES
