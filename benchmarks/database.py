"""The database server around a run: its buffer pool sized for the data, and put back afterwards."""

import os
from contextlib import contextmanager

import frappe

from benchmarks.report import Report, say


def _root_connection():
	"""The database as its root user (DB_ROOT_USER / DB_ROOT_PASSWORD, as the scripts take them to make
	and drop sites): sizing the server is not the site user's to do."""
	from frappe.database import get_db

	return get_db(
		host=frappe.conf.db_host,
		port=frappe.conf.db_port,
		socket=frappe.conf.db_socket,
		user=os.environ.get("DB_ROOT_USER") or "root",
		password=os.environ.get("DB_ROOT_PASSWORD") or "",
	)


def _pool_size() -> int:
	return int(frappe.db.sql("SELECT @@innodb_buffer_pool_size")[0][0])


@contextmanager
def buffer_pool(report: Report, megabytes: int):
	"""A database sized for 1 M children holds its tables' working set in memory (MariaDB's default
	buffer pool is 128 MB, against about 1.5 GB of Child and referral tables and indexes): set it
	for the run when asked and allowed, say so in the table, and put it back afterwards."""
	before = _pool_size()
	wanted = megabytes * 1024 * 1024
	root = None
	if wanted > before:
		try:
			root = _root_connection()
			root.sql("SET GLOBAL innodb_buffer_pool_size = %s", (wanted,))
		except Exception as error:  # no such privilege here: measured as the server is
			say(f"could not size the buffer pool ({error}); measuring with {before // 2**20} MB")
			root = None
	now = _pool_size()
	report.add(
		"InnoDB buffer pool during the run", f"{now // 2**20:,} MB", "informational", None,
		f"set for the run, {before // 2**20:,} MB before" if root else "as the server has it",
	)  # fmt: skip
	try:
		yield
	finally:
		if root:
			root.sql("SET GLOBAL innodb_buffer_pool_size = %s", (before,))
			say(
				f"buffer pool put back: {int(root.sql('SELECT @@innodb_buffer_pool_size')[0][0]) // 2**20:,} MB"
			)
			root.close()
