"""Duplicate detection at intake: the database side of `smallchanges.rules.matching`.

For each child on a referral: find candidate Child records and children on other open referrals
with the blocking rules of `smallchanges.rules.blocking` (narrow combinations of phonetic name keys,
dates and postcode, each served by a composite index, unioned in ONE query per source), let the pure
matcher score them, and store the ranked results in the referral's staff-only Referral Triage.
Nothing is ever merged.
"""

from functools import lru_cache

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.utils import getdate, now_datetime
from pypika.terms import Parameter, ValueWrapper

from smallchanges.access.scope import like_literal
from smallchanges.access.sealed import (
	ACTIVE,
	RESTRICTION,
	active_restriction,
	active_restriction_contact,
	restricted_children,
)
from smallchanges.child_tables import values_by_parent
from smallchanges.governance.restrictions import tell_of_possible_match
from smallchanges.referrals.child_links import linked_children
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
from smallchanges.rules.referral import OPEN_STATES, OpenReferral, person_name, repeat_of

MAX_CANDIDATES_PER_CHILD = 5


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


def _full_name(record: dict) -> str:
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


DUPLICATE_CHECK_JOB = "smallchanges.referrals.duplicates.check_sent_referral"


def queue_duplicate_check(referral: str) -> None:
	"""The duplicate check of a referral just sent, as a job on the short queue once the Send has
	committed (in the test process: at once, in the test's transaction). Until it has run, the
	referral's triage says it has not been checked yet, and staff may check it at once."""
	frappe.enqueue(
		DUPLICATE_CHECK_JOB,
		queue="short",
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
		name=referral,
	)


def check_sent_referral(name: str) -> None:
	"""The background half of `queue_duplicate_check`: the referral as now stored."""
	if frappe.db.exists("Universal Referral", name):
		check_duplicates(frappe.get_doc("Universal Referral", name))


def sealed_candidates(ranked) -> dict[tuple[str, str], str]:
	"""(doctype, name) -> the restriction of each candidate that is a restricted child, or an open
	referral about one (its children linked to a restricted Child record). One query, and only while
	some child is restricted: the restricted children of access/sealed.py, at intake."""
	restricted = set(restricted_children())
	if not restricted:
		return {}
	sealed: dict[tuple[str, str], str] = {}
	children = {name for (doctype, name, _record), _match in ranked if doctype == "Child"} & restricted
	referrals = {name for (doctype, name, _record), _match in ranked if doctype != "Child"}
	if referrals:
		link = frappe.qb.DocType("Referral Child Link")
		for referral, child in (
			frappe.qb.from_(link)
			.select(link.referral, link.child)
			.where(link.referral.isin(sorted(referrals)) & link.child.isin(sorted(restricted)))
			.run()
		):
			sealed.setdefault(("Universal Referral", referral), child)
	for child in children:
		sealed[("Child", child)] = child
	by_child = {child: active_restriction(child) for child in set(sealed.values())}
	return {key: by_child[child].name for key, child in sealed.items() if by_child.get(child)}


def restricted_match_message(contact: str | None) -> str:
	return _("A restricted record may match this child: contact {0}.").format(
		frappe.utils.get_fullname(contact) if contact else _("a Director")
	)


def _sealed_entry(child_row, restriction: str) -> dict:
	"""What triage keeps of a match with a restricted record: that there is one, and whom to contact;
	never the record's name, date of birth, address or the reasons it matched."""
	contact = active_restriction_contact(restriction)
	return {
		"referral_child": _full_name(child_row),
		"referral_child_row": child_row.name,
		"candidate_doctype": RESTRICTION,
		"candidate": restriction,
		"restricted": 1,
		"contact": contact,
		"message": restricted_match_message(contact),
	}


def check_duplicates(referral) -> None:
	"""Rank each child's possible duplicates and store them, with the repeat flag, in the
	referral's staff-only Referral Triage (the referral itself holds none of it). A match with a
	restricted record is stored as that and whom to contact; its named people are told."""
	candidates: list[dict] = []
	summaries: dict[str, str] = {}
	open_referrals: dict[str, OpenReferral] = {}
	services = [row.service for row in referral.get("services") or [] if row.service]
	links = linked_children([row.name for row in referral.get("children") or [] if row.name])
	matched_restrictions: set[str] = set()

	for child_row in referral.get("children") or []:
		set_match_keys(child_row)
		ranked = find_duplicates(person_of(child_row), referral.name if not referral.is_new() else None)
		sealed = sealed_candidates(ranked)
		sealed_here = []
		for (doctype, name, record), match in ranked[:MAX_CANDIDATES_PER_CHILD]:
			restriction = sealed.get((doctype, name))
			if restriction:
				if restriction not in sealed_here:
					sealed_here.append(restriction)
					candidates.append(_sealed_entry(child_row, restriction))
				continue
			candidates.append(
				{
					"referral_child": _full_name(child_row),
					"referral_child_row": child_row.name,
					"candidate_doctype": doctype,
					"candidate": name,
					"candidate_name": _full_name(record),
					"candidate_date_of_birth": str(
						record.get("date_of_birth") or record.get("expected_date_of_delivery") or ""
					)
					or None,
					"candidate_postcode": record.get("postcode"),
					"score": match.score,
					"strength": match.strength,
					"reasons": ", ".join(_(reason) for reason in match.reasons),
				}
			)
		matched_restrictions.update(sealed_here)
		visible = [(key, match) for key, match in ranked if (key[0], key[1]) not in sealed]
		summary = (
			_("{0} possible match(es); best: {1} ({2})").format(
				len(visible), visible[0][0][1], ", ".join(_(r) for r in visible[0][1].reasons)
			)
			if visible
			else _("No match found")
		)
		if sealed_here:
			summary = " ".join(
				[restricted_match_message(active_restriction_contact(sealed_here[0])), summary]
			)
		summaries[child_row.name] = summary

		# Same child on another open referral: a strong match, or both rows linked to one Child
		# (never a referral about a restricted child: the triage would name it).
		on_open_referrals = [
			(name, record, match) for (doctype, name, record), match in visible if doctype != "Child"
		]
		linked = links.get(child_row.name)
		theirs = linked_children([record.row_name for _n, record, _m in on_open_referrals]) if linked else {}
		for name, record, match in on_open_referrals:
			if match.strength == "strong" or (linked and theirs.get(record.row_name) == linked):
				open_referrals.setdefault(name, OpenReferral(name=name, same_child=True))

	repeat = None
	if open_referrals and services:
		# Read by the server for triage of the referral being saved; only the name of the repeated
		# referral is stored, in the staff-only triage record.
		by_parent = requested_services(list(open_referrals))
		repeats = [
			OpenReferral(name=name, services=frozenset(by_parent.get(name, ())), same_child=True)
			for name in open_referrals
		]
		repeat = repeat_of(services, repeats)
	told = _restrictions_in(triage_of(referral.name)) if matched_restrictions else set()
	save_triage(
		referral.name,
		{
			"possible_duplicates": frappe.as_json(candidates, indent=None),
			"match_summaries": frappe.as_json(summaries, indent=None),
			"repeat_of": repeat,
			"is_repeat": 1 if repeat else 0,
			"duplicates_checked_at": now_datetime(),
		},
	)
	for restriction in sorted(matched_restrictions - told):
		tell_of_possible_match(restriction, referral.name)


def _restrictions_in(triage) -> set[str]:
	"""The restrictions a stored triage already matched (their people were told then)."""
	if not triage:
		return set()
	return {row.get("candidate") for row in triage.candidates() if row.get("restricted")}


def seal_stored_matches(restriction, method=None) -> None:
	"""Child Restriction.on_update: a child just restricted may already be a stored possible match in
	other referrals' triage; those entries become "a restricted record may match" (a one-off scan of
	the triage records' JSON, when a Director restricts a child)."""
	if restriction.status != ACTIVE:
		return
	triage = frappe.qb.DocType("Referral Triage")
	pattern = f'%"{restriction.child}"%'
	names = (
		frappe.qb.from_(triage)
		.select(triage.name)
		.where(triage.possible_duplicates.like(pattern))
		.run(pluck=True)
	)
	for name in names:
		doc = frappe.get_doc("Referral Triage", name)
		rows, changed = [], False
		for row in doc.candidates():
			if row.get("candidate_doctype") == "Child" and row.get("candidate") == restriction.child:
				changed = True
				if not any(
					r.get("restricted") and r.get("referral_child_row") == row.get("referral_child_row")
					for r in rows
				):
					rows.append(
						_sealed_entry(
							frappe._dict(
								name=row.get("referral_child_row"), first_name=row.get("referral_child")
							),
							restriction.name,
						)
						| {"referral_child": row.get("referral_child")}
					)
				continue
			rows.append(row)
		if changed:
			summaries = {
				row_name: (
					summary
					if restriction.child not in summary
					else _("A restricted record may match this child.")
				)
				for row_name, summary in doc.summaries().items()
			}
			save_triage(
				name,
				{
					"possible_duplicates": frappe.as_json(rows, indent=None),
					"match_summaries": frappe.as_json(summaries, indent=None),
				},
			)
	_seal_triage_history(restriction.child)


SEALED_HISTORY = "(sealed: a restricted record may match this child)"


def _seal_triage_history(child: str) -> None:
	"""The triage records' change history keeps no stored match with a child just restricted: each
	Version value that names it (the old JSON, also the one the sealing save just wrote) says only
	that a restricted record may match."""
	version = frappe.qb.DocType("Version")
	rows = (
		frappe.qb.from_(version)
		.select(version.name, version.data)
		.where((version.ref_doctype == "Referral Triage") & version.data.like(f"%{like_literal(child)}%"))
		.run(as_dict=True)
	)
	for row in rows:
		data = frappe.parse_json(row.data or "{}")
		for change in data.get("changed") or []:
			if len(change) == 3 and change[0] in ("possible_duplicates", "match_summaries"):
				change[1:] = [SEALED_HISTORY if child in str(value or "") else value for value in change[1:]]
		text = frappe.as_json(data, indent=None)
		if child in text:  # anywhere else in the entry: the whole entry says only that much
			text = frappe.as_json({"changed": [["possible_duplicates", SEALED_HISTORY, SEALED_HISTORY]]})
		frappe.db.set_value("Version", row.name, "data", text, update_modified=False)


def save_triage(referral: str, values: dict) -> None:
	"""Insert the referral's triage at its first check, else update that one row by its name.

	Never a delete-then-insert of rows keyed by parent: concurrent Sends of different referrals
	touch only their own primary keys. Written with ignore_permissions because the server records
	staff-only triage while the sender (possibly a partner) is the session user; nothing of it is
	returned to them, and no partner role has any permission on Referral Triage.
	"""
	if frappe.db.exists("Referral Triage", referral):
		triage = frappe.get_doc("Referral Triage", referral)
		triage.update(values)
	else:
		triage = frappe.get_doc({"doctype": "Referral Triage", "referral": referral, **values})
	triage.flags.from_duplicate_check = True
	triage.flags.ignore_links = True  # the referral (and a repeated one) were just read by the server
	triage.save(ignore_permissions=True)


def triage_of(referral: str):
	"""The referral's triage record, or None before its first Send (no permission check)."""
	if not frappe.db.exists("Referral Triage", referral):
		return None
	return frappe.get_doc("Referral Triage", referral)


def requested_services(referrals: list[str]) -> dict[str, list[str]]:
	"""The services each of these referrals asks for (no permission check: callers scope)."""
	return values_by_parent(
		"Referral Service Request", "Universal Referral", "services", "service", referrals
	)
