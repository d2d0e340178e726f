"""Benchmark: the Statutory Visits Due dashboard at 20,000 open plans and 1,000,000 visits.

Bounds (issue 11): the report answers in under 1 s, and in at most 3x the time of one
hand-written SQL query over the same data that gives the same answer (each open plan's last
visit, last counting visit and due date).

Run on a site of its own (it adds 1 M visits and 20,000 children, and removes them afterwards
unless SMALLCHANGES_BENCH_KEEP=1):
    bench --site <site> execute benchmarks.visits_dashboard.run      (from the app's folder on sys.path)
or, from the bench's sites folder:
    ../env/bin/python -c "import frappe, sys; sys.path.insert(0, '<app checkout>'); \
        frappe.init(site='<site>'); frappe.connect(); import benchmarks.visits_dashboard as b; b.run()"
Prints a table; raises SystemExit(1) when a bound fails.
"""

import os
import random
import statistics
import time
from datetime import date, timedelta

import frappe

PLANS = int(os.environ.get("SMALLCHANGES_BENCH_PLANS", 20_000))
VISITS = int(os.environ.get("SMALLCHANGES_BENCH_VISITS", 1_000_000))
MAX_SECONDS = 1.0
MAX_RATIO = 3.0
REPEATS = 5
PREFIX = "BENCHV"
PLAN_TYPES = ("Child Protection", "Child in Need", "Looked After", "Private Fostering")
PLACES = ("Home", "Home", "Home", "School", "Placement", "Nursery")
CHUNK = 20_000

# The hand-written baseline: the same answer in one statement, as a developer would write it.
HAND_WRITTEN_SQL = """
select plan.child, plan.plan_type, plan.plan_reference, plan.last_visit, plan.last_counting,
	latest.name, latest.child_name, latest.practitioner, latest.next_visit_due
from (
	select child, plan_type, plan_reference, max(visit_date) as last_visit,
		max(case when counts_as_statutory = 1 then visit_date end) as last_counting
	from `tabVisit`
	group by child, plan_type, plan_reference
	having max(plan_ended) = 0
) plan
join `tabVisit` latest on latest.child = plan.child and latest.plan_type = plan.plan_type
	and latest.plan_reference = plan.plan_reference and latest.visit_date = plan.last_visit
"""


def _timed(fn, repeats: int = REPEATS) -> float:
	"""The median wall time of `repeats` runs, after one warm-up run."""
	fn()
	times = []
	for _i in range(repeats):
		start = time.perf_counter()
		fn()
		times.append(time.perf_counter() - start)
	return statistics.median(times)


def _common(name: str, now) -> tuple:
	return (name, now, now, "Administrator", "Administrator", 0, 0)


COMMON = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx"]


def build_data() -> tuple[int, float]:
	"""20,000 children with one open plan each and 1 M visits, by bulk insert. Returns (visits, s)."""
	start = time.perf_counter()
	rng = random.Random(11)
	now = frappe.utils.now_datetime()
	today = date.today()
	children = [f"{PREFIX}-CH-{n:06d}" for n in range(PLANS)]
	frappe.db.bulk_insert(
		"Child",
		[*COMMON, "first_name", "last_name", "full_name", "date_of_birth"],
		(
			(
				*_common(child, now),
				"Bench",
				f"Child {n}",
				f"Bench Child {n}",
				date(2012, 1, 1) + timedelta(days=n % 3000),
			)
			for n, child in enumerate(children)
		),
		chunk_size=CHUNK,
	)
	per_plan = VISITS // PLANS
	practitioners = [f"{PREFIX}-worker-{n}@bench.example.test" for n in range(200)]

	def visits():
		number = 0
		for n, child in enumerate(children):
			plan_type = PLAN_TYPES[n % len(PLAN_TYPES)]
			reference = f"{PREFIX}-{n:06d}"
			practitioner = practitioners[n % len(practitioners)]
			day = today - timedelta(days=per_plan * 9 + rng.randint(0, 30))
			for _i in range(per_plan):
				day += timedelta(days=rng.randint(5, 13))
				day = min(day, today)
				counts = int(rng.random() < 0.7)
				place = PLACES[(number + n) % len(PLACES)]
				yield (
					*_common(f"{PREFIX}-VIS-{number:07d}", now),
					child,
					f"Bench Child {n}",
					plan_type,
					reference,
					0,
					day,
					"Planned",
					place,
					practitioner,
					1,
					1,
					int(counts),
					counts,
					int(counts and place != "Home"),
					day + timedelta(days=14),
					day + timedelta(days=2),
				)
				number += 1

	frappe.db.bulk_insert(
		"Visit",
		[
			*COMMON,
			"child",
			"child_name",
			"plan_type",
			"plan_reference",
			"plan_ended",
			"visit_date",
			"visit_type",
			"place",
			"practitioner",
			"qualified_social_worker",
			"child_seen",
			"seen_alone",
			"counts_as_statutory",
			"counted_at_non_home_place",
			"next_visit_due",
			"write_up_due",
		],
		visits(),
		chunk_size=CHUNK,
	)
	frappe.db.commit()
	frappe.db.sql("analyze table `tabVisit`")
	return per_plan * PLANS, time.perf_counter() - start


def remove_data() -> None:
	Visit, Child = frappe.qb.DocType("Visit"), frappe.qb.DocType("Child")
	frappe.qb.from_(Visit).delete().where(Visit.name.like(f"{PREFIX}-VIS-%")).run()
	frappe.qb.from_(Child).delete().where(Child.name.like(f"{PREFIX}-CH-%")).run()
	frappe.db.commit()


def run() -> None:
	from smallchanges.install import ensure_setup
	from smallchanges.visits.report.statutory_visits_due.statutory_visits_due import execute

	ensure_setup()  # the plan index
	frappe.set_user("Administrator")
	remove_data()
	count, build_seconds = build_data()
	try:
		rows = len(execute({})[1])
		plans_in_data = len(frappe.db.sql(HAND_WRITTEN_SQL))
		report = _timed(lambda: execute({}))
		baseline = _timed(lambda: frappe.db.sql(HAND_WRITTEN_SQL))
	finally:
		if not os.environ.get("SMALLCHANGES_BENCH_KEEP"):
			remove_data()
	ratio = report / baseline if baseline else float("inf")
	lines = [
		("visits", f"{count:,}", ""),
		("open plans (report rows)", f"{rows:,}", f"hand-written SQL: {plans_in_data:,}"),
		("data built in", f"{build_seconds:.1f} s", ""),
		("Statutory Visits Due report", f"{report * 1000:.0f} ms", f"bound {MAX_SECONDS * 1000:.0f} ms"),
		("one hand-written SQL query", f"{baseline * 1000:.0f} ms", ""),
		("report / hand-written SQL", f"{ratio:.2f}x", f"bound {MAX_RATIO:.1f}x"),
	]
	print()
	for label, value, note in lines:
		print(f"  {label:32} {value:>12}  {note}")
	failed = report >= MAX_SECONDS or ratio > MAX_RATIO or rows < PLANS
	print("  " + ("FAILED: a bound was not met" if failed else "ok: every bound met"))
	if failed:
		raise SystemExit(1)
