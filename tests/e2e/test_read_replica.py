"""The heavy reports and the number cards read from a MariaDB read replica when the site says
`read_from_replica`, and everything else (the access log of what they showed) stays on the primary.

./scripts/test starts a pair of this machine's MariaDB servers for this test (scripts/lib.sh
sc_mariadb_pair_start: a primary with its binary log and a read-only replica replicating it by
GTID) and makes a site with the app on the primary, configured with the replica. The test serves
the site as ./scripts/up does and calls each report and card over HTTP as a Director. With the
replica paused, records written on the primary do not show, and the replica's general log, not the
primary's, has the call's query; once the replica has caught up, they show. Skips only when the
machine has no MariaDB server binaries."""

import json
import os
import subprocess
import sys
import time

import pymysql
import pytest
import requests

from tests.conftest import site_location
from tests.factories import PASSWORD
from tests.serving import ROOT, background_site, serving

pytestmark = pytest.mark.last

# What the query of each report or card names: enough to tell it from the site's other reads of
# the same table (a notification job reading one referral, the access log's writes).
REFERRALS_DUE = "`decision_due`.*from `tabUniversal Referral`"
PLANS = "`latest_of_plan`"
MINUTES = "`minute_taker_agency`.*from `tabCore Group Minutes`"
ACTIONS = "`tabCore Group Action`"
LOG = "`accessed_at`.*from `tabRecord Access Log`"
AWAY = "`counted_at_non_home_place`"
FAR_FUTURE = "2999-01-01"  # as of then, every undecided referral and open plan is overdue
REPORT = "frappe.desk.query_report.run"
# Run now, as the number cards ask: Frappe makes a report "prepared" (queued for a worker, which also
# reads through read_only) once a run took over 15 s, as on a loaded machine.
NOW = {"ignore_prepared_report": 1}


class Pair:
	"""The two servers, as root over their sockets."""

	def __init__(self, folder: str):
		self.folder = folder

	def sql(self, role: str, query: str, args=None) -> tuple:
		connection = pymysql.connect(
			unix_socket=os.path.join(self.folder, role, "mysqld.sock"), user="root", autocommit=True
		)
		try:
			with connection.cursor() as cursor:
				cursor.execute(query, args)
				return cursor.fetchall()
		finally:
			connection.close()

	def caught_up(self, seconds: int = 120) -> None:
		deadline = time.monotonic() + seconds
		while True:
			primary = self.sql("primary", "SELECT @@gtid_binlog_pos")[0][0]
			if self.sql("replica", "SELECT @@gtid_slave_pos")[0][0] == primary:
				return
			assert time.monotonic() < deadline, f"the replica did not reach {primary} within {seconds} s"
			time.sleep(0.5)

	def selects_from(self, role: str, since, pattern: str) -> list[str]:
		"""The site's SELECT statements matching `pattern` in the server's general log since `since`
		(not the test's own, as root)."""
		rows = self.sql(
			role,
			"SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE event_time >= %s"
			" AND command_type = 'Query' AND user_host NOT LIKE 'root[%%' AND CONVERT(argument USING utf8mb4) REGEXP %s",
			(since, rf"(?is)^\s*select.*{pattern}"),
		)
		return [row[0][:300] for row in rows]

	def stop(self) -> None:
		subprocess.run(
			["bash", "-c", 'source scripts/lib.sh && sc_mariadb_pair_stop "$0"', self.folder],
			cwd=ROOT,
			check=True,
		)


def _records(bench: str, site: str, *what: str) -> dict:
	sites = os.path.join(bench, "sites")
	made = subprocess.run(
		[sys.executable, str(ROOT / "tests" / "e2e" / "replica_world.py"), sites, site, *what],
		cwd=sites,
		capture_output=True,
		text=True,
	)
	assert made.returncode == 0, made.stderr[-4000:]
	return json.loads(made.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def replica():
	bench, _ = site_location()
	name = background_site("SMALLCHANGES_REPLICA_SITE", "SMALLCHANGES_REPLICA_STATUS")
	pair = Pair(os.environ["SMALLCHANGES_REPLICA_PAIR"])
	pids = [
		open(os.path.join(pair.folder, role, "mysqld.pid")).read().strip() for role in ("primary", "replica")
	]
	try:
		world = _records(bench, name, "world")
		with serving(bench, name, os.path.join(bench, "logs", "e2e-replica"), workers=1) as (url, _process):
			yield url, name, bench, pair, world
	finally:
		pair.stop()  # and ./scripts/test stops them again, should this test not run to here
	assert not [pid for pid in pids if os.path.exists(f"/proc/{pid}")], (
		"a MariaDB server of the pair is running"
	)


def _director(url: str, world: dict) -> requests.Session:
	session = requests.Session()
	session.headers["Accept"] = "application/json"
	login = session.post(
		f"{url}/api/method/login", data={"usr": world["director"], "pwd": PASSWORD}, timeout=60
	)
	assert login.status_code == 200, login.text
	return session


# Each call the desk makes for a report or a card, and what its query names.
CALLS = {
	"Overdue Referrals": (REPORT, {"report_name": "Overdue Referrals", "filters": {"as_of": FAR_FUTURE}, **NOW}, REFERRALS_DUE),
	"Statutory Visits Due": (REPORT, {"report_name": "Statutory Visits Due", "filters": {"today": FAR_FUTURE}, **NOW}, PLANS),
	"Who Takes The Minutes": (REPORT, {"report_name": "Who Takes The Minutes", "filters": {}, **NOW}, MINUTES),
	"Overdue Core Group Actions": (REPORT, {"report_name": "Overdue Core Group Actions", "filters": {}, **NOW}, ACTIONS),
	"Record Access": (REPORT, {"report_name": "Record Access", "filters": {}, **NOW}, LOG),
	# number cards, called as Frappe's number card widget calls them
	"card Statutory Visits Overdue": (REPORT, {"report_name": "Statutory Visits Due", "filters": {}, **NOW}, PLANS),
	"card Statutory Visits Due This Week": (REPORT, {"report_name": "Statutory Visits Due", "filters": {}, **NOW}, PLANS),
	"card Visits Counted Away From Home": ("smallchanges.visits.dashboard.visits_counted_away_from_home", {"filters": []}, AWAY),
	"card Minutes taken by others": ("smallchanges.core_groups.dashboard.minutes_taken_by_others", {"filters": []}, MINUTES),
}  # fmt: skip


def _call(session: requests.Session, url: str, pair: Pair, call: str) -> tuple[dict, dict[str, list[str]]]:
	"""Make the call; its answer and the SELECTs on its table each server logged meanwhile."""
	method, params, pattern = CALLS[call]
	since = {role: pair.sql(role, "SELECT NOW(6)")[0][0] for role in ("primary", "replica")}
	answer = session.post(
		f"{url}/api/method/{method}",
		data={k: json.dumps(v) if not isinstance(v, str) else v for k, v in params.items()},
		timeout=120,
	)
	assert answer.status_code == 200, (call, answer.status_code, answer.text[:1000])
	return answer.json()["message"], {role: pair.selects_from(role, since[role], pattern) for role in since}


def _shown(call: str, message) -> object:
	"""What the person sees of the call's answer, reduced to what the records change."""
	if call.startswith("card Visits") or call.startswith("card Minutes"):
		return message["value"]
	rows = [row for row in message["result"] if isinstance(row, dict)]  # not a total row
	if call == "Overdue Referrals":
		return {row["name"] for row in rows}
	if call == "Statutory Visits Due":
		return {row["child"] for row in rows}
	if call == "Who Takes The Minutes":
		return sum(row["minutes"] for row in rows)
	if call == "Record Access":
		return {row["reference_name"] for row in rows}
	if call == "card Statutory Visits Overdue":
		return sum(row["overdue"] for row in rows)
	return None  # the same call as a card above, or nothing these records change


def test_reports_and_number_cards_read_from_the_replica(replica):
	url, site, bench, pair, world = replica
	assert pair.sql("replica", "SELECT @@read_only")[0][0] == 1  # a write there would fail the call
	for role in ("primary", "replica"):
		pair.sql(role, "SET GLOBAL log_output = 'TABLE'")
		pair.sql(role, "SET GLOBAL general_log = 1")
	pair.caught_up()
	director = _director(url, world)
	before = {}
	for call in CALLS:
		message, selects = _call(director, url, pair, call)
		assert selects["replica"] and not selects["primary"], (call, selects)
		before[call] = _shown(call, message)
	assert world["referral"] in before["Overdue Referrals"]
	assert world["overdue_child"] in before["Statutory Visits Due"]
	assert world["referral"] in before["Record Access"]

	# The replica paused: records written on the primary are not on it, nor in any report or card.
	pair.caught_up()
	pair.sql("replica", "STOP SLAVE")
	more = _records(bench, site, "more", json.dumps(world))
	db = _db_name(bench, site)
	exists = f"SELECT COUNT(*) FROM `{db}`.`tabUniversal Referral` WHERE name = %s"
	assert pair.sql("primary", exists, (more["referral"],))[0][0] == 1
	assert pair.sql("replica", exists, (more["referral"],))[0][0] == 0
	logged = f"SELECT COUNT(*) FROM `{db}`.`tabRecord Access Log` WHERE user = %s AND channel = 'Report'"
	reads_logged = pair.sql("primary", logged, (world["director"],))[0][0]
	paused = {}
	for call in CALLS:
		message, selects = _call(director, url, pair, call)
		assert selects["replica"] and not selects["primary"], (call, selects)
		paused[call] = _shown(call, message)
	assert (
		more["referral"] not in paused["Overdue Referrals"]
		and world["referral"] in paused["Overdue Referrals"]
	)
	assert more["overdue_child"] not in paused["Statutory Visits Due"]
	assert more["referral"] not in paused["Record Access"]
	for unchanged in (
		"Who Takes The Minutes",
		"card Statutory Visits Overdue",
		"card Visits Counted Away From Home",
		"card Minutes taken by others",
	):
		assert paused[unchanged] == before[unchanged], (unchanged, "shows a record the replica does not have")
	# What the reports showed is logged on the primary, as without a replica.
	assert pair.sql("primary", logged, (world["director"],))[0][0] > reads_logged

	# Caught up, the reports and cards show the new records, still read from the replica.
	pair.sql("replica", "START SLAVE")
	pair.caught_up()
	after = {}
	for call in CALLS:
		message, selects = _call(director, url, pair, call)
		assert selects["replica"] and not selects["primary"], (call, selects)
		after[call] = _shown(call, message)
	assert more["referral"] in after["Overdue Referrals"] and world["referral"] in after["Overdue Referrals"]
	assert more["overdue_child"] in after["Statutory Visits Due"]
	assert more["referral"] in after["Record Access"]
	assert after["Who Takes The Minutes"] == before["Who Takes The Minutes"] + 1
	assert after["card Statutory Visits Overdue"] == before["card Statutory Visits Overdue"] + 1
	away = pair.sql(
		"primary",
		f"SELECT COUNT(*) FROM `{db}`.`tabVisit` WHERE counts_as_statutory = 1 AND counted_at_non_home_place = 1"
		" AND visit_date >= DATE_FORMAT(CURDATE(), '%%Y-%%m-01')",
	)[0][0]
	assert after["card Visits Counted Away From Home"] == away
	assert after["card Minutes taken by others"] > before["card Minutes taken by others"]


def _db_name(bench: str, site: str) -> str:
	with open(os.path.join(bench, "sites", site, "site_config.json")) as f:
		return json.load(f)["db_name"]
