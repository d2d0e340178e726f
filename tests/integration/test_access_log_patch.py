"""The patch that folds the access log's old one-row-per-listed-record rows into one row per page
read (rolled back after the test)."""

import frappe
from frappe.utils import now_datetime

from smallchanges.access import access_log
from smallchanges.patches.v0_3 import fold_list_reads_in_the_access_log as patch
from tests.factories import make_user, unique

LOG = access_log.LOG_DOCTYPE
OLD_FIELDS = ("name", "creation", "modified", "owner", "modified_by", "user", "reference_doctype",
			  "reference_name", "channel", "request", "detail", "accessed_at")  # fmt: skip


def _old_rows(user, names, channel, request, at):
	rows = [
		(frappe.generate_hash(length=12), at, at, user, user, user, "Universal Referral", name, channel,
		 request, None, at)
		for name in names
	]  # fmt: skip
	frappe.db.bulk_insert(LOG, OLD_FIELDS, rows)
	return [row[0] for row in rows]


def test_a_lists_old_rows_become_one_row_listing_its_records_and_single_reads_stay():
	user = make_user("Business Support Officer")
	at = now_datetime()
	listed = [unique("UR-OLD") for _i in range(3)]
	_old_rows(user, listed, "List", "frappe.desk.reportview.get", at)
	opened = unique("UR-OLD")
	_old_rows(user, [opened], "Desk form", "frappe.desk.form.load.getdoc", at)

	patch.execute()
	patch.execute()  # twice: nothing more to fold

	pages = frappe.get_all(
		LOG, filters={"user": user, "channel": "List"}, fields=["name", "records_listed", "reference_name"]
	)
	assert len(pages) == 1 and pages[0].records_listed == 3 and pages[0].reference_name is None
	for name in listed:
		reads = access_log.reads_of("Universal Referral", name, user=user)
		assert [read.name for read in reads] == [pages[0].name]
	assert len(access_log.reads_of("Universal Referral", opened, user=user, channel="Desk form")) == 1
