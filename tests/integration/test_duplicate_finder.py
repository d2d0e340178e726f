"""The batch duplicate finder on a small generated index with known duplicates (DuckDB; Spark too,
marked slow): clusters found, common names not chained, re-runs add nothing, dismissed stays."""

import json

import frappe
import pytest

from smallchanges.linkage import finder
from smallchanges.rules.linkage import DISMISSED, MAX_CLUSTER_SIZE
from tests.linkage_factories import index_with_duplicates, only_these_children


@pytest.fixture
def index():
	made = index_with_duplicates()
	only_these_children(made["all"])
	frappe.db.set_single_value("Duplicate Finder Settings", {"model_json": None, "engine": "DuckDB"})
	return made


def stored_clusters() -> list[frozenset[str]]:
	return [
		frozenset(row.child for row in frappe.get_doc("Possible Duplicate", name).members)
		for name in frappe.get_all("Possible Duplicate", pluck="name")
	]


def test_the_planted_duplicates_are_found_and_common_names_are_not_chained(index):
	outcome = finder.run()
	clusters = stored_clusters()
	found = {tuple(sorted(c)) for c in clusters if len(c) == 2}
	planted = {tuple(sorted(p)) for p in index["pairs"]}
	assert len(found & planted) >= len(planted) - 1, (outcome, clusters)
	assert all(len(c) <= MAX_CLUSTER_SIZE for c in clusters)
	common = set(index["common"])
	assert not any(len(c & common) > 1 for c in clusters), "children sharing only a common name were joined"
	settings = frappe.get_single("Duplicate Finder Settings")
	assert settings.trained_on and settings.trained_on_children == len(index["all"])
	assert "NHS number" in settings.model_summary and "Date of birth" in settings.model_summary
	member = frappe.get_doc(
		"Possible Duplicate", frappe.get_all("Possible Duplicate", pluck="name")[0]
	).members[0]
	assert json.loads(member.match_weights) and "times more likely" in member.evidence


def test_a_rerun_makes_no_second_record_and_a_dismissed_cluster_stays_dismissed(index):
	finder.run()
	first = frappe.get_all("Possible Duplicate", fields=["name", "cluster_key"], order_by="name")
	dismissed = frappe.get_doc("Possible Duplicate", first[0].name)
	dismissed.status, dismissed.dismissed_reason = DISMISSED, "Twins, not one child"
	dismissed.save()
	outcome = finder.run()
	again = frappe.get_all("Possible Duplicate", fields=["name", "cluster_key"], order_by="name")
	assert again == first
	assert outcome["created"] == 0 and outcome["kept_reviewed"] >= 1
	assert frappe.db.get_value("Possible Duplicate", first[0].name, "status") == DISMISSED


@pytest.mark.slow
def test_spark_and_duckdb_give_the_same_clusters(index):
	from smallchanges.linkage import model
	from smallchanges.rules.linkage import CLUSTER_THRESHOLD, clusters

	rows = finder.export_rows()
	trained = model.train(rows)
	on_duckdb = model.score(rows, trained, CLUSTER_THRESHOLD, model.ENGINE_DUCKDB)
	on_spark = model.score(rows, trained, CLUSTER_THRESHOLD, model.ENGINE_SPARK)

	def grouped(pairs):
		return clusters([(p["left"], p["right"], p["probability"]) for p in pairs])

	assert grouped(on_duckdb) and grouped(on_duckdb) == grouped(on_spark)


def test_a_model_an_earlier_release_trained_is_trained_afresh_and_one_that_is_current_is_kept(index):
	from frappe.utils import get_datetime

	from smallchanges.linkage import model

	finder.run()
	current = frappe.get_single("Duplicate Finder Settings")
	stale = json.loads(current.model_json)
	surname = next(c for c in stale["comparisons"] if c["output_column_name"] == "last_name")
	surname["comparison_levels"] = [
		level
		for level in surname["comparison_levels"]
		if level.get("label_for_charts") != "one is part of the other"
	]
	frappe.db.set_single_value(
		"Duplicate Finder Settings", {"model_json": json.dumps(stale), "trained_on": "2026-01-01 09:00:00"}
	)
	finder.run()
	retrained = frappe.get_single("Duplicate Finder Settings")
	assert model.is_current(json.loads(retrained.model_json))
	assert get_datetime(retrained.trained_on) > get_datetime("2026-01-01 09:00:00")
	finder.run()  # a current model is used as it is, not trained again
	again = frappe.db.get_single_value("Duplicate Finder Settings", "trained_on")
	assert get_datetime(again) == get_datetime(retrained.trained_on)
