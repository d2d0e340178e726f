"""Batch duplicate finding and merges: the pure rules (clusters, reconciling re-runs, which links
move, the model in words)."""

import pytest

from smallchanges.rules import linkage as rules
from smallchanges.rules.linkage import (
	DISMISSED,
	MERGE_PROPOSED,
	MERGED,
	OPEN,
	LinkField,
	Stored,
	clusters,
	reconcile,
)


@pytest.mark.parametrize(
	"pairs, expected",
	[
		([], []),
		([("a", "b", 0.99)], [{"a", "b"}]),
		([("a", "b", 0.5)], []),  # below the threshold
		([("a", "b", 0.99), ("b", "c", 0.97), ("x", "y", 0.96)], [{"a", "b", "c"}, {"x", "y"}]),
		([("a", "a", 0.99)], []),  # a record is not its own duplicate
		# a chain of look-alikes, each joined to the next only just above the threshold: recut at a
		# stricter threshold, which only the truly close pair passes
		(
			[
				("c1", "c2", 0.96),
				("c2", "c3", 0.96),
				("c3", "c4", 0.96),
				("c4", "c5", 0.96),
				("c5", "c6", 0.96),
				("c6", "c7", 0.999),
			],
			[{"c6", "c7"}],
		),
	],
)
def test_clusters(pairs, expected):
	assert [set(c) for c in clusters(pairs, threshold=0.95, max_size=5)] == expected


def test_clusters_are_the_same_whatever_the_order_of_pairs():
	pairs = [("b", "a", 0.99), ("c", "b", 0.98), ("e", "d", 0.99)]
	assert clusters(pairs) == clusters(list(reversed(pairs))) == clusters([(b, a, p) for a, b, p in pairs])


def test_a_component_too_big_at_every_threshold_is_not_offered():
	star = [("hub", f"leaf{i}", 0.9999999) for i in range(10)]
	assert clusters(star, threshold=0.95, max_size=5) == []


def test_cluster_key_is_the_members_in_any_order():
	assert rules.cluster_key(["b", "a"]) == rules.cluster_key({"a", "b"}) != rules.cluster_key({"a", "c"})


AB, ABC, XY = frozenset("ab"), frozenset("abc"), frozenset("xy")


@pytest.mark.parametrize(
	"found, stored, create, update, unchanged, kept",
	[
		([AB], [], [AB], {}, [], []),
		([AB], [Stored("PD1", OPEN, AB)], [], {}, ["PD1"], []),
		([ABC], [Stored("PD1", OPEN, AB)], [], {"PD1": ABC}, [], []),  # grows: same record
		([AB], [Stored("PD1", DISMISSED, AB)], [], {}, [], ["PD1"]),  # stays dismissed
		([AB], [Stored("PD1", DISMISSED, ABC)], [], {}, [], ["PD1"]),  # inside a reviewed one
		([ABC], [Stored("PD1", DISMISSED, AB)], [ABC], {}, [], []),  # someone new: review again
		([AB], [Stored("PD1", MERGED, AB)], [], {}, [], ["PD1"]),
		([ABC], [Stored("PD1", MERGE_PROPOSED, AB)], [], {}, ["PD1"], []),  # not changed under review
		([AB, XY], [Stored("PD1", OPEN, AB)], [XY], {}, ["PD1"], []),
	],
)
def test_reconcile(found, stored, create, update, unchanged, kept):
	result = reconcile(found, stored)
	assert (result.create, result.update, result.unchanged, result.kept_reviewed) == (
		create,
		update,
		unchanged,
		kept,
	)


def test_one_stored_record_is_taken_by_one_found_cluster():
	result = reconcile([frozenset("ab"), frozenset("bc")], [Stored("PD1", OPEN, frozenset("abc"))])
	assert len(result.update) + len(result.unchanged) == 1 and len(result.create) == 1


def test_links_to_move_leave_the_merge_and_the_evidence_alone():
	fields = [
		LinkField("Visit", "child"),
		LinkField("Referral Child Link", "child"),
		LinkField("Child Merge", "survivor"),
		LinkField("Possible Duplicate Member", "child"),
		LinkField("Some Settings", "child", is_single=True),
		LinkField("A Virtual View", "child", is_virtual=True),
		LinkField("Core Group Plan Child", "child"),
	]
	assert [(f.doctype, f.fieldname) for f in rules.links_to_move(fields)] == [
		("Core Group Plan Child", "child"),
		("Referral Child Link", "child"),
		("Visit", "child"),
	]


def test_survivor_is_the_most_linked_then_the_first_made():
	assert rules.survivor_of([("CH-2", 3), ("CH-1", 1)]) == "CH-2"
	assert rules.survivor_of([("CH-2", 1), ("CH-1", 1)]) == "CH-1"


@pytest.mark.parametrize(
	"weight, words",
	[
		(3.0, "First name: sounds alike: 8.0 times more likely the same child (+3.0)"),
		(-2.0, "First name: sounds alike: 4.0 times less likely the same child (-2.0)"),
	],
)
def test_weight_line(weight, words):
	assert rules.weight_line("First name", "sounds alike", weight) == words


def test_evidence_lines_strongest_first_without_missing_values():
	lines = rules.evidence_lines(
		{
			"Surname": {"level": "the same", "weight": 2},
			"NHS number": {"level": "the same", "weight": 9},
			"UPN": {"level": "", "weight": 0},
		}
	)
	assert [line.split(":")[0] for line in lines] == ["NHS number", "Surname"]


MODEL = {
	"probability_two_random_records_match": 0.0001,
	"comparisons": [
		{
			"output_column_name": "nhs_number",
			"comparison_description": "NHS number",
			"comparison_levels": [
				{"is_null_level": True},
				{"label_for_charts": "the same", "m_probability": 0.9, "u_probability": None},
				{"label_for_charts": "different", "m_probability": 0.0, "u_probability": 0.99},
			],
		}
	],
}


def test_tempered_bounds_every_weight():
	import copy

	model = rules.tempered(copy.deepcopy(MODEL), unseen_u=1e-6)
	same, different = model["comparisons"][0]["comparison_levels"][1:]
	assert same["u_probability"] == 1e-6
	assert different["m_probability"] == rules.PROBABILITY_FLOOR
	lines = rules.model_lines(model)
	assert lines[0] == "Before any comparison, two records are the same child about 1 time in 10,000."
	assert lines[1].startswith("NHS number: the same +19.8; different -7.6")


def test_features_of_a_child():
	row = rules.features(
		{
			"name": "CH-1",
			"first_name": "Bill",
			"last_name": "O'Brien",
			"also_known_as": "Billy",
			"date_of_birth": "2015-03-04",
			"postcode": "e1 6an",
			"nhs_number": "943 476 5919",
			"upn": "a123 ",
		}
	)
	assert row["first_name"] == "bill" and row["last_name"] == "obrien"
	assert "william" in row["given_forms"] and row["birth_month"] == "2015-03"
	assert (row["postcode"], row["postcode_area"], row["nhs_number"], row["upn"]) == (
		"E16AN",
		"E1",
		"9434765919",
		"A123",
	)
	unborn = rules.features(
		{"name": "CH-2", "first_name": "Unborn", "expected_date_of_delivery": "2027-01-02"}
	)
	assert unborn["first_name"] is None and unborn["birth_date"] == "2027-01-02"


def test_a_level_the_training_never_met_weighs_the_floor_not_nothing():
	import copy

	model = copy.deepcopy(MODEL)
	del model["comparisons"][0]["comparison_levels"][2]["m_probability"]  # no labelled pair fell there
	different = rules.tempered(model, unseen_u=1e-6)["comparisons"][0]["comparison_levels"][2]
	assert different["m_probability"] == rules.PROBABILITY_FLOOR


def test_labelled_pairs_count_the_pairs_sharing_an_nhs_number():
	from smallchanges.linkage.model import labelled_pairs

	rows = [{"nhs_number": n} for n in ("1", "1", "1", "2", "2", "3", None, None)]
	assert labelled_pairs(rows) == 3 + 1  # three pairs among the 1s, one among the 2s; none unknown


def test_an_identifier_shared_weighs_more_the_bigger_the_index():
	assert rules.pairs_sharing(["1", "1", "1", "2", "2", None, None, ""]) == 3 + 1
	small, big = rules.identifier_u(10, 10_000), rules.identifier_u(10, 1_000_000)
	assert big < small and small == pytest.approx(10 / (10_000 * 9_999 / 2))
	assert rules.identifier_u(0, 1_000) == pytest.approx(1 / (1_000 * 999 / 2))  # never nought
	assert rules.identifier_u(0, 1) == 1.0


def test_tempered_gives_an_unmet_identifier_the_index_bound():
	import copy

	same = rules.tempered(copy.deepcopy(MODEL), unseen_u=1e-6, identifiers={"nhs_number": 1e-11})[
		"comparisons"
	][0]["comparison_levels"][1]
	assert same["u_probability"] == 1e-11


@pytest.mark.parametrize(
	"surname, parts",
	[
		("Smith-Jones", ["jones", "smith"]),
		("Khatun Begum", ["begum", "khatun"]),
		("O'Brien", ["obrien"]),
		("De Souza", ["souza"]),  # a word of two letters says nothing of a family
		("van der Berg", ["berg"]),  # nor a particle
		("", []),
		(None, []),
	],
)
def test_a_surname_stands_for_each_of_its_words(surname, parts):
	assert rules.surname_parts(surname) == parts


def test_a_double_barrelled_surname_shares_a_part_with_either_family_name():
	one, other = (
		rules.features({"name": n, "last_name": s}) for n, s in (("a", "Smith"), ("b", "Smith-Jones"))
	)
	assert set(one["surname_parts"]) & set(other["surname_parts"]) == {"smith"}
	assert rules.features({"name": "c", "last_name": "De"})["surname_parts"] is None


def test_a_model_trained_by_an_earlier_release_is_not_current():
	import copy

	from smallchanges.linkage.model import is_current, settings

	model = settings().create_settings_dict("duckdb")
	assert is_current(copy.deepcopy(model))
	surname = next(c for c in model["comparisons"] if c["output_column_name"] == "last_name")
	surname["comparison_levels"] = [
		level
		for level in surname["comparison_levels"]
		if level.get("label_for_charts") != "one is part of the other"
	]
	assert not is_current(model)
