"""The benchmarks' command line: build the data on a throwaway site, measure each figure in this
one run, print a table, exit non-zero when a figure misses its bound. Run by ./scripts/bench (which
makes the site); by hand: env/bin/python -m benchmarks.run --bench <bench> --site <site> [--children N ...].

Every figure is a count or a ratio against bare Frappe measured in the same run, so the bounds hold
on any machine kind; benchmarks/README.md gives the method and the last runs.
"""

import argparse
import os
import sys

import frappe

from benchmarks import suite
from benchmarks.database import buffer_pool
from benchmarks.report import Report


def arguments() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--bench", required=True)
	parser.add_argument("--site", required=True)
	parser.add_argument("--children", type=int, default=1_000_000)
	parser.add_argument("--referrals", type=int, default=1_000_000)
	parser.add_argument("--agencies", type=int, default=200)
	parser.add_argument("--plants-per-kind", type=int, default=50)
	parser.add_argument(
		"--planted-stayed",
		type=float,
		default=0.0,
		help="duplicate finding: the share of planted pairs whose variant is at the stored child's "
		"postcode (default 0: every family moved, as in the intake figures)",
	)
	parser.add_argument("--todos", type=int, default=100_000)
	parser.add_argument("--requests", type=int, default=300)
	parser.add_argument("--seconds", type=float, default=20)
	parser.add_argument("--port", type=int, default=8790)
	parser.add_argument("--seed", type=int, default=20261201)
	parser.add_argument(
		"--only-http", action="store_true", help="the site holds a full run's data: measure the HTTP figures"
	)
	parser.add_argument(
		"--resume", action="store_true", help="the site already holds the children of an interrupted run"
	)
	parser.add_argument(
		"--only-load", action="store_true",
		help="only the figures for many people at once: concurrent Sends and paired edits",
	)  # fmt: skip
	parser.add_argument(
		"--only-visits", action="store_true", help="only the visits dashboard at 20,000 plans, 1 M visits"
	)
	parser.add_argument(
		"--only-import", action="store_true", help="only the bulk import of children (--import-children N)"
	)
	parser.add_argument(
		"--import-children", type=int, default=0, help="children in the import's extract (0: --children)"
	)
	parser.add_argument(
		"--only-duplicate-finding", action="store_true",
		help="only the batch duplicate finder (Splink) over --children, and a merge of a child with 100 links",
	)  # fmt: skip
	parser.add_argument("--senders", type=int, default=8)
	parser.add_argument("--sends-each", type=int, default=100)
	parser.add_argument("--edit-pairs", type=int, default=1000)
	parser.add_argument(
		"--buffer-pool-mb", type=int, default=2048,
		help="size InnoDB's buffer pool to hold the working set for the run (0: leave it as it is)",
	)  # fmt: skip
	return parser.parse_args()


def main() -> int:
	args = arguments()
	if args.only_http:
		steps = suite.only_http
	elif args.only_visits:
		steps = suite.only_visits
	elif args.only_load:
		steps = suite.only_load
	elif args.only_import:
		steps = suite.only_import
	elif args.only_duplicate_finding:
		steps = suite.only_duplicate_finding
	else:
		steps = suite.full
	os.chdir(os.path.join(args.bench, "sites"))
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	report = Report()
	try:
		with buffer_pool(report, args.buffer_pool_mb):
			return steps(args, report)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	sys.exit(main())
