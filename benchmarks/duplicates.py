"""Finding the child already on file: recall of planted near-duplicates (each kind the matcher
claims), and the app's duplicate check's time and SQL statements per child, at 1,000 children and
at the full population."""

import statistics
import time
from collections import Counter

from benchmarks import load
from benchmarks.population import KINDS, Population, plant
from benchmarks.report import Report, p95, questions

SMALL = 1000  # children on file for the first measurement


def plants(population: Population, per_kind: int) -> list:
	return [plant(kind, population) for _i in range(per_kind) for kind in KINDS]


def insert_plants(planted: list, first: int) -> list[str]:
	names = [f"CH-P{first + i:07d}" for i in range(len(planted))]
	load.insert_children(
		load.child_row(name, p.stored, load.NOW) for name, p in zip(names, planted, strict=True)
	)
	return names


def check_all(planted: list, names: list[str]) -> dict:
	"""Run the app's duplicate check for each variant; how long, how many queries, where the planted
	child ranks."""
	from smallchanges.referrals.candidates import find_duplicates

	times, counts, ranks, at_bound = [], [], {}, 0
	for plant_ in planted[:20]:  # warm the matcher's caches and the query shapes, as a server is
		find_duplicates(plant_.variant.person())
	for plant_, name in zip(planted, names, strict=True):
		person = plant_.variant.person()
		bound: list[str] = []
		before = questions()
		start = time.perf_counter()
		ranked = find_duplicates(person, None, bound)
		times.append((time.perf_counter() - start) * 1000)
		counts.append(questions() - before - 1)
		found = [key[1] for key, _match in ranked]
		ranks[name] = (plant_.kind, found.index(name) + 1 if name in found else None)
		at_bound += bool(bound)
	return {"times": times, "counts": counts, "ranks": ranks, "at_bound": at_bound}


def duplicate_figures(report: Report, small: dict, large: dict, children: int) -> None:
	ranks = large["ranks"]
	total = len(ranks)
	found = sum(1 for _kind, r in ranks.values() if r)
	top5 = sum(1 for _kind, r in ranks.values() if r and r <= 5)
	missed = Counter(kind for kind, r in ranks.values() if not r or r > 5)
	note = ", ".join(f"{kind}: {n}" for kind, n in missed.items())
	report.add(
		f"recall at {children:,} children: planted child found",
		f"{found}/{total} = {100 * found / total:.1f} %",
		">= 99 %",
		found >= 0.99 * total,
	)
	report.add(
		f"recall at {children:,} children: in the top 5",
		f"{top5}/{total} = {100 * top5 / total:.1f} %",
		">= 99 %",
		top5 >= 0.99 * total,
		f"missed or below 5th: {note}" if note else "",
	)
	report.add(
		f"duplicate check p95 per child at {children:,}",
		f"{p95(large['times']):.2f} ms (p50 {statistics.median(large['times']):.2f})",
		"<= 10 ms",
		p95(large["times"]) <= 10,
	)
	large_q = sorted(set(large["counts"]))
	if small is None:
		report.add(
			f"queries per child at {children:,} children", str(large_q), "one count (1,000: see the first run)",
			len(large_q) == 1,
		)  # fmt: skip
	else:
		small_q = sorted(set(small["counts"]))
		report.add(
			"queries per child, 1,000 vs " + f"{children:,} children",
			f"{small_q} vs {large_q}",
			"constant",
			small_q == large_q and len(large_q) == 1,
			f"p95 at 1,000: {p95(small['times']):.2f} ms",
		)
	report.add(
		"checks where a blocking rule reached its row bound",
		str(large["at_bound"]),
		"informational",
		None,
	)
