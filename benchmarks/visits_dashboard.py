"""Benchmark: the Statutory Visits Due dashboard at 20,000 open plans and 1,000,000 visits.

Bounds (issue 11): the report answers in under 1 s, and in at most 3x the time of one
hand-written SQL query over the same data that gives the same answer (each open plan's latest
visit: last counting visit, due date, practitioner). For information it also times the naive
hand-written alternative that groups all 1 M visits by plan on every call.

Run it on a site of its own (it adds 20,000 children and 1 M visits, and removes them at the end
unless SMALLCHANGES_BENCH_KEEP=1), from the bench's sites folder, as the bench's user:
    ../env/bin/python -c "import frappe; frappe.init(site='<site>', sites_path='.'); frappe.connect(); \
        import benchmarks.visits_dashboard as b; b.run()"
(the app's checkout is on the bench's sys.path, so `benchmarks` imports from it). Prints a table;
raises SystemExit(1) when a bound fails. SMALLCHANGES_BENCH_PLANS / _VISITS scale it down;
SMALLCHANGES_BENCH_REUSE=1 measures again on the data a SMALLCHANGES_BENCH_KEEP=1 run left.
"""

import os
import statistics
import time

import frappe

PLANS = int(os.environ.get("SMALLCHANGES_BENCH_PLANS", 20_000))
VISITS = int(os.environ.get("SMALLCHANGES_BENCH_VISITS", 1_000_000))
MAX_SECONDS = 1.0
MAX_RATIO = 3.0
REPEATS = 5
PREFIX = "BENCHV"

# The hand-written baseline: the same answer in one statement, as a developer would write it.
HAND_WRITTEN_SQL = """
select name, child, child_name, plan_type, plan_reference, practitioner, visit_date,
	last_counting_date, next_visit_due
from `tabVisit`
where latest_of_plan = 1 and plan_ended = 0
"""
# The naive alternative (not a bound): group every visit by plan on each call.
GROUPING_SQL = """
select plan.child, plan.plan_type, plan.plan_reference, plan.last_visit, plan.last_counting,
	latest.name, latest.practitioner, latest.next_visit_due
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


def build_data() -> tuple[int, float]:
	"""PLANS children with one open plan each and VISITS visits, by bulk INSERT ... SELECT from
	MariaDB's sequence tables (generated in the server: a few minutes at 1 M). Returns (visits, s)."""
	start = time.perf_counter()
	per_plan = max(1, VISITS // PLANS)
	total = per_plan * PLANS
	# seq_0_to_N is MariaDB's built-in sequence engine; N is a whole number computed here.
	children_seq = f"seq_0_to_{int(PLANS) - 1}"
	visits_seq = f"seq_0_to_{int(total) - 1}"
	frappe.db.sql(
		f"""insert into `tabChild` (name, creation, modified, owner, modified_by, docstatus, idx,
			first_name, last_name, full_name, date_of_birth)
		select concat(%(prefix)s, '-CH-', lpad(seq, 6, '0')), now(), now(), 'Administrator',
			'Administrator', 0, 0, 'Bench', concat('Child ', seq), concat('Bench Child ', seq),
			date '2012-01-01' + interval (seq mod 3000) day
		from {children_seq}""",
		{"prefix": PREFIX},
	)
	frappe.db.sql(
		f"""insert into `tabVisit` (name, creation, modified, owner, modified_by, docstatus, idx,
			child, child_name, plan_type, plan_reference, plan_ended, visit_date, visit_type, place,
			practitioner, qualified_social_worker, child_seen, seen_alone, counts_as_statutory,
			counted_at_non_home_place, counting_reason, last_counting_date, next_visit_due,
			latest_of_plan, write_up_due)
		select v.name, now(), now(), 'Administrator', 'Administrator', 0, 0,
			v.child, v.child_name, v.plan_type, v.plan_reference, 0, v.visit_date, 'Planned', v.place,
			v.practitioner, 'Yes', 'Yes', 'Yes', v.counts, v.counts and v.place <> 'Home',
			if(v.counts, 'counts: benchmark', 'does not count: benchmark'),
			if(v.counts, v.visit_date, v.visit_date - interval 9 day),
			if(v.counts, v.visit_date, v.visit_date - interval 9 day) + interval 14 day,
			v.k = %(last)s, v.visit_date + interval 2 day
		from (
			select concat(%(prefix)s, '-VIS-', lpad(seq, 7, '0')) as name,
				concat(%(prefix)s, '-CH-', lpad(seq div %(per_plan)s, 6, '0')) as child,
				concat('Bench Child ', seq div %(per_plan)s) as child_name,
				elt(1 + (seq div %(per_plan)s) mod 4, 'Child Protection', 'Child in Need',
					'Looked After', 'Private Fostering') as plan_type,
				concat(%(prefix)s, '-', lpad(seq div %(per_plan)s, 6, '0')) as plan_reference,
				seq mod %(per_plan)s as k,
				curdate() - interval ((%(per_plan)s - seq mod %(per_plan)s) * 9
					+ (seq div %(per_plan)s) mod 7) day as visit_date,
				elt(1 + seq mod 6, 'Home', 'Home', 'Home', 'School', 'Placement', 'Nursery') as place,
				concat(%(prefix)s, '-worker-', (seq div %(per_plan)s) mod 200, '@bench.example.test')
					as practitioner,
				crc32(seq) mod 10 < 7 as counts
			from {visits_seq}
		) v""",
		{"prefix": PREFIX, "per_plan": per_plan, "last": per_plan - 1},
	)
	frappe.db.commit()
	frappe.db.sql("analyze table `tabVisit`")
	return total, time.perf_counter() - start


def remove_data() -> None:
	Visit, Child = frappe.qb.DocType("Visit"), frappe.qb.DocType("Child")
	frappe.qb.from_(Visit).delete().where(Visit.name.like(f"{PREFIX}-VIS-%")).run()
	frappe.qb.from_(Child).delete().where(Child.name.like(f"{PREFIX}-CH-%")).run()
	frappe.db.commit()


def run() -> None:
	"""Measure, print the table, SystemExit(1) when a bound fails (standalone use)."""
	result = measure()
	lines = [
		("visits", f"{result['visits']:,}", ""),
		("open plans (report rows)", f"{result['rows']:,}", f"hand-written SQL: {result['plans_in_data']:,}"),
		("data built in", f"{result['build_seconds']:.1f} s", ""),
		(
			"Statutory Visits Due report",
			f"{result['report'] * 1000:.0f} ms",
			f"bound {MAX_SECONDS * 1000:.0f} ms",
		),
		("one hand-written SQL query", f"{result['baseline'] * 1000:.0f} ms", "same rows, same index"),
		("naive SQL grouping all visits", f"{result['grouping'] * 1000:.0f} ms", "for information"),
		("report / hand-written SQL", f"{result['ratio']:.2f}x", f"bound {MAX_RATIO:.1f}x"),
	]
	print()
	for label, value, note in lines:
		print(f"  {label:32} {value:>12}  {note}")
	failed = not (result["fast_enough"] and result["close_to_sql"] and result["complete"])
	print("  " + ("FAILED: a bound was not met" if failed else "ok: every bound met"))
	if failed:
		raise SystemExit(1)


def measure() -> dict:
	"""Build the data (unless kept), time the report and the hand-written SQL, remove the data."""
	from smallchanges.install import ensure_setup
	from smallchanges.visits.report.statutory_visits_due.statutory_visits_due import execute

	ensure_setup()  # the plan index
	frappe.set_user("Administrator")
	Visit = frappe.qb.DocType("Visit")
	kept = (
		frappe.qb.from_(Visit)
		.select(frappe.query_builder.functions.Count("*"))
		.where(Visit.name.like(f"{PREFIX}-VIS-%"))
		.run()[0][0]
	)
	if os.environ.get("SMALLCHANGES_BENCH_REUSE") and kept == max(1, VISITS // PLANS) * PLANS:
		count, build_seconds = kept, 0.0  # the data a run with SMALLCHANGES_BENCH_KEEP=1 left
	else:
		remove_data()
		count, build_seconds = build_data()
	try:
		rows = len(execute({})[1])
		plans_in_data = len(frappe.db.sql(HAND_WRITTEN_SQL))
		report = _timed(lambda: execute({}))
		baseline = _timed(lambda: frappe.db.sql(HAND_WRITTEN_SQL))
		grouping = _timed(lambda: frappe.db.sql(GROUPING_SQL), repeats=1)
	finally:
		if not os.environ.get("SMALLCHANGES_BENCH_KEEP"):
			remove_data()
	ratio = report / baseline if baseline else float("inf")
	return {
		"visits": count,
		"rows": rows,
		"plans_in_data": plans_in_data,
		"build_seconds": build_seconds,
		"report": report,
		"baseline": baseline,
		"grouping": grouping,
		"ratio": ratio,
		"fast_enough": report < MAX_SECONDS,
		"close_to_sql": ratio <= MAX_RATIO,
		"complete": rows >= PLANS,
	}


def figures(report) -> None:
	"""The dashboard's two figures in the run's table (benchmarks.report.Report)."""
	from benchmarks.report import timed

	with timed("visits dashboard"):
		result = measure()
	scale = f"{result['rows']:,} open plans, {result['visits']:,} visits"
	report.add(
		f"Statutory Visits Due report, {scale}",
		f"{result['report'] * 1000:.0f} ms",
		f"< {MAX_SECONDS * 1000:.0f} ms",
		result["fast_enough"] and result["complete"],
	)
	report.add(
		"Statutory Visits Due report vs one hand-written SQL over the same data",
		f"{result['report'] * 1000:.0f} / {result['baseline'] * 1000:.0f} ms = {result['ratio']:.2f}x",
		f"<= {MAX_RATIO:.0f}x",
		result["close_to_sql"],
	)
