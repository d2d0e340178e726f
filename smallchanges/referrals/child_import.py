"""Bulk import of children from the council's extract (CSV or Excel): upsert by the council's child ID,
without a document save per row, keeping what a save guarantees (docs/features.md, "Importing
children"):

- **Permission**, once, for the importing user: create and write on Child, and create on Child
  Import (System Manager only: a data migration, docs/features.md says why).
- **Validation** of every value by the same rules as a Child's save (`rules.child_record`, which the
  Child controller calls too), and the derived fields (full name, match keys) by the same functions.
- **All or nothing**: the whole file is checked first (pass 1, nothing written); one refused row and
  nothing is written, and the report lists every refused row with its reasons. Only a file without a
  refused row is written (pass 2), in ONE transaction: a failure part-way rolls all of it back.
- **Writes in batches**: multi-row INSERTs of new children, a multi-row INSERT ... ON DUPLICATE KEY
  UPDATE of the changed ones (only the rows and fields that changed; identical rows write nothing),
  and a Version row for each changed child (Frappe's own diff format), multi-row too.

Reading the file is in `child_import_file`, the reads and multi-row writes of the database in
`child_import_db`; this module is the two passes, the whole import and the desk's job.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, nowdate

from smallchanges.problems import problem_message
from smallchanges.referrals.candidates import set_match_keys
from smallchanges.referrals.child_import_db import reserve_names, stored_children, stored_names, write
from smallchanges.referrals.child_import_file import BATCH, batches, rows_of
from smallchanges.rules import child_import as rules
from smallchanges.rules.referral import person_name

IMPORT_DOCTYPE = "Child Import"
# The Child's fields an import writes: those of the file, those derived from them, its provenance.
FILE_FIELDS = tuple(name for name in rules.COLUMNS if name != rules.COUNCIL_ID)
STANDARD = ("name", "owner", "modified_by", "creation", "modified", "docstatus", "idx")
VERSION_FIELDS = ("name", "owner", "modified_by", "creation", "modified", "docstatus", "idx")
VERSION_FIELDS += ("ref_doctype", "docname", "data")


@dataclass
class Refusal:
	row: int | None  # the file's row number (the header is row 1); None: the file itself
	council_child_id: str | None
	column: str | None
	reason: str


@dataclass
class Result:
	rows: int = 0
	created: int = 0
	updated: int = 0
	unchanged: int = 0
	refused: list[Refusal] = field(default_factory=list)
	ignored_columns: list[str] = field(default_factory=list)

	@property
	def written(self) -> bool:
		return not self.refused and bool(self.created or self.updated)


# ---- who may ------------------------------------------------------------------------------------


def check_may_import(user: str | None = None) -> None:
	"""Once per import, for the importing user: a Child Import of their own, and children made and changed."""
	user = user or frappe.session.user
	for doctype, ptype in ((IMPORT_DOCTYPE, "create"), ("Child", "create"), ("Child", "write")):
		if not frappe.has_permission(doctype, ptype, user=user):
			frappe.throw(
				_("You may not import children: it needs the System Manager role."),
				frappe.PermissionError,
				title=_("Not permitted"),
			)


# ---- pass 1: check the whole file ------------------------------------------------------------------


def _reason(problem) -> str:
	return problem_message(problem)


def check_file(path: str, progress: Callable[[int, int], None] | None = None) -> tuple[Result, int]:
	"""Every row checked, nothing written: the result (refusals, ignored columns, row count) and the
	number of rows that would make a new child."""
	found, values = rows_of(path)
	result = Result(ignored_columns=found.ignored)
	if found.problems:
		result.refused = [Refusal(None, None, p.field, _reason(p)) for p in found.problems]
		return result, 0
	today = getdate(nowdate())
	first_row_of: dict[str, int] = {}
	new = 0
	for batch in batches(values):
		ids = []
		for number, row in batch:
			cleaned, problems = rules.clean_row(row, today)
			council_id = cleaned[rules.COUNCIL_ID]
			if council_id is not None:
				if council_id in first_row_of:
					problems.append(
						rules.Problem(
							rules.COUNCIL_ID, rules.REPEATED_ID, (council_id, first_row_of[council_id])
						)
					)
				else:
					first_row_of[council_id] = number
					ids.append(council_id)
			result.refused.extend(Refusal(number, council_id, p.field, _reason(p)) for p in problems)
		result.rows += len(batch)
		new += len(ids) - len(stored_names(ids))
		if progress:
			progress(result.rows, 0)
	if not result.rows and not result.refused:
		result.refused.append(Refusal(None, None, None, _(rules.EMPTY_FILE)))
	return result, new


# ---- pass 2: write it ---------------------------------------------------------------------------


def write_file(
	path: str,
	result: Result,
	new: int,
	user: str,
	import_name: str | None,
	progress: Callable[[int, int], None] | None = None,
) -> Result:
	"""Pass 2, in ONE transaction (the caller commits or rolls back): inserts, updates, Versions."""
	found, values = rows_of(path)
	present = tuple(name for name in FILE_FIELDS if name in found.columns)
	compared = (*present, *rules.DERIVED)
	written = (*compared, rules.COUNCIL_ID, "last_import")
	child_fields = (*STANDARD, *written)
	update_fields = ("modified", "modified_by", *compared, "last_import")
	names = reserve_names(new)
	today = getdate(nowdate())
	done = 0
	for batch in batches(values):
		at = now_datetime()
		rows = []
		for _number, row in batch:
			cleaned, _problems = rules.clean_row(row, today)  # none: pass 1 refused any
			record = frappe._dict(cleaned)
			record.full_name = person_name(record.get("first_name"), record.get("last_name"))
			set_match_keys(record)
			rows.append(record)
		stored = stored_children([r[rules.COUNCIL_ID] for r in rows], (*compared, rules.COUNCIL_ID))
		inserts, updates, versions = [], [], []
		for record in rows:
			before = stored.get(record[rules.COUNCIL_ID])
			if before is None:
				name = next(names)
				values_ = (name, user, user, at, at, 0, 0, *[record.get(f) for f in compared])
				inserts.append((*values_, record[rules.COUNCIL_ID], import_name))
				result.created += 1
				continue
			changed = rules.changes(before, record, compared)
			if not changed:
				result.unchanged += 1
				continue
			updates.append(
				(
					before.name,
					user,
					user,
					at,
					at,
					0,
					0,
					*[record.get(f) for f in compared],
					record[rules.COUNCIL_ID],
					import_name,
				)
			)
			versions.append((frappe.generate_hash(length=10), user, user, at, at, 0, 0, "Child"))
			versions[-1] += (before.name, _version_data(changed, import_name))
			result.updated += 1
		write("Child", child_fields, inserts)
		write("Child", child_fields, updates, update_fields)
		write("Version", VERSION_FIELDS, versions)
		done += len(batch)
		if progress:
			progress(done, result.rows)
	return result


def _version_data(changed: list[list], import_name: str | None) -> str:
	"""Frappe's own Version diff, as a save would store it, naming the import that made the change."""
	data = {"changed": changed, "added": [], "removed": [], "row_changed": [], "data_import": None}
	if import_name:
		data["updater_reference"] = {
			"doctype": IMPORT_DOCTYPE,
			"docname": import_name,
			"label": _("via Child Import"),
		}
	return frappe.as_json(data, indent=None, separators=(",", ":"))


# ---- the whole import -------------------------------------------------------------------------------


def import_children(
	path: str,
	import_name: str | None = None,
	progress: Callable[[int, int], None] | None = None,
) -> Result:
	"""Check the whole file, then (only if no row is refused) write it in one transaction and commit.
	On any error while writing, everything written is rolled back and the error raised."""
	user = frappe.session.user
	check_may_import(user)
	result, new = check_file(path, progress and (lambda done, _total: progress(done, 0)))
	if result.refused:
		return result
	return write_in_one_transaction(path, result, new, user, import_name, progress)


def write_in_one_transaction(path, result, new, user, import_name=None, progress=None) -> Result:
	"""Pass 2, committed whole or rolled back whole (the names reserved before it stay taken)."""
	try:
		write_file(path, result, new, user, import_name, progress)
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		raise
	return result


def refusals_csv(result: Result) -> str:
	"""The report of refused rows: one line for each reason a row (or the file) was refused."""
	out = io.StringIO()
	writer = csv.writer(out)
	writer.writerow([_("Row"), _("Council child ID"), _("Column"), _("Reason")])
	for refusal in result.refused:
		writer.writerow(
			[refusal.row or "", refusal.council_child_id or "", refusal.column or "", refusal.reason]
		)
	return out.getvalue()


# ---- the desk: a Child Import record and its background job ----------------------------------------


@frappe.whitelist(methods=["POST"])
def start(name: str) -> dict:
	"""Queue the import of a Child Import's file (the long queue), or refuse."""
	doc = frappe.get_doc(IMPORT_DOCTYPE, name)
	doc.check_permission("write")
	check_may_import()
	if doc.status in ("Queued", "Importing", "Imported"):
		frappe.throw(_("This import has already run or is running; make a new one for another file."))
	if not doc.import_file:
		frappe.throw(_("Attach the file to import first."))
	doc.set_result({"status": "Queued", "message": None})
	frappe.enqueue(
		"smallchanges.referrals.child_import.run",
		queue="long",
		timeout=3 * 3600,
		name=doc.name,
		enqueue_after_commit=True,
		job_id=f"child-import-{doc.name}",
		deduplicate=True,
	)
	return {"status": "Queued"}


def run(name: str) -> None:
	"""The background job: import the record's file as the user who started it."""
	doc = frappe.get_doc(IMPORT_DOCTYPE, name)
	doc.set_result({"status": "Importing", "started_at": now_datetime()})
	frappe.db.commit()

	def progress(done: int, total: int) -> None:
		if total:
			percent, text = 50 + 50 * done / total, _("Writing: {0} of {1} rows").format(done, total)
		else:
			percent, text = min(49, done // BATCH), _("Checking: {0} rows").format(done)
		frappe.publish_progress(percent, _("Importing children"), IMPORT_DOCTYPE, name, text)

	try:
		result = import_children(doc.file_path(), doc.name, progress)
	except Exception as error:
		frappe.db.rollback()
		doc.reload()
		doc.set_result({"status": "Failed", "finished_at": now_datetime(), "message": str(error)[:1000]})
		frappe.db.commit()
		doc.log_error(_("Child import failed"))
		return
	doc.reload()
	doc.record(result)
	frappe.db.commit()
	frappe.publish_progress(100, _("Importing children"), IMPORT_DOCTYPE, name, _("Done"))
