"""The order of a run: the data loaded step by step with the duplicate figures measured on the way
(at 1,000 children, then at N), then the figures in process, then those over gunicorn. Each
function returns the run's exit status (benchmarks.report.Report.finish)."""

import frappe

from benchmarks import child_import, duplicate_finding, load, visits_dashboard
from benchmarks.concurrent_sends import send_load_figures
from benchmarks.duplicates import SMALL, check_all, duplicate_figures, insert_plants, plants
from benchmarks.fixtures import MANAGER, PARTNER, make_people
from benchmarks.lists import explain_partner_list, list_figures
from benchmarks.paired_edits import lost_update_figure
from benchmarks.population import Population
from benchmarks.report import Report, p95, say, timed
from benchmarks.server import Server
from benchmarks.submit import submit_figure
from benchmarks.throughput import throughput_figure
from smallchanges.referrals.candidates import INDEXES

LOADED_TABLES = ["tabChild", "tabReferral Child", "tabUniversal Referral", "tabToDo"]


def only_http(args, report: Report) -> int:
	"""The site holds a full run's data: the HTTP figures again."""
	explain_partner_list(report)
	return http_figures(report, args)


def only_visits(args, report: Report) -> int:
	visits_dashboard.figures(report)
	return report.finish()


def only_import(args, report: Report) -> int:
	"""Only the bulk import of children (its own extract, on the Child table as it is)."""
	child_import.figures(report, args.import_children or args.children, args.seed)
	return report.finish()


def only_duplicate_finding(args, report: Report) -> int:
	"""Only the batch duplicate finder's figures (and the merge of a child with 100 links)."""
	duplicate_finding.figures(report, args.children, args.plants_per_kind, args.seed, args.planted_stayed)
	return report.finish()


def only_load(args, report: Report) -> int:
	"""Only the figures for many people at once: concurrent Sends and paired edits."""
	with timed(f"{args.agencies} agencies"):
		load.agencies(args.agencies)
	return http_figures(report, args, lists=False)


def full(args, report: Report) -> int:
	if not args.resume:  # first, on the empty Child table: the bulk import (its children removed after it)
		child_import.figures(report, args.import_children or args.children, args.seed)
	population = Population(args.seed, args.children)
	with timed("planting near-duplicates"):
		planted_small = plants(population, 10)
		planted_large = plants(population, args.plants_per_kind)
	small_names = [f"CH-P{i:07d}" for i in range(len(planted_small))]
	large_names = [f"CH-P{len(planted_small) + i:07d}" for i in range(len(planted_large))]
	first = SMALL - len(planted_small)

	if args.resume:
		agency_names, small = _resume(planted_small, planted_large, large_names), None
	else:
		with timed(f"{args.agencies} agencies and the users"):
			agency_names = load.agencies(args.agencies)
			make_people(agency_names[0])  # the agency that refers most: the partner with the longest list
		with timed(f"loading the first {SMALL:,} children"):
			load.insert_children(load.children(population, 0, first))
			insert_plants(planted_small, 0)
		small = check_all(planted_small, small_names)
		say(
			f"at {SMALL:,}: queries per child {sorted(set(small['counts']))}, p95 {p95(small['times']):.2f} ms"
		)
	with timed("loading (secondary indexes built after)"), load.indexes_built_after(LOADED_TABLES):
		if not args.resume:
			rest = args.children - SMALL - len(planted_large)
			with timed(f"loading {rest + len(planted_large):,} more children (to {args.children:,})"):
				load.insert_children(load.children(population, first, rest))
				insert_plants(planted_large, len(planted_small))
		with timed(f"loading {args.referrals:,} referrals over {args.agencies} agencies"):
			load.referrals(population, args.referrals, agency_names, args.seed)
		with timed(f"loading {args.todos:,} ToDos"):
			users = [PARTNER, MANAGER] + [f"user{i}@bench.example.test" for i in range(198)]
			load.todos(args.todos, users, args.seed)
	with timed("ANALYZE (statistics, as a running database keeps them)"):
		for table in LOADED_TABLES:
			frappe.db.sql(f"ANALYZE TABLE `{table}`")  # table names are constants above

	with timed("reading the pages the duplicate checks search into the buffer pool"):
		load.read_into_buffer_pool({k: list(v) for k, v in INDEXES.items()})
	with timed(f"duplicate checks at {args.children:,}"):
		large = check_all(planted_small + planted_large, small_names + large_names)
	duplicate_figures(report, small, large, args.children)

	explain_partner_list(report)
	with timed("referral Send vs Frappe's own and a bare insert"):
		submit_figure(report)
	return http_figures(report, args)


def _resume(planted_small: list, planted_large: list, large_names: list[str]) -> list[str]:
	"""The children of an interrupted run are on file (same seed: the same plants); its figures at
	1,000 children were printed by that run. Referrals are loaded again from nothing."""
	agency_names = sorted(
		frappe.get_all("Partner Agency", pluck="name", filters={"name": ("like", "Bench Agency %")})
	)
	if not frappe.db.exists("Child", large_names[-1]):
		insert_plants(planted_large, len(planted_small))
	for doctype, prefix in (("Universal Referral", "UR-B%"), ("Referral Child", "RC-B%"), ("ToDo", "TD-B%")):
		frappe.db.delete(doctype, {"name": ("like", prefix)})
	frappe.db.commit()
	return agency_names


def http_figures(report: Report, args, lists: bool = True) -> int:
	with timed("HTTP figures under gunicorn"):
		server = Server(args.bench, args.site, args.port)
		try:
			if lists:
				labels = list_figures(report, server, args.referrals, args.agencies, args.requests)
				throughput_figure(report, server, labels, args.seconds)
			with timed(f"{args.senders} concurrent senders x {args.sends_each}"):
				send_load_figures(report, server, args.senders, args.sends_each)
			with timed(f"{args.edit_pairs} paired edits"):
				lost_update_figure(report, server, args.edit_pairs)
		finally:
			server.stop()
	if lists:  # the full run: the visits dashboard too
		visits_dashboard.figures(report)
	return report.finish()
