"""Sites made before Referral Triage: move each referral's staff-only triage out of the referral.

Until now the repeat flag, primary need, triage notes and duplicate candidates were permlevel-1
fields and a child table of Universal Referral (and the match summary a field of each Referral
Child row). Model sync does not drop columns, so after it (post_model_sync) the old columns and
the old candidate table are still there to read; this copies them into one Referral Triage per
referral, then clears the old values so that no document a partner may read still holds them
(the old child table is dropped with its orphaned DocType by the migrate), and takes them out of
the referrals' Version history too.
"""

import frappe
from frappe.utils import now_datetime

from smallchanges.patches.versions import rewrite_versions

OLD_REFERRAL_COLUMNS = ("is_repeat", "repeat_of", "primary_need", "triage_notes", "duplicates_checked_at")
OLD_CANDIDATE_TABLE = "Referral Duplicate Candidate"
CANDIDATE_FIELDS = (
	"referral_child",
	"referral_child_row",
	"candidate_doctype",
	"candidate",
	"candidate_name",
	"candidate_date_of_birth",
	"candidate_postcode",
	"score",
	"strength",
	"reasons",
)


def execute():
	referral_columns = [c for c in OLD_REFERRAL_COLUMNS if frappe.db.has_column("Universal Referral", c)]
	candidates = _old_candidates() if frappe.db.table_exists(OLD_CANDIDATE_TABLE) else []
	summaries = _old_summaries() if frappe.db.has_column("Referral Child", "match_summary") else []
	if not (referral_columns or candidates or summaries):
		return
	referrals = _old_referrals(referral_columns) if referral_columns else []
	move_rows(referrals, candidates, summaries)
	_clear_old_values(referral_columns, bool(candidates), bool(summaries))
	scrub_versions()


MOVED_FIELDS = frozenset(OLD_REFERRAL_COLUMNS)
MOVED_TABLE = "possible_duplicates"
MOVED_ROW_FIELDS = frozenset({"match_summary"})


def scrubbed(data: dict) -> dict:
	"""A Version's data without the triage values that moved (plain dict in, plain dict out)."""
	out = dict(data)
	if "changed" in data:
		out["changed"] = [c for c in data.get("changed") or [] if c[0] not in MOVED_FIELDS]
	for key in ("added", "removed"):
		if key not in data:
			continue
		rows = []
		for table, row in data.get(key) or []:
			if table == MOVED_TABLE:
				continue
			rows.append([table, {k: v for k, v in (row or {}).items() if k not in MOVED_ROW_FIELDS}])
		out[key] = rows
	if "row_changed" not in data:
		return out
	row_changed = []
	for entry in data.get("row_changed") or []:
		table, index, row_name, changes = entry
		if table == MOVED_TABLE:
			continue
		changes = [c for c in changes if c[0] not in MOVED_ROW_FIELDS]
		if changes:
			row_changed.append([table, index, row_name, changes])
	out["row_changed"] = row_changed
	return out


def scrub_versions() -> int:
	"""Rewrite the referrals' Versions that carry moved triage values; returns how many."""
	return rewrite_versions("Universal Referral", scrubbed)


def move_rows(referrals: list[dict], candidates: list[dict], summaries: list[dict]) -> list[str]:
	"""Make (or fill) the Referral Triage of each referral that has old triage data; returns their
	names. `referrals`: rows with `name` and the old columns; `candidates`: old candidate rows
	with `parent`; `summaries`: Referral Child rows with `parent`, `name`, `match_summary`."""
	by_referral: dict[str, dict] = {}
	for row in referrals:
		values = {c: row.get(c) for c in OLD_REFERRAL_COLUMNS if row.get(c)}
		if values:
			by_referral.setdefault(row["name"], {}).update(values)
	for row in sorted(candidates, key=lambda r: (r["parent"], r.get("idx") or 0)):
		entry = by_referral.setdefault(row["parent"], {})
		entry.setdefault("possible_duplicates", []).append({f: _plain(row.get(f)) for f in CANDIDATE_FIELDS})
	for row in summaries:
		if row.get("match_summary"):
			entry = by_referral.setdefault(row["parent"], {})
			entry.setdefault("match_summaries", {})[row["name"]] = row["match_summary"]

	moved = []
	for referral, values in by_referral.items():
		if not frappe.db.exists("Universal Referral", referral):
			continue
		if values.get("repeat_of") and not frappe.db.exists("Universal Referral", values["repeat_of"]):
			values["repeat_of"] = None
		values["is_repeat"] = 1 if values.get("repeat_of") or values.get("is_repeat") else 0
		values.setdefault(
			"duplicates_checked_at", now_datetime() if "possible_duplicates" in values else None
		)
		for field in ("possible_duplicates", "match_summaries"):
			if field in values:
				values[field] = frappe.as_json(values[field], indent=None)
		if frappe.db.exists("Referral Triage", referral):
			triage = frappe.get_doc("Referral Triage", referral)
			triage.update({k: v for k, v in values.items() if not triage.get(k)})
		else:
			triage = frappe.get_doc({"doctype": "Referral Triage", "referral": referral, **values})
		triage.flags.from_duplicate_check = True
		triage.save(ignore_permissions=True)
		moved.append(triage.name)
	return moved


def _plain(value):
	return str(value) if hasattr(value, "isoformat") else value


def _old_referrals(columns: list[str]) -> list[dict]:
	table = frappe.qb.DocType("Universal Referral")
	return frappe.qb.from_(table).select(table.name, *(table[c] for c in columns)).run(as_dict=True)


def _old_candidates() -> list[dict]:
	table = frappe.qb.DocType(OLD_CANDIDATE_TABLE)
	return (
		frappe.qb.from_(table)
		.select(table.parent, table.idx, *(table[f] for f in CANDIDATE_FIELDS))
		.where(table.parenttype == "Universal Referral")
		.run(as_dict=True)
	)


def _old_summaries() -> list[dict]:
	table = frappe.qb.DocType("Referral Child")
	return (
		frappe.qb.from_(table)
		.select(table.parent, table.name, table.match_summary)
		.where(table.parenttype == "Universal Referral")
		.where(table.match_summary.isnotnull())
		.run(as_dict=True)
	)


def _clear_old_values(referral_columns: list[str], had_candidates: bool, had_summaries: bool) -> None:
	"""Nothing staff-only is left in the referral's own columns (or Frappe's Version of it)."""
	if referral_columns:
		table = frappe.qb.DocType("Universal Referral")
		query = frappe.qb.update(table)
		for column in referral_columns:
			query = query.set(table[column], 0 if column == "is_repeat" else None)
		query.run()
	if had_candidates:
		table = frappe.qb.DocType(OLD_CANDIDATE_TABLE)
		frappe.qb.from_(table).delete().where(table.parenttype == "Universal Referral").run()
	if had_summaries:
		table = frappe.qb.DocType("Referral Child")
		frappe.qb.update(table).set(table.match_summary, None).run()
