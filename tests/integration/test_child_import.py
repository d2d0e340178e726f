"""Bulk import of children on the real database: refused rows reported with their reasons (the
downloadable report read back), nothing written when the file is bad halfway or a write fails
halfway, upsert by the council's child ID (a second run writes nothing; a changed row updates only
that child, with a Version), CSV and Excel alike, and an imported child found by the intake check.

The import commits (it is a data migration), so each test removes its own children afterwards."""

import csv
import io
import json
from datetime import date

import frappe
import pytest

from smallchanges.referrals import child_import as engine
from smallchanges.referrals.candidates import find_duplicates
from smallchanges.rules import child_record
from smallchanges.rules.matching import Person
from tests import child_import_factories as files


@pytest.fixture
def ids():
	prefix = files.prefix()
	yield prefix
	frappe.db.rollback()
	frappe.set_user("Administrator")
	files.remove(prefix)


def _versions(names: list[str]) -> list[dict]:
	return frappe.get_all(
		"Version",
		filters={"ref_doctype": "Child", "docname": ("in", names)},
		fields=["docname", "data", "owner"],
	)


def test_every_refused_row_is_in_the_downloadable_report_and_nothing_is_written(ids):
	body = files.rows(ids, 8)
	body[2][7] = "943 476 5918"  # row 4 of the file: check digit wrong
	body[3][4] = "31/02/2015"  # row 5: no such date...
	body[3][6] = "X"  # ...and no such sex
	body[5][0] = body[0][0]  # row 7: the council ID of row 2 again
	body[6][1] = ""  # row 8: no first name
	name = files.child_import(files.write_csv(body))

	engine.run(name)

	doc = frappe.get_doc("Child Import", name)
	assert (doc.status, doc.rows_in_file, doc.refused_count, doc.created_count) == ("Refused", 8, 4, 0)
	assert files.imported(ids) == []
	report = frappe.get_doc("File", {"file_url": doc.refused_rows_file})
	assert report.is_private and report.attached_to_name == name
	content = report.get_content()
	lines = list(csv.reader(io.StringIO(content.decode() if isinstance(content, bytes) else content)))
	assert lines[0] == ["Row", "Council child ID", "Column", "Reason"]
	assert lines[1:] == [
		["4", f"{ids}0000002", "nhs_number", "943 476 5918 is not a valid NHS number (its check digit is wrong)."],
		["5", f"{ids}0000003", "date_of_birth", "31/02/2015 is not a date (write it as 2015-06-14 or 14/06/2015)."],
		["5", f"{ids}0000003", "sex", "X is not one of the options for sex (Female, Male, Other, Not known)."],
		["7", f"{ids}0000000", "council_child_id", f"The council's child ID {ids}0000000 is also on row 2 of the file."],
		["8", f"{ids}0000006", "first_name", "A first name is needed (a placeholder such as Unborn will do)."],
	]  # fmt: skip


def test_a_file_without_the_council_id_column_is_refused_whole(ids):
	path = files.write_csv([row[1:] for row in files.rows(ids, 2)], header=files.HEADER[1:])
	result = engine.import_children(path)
	assert [(r.row, r.reason) for r in result.refused] == [
		(None, "The file has no column for: council_child_id.")
	]
	assert (result.created, result.updated) == (0, 0)


def test_a_bad_row_halfway_through_a_large_file_means_nothing_is_written(ids):
	"""Rows across three batches; one bad row in the second: pass 1 finds it before any write."""
	body = files.rows(ids, 2 * engine.BATCH + 500)
	body[engine.BATCH + 250][10] = "NOT A POSTCODE"
	result = engine.import_children(files.write_csv(body))
	assert [(r.row, r.column) for r in result.refused] == [(engine.BATCH + 252, "postcode")]
	assert frappe.db.count("Child", {"council_child_id": ("like", f"{ids}%")}) == 0


def test_a_write_that_fails_halfway_is_rolled_back_whole(ids):
	"""The second batch of pass 2 fails (fewer names were reserved than it needs, so it runs out
	after the first batch was written): the first batch is rolled back with it."""
	path = files.write_csv(files.rows(ids, engine.BATCH + 100))
	result, new = engine.check_file(path)
	assert (result.refused, new) == ([], engine.BATCH + 100)
	with pytest.raises(StopIteration):
		engine.write_in_one_transaction(path, result, engine.BATCH, "Administrator")
	assert frappe.db.count("Child", {"council_child_id": ("like", f"{ids}%")}) == 0


def test_a_second_run_writes_nothing_and_a_changed_row_updates_only_that_child(ids):
	body = files.rows(ids, 3)
	first = engine.import_children(files.write_csv(body))
	assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
	stored = files.imported(ids)
	assert [c.council_child_id for c in stored] == [f"{ids}000000{i}" for i in range(3)]
	assert [c.sex for c in stored] == ["Female", "Male", "Not known"]  # "M" read as an option
	assert _versions([c.name for c in stored]) == []  # an insert makes no Version, as Frappe's insert

	again = engine.import_children(files.write_csv(body))
	assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
	assert [(c.name, c.modified) for c in files.imported(ids)] == [(c.name, c.modified) for c in stored]
	assert _versions([c.name for c in stored]) == []

	body[1][10] = "E2 0QN"  # the second child moved
	name = files.child_import(files.write_csv(body))
	engine.run(name)
	doc = frappe.get_doc("Child Import", name)
	assert (doc.status, doc.created_count, doc.updated_count, doc.unchanged_count) == ("Imported", 0, 1, 2)
	after = files.imported(ids)
	assert [c.name for c in after] == [c.name for c in stored]  # nothing duplicated
	assert (after[1].postcode, after[1].postcode_normalised, after[1].last_import) == (
		"E2 0QN",
		"E20QN",
		name,
	)
	assert [(c.modified, c.last_import) for c in (after[0], after[2])] == [
		(c.modified, c.last_import) for c in (stored[0], stored[2])
	]
	(version,) = _versions([c.name for c in stored])
	data = json.loads(version.data)
	assert version.docname == stored[1].name
	assert data["changed"] == [
		["postcode", "n1 9gu", "E2 0QN"],
		["postcode_normalised", "N19GU", "E20QN"],
	]
	assert data["updater_reference"]["docname"] == name


def test_excel_and_csv_import_the_same_children(ids):
	csv_ids, xlsx_ids = f"{ids}C", f"{ids}X"
	body = files.rows(csv_ids, 3)
	body[0][7] = "943 476 5919"
	engine.import_children(files.write_csv(body))

	sheet = files.rows(xlsx_ids, 3)
	sheet[0][7] = 9434765919  # a spreadsheet keeps an NHS number as a number
	for row in sheet:  # and dates as dates
		day, month, year = row[4].split("/")
		row[4] = date(int(year), int(month), int(day))
	result = engine.import_children(files.write_xlsx(sheet))
	assert (result.created, result.refused) == (3, [])

	fields = ("first_name", "last_name", "date_of_birth", "sex", "nhs_number", "postcode", "first_name_key")
	from_csv = [tuple(c[f] for f in fields) for c in files.imported(csv_ids)]
	from_xlsx = [tuple(c[f] for f in fields) for c in files.imported(xlsx_ids)]
	assert from_csv == from_xlsx
	assert from_csv[0][4] == "9434765919"
	assert from_csv[0][2] == date(2015, 1, 1)


def test_an_imported_child_has_the_keys_a_save_gives_and_is_found_by_the_intake_check(ids):
	body = [[f"{ids}1", "Jayden", "O'Brien-Smyth", "JJ", "14/06/2015", "", "Male", "", "", "", "e1 6an"]]
	engine.import_children(files.write_csv(body))
	(child,) = files.imported(ids)

	saved = frappe.get_doc(
		{
			"doctype": "Child",
			"first_name": "Jayden",
			"last_name": "O'Brien-Smyth",
			"date_of_birth": "2015-06-14",
			"postcode": "e1 6an",
		}
	).insert()
	keys = ("full_name", "first_name_key", "last_name_key", "postcode_normalised")
	assert [child[k] for k in keys] == [saved.get(k) for k in keys]
	frappe.db.rollback()

	# what a referral's Send asks for each child: a misspelling, a day out, at another postcode
	ranked = find_duplicates(
		Person("Jaden", "OBrien Smith", date_of_birth=date(2015, 6, 15), postcode="N1 9GU")
	)
	assert child.name in [name for (_doctype, name, _record), _match in ranked]


def test_the_child_form_refuses_what_the_import_refuses(ids):
	"""One set of checks: a Child saved in the desk is refused with the import's very reason."""
	values = {"first_name": "Amara", "nhs_number": "9434765918", "postcode": "London"}
	_cleaned, problems = child_record.clean_child(values, date.today())
	with pytest.raises(frappe.ValidationError) as refused:
		frappe.get_doc({"doctype": "Child", **values}).insert()
	for problem in problems:
		assert frappe._(problem.message).format(*problem.args) in str(refused.value)
	ok = frappe.get_doc({"doctype": "Child", "first_name": "Amara", "nhs_number": "943 476 5919"}).insert()
	assert ok.nhs_number == "9434765919"


def test_a_user_who_may_not_import_is_refused_before_the_file_is_read(ids):
	from tests.factories import make_user

	officer = make_user("Business Support Officer")  # may make and change a Child, not import
	frappe.db.commit()
	frappe.set_user(officer)
	with pytest.raises(frappe.PermissionError):
		engine.import_children("/nonexistent/file.csv")


def _bench(*args: str):
	"""`bench --site <site> ...` as bench runs it (Frappe's bench helper, from the sites folder)."""
	import subprocess
	import sys

	return subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", frappe.local.site, *args],
		cwd=frappe.local.sites_path,
		capture_output=True,
		text=True,
		timeout=300,
	)


def test_the_bench_command_imports_or_reports_the_refused_rows(ids, tmp_path):
	body = files.rows(ids, 3)
	body[2][4] = "2999-01-01"
	report = tmp_path / "refused.csv"
	refused = _bench("smallchanges-import-children", files.write_csv(body), "--report", str(report))
	assert refused.returncode == 1, refused.stdout + refused.stderr
	assert "Refused: 1 row(s) of 3; nothing was written." in refused.stderr
	assert report.read_text().splitlines()[1] == (
		f"4,{ids}0000002,date_of_birth,The date of birth cannot be in the future."
	)
	assert files.imported(ids) == []

	body[2][4] = "2015-01-01"
	done = _bench("smallchanges-import-children", files.write_csv(body))
	assert done.returncode == 0, done.stdout + done.stderr
	assert "Imported 3 rows: 3 children created, 0 updated, 0 unchanged." in done.stdout
	frappe.db.rollback()  # a fresh snapshot: what the command committed
	assert len(files.imported(ids)) == 3
