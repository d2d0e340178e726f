"""The batch duplicate finder: the Child index out in one query, scored by the Splink model
(smallchanges.linkage.model) on the engine the Duplicate Finder Settings name, clustered and
reconciled by the pure rules (smallchanges.rules.linkage), stored as Possible Duplicate records.

Runs as a background job on the long queue: weekly (hooks.py) and on demand (api.find_now).
"""

import json

import frappe
from frappe import _
from frappe.utils import now_datetime

from smallchanges.linkage import model as splink_model
from smallchanges.rules import linkage as rules

SETTINGS = "Duplicate Finder Settings"
EXPORTED = (
	"name",
	"first_name",
	"last_name",
	"also_known_as",
	"date_of_birth",
	"expected_date_of_delivery",
	"postcode",
	"nhs_number",
	"upn",
)


def export_rows() -> list[dict]:
	"""Every Child's compared features: ONE query (no document is loaded), features made in Python."""
	child = frappe.qb.DocType("Child")
	query = frappe.qb.from_(child).select(*(child[f] for f in EXPORTED))
	return [rules.features(dict(zip(EXPORTED, row, strict=True))) for row in query.run()]


def run(retrain: bool = False, engine: str | None = None, spark=None) -> dict:
	"""Find the clusters and store them; train the model first when there is none, when the one on
	file compares what an earlier release compared, or when asked to (`retrain`).
	Returns what it did (also written to the settings' last run)."""
	settings = frappe.get_single(SETTINGS)
	engine = engine or settings.engine or splink_model.ENGINE_DUCKDB
	threshold = settings.threshold or rules.CLUSTER_THRESHOLD
	rows = export_rows()
	if len(rows) < 2:
		return {"children": len(rows), "clusters": 0}
	model = json.loads(settings.model_json) if settings.model_json and not retrain else None
	if model is None or not splink_model.is_current(model):
		model = train(rows)
	pairs = splink_model.score(rows, model, threshold, engine, spark)
	found = rules.clusters([(p["left"], p["right"], p["probability"]) for p in pairs], threshold)
	outcome = store(found, pairs)
	outcome.update({"children": len(rows), "pairs": len(pairs), "engine": engine})
	summary = _("{0} children, {1} pairs scored at {2} or more, {3} clusters: {4} new, {5} updated.").format(
		f"{len(rows):,}", len(pairs), threshold, len(found), outcome["created"], outcome["updated"]
	)
	frappe.db.set_single_value(SETTINGS, {"last_run_on": now_datetime(), "last_run_summary": summary})
	return outcome


def train(rows: list[dict]) -> dict:
	model = splink_model.train(rows)
	frappe.db.set_single_value(
		SETTINGS,
		{
			"model_json": json.dumps(model),
			"trained_on": now_datetime(),
			"trained_on_children": len(rows),
			"model_summary": "\n".join(rules.model_lines(model, _)),
		},
	)
	return model


def clusters_of(pairs: list[dict], threshold: float) -> list[frozenset[str]]:
	return rules.clusters([(p["left"], p["right"], p["probability"]) for p in pairs], threshold)


def _stored() -> list[rules.Stored]:
	duplicate, member = (
		frappe.qb.DocType("Possible Duplicate"),
		frappe.qb.DocType("Possible Duplicate Member"),
	)
	rows = (
		frappe.qb.from_(duplicate)
		.join(member)
		.on((member.parent == duplicate.name) & (member.parenttype == "Possible Duplicate"))
		.select(duplicate.name, duplicate.status, member.child)
		.run()
	)
	by_name: dict[str, tuple[str, set]] = {}
	for name, status, child in rows:
		by_name.setdefault(name, (status, set()))[1].add(child)
	return [rules.Stored(name, status, frozenset(members)) for name, (status, members) in by_name.items()]


def _pairs_by_child(pairs: list[dict]) -> dict[str, list[dict]]:
	"""Each child's scored pairs: a cluster's pairs are found through its members, not by reading
	every pair for every cluster (which grows with clusters times pairs)."""
	by_child: dict[str, list[dict]] = {}
	for pair in pairs:
		by_child.setdefault(pair["left"], []).append(pair)
		by_child.setdefault(pair["right"], []).append(pair)
	return by_child


def _members(members: frozenset[str], by_child: dict[str, list[dict]]) -> tuple[list[dict], float, list[str]]:
	"""Each member's row (its strongest pair inside the cluster), the best probability, the evidence
	of the strongest pair in words."""
	inside = list(
		{
			id(p): p
			for name in members
			for p in by_child.get(name, ())
			if p["left"] in members and p["right"] in members
		}.values()
	)
	inside.sort(key=lambda p: -p["probability"])
	child = frappe.qb.DocType("Child")
	records = {
		r.name: r
		for r in frappe.qb.from_(child)
		.select(
			child.name,
			child.full_name,
			child.date_of_birth,
			child.expected_date_of_delivery,
			child.postcode,
		)
		.where(child.name.isin(sorted(members)))
		.run(as_dict=True)
	}
	rows = []
	for name in sorted(members):
		best = next((p for p in inside if name in (p["left"], p["right"])), None)
		record = records.get(name) or {}
		rows.append(
			{
				"child": name,
				"child_name": record.get("full_name"),
				"date_of_birth": str(
					record.get("date_of_birth") or record.get("expected_date_of_delivery") or ""
				),
				"postcode": record.get("postcode"),
				"match_probability": best["probability"] if best else 0,
				"match_weights": json.dumps(best["weights"] if best else {}),
				"evidence": "\n".join(rules.evidence_lines(_labelled(best["weights"]), _)) if best else "",
			}
		)
	top = inside[0] if inside else None
	evidence = rules.evidence_lines(_labelled(top["weights"]), _) if top else []
	return rows, (top["probability"] if top else 0), evidence


def _labelled(weights: dict) -> dict:
	return {rules.COMPARISON_LABELS.get(c, c): v for c, v in weights.items()}


def store(found: list[frozenset[str]], pairs: list[dict]) -> dict:
	"""Reconcile what was found with what is on file (rules.reconcile) and write it."""
	plan = rules.reconcile(found, _stored())
	now = now_datetime()
	by_child = _pairs_by_child(pairs)
	for members in plan.create:
		rows, best, evidence = _members(members, by_child)
		frappe.get_doc(
			{
				"doctype": "Possible Duplicate",
				"status": rules.OPEN,
				"cluster_key": rules.cluster_key(members),
				"best_probability": best,
				"size": len(members),
				"found_on": now,
				"last_found_on": now,
				"members": rows,
				"evidence": "\n".join(evidence),
			}
		).insert(ignore_permissions=True)  # the job writes the staff-only review queue
	for name, members in plan.update.items():
		rows, best, evidence = _members(members, by_child)
		doc = frappe.get_doc("Possible Duplicate", name)
		doc.set("members", rows)
		doc.update({"best_probability": best, "size": len(members), "last_found_on": now})
		doc.evidence = "\n".join(evidence)
		doc.save(ignore_permissions=True)
	if plan.unchanged:
		duplicate = frappe.qb.DocType("Possible Duplicate")
		frappe.qb.update(duplicate).set(duplicate.last_found_on, now).where(
			duplicate.name.isin(plan.unchanged)
		).run()
	return {
		"created": len(plan.create),
		"updated": len(plan.update),
		"unchanged": len(plan.unchanged),
		"kept_reviewed": len(plan.kept_reviewed),
	}
