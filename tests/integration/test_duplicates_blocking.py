"""Candidate search on the real database: narrow blocking rules over composite indexes, one query
per source, and the true match found among hundreds of children sharing a name or a birthday."""

from datetime import date, timedelta

import frappe

from smallchanges.referrals.candidates import (
	_child_candidates,
	child_candidates_query,
	find_duplicates,
	open_referral_candidates_query,
)
from smallchanges.rules.blocking import MATCH_INDEXES, OPEN_ROW_INDEXES, RULE_ROW_LIMIT
from smallchanges.rules.matching import Person
from tests.factories import make_user
from tests.referral_factories import act, children_on_file, make_partner, make_referral, make_service


def _questions() -> int:
	return int(frappe.db.sql("SHOW SESSION STATUS LIKE 'Questions'")[0][1])


def test_the_composite_indexes_exist_on_child_and_referral_child():
	for index_name in MATCH_INDEXES:
		assert frappe.db.has_index("tabChild", index_name), index_name
		# a referral's child rows: the same indexes led by the open flag, and not the plain ones
		assert frappe.db.has_index("tabReferral Child", f"open_{index_name}"), index_name
		assert not frappe.db.has_index("tabReferral Child", index_name), index_name
	assert frappe.db.has_index("tabUniversal Referral", "agency_modified")


def test_the_true_match_is_found_behind_more_decoys_than_a_rule_may_return():
	"""More children than one bounded query returns share the new child's first name and birthday
	(what cut the true match off before): the narrow rules still fetch the true match."""
	dob = date(2015, 6, 14)
	decoys = children_on_file(
		[
			{"first_name": "Oliver", "last_name": f"Decoy{i:04d}", "date_of_birth": dob, "postcode": "E1 6AN"}
			for i in range(RULE_ROW_LIMIT + 50)
		]
	)
	(true_match,) = children_on_file(
		[{"first_name": "Oliver", "last_name": "Thompson", "date_of_birth": dob, "postcode": "N1 9GU"}]
	)
	new = Person("Oliver", "Thomson", date_of_birth=dob + timedelta(days=1), postcode="SE1 7PB")
	ranked = find_duplicates(new)
	assert [key[1] for key, _match in ranked][:1] == [true_match]
	assert ranked[0][1].strength == "strong"
	assert len(decoys) > RULE_ROW_LIMIT


def test_one_query_per_source_whatever_the_number_of_rules():
	children_on_file([{"first_name": "Amara", "last_name": "Okoro", "date_of_birth": date(2016, 5, 9)}])
	for person in (
		Person("Amara", "Okoro", date_of_birth=date(2016, 5, 9), postcode="E1 6AN"),
		Person("Amara", "Okoro"),
		Person("Unborn", "Okoro", expected_date=date(2027, 1, 5), postcode="E1 6AN"),
	):
		before = _questions()
		find_duplicates(person)
		assert _questions() - before - 1 == 2, person


def test_each_rule_reads_its_composite_index():
	"""EXPLAIN of the union: one branch per composite index, each reading it (never a full scan)."""
	children_on_file([{"first_name": "Amara", "last_name": "Okoro", "date_of_birth": date(2016, 5, 9)}])
	person = Person("Amara", "Okoro", date_of_birth=date(2016, 5, 9), postcode="E1 6AN")
	sql, params, names = child_candidates_query(person)
	plan = frappe.db.sql(f"EXPLAIN {sql}", params, as_dict=True)
	branches = [row for row in plan if row.get("table") == "tabChild"]
	assert len(branches) == len(names) == len(MATCH_INDEXES)  # one branch per index
	assert {row.get("key") for row in branches} == set(MATCH_INDEXES)
	assert all(row.get("key") for row in branches), plan
	assert all(row.get("type") != "ALL" for row in branches), plan


def test_the_open_referral_search_reads_its_open_indexes_without_joining_the_referral():
	person = Person("Amara", "Okoro", date_of_birth=date(2016, 5, 9), postcode="E1 6AN")
	sql, params, names = open_referral_candidates_query(person, "UR-NONE")
	plan = frappe.db.sql(f"EXPLAIN {sql}", params, as_dict=True)
	branches = [row for row in plan if row.get("table") == "tabReferral Child"]
	assert len(branches) == len(names) == len(OPEN_ROW_INDEXES)
	assert {row.get("key") for row in branches} == set(OPEN_ROW_INDEXES)
	assert all(row.get("type") != "ALL" for row in branches), plan
	assert not any(row.get("table") == "tabUniversal Referral" for row in plan), plan


def test_only_children_of_open_referrals_are_found_and_the_flag_follows_the_state():
	partner, _agency = make_partner()
	bso, manager = make_user("Business Support Officer"), make_user("Team Manager")
	children = [{"first_name": "Ottoline", "last_name": "Quarrie", "date_of_birth": "2013-07-21"}]
	doc = make_referral(partner, service=make_service(), children=children)
	person = Person("Ottoline", "Quarrie", date_of_birth=date(2013, 7, 21))

	def found() -> bool:
		return any(key[1] == doc.name for key, _match in find_duplicates(person))

	def flag() -> int:
		return frappe.db.get_value("Referral Child", doc.children[0].name, "referral_open")

	assert (flag(), found()) == (0, False)  # a draft is no referral yet
	act(doc.name, partner, "Submit")
	assert (flag(), found()) == (1, True)
	act(doc.name, bso, "Check")
	assert (flag(), found()) == (1, True)
	act(doc.name, manager, "No Further Action", decision_reason="Support already in place.")
	assert (flag(), found()) == (0, False)  # decided: no longer an open referral


def test_a_rule_at_its_bound_is_reported():
	dob = date(2014, 2, 2)
	children_on_file(
		[
			{"first_name": "Ava", "last_name": "Smith", "date_of_birth": dob, "postcode": "E1 6AN"}
			for _i in range(RULE_ROW_LIMIT + 1)
		]
	)
	at_bound: list[str] = []
	_child_candidates(Person("Ava", "Smith", date_of_birth=dob), at_bound)
	assert any("surname key + date of birth" in branch for branch in at_bound)
