"""Loads the synthetic population into a site by bulk SQL inserts into the app's real tables, with every
constraint of Frappe's schema in place and the same indexes: one multi-row INSERT statement built by frappe.qb
(placeholders only), sent 10,000 rows at a time through the DB driver's executemany, which packs the
rows into multi-row statements (frappe.db.bulk_insert renders every value through the query builder,
which takes longer than the database does to store them).
Rows get the columns Frappe would give them (name, owner, creation, modified, docstatus, the match
keys the Child and Referral Child controllers set).

A large load runs inside `indexes_built_after`, as a council's data migration would: the secondary
(non-unique) indexes are dropped, the rows stored, and the very same indexes built again from the
data in one sorted pass per table, instead of being kept up row by row in random key order through a
small buffer pool. The figures are measured afterwards, on the rebuilt indexes."""

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta

import frappe
from pypika.terms import Parameter

from benchmarks.population import TODAY, Child, Population
from smallchanges.rules import referral as referral_rules
from smallchanges.rules.matching.keys import normalise_postcode, phonetic_key

BATCH = 10_000
AGENCY_KINDS = ("School", "Health", "Police", "Voluntary sector", "Local authority", "Other")
CLOSED_STATES = (referral_rules.ACCEPTED, referral_rules.NO_FURTHER_ACTION, referral_rules.REDIRECTED)
OPEN_SHARE = 0.03  # referrals still open (sent, not decided); the rest are decided
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0, 0)

CHILD_FIELDS = [
	"name", "owner", "modified_by", "creation", "modified", "docstatus", "idx",
	"first_name", "last_name", "full_name", "also_known_as", "date_of_birth",
	"expected_date_of_delivery", "postcode", "postcode_normalised", "first_name_key", "last_name_key",
]  # fmt: skip
REFERRAL_FIELDS = [
	"name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "title",
	"workflow_state", "urgency", "level_of_need", "received_at", "decision_due", "referrer_agency",
	"referrer_name", "referrer_role", "referrer_email", "family_informed", "consent_basis",
	"consent_to_share", "concerns",
]  # fmt: skip
ROW_FIELDS = [
	"name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "parent", "parenttype",
	"parentfield", "first_name", "last_name", "also_known_as", "date_of_birth",
	"expected_date_of_delivery", "postcode", "postcode_normalised", "first_name_key", "last_name_key",
	"referral_open",
]  # fmt: skip
TODO_FIELDS = [
	"name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "status", "priority",
	"date", "description", "allocated_to", "assigned_by",
]  # fmt: skip


def secondary_indexes(table: str) -> dict[str, list[str]]:
	"""The table's non-unique B-tree indexes: name -> column definitions in order (with any prefix)."""
	indexes: dict[str, list[tuple[int, str]]] = {}
	for row in frappe.db.sql(f"SHOW INDEX FROM `{table}`", as_dict=True):
		if row.Key_name == "PRIMARY" or not int(row.Non_unique) or row.Index_type != "BTREE":
			continue
		column = f"`{row.Column_name}`" + (f"({row.Sub_part})" if row.Sub_part else "")
		indexes.setdefault(row.Key_name, []).append((int(row.Seq_in_index), column))
	return {name: [column for _seq, column in sorted(parts)] for name, parts in indexes.items()}


@contextmanager
def indexes_built_after(tables: list[str]):
	"""Drop these tables' secondary indexes for the load and build the same ones after it."""
	kept = {table: secondary_indexes(table) for table in tables}
	for table, indexes in kept.items():
		if indexes:
			frappe.db.sql_ddl(
				f"ALTER TABLE `{table}` " + ", ".join(f"DROP INDEX `{name}`" for name in indexes)
			)
	try:
		yield
	finally:
		for table, indexes in kept.items():
			if indexes:
				frappe.db.sql_ddl(
					f"ALTER TABLE `{table}` "
					+ ", ".join(
						f"ADD INDEX `{name}` ({', '.join(columns)})" for name, columns in indexes.items()
					)
				)
		rebuilt = {table: secondary_indexes(table) for table in tables}
		assert rebuilt == kept, "the indexes after the load differ from those before it"


def read_into_buffer_pool(indexes: dict[str, list[str]]) -> None:
	"""Read each table's rows (its primary key) and the named indexes into InnoDB's buffer pool, as a
	server that has been answering the same searches all day holds them (or one restarted with
	MariaDB's default innodb_buffer_pool_load_at_startup). Straight after a bulk load, the first search
	of each key would otherwise read its pages from disk."""
	for doctype, names in indexes.items():
		for index in ("PRIMARY", *names):
			# A count through one index reads every page of it (names are the app's own constants).
			frappe.db.sql(f"SELECT COUNT(*) FROM `tab{doctype}` FORCE INDEX (`{index}`)")


def bulk_insert(doctype: str, fields: list[str], rows) -> None:
	insert_together([(doctype, fields)], ((row,) for row in rows))


def insert_together(tables: list[tuple[str, list[str]]], rows) -> None:
	"""Insert rows into several tables: `rows` yields one tuple per record with a row (in the order
	of the fields) for each table. BATCH records at a time, each batch committed. The database
	stores one batch while this process makes the next (one writer thread; the main thread only
	builds tuples and never touches the connection meanwhile)."""
	statements = [
		frappe.qb.into(frappe.qb.DocType(doctype))
		.columns(*fields)
		.insert(*[Parameter("%s")] * len(fields))
		.get_sql()
		for doctype, fields in tables
	]
	if not getattr(frappe.db, "_cursor", None):
		frappe.db.connect()
	db = frappe.local.db  # the object itself: the writer thread has no frappe.local

	def write(batches):
		for sql, batch in zip(statements, batches, strict=True):
			db._cursor.executemany(sql, batch)
		db._conn.commit()

	with ThreadPoolExecutor(max_workers=1) as writer:
		pending = None
		batches = [[] for _table in tables]
		for record in rows:
			for batch, row in zip(batches, record, strict=True):
				batch.append(row)
			if len(batches[0]) == BATCH:
				if pending:
					pending.result()
				pending = writer.submit(write, batches)
				batches = [[] for _table in tables]
		if pending:
			pending.result()
		if batches[0]:
			write(batches)


def child_row(name: str, child: Child, at: datetime) -> tuple:
	full_name = " ".join(part for part in (child.first_name, child.last_name) if part)
	return (
		name, "Administrator", "Administrator", at, at, 0, 0,
		child.first_name, child.last_name, full_name, child.also_known_as or None, child.date_of_birth,
		child.expected_date, child.postcode, normalise_postcode(child.postcode),
		phonetic_key(child.first_name), phonetic_key(child.last_name),
	)  # fmt: skip


def insert_children(rows: Iterator[tuple]) -> None:
	bulk_insert("Child", CHILD_FIELDS, rows)
	frappe.db.commit()


def children(population: Population, start: int, count: int) -> Iterator[tuple]:
	for number in range(start, start + count):
		at = NOW - timedelta(minutes=number % 500_000)
		yield child_row(f"CH-B{number:07d}", population.child(), at)


def agencies(count: int) -> list[str]:
	names = [f"Bench Agency {number:03d}" for number in range(count)]
	rows = (
		(name, "Administrator", "Administrator", NOW, NOW, 0, 0, name, AGENCY_KINDS[i % len(AGENCY_KINDS)],
		 f"office{i}@agency.example.test")
		for i, name in enumerate(names)
	)  # fmt: skip
	bulk_insert(
		"Partner Agency",
		["name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "agency_name", "kind",
		 "contact_email"],
		rows,
	)  # fmt: skip
	frappe.db.commit()
	return names


def referrals(population: Population, count: int, agency_names: list[str], seed: int) -> None:
	"""`count` referrals spread over the agencies (a few agencies refer far more than others, as
	schools and the police do), over three years, each with one child."""
	rng = random.Random(seed)
	weights = [1 / (rank + 20) for rank in range(1, len(agency_names) + 1)]
	chosen = rng.choices(agency_names, weights=weights, k=count)

	def rows():
		for number in range(count):
			at = NOW - timedelta(minutes=3 * 365 * 24 * 60 * number // count, seconds=rng.randrange(60))
			open_ = rng.random() < OPEN_SHARE
			state = rng.choice(referral_rules.OPEN_STATES) if open_ else rng.choice(CLOSED_STATES)
			child = population.child()
			title = " ".join(p for p in (child.first_name, child.last_name) if p)
			name = f"UR-B{number:07d}"
			yield (
				(name, f"referrer{number % 997}@agency.example.test", "Administrator", at, at, 0, 0, title,
				 state, "Routine", "3 - Complex needs: child in need", at, at.date() + timedelta(days=1),
				 chosen[number], "Robin Referrer", "Designated safeguarding lead",
				 "referrer@agency.example.test", "Yes", "Consent given", "Yes",
				 "Attendance has fallen and the child says there is often no food at home."),
				(f"RC-B{number:07d}", "Administrator", "Administrator", at, at, 0, 1, name, "Universal Referral",
				 "children", child.first_name, child.last_name, child.also_known_as or None,
				 child.date_of_birth, child.expected_date, child.postcode, normalise_postcode(child.postcode),
				 phonetic_key(child.first_name), phonetic_key(child.last_name), 1 if open_ else 0),
			)  # fmt: skip

	insert_together([("Universal Referral", REFERRAL_FIELDS), ("Referral Child", ROW_FIELDS)], rows())


def todos(count: int, users: list[str], seed: int) -> None:
	"""Frappe's own ToDo, `count` of them allocated over `users`: the baseline list."""
	rng = random.Random(seed)

	def rows():
		for number in range(count):
			at = NOW - timedelta(minutes=3 * 365 * 24 * 60 * number // count)
			user = users[number % len(users)]
			yield (
				f"TD-B{number:07d}", "Administrator", "Administrator", at, at, 0, 0, "Open",
				rng.choice(("Low", "Medium", "High")), at.date(), f"Follow up {number}", user, "Administrator",
			)  # fmt: skip

	bulk_insert("ToDo", TODO_FIELDS, rows())
	frappe.db.commit()
