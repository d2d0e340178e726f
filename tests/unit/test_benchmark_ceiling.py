"""The duplicate-finding benchmark's ceiling and curves: the finder's own comparisons taught by the
planted truth (Splink on DuckDB in process, no site)."""

import pytest

from benchmarks.duplicate_finding import PLANTED_COLUMN, best_recall, ceiling, population, with_truth
from smallchanges.linkage.model import MIN_LABELLED_PAIRS
from smallchanges.rules.linkage import features

CHILDREN, PLANTS_PER_KIND = 4000, 5


@pytest.fixture(scope="module")
def index():
	records, truth, _kinds = population(CHILDREN, PLANTS_PER_KIND, seed=7)
	return [features(r.row()) for r in records], truth


def test_the_planted_truth_is_one_value_for_a_pairs_two_records_and_its_own_for_every_other(index):
	rows, truth = index
	labelled = {row["unique_id"]: row[PLANTED_COLUMN] for row in with_truth(rows, truth)}
	assert all(labelled[a] == labelled[b] for a, b in truth)
	planted = {name for pair in truth for name in pair}
	others = [value for name, value in labelled.items() if name not in planted]
	assert len(set(others)) == len(others) == CHILDREN - len(planted)
	assert not set(others) & {labelled[a] for a, _b in truth}


def test_the_ceiling_learns_m_from_the_planted_pairs_and_takes_their_share_as_the_prior(index):
	rows, truth = index
	assert len(truth) >= MIN_LABELLED_PAIRS  # else the training falls back on EM
	model, pairs = ceiling(rows, truth, 0.05)
	assert model["probability_two_random_records_match"] == pytest.approx(
		len(truth) / (CHILDREN * (CHILDREN - 1) / 2)
	)
	# m of "the same first name": the share of the planted pairs, both of whose first names are known,
	# whose first names are the same
	by_id = {row["unique_id"]: row for row in rows}
	known = [(by_id[a]["first_name"], by_id[b]["first_name"]) for a, b in truth]
	known = [(x, y) for x, y in known if x and y]
	first = next(c for c in model["comparisons"] if c["output_column_name"] == "first_name")
	same = next(level for level in first["comparison_levels"] if level.get("label_for_charts") == "the same")
	assert same["m_probability"] == pytest.approx(sum(x == y for x, y in known) / len(known))
	# taught by the truth on a small index, it finds most of what was planted
	found = {tuple(sorted((p["left"], p["right"]))) for p in pairs}
	assert len(found & {tuple(sorted(p)) for p in truth}) >= 0.8 * len(truth)


def test_the_most_recall_at_the_precision_bound_is_read_off_the_curve():
	points = [(0.05, 0.62, 0.80), (0.2, 0.89, 0.73), (0.5, 0.965, 0.586), (0.9, 1.0, 0.509)]
	assert best_recall(points) == (0.5, 0.965, 0.586)
	assert best_recall(points, precision=0.995) == (0.9, 1.0, 0.509)
	assert best_recall(points[:2]) is None


def test_a_share_of_the_planted_families_stays_at_the_same_postcode_and_none_does_by_default():
	def moved(records, truth):
		at = {r.name: r.postcode for r in records}
		return sum(at[a] != at[b] for a, b in truth)

	records, truth, kinds = population(2000, 4, seed=3)
	assert (records, truth) == population(2000, 4, seed=3, stayed=0.0)[:2]
	# every kind's variant lives elsewhere but the one planted at the same postcode
	assert moved(records, truth) == sum(kind != "same postcode" for kind in kinds.values())
	stayed, stayed_truth, _kinds = population(2000, 4, seed=3, stayed=1.0)
	assert moved(stayed, stayed_truth) == 0
	half, half_truth, _kinds = population(2000, 4, seed=3, stayed=0.5)
	assert 0 < moved(half, half_truth) < len(half_truth)


def test_a_baby_born_at_the_address_of_its_unborn_record_is_scored_whatever_the_month():
	from smallchanges.linkage.model import score

	records, truth, kinds = population(CHILDREN, PLANTS_PER_KIND, seed=7, stayed=1.0)
	rows = [features(r.row()) for r in records]
	model, _pairs = ceiling(rows, truth, 0.05)
	scored = {tuple(sorted((p["left"], p["right"]))) for p in score(rows, model, 0.0)}
	born = [tuple(sorted(pair)) for pair, kind in kinds.items() if kind == "born near the expected date"]
	by_id = {row["unique_id"]: row for row in rows}
	assert any(by_id[a]["birth_month"] != by_id[b]["birth_month"] for a, b in born)  # not blocked by month
	assert set(born) <= scored
