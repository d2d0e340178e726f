"""Batch duplicate finding (Splink) over N children on file, with planted duplicates of every kind
the intake matcher claims and a few it does not: the finder's time, pairwise precision and recall
against the planted truth, and whether Spark and DuckDB agree on the clusters of a sample; and the
merge of a child named by 100 records (time, every link moved, undo restores them).

Run alone with `./scripts/bench --only-duplicate-finding --children 100000` (default: the run's
1 M). The population is benchmarks/population.py's; each child also has an NHS number (most) and a
UPN (those of school age, most), as a council's extract does."""

import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta

from benchmarks.population import FIRST, KINDS, LAST, Population, plant, postcode
from smallchanges.rules.matching.keys import day_and_month_swapped

# Kinds the intake matcher does not claim: found by the batch model through NHS number and UPN.
UNKNOWN_KINDS = (
	"new surname, same NHS number",
	"double-barrelled surname, same NHS number",
	"date of birth mistyped, same UPN",
)
NHS_SHARE = 0.8
UPN_SHARE = 0.6
# Of a planted pair, how often the variant record carries the same NHS number (the rest: none known).
PLANTED_NHS_SHARE = 0.3
SAMPLE_FOR_AGREEMENT = 50_000


@dataclass
class Record:
	name: str
	first_name: str
	last_name: str
	also_known_as: str
	date_of_birth: object
	expected_date_of_delivery: object
	postcode: str
	nhs_number: str | None
	upn: str | None

	def row(self) -> dict:
		return dict(self.__dict__)


def _nhs(rng: random.Random) -> str:
	return "".join(str(rng.randrange(10)) for _i in range(10))


def _upn(rng: random.Random) -> str:
	return rng.choice("ABCDEFGHJKLMNPQRTUVWXYZ") + "".join(str(rng.randrange(10)) for _i in range(12))


def _record(name: str, child, rng: random.Random) -> Record:
	return Record(
		name=name,
		first_name=child.first_name,
		last_name=child.last_name,
		also_known_as=child.also_known_as,
		date_of_birth=child.date_of_birth,
		expected_date_of_delivery=child.expected_date,
		postcode=child.postcode,
		nhs_number=_nhs(rng) if rng.random() < NHS_SHARE else None,
		upn=_upn(rng) if child.date_of_birth and rng.random() < UPN_SHARE else None,
	)


def population(children: int, plants_per_kind: int, seed: int, stayed: float = 0.0):
	"""(records, truth, kinds): `children` records in all, of which planted pairs (a stored child and
	its variant) of every kind; truth is the set of planted pairs (sorted name pairs). A variant lives
	at another postcode (the family moved), as in the intake figures, except for a share `stayed` of
	the pairs, drawn at random, whose variant is at the stored child's postcode."""
	people = Population(seed, children)
	rng = random.Random(seed + 1)
	records: list[Record] = []
	truth: set[tuple[str, str]] = set()
	kinds: dict[tuple[str, str], str] = {}
	number = itertools.count()

	def add_pair(kind, stored_child, variant_child, same_nhs: bool | None = None, same_upn=False):
		stored = _record(f"CH-S{next(number):07d}", stored_child, rng)
		variant = _record(f"CH-V{next(number):07d}", variant_child, rng)
		if same_nhs is None:
			same_nhs = rng.random() < PLANTED_NHS_SHARE
		stored.nhs_number = stored.nhs_number or (_nhs(rng) if same_nhs else None)
		variant.nhs_number = stored.nhs_number if same_nhs else None
		variant.upn = stored.upn if same_upn else None
		if stayed and rng.random() < stayed:
			variant.postcode = stored.postcode
		records.extend((stored, variant))
		pair = (stored.name, variant.name)
		truth.add(pair)
		kinds[pair] = kind

	for _i in range(plants_per_kind):
		for kind in KINDS:
			planted = plant(kind, people)
			add_pair(kind, planted.stored, planted.variant)
		for kind in UNKNOWN_KINDS:
			stored = people.child()
			while not stored.date_of_birth:
				stored = people.child()
			variant = replace(stored, postcode=postcode(people.rng))
			if kind == UNKNOWN_KINDS[0]:
				variant.last_name = LAST.draw(rng)
				add_pair(kind, stored, variant, same_nhs=True)
			elif kind == UNKNOWN_KINDS[1]:
				variant.last_name = f"{stored.last_name}-{LAST.draw(rng)}"
				add_pair(kind, stored, variant, same_nhs=True)
			else:
				variant.date_of_birth = stored.date_of_birth + timedelta(days=rng.randrange(200, 2000))
				variant.first_name = FIRST.draw(rng) if rng.random() < 0.2 else stored.first_name
				add_pair(kind, replace(stored), variant, same_nhs=False, same_upn=True)
				records[-2].upn = records[-2].upn or _upn(rng)
				records[-1].upn = records[-2].upn
	while len(records) < children:
		records.append(_record(f"CH-B{next(number):07d}", people.child(), rng))
	return records, truth, kinds


def pairs_of(clusters) -> set[tuple[str, str]]:
	return {tuple(sorted(p)) for c in clusters for p in itertools.combinations(sorted(c), 2)}


def precision_recall(clusters, truth: set[tuple[str, str]]) -> tuple[float, float, set, set]:
	found = pairs_of(clusters)
	truth = {tuple(sorted(p)) for p in truth}
	right = found & truth
	precision = len(right) / len(found) if found else 1.0
	recall = len(right) / len(truth) if truth else 1.0
	return precision, recall, found - truth, truth - found


# The thresholds a precision-recall curve is read at.
THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
PRECISION_BOUND = 0.95
PLANTED_COLUMN = "planted_pair"


def curve(pairs: list[dict], truth: set[tuple[str, str]]) -> list[tuple[float, float, float]]:
	"""(threshold, precision, recall) of the clusters the scored pairs give at each of THRESHOLDS."""
	from smallchanges.rules.linkage import clusters

	scored = [(p["left"], p["right"], p["probability"]) for p in pairs]
	return [(at, *precision_recall(clusters(scored, at), truth)[:2]) for at in THRESHOLDS]


def best_recall(points: list[tuple[float, float, float]], precision: float = PRECISION_BOUND):
	"""The point of a curve with the most recall at `precision` or more (None if there is none)."""
	return max((p for p in points if p[1] >= precision), key=lambda p: p[2], default=None)


def with_truth(rows: list[dict], truth: set[tuple[str, str]]) -> list[dict]:
	"""The finder's rows with the planted truth as a column: one value for the two records of a planted
	pair, every other record its own."""
	pair_of = {name: f"planted-{number}" for number, pair in enumerate(sorted(truth)) for name in pair}
	return [{**row, PLANTED_COLUMN: pair_of.get(row["unique_id"], row["unique_id"])} for row in rows]


def ceiling(rows: list[dict], truth: set[tuple[str, str]], threshold: float):
	"""The finder's own comparisons, with m learnt from the planted pairs themselves and the prior the
	planted share of all pairs: the most these comparisons can tell apart, whatever a model learns
	without labels. Returns (model, pairs scored at `threshold` or more)."""
	from smallchanges.linkage import model as splink_model

	every = len(rows) * (len(rows) - 1) / 2
	model = splink_model.train(with_truth(rows, truth), label_column=PLANTED_COLUMN, prior=len(truth) / every)
	return model, splink_model.score(rows, model, threshold)


LOOK_ALIKE_LEVELS = ("the same date", "within 3 days", "one digit out", "day and month swapped")


def look_alikes(records: list[Record], truth: set[tuple[str, str]]) -> Counter:
	"""Pairs of children drawn independently (neither in a planted pair) that share both names and a
	date of birth the same, within 3 days, one digit out, or with day and month swapped: what the
	planted kinds of those names look like, among strangers. Against the planted pairs of a kind,
	it says how precise any finder can be that finds that kind from names and dates."""
	planted = {name for pair in truth for name in pair}
	dates: dict[tuple[str, str], list] = {}
	for r in records:
		if r.date_of_birth and r.name not in planted:
			dates.setdefault((r.first_name.lower(), r.last_name.lower()), []).append(r.date_of_birth)
	counts: Counter = Counter()
	for born in dates.values():
		for a, b in itertools.combinations(born, 2):
			apart = abs((a - b).days)
			if apart == 0:
				counts["the same date"] += 1
			elif apart <= 3:
				counts["within 3 days"] += 1
			elif sum(x != y for x, y in zip(a.isoformat(), b.isoformat(), strict=True)) == 1:
				counts["one digit out"] += 1
			elif b == day_and_month_swapped(a):
				counts["day and month swapped"] += 1
	return counts


# ---- the figures (on a site: Frappe from here on) --------------------------------------------------
CHILD_COLUMNS = [
	"name", "owner", "modified_by", "creation", "modified", "docstatus", "idx",
	"first_name", "last_name", "full_name", "also_known_as", "date_of_birth",
	"expected_date_of_delivery", "postcode", "nhs_number", "upn",
]  # fmt: skip
FINDING_BOUND_SECONDS = 600
LINKS_FOR_MERGE = 100


def _child_rows(records: list[Record]):
	from benchmarks.load import NOW

	for r in records:
		full = " ".join(part for part in (r.first_name, r.last_name) if part)
		yield (
			r.name, "Administrator", "Administrator", NOW, NOW, 0, 0, r.first_name, r.last_name, full,
			r.also_known_as or None, r.date_of_birth, r.expected_date_of_delivery, r.postcode, r.nhs_number,
			r.upn,
		)  # fmt: skip


def figures(report, children: int, plants_per_kind: int, seed: int, stayed: float = 0.0) -> None:
	import frappe

	from benchmarks import load
	from benchmarks.report import say, timed
	from smallchanges.linkage import finder
	from smallchanges.linkage import model as splink_model
	from smallchanges.rules.linkage import CLUSTER_THRESHOLD, clusters

	where = f", {100 * stayed:.0f} % of them at the same postcode" if stayed else ""
	with timed(f"{children:,} children with planted duplicates{where}"):
		records, truth, kinds = population(children, plants_per_kind, seed, stayed)
		frappe.db.delete("Child")
		load.bulk_insert("Child", CHILD_COLUMNS, _child_rows(records))
		frappe.db.delete("Possible Duplicate")
		frappe.db.delete("Possible Duplicate Member")
		frappe.db.set_single_value("Duplicate Finder Settings", {"model_json": None, "engine": "DuckDB"})
		frappe.db.commit()
	start = time.monotonic()
	outcome = finder.run(retrain=True)
	frappe.db.commit()
	seconds = time.monotonic() - start
	report.add(
		f"batch duplicate finding over {children:,} children (export, train, score, cluster, store)",
		f"{seconds:.0f} s",
		f"<= {FINDING_BOUND_SECONDS} s at 1 M",
		seconds <= FINDING_BOUND_SECONDS,
		f"{outcome['pairs']:,} pairs at {CLUSTER_THRESHOLD} or more, {outcome['created']:,} clusters",
	)
	stored = [
		frozenset(frappe.get_all("Possible Duplicate Member", filters={"parent": name}, pluck="child"))
		for name in frappe.get_all("Possible Duplicate", pluck="name")
	]
	precision, recall, false_pairs, missed = precision_recall(stored, truth)
	missed_kinds = Counter(kinds[pair] for pair in missed)
	report.add(
		f"pairwise precision at {children:,}", f"{100 * precision:.1f} %", ">= 95 %", precision >= 0.95,
		f"{len(false_pairs)} pairs not planted",
	)  # fmt: skip
	report.add(
		f"pairwise recall at {children:,}", f"{100 * recall:.1f} %", ">= 95 %", recall >= 0.95,
		"missed: " + ", ".join(f"{k}: {n}" for k, n in missed_kinds.most_common()),
	)  # fmt: skip
	exported = finder.export_rows()
	model = frappe.parse_json(frappe.db.get_single_value("Duplicate Finder Settings", "model_json"))
	with timed("the finder's precision and recall at other thresholds"):
		own = curve(splink_model.score(exported, model, min(THRESHOLDS)), truth)
	report.add(
		f"the finder at other thresholds, {children:,} children (precision / recall)",
		_points(own), "informational", None, _best(own),
	)  # fmt: skip
	with timed("the same comparisons taught by the planted truth"):
		_taught, taught_pairs = ceiling(exported, truth, min(THRESHOLDS))
		taught = curve(taught_pairs, truth)
	report.add(
		f"the same comparisons taught by the planted truth itself, {children:,} children (the most "
		"they can tell apart: precision / recall)",
		_points(taught), "informational", None, _best(taught),
	)  # fmt: skip
	alike = look_alikes(records, truth)
	report.add(
		f"pairs of unrelated children at {children:,} sharing both names and a date of birth",
		", ".join(f"{level}: {alike[level]:,}" for level in LOOK_ALIKE_LEVELS),
		"informational",
		None,
		f"against {plants_per_kind} planted pairs of each kind",
	)

	# the sample holds every planted pair (the export's order is the table's, not the planting's)
	planted = {name for pair in truth for name in pair}
	sample = sorted(exported, key=lambda row: row["unique_id"] not in planted)[:SAMPLE_FOR_AGREEMENT]
	try:
		with timed(f"Spark (local mode) on {len(sample):,} children"):
			on_spark = splink_model.score(sample, model, CLUSTER_THRESHOLD, splink_model.ENGINE_SPARK)
	except ImportError:
		report.add("Spark and DuckDB agree on the clusters", "pyspark not installed", "the same", False)
	else:
		on_duckdb = splink_model.score(sample, model, CLUSTER_THRESHOLD, splink_model.ENGINE_DUCKDB)

		def grouped(pairs):
			return clusters([(p["left"], p["right"], p["probability"]) for p in pairs])

		a, b = grouped(on_duckdb), grouped(on_spark)
		report.add(
			f"Spark and DuckDB agree on the clusters of {len(sample):,} children",
			f"{len(a)} vs {len(b)} clusters, {len(set(a) ^ set(b))} differ", "the same, and some found",
			bool(a) and a == b,  # two empty answers agree on nothing
		)  # fmt: skip
	merge_figure(report)
	say("duplicate finding figures done")


def _points(points) -> str:
	return "; ".join(f"{at}: {100 * p:.1f} / {100 * r:.1f} %" for at, p, r in points)


def _best(points) -> str:
	best = best_recall(points)
	if best is None:
		return f"precision below {100 * PRECISION_BOUND:.0f} % at every threshold"
	at, precision, recall = best
	return (
		f"most recall at {100 * PRECISION_BOUND:.0f} % precision or more: {100 * recall:.1f} % "
		f"(at {at}, precision {100 * precision:.1f} %)"
	)


def merge_figure(report) -> None:
	import frappe

	from benchmarks import load
	from smallchanges.linkage import merge

	survivor, merged = "CH-MERGE-KEEP", "CH-MERGE-GONE"
	load.bulk_insert("Child", CHILD_COLUMNS, _child_rows([
		Record(survivor, "Keeper", "Child", "", None, None, "E1 6AN", None, None),
		Record(merged, "Keepr", "Child", "", None, None, "E1 6AN", None, None),
	]))  # fmt: skip
	links = [(f"RCL-M{i:04d}", "Administrator", "Administrator", load.NOW, load.NOW, 0, 0, f"UR-M{i:04d}",
		f"RCL-M{i:04d}", merged) for i in range(LINKS_FOR_MERGE)]  # fmt: skip
	load.bulk_insert(
		"Referral Child Link",
		["name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "referral",
		 "referral_child_row", "child"],
		links,
	)  # fmt: skip
	start = time.monotonic()
	snapshot, moved = merge.merge(merged, survivor)
	seconds = time.monotonic() - start
	link = frappe.qb.DocType("Referral Child Link")
	on_survivor = frappe.qb.from_(link).select(link.name).where(link.child == survivor).run(pluck=True)
	merge.undo(snapshot, moved, survivor)
	restored = frappe.qb.from_(link).select(link.name).where(link.child == merged).run(pluck=True)
	frappe.db.rollback()
	report.add(
		f"merge of a child named by {LINKS_FOR_MERGE} records",
		f"{1000 * seconds:.0f} ms, {len(on_survivor)} moved, {len(restored)} restored by undo",
		f"all {LINKS_FOR_MERGE} moved and restored",
		len(on_survivor) == LINKS_FOR_MERGE == len(restored),
	)
