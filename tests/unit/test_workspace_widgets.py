"""The app's workspaces, dashboards, number cards and charts, checked from their module files.

Frappe shows a workspace's number card (or chart) block only when the block's name is the label of
one of the workspace's cards (or charts); here every such label IS the card's or chart's own name,
so a block, its row and the record can only agree. Every card and chart whose figures a method
computes counts on the read replica (`@frappe.read_only()`) behind a whitelisted method.
"""

import ast
import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = ROOT / "smallchanges"


def _records(folder: str) -> dict[str, dict]:
	found = {}
	for path in APP.glob(f"*/{folder}/*/*.json"):
		if path.stem == path.parent.name:
			record = json.loads(path.read_text())
			found[record["name"]] = record
	return found


WORKSPACES = sorted(APP.glob("*/workspace/*/*.json"))
CARDS = _records("number_card")
CHARTS = _records("dashboard_chart")
SOURCES = _records("dashboard_chart_source")
DASHBOARDS = {path.stem: json.loads(path.read_text()) for path in APP.glob("*/*_dashboard/*/*.json")}


def test_there_is_something_to_check():
	assert WORKSPACES and CARDS and CHARTS and SOURCES and DASHBOARDS


@pytest.mark.parametrize("path", WORKSPACES, ids=lambda p: p.stem)
def test_every_block_of_a_workspace_names_its_card_or_chart_by_the_records_own_name(path):
	workspace = json.loads(path.read_text())
	blocks = json.loads(workspace["content"])
	kinds = (
		("number_card", "number_cards", "number_card_name", CARDS),
		("chart", "charts", "chart_name", CHARTS),
	)
	for kind, table, field, records in kinds:
		rows = {row["label"]: row for row in workspace.get(table) or []}
		for row in rows.values():
			assert row[field] in records, f"{path.stem}: no {kind} record {row[field]!r}"
			assert row["label"] == row[field], (
				f"{path.stem}: the row of {row[field]!r} is labelled {row['label']!r}"
			)
		named = [block["data"][field] for block in blocks if block["type"] == kind]
		for name in named:
			assert name in rows, f"{path.stem}: the {kind} block {name!r} matches no {table} row's label"
		assert sorted(named) == sorted(rows), f"{path.stem}: {table} rows without a block, or the reverse"


def test_the_small_changes_workspace_shows_the_measures():
	workspace = json.loads((APP / "governance/workspace/small_changes/small_changes.json").read_text())
	cards = {row["number_card_name"] for row in workspace["number_cards"]}
	charts = {row["chart_name"] for row in workspace["charts"]}
	assert "Minutes taken by others" in cards
	assert {
		"Referrals by state and week",
		"Decisions within one working day",
		"Duplicates caught at intake",
		"Repeat referrals",
		"Minutes taken by others by month",
		"Minutes taken by agency",
		"Visits counted away from home by place",
		"Overdue visits by team",
		"Resources used and shared",
	} <= charts


def test_the_small_changes_dashboard_brings_every_chart_and_card_together():
	dashboard = DASHBOARDS["small_changes"]
	assert dashboard["is_standard"] == 1
	assert {row["chart"] for row in dashboard["charts"]} == set(CHARTS)
	assert {row["card"] for row in dashboard["cards"]} == set(CARDS)


def _decorators(method: str) -> list[str]:
	module, _dot, function = method.rpartition(".")
	path = ROOT / (module.replace(".", "/") + ".py")
	for node in ast.walk(ast.parse(path.read_text())):
		if isinstance(node, ast.FunctionDef) and node.name == function:
			return [ast.unparse(d) for d in node.decorator_list]
	raise AssertionError(f"{method} is not defined")


def _source_methods() -> dict[str, str]:
	methods = {}
	for path in APP.glob("*/dashboard_chart_source/*/*.js"):
		text = path.read_text()
		name = text.split('chart_sources["', 1)[1].split('"', 1)[0]
		methods[name] = text.split('method: "', 1)[1].split('"', 1)[0]
	return methods


def test_every_computed_card_and_chart_is_whitelisted_and_read_only():
	methods = [card["method"] for card in CARDS.values() if card["type"] == "Custom"]
	sources = _source_methods()
	for chart in CHARTS.values():
		assert chart["chart_type"] == "Custom" and chart["source"] in SOURCES, chart["name"]
		assert chart["document_type"], f"{chart['name']}: Frappe shows a chart to those who read its DocType"
		methods.append(sources[chart["source"]])
	for card in CARDS.values():
		assert card["label"] == card["name"], card["name"]
		if card["type"] == "Custom":
			assert card["document_type"], f"{card['name']}: Frappe shows a card to those who read its DocType"
	for method in methods:
		assert _decorators(method)[:2] == ["frappe.whitelist()", "frappe.read_only()"], method
