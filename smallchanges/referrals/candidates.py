"""The candidate search of the duplicate check: the database side of `smallchanges.rules.matching`.

For one child: find candidate Child records and children on other open referrals with the blocking
rules of `smallchanges.rules.blocking` (narrow combinations of phonetic name keys, dates and
postcode, each served by a composite index, unioned in ONE query per source), and let the pure
matcher rank them. The match keys and the open flag those searches read are set here too.
"""

from functools import lru_cache

import frappe
from frappe.query_builder import Criterion
from frappe.utils import getdate
from pypika.terms import Parameter, ValueWrapper

from smallchanges.rules.blocking import (
	MATCH_INDEXES,
	OPEN_REFERRAL,
	OPEN_ROW_INDEXES,
	RULE_ROW_LIMIT,
	BlockingRule,
	blocking_rules,
	open_row_index,
)
from smallchanges.rules.matching import Person
from smallchanges.rules.matching.keys import normalise_postcode, phonetic_key
from smallchanges.rules.matching.score import rank
from smallchanges.rules.referral import OPEN_STATES, person_name


def _aka(text: str | None) -> tuple[str, ...]:
	return tuple(part.strip() for part in (text or "").replace(",", "\n").splitlines() if part.strip())


def person_of(row) -> Person:
	return Person(
		first_name=row.get("first_name") or "",
		last_name=row.get("last_name") or "",
		also_known_as=_aka(row.get("also_known_as")),
		date_of_birth=getdate(row.get("date_of_birth")) if row.get("date_of_birth") else None,
		expected_date=getdate(row.get("expected_date_of_delivery"))
		if row.get("expected_date_of_delivery")
		else None,
		postcode=row.get("postcode"),
	)


def set_match_keys(row) -> None:
	"""The indexed columns candidate searches use (on a Child or a Referral Child row)."""
	row.first_name_key = phonetic_key(row.get("first_name"))
	row.last_name_key = phonetic_key(row.get("last_name"))
	row.postcode_normalised = normalise_postcode(row.get("postcode"))


def set_open_flag(row, workflow_state: str | None) -> None:
	"""On a referral's child row: whether the referral is open (what the open-referral search reads)."""
	row.set(OPEN_REFERRAL, 1 if workflow_state in OPEN_STATES else 0)


# The SQL of a union depends only on its shape (which rules, how many values in each list): it is
# built once per shape with frappe.qb, with named placeholders, and cached; each check then only
# binds its values. Value lists are padded to a few sizes (repeating a value) so shapes are few.
_PADDED_SIZES = (2, 4, 8, 16, 32, 64)


# Every branch forces its own index, so MariaDB's estimate of each range of it (an "index dive": a
# descent of the B-tree for each of up to hundreds of key and date pairs) serves nothing: for these
# statements the optimizer takes the index statistics instead (MariaDB's SET STATEMENT ... FOR).
FORCED = "SET STATEMENT eq_range_index_dive_limit = 1 FOR "


def _padded(values) -> list:
	ordered = sorted(values)
	size = next((size for size in _PADDED_SIZES if size >= len(ordered)), len(ordered))
	return ordered + ordered[-1:] * (size - len(ordered))


def _bind(rules: tuple[BlockingRule, ...]) -> tuple[tuple, dict, list[str]]:
	"""The shape of the union for these rules, the values for its placeholders, and what each branch
	is called. Rules served by the same index share one branch (an OR of their criteria, which the
	optimizer turns into one set of ranges on that index): one branch per index."""
	by_index: dict[str, list] = {}
	values = {}
	for r, rule in enumerate(rules):
		conditions = []
		for c, condition in enumerate(rule.conditions):
			name = f"r{r}c{c}"
			if condition.is_null:
				conditions.append((condition.field, "null", 0))
			elif condition.values is not None:
				padded = _padded(condition.values)
				conditions.append((condition.field, "in", len(padded)))
				values.update({f"{name}v{i}": value for i, value in enumerate(padded)})
			else:
				conditions.append((condition.field, "between", 2))
				values[f"{name}lo"], values[f"{name}hi"] = condition.low, condition.high
		by_index.setdefault(rule.index, []).append((r, rule.name, tuple(conditions)))
	shape = tuple(
		(index, tuple((r, conditions) for r, _name, conditions in members))
		for index, members in by_index.items()
	)
	names = [" | ".join(name for _r, name, _c in members) for members in by_index.values()]
	return shape, values, names


def _criterion(table, r: int, conditions: tuple):
	terms = []
	for c, (field, kind, size) in enumerate(conditions):
		column, name = table[field], f"r{r}c{c}"
		if kind == "null":
			terms.append(column.isnull())
		elif kind == "in":
			terms.append(column.isin([Parameter(f"%({name}v{i})s") for i in range(size)]))
		else:
			terms.append(column[Parameter(f"%({name}lo)s") : Parameter(f"%({name}hi)s")])
	return Criterion.all(terms)


def _branch_criterion(table, members: tuple):
	return Criterion.any([_criterion(table, r, conditions) for r, conditions in members])


def _union(branches):
	query = branches[0]
	# Each branch keeps its own LIMIT: MariaDB needs every branch of the union in parentheses.
	query.wrap_set_operation_queries = True
	for branch in branches[1:]:
		query = query.union_all(branch)
	return query


def _distinct(rows: list[dict], key: str, branches: list[str], at_bound: list | None) -> list[dict]:
	"""Rows of every branch, each record once; the branches that returned their full bound are added
	to `at_bound` (they may have left a candidate out)."""
	per_rule: dict[int, int] = {}
	seen: dict[str, dict] = {}
	for row in rows:
		per_rule[row.blocking_rule] = per_rule.get(row.blocking_rule, 0) + 1
		seen.setdefault(row[key], row)
	if at_bound is not None:
		at_bound.extend(branches[i] for i, count in per_rule.items() if count >= RULE_ROW_LIMIT)
	return list(seen.values())


@lru_cache(maxsize=512)
def _child_sql(shape: tuple) -> tuple[str, dict]:
	table = frappe.qb.DocType("Child")
	branches = [
		frappe.qb.from_(table)
		.select(
			ValueWrapper(r).as_("blocking_rule"),
			table.name,
			table.first_name,
			table.last_name,
			table.full_name,
			table.also_known_as,
			table.date_of_birth,
			table.expected_date_of_delivery,
			table.postcode,
		)
		.force_index(index)  # the rules' own index: the optimizer weighs no other
		.where(_branch_criterion(table, members))
		.limit(RULE_ROW_LIMIT)
		for r, (index, members) in enumerate(shape)
	]
	return _union(branches).walk()


def child_candidates_query(person: Person):
	"""ONE query: the union of the blocking rules over Child, one bounded branch per index:
	(sql, values, branch names); sql is None when there is nothing to search by."""
	rules = blocking_rules(person)
	if not rules:
		return None, {}, rules
	shape, values, branches = _bind(rules)
	sql, constants = _child_sql(shape)
	return sql, {**constants, **values}, branches


def _child_candidates(person: Person, at_bound: list | None = None) -> list[dict]:
	sql, values, branches = child_candidates_query(person)
	if sql is None:
		return []
	# Staff-only triage run by the server for the referral being saved (possibly while a partner is
	# the session user): the results are stored in its Referral Triage, which partners can never read.
	return _distinct(frappe.db.sql(FORCED + sql, values, as_dict=True), "name", branches, at_bound)


@lru_cache(maxsize=512)
def _open_referral_sql(shape: tuple, exclude: bool) -> tuple[str, dict]:
	# No join to the rows' Referral Child Links: a row's linked Child matters only to a referral
	# whose own row is linked (check_duplicates reads those few), and a join in every branch costs
	# the optimizer more than the branch itself.
	row = frappe.qb.DocType("Referral Child")
	branches = []
	for r, (index, members) in enumerate(shape):
		branch = (
			frappe.qb.from_(row)
			.force_index(open_row_index(index))  # the same index, led by the open flag
			.select(
				ValueWrapper(r).as_("blocking_rule"),
				row.name.as_("row_name"),
				row.parent,
				row.first_name,
				row.last_name,
				row.also_known_as,
				row.date_of_birth,
				row.expected_date_of_delivery,
				row.postcode,
			)
			.where(row[OPEN_REFERRAL] == 1)
			.where(_branch_criterion(row, members))
			.where(row.parenttype == "Universal Referral")
			.limit(RULE_ROW_LIMIT)
		)
		if exclude:
			branch = branch.where(row.parent != Parameter("%(exclude)s"))
		branches.append(branch)
	return _union(branches).walk()


def open_referral_candidates_query(person: Person, exclude: str | None):
	"""ONE query: the blocking rules over children on open referrals: (sql, values, branch names)."""
	rules = blocking_rules(person)
	if not rules:
		return None, {}, rules
	shape, values, branches = _bind(rules)
	sql, constants = _open_referral_sql(shape, bool(exclude))
	if exclude:
		values["exclude"] = exclude
	return sql, {**constants, **values}, branches


def _open_referral_candidates(
	person: Person, exclude: str | None, at_bound: list | None = None
) -> list[dict]:
	sql, values, branches = open_referral_candidates_query(person, exclude)
	if sql is None:
		return []
	return _distinct(frappe.db.sql(FORCED + sql, values, as_dict=True), "row_name", branches, at_bound)


# The composite indexes the blocking rules read, on each DocType they search.
INDEXES = {"Child": MATCH_INDEXES, "Referral Child": OPEN_ROW_INDEXES}


def ensure_match_indexes(doctype: str) -> None:
	"""The composite indexes the blocking rules use (from the DocType's on_doctype_update)."""
	for index_name, columns in INDEXES[doctype].items():
		frappe.db.add_index(doctype, list(columns), index_name)


def full_name_of(record: dict) -> str:
	return record.get("full_name") or person_name(record.get("first_name"), record.get("last_name"))


def find_duplicates(person: Person, exclude_referral: str | None = None, at_bound: list | None = None):
	"""The plausible duplicates of one child, best first: ((doctype, name, record), Match) pairs from
	Child records and children on other open referrals. Two queries, whatever the volume on file."""
	candidates = []
	for record in _child_candidates(person, at_bound):
		candidates.append((("Child", record.name, record), person_of(record)))
	for record in _open_referral_candidates(person, exclude_referral, at_bound):
		candidates.append((("Universal Referral", record.parent, record), person_of(record)))
	return rank(person, candidates)
