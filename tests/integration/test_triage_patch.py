"""The patch that moves old sites' triage (permlevel fields, the candidate table, each child's
match summary) out of the referral into its Referral Triage, run on planted old-style rows."""

import json

import frappe
import pytest

from smallchanges.patches.v0_2 import move_triage_to_its_own_doctype as patch
from smallchanges.referrals.triage import triage_of
from tests.referral_factories import make_partner, make_referral, make_service


@pytest.fixture
def old_site():
	partner, _agency = make_partner()
	service = make_service()
	drafted = make_referral(partner, service=service)  # never sent: no triage yet
	repeated = make_referral(partner, service=service)
	sent = make_referral(partner, submit=True, service=service)  # has a triage: filled, not replaced
	frappe.db.set_value("Referral Triage", sent.name, "triage_notes", "kept by staff since")
	child_row = drafted.children[0].name
	referrals = [
		{
			"name": drafted.name,
			"is_repeat": 1,
			"repeat_of": repeated.name,
			"primary_need": "N4 Family in acute stress",
			"triage_notes": "Old note",
			"duplicates_checked_at": "2026-11-20 10:00:00",
		},
		{"name": sent.name, "triage_notes": "older note", "primary_need": "N1 Abuse or neglect"},
		{"name": repeated.name},  # nothing staff-only: no triage made for it
		{"name": "UR-GONE-1", "triage_notes": "a deleted referral"},
	]
	candidates = [
		{
			"parent": drafted.name,
			"idx": 2,
			"referral_child": "Amara Okoro",
			"referral_child_row": child_row,
			"candidate_doctype": "Universal Referral",
			"candidate": repeated.name,
			"candidate_name": "Amara Okoro",
			"candidate_date_of_birth": frappe.utils.getdate("2016-01-01"),
			"score": 70,
			"strength": "possible",
			"reasons": "same postcode",
		},
		{
			"parent": drafted.name,
			"idx": 1,
			"referral_child": "Amara Okoro",
			"referral_child_row": child_row,
			"candidate_doctype": "Child",
			"candidate": "CH-OLD-1",
			"candidate_name": "Amara Okoro",
			"score": 95,
			"strength": "strong",
			"reasons": "same date of birth",
		},
	]
	summaries = [{"parent": drafted.name, "name": child_row, "match_summary": "2 possible match(es)"}]
	return frappe._dict(
		drafted=drafted.name, sent=sent.name, repeated=repeated.name, child_row=child_row,
		referrals=referrals, candidates=candidates, summaries=summaries,
	)  # fmt: skip


def test_the_patch_moves_each_referrals_triage_into_its_own_record(old_site):
	moved = patch.move_rows(old_site.referrals, old_site.candidates, old_site.summaries)
	assert sorted(moved) == sorted([old_site.drafted, old_site.sent])

	triage = triage_of(old_site.drafted)
	assert triage.is_repeat == 1 and triage.repeat_of == old_site.repeated
	assert triage.primary_need == "N4 Family in acute stress" and triage.triage_notes == "Old note"
	assert str(triage.duplicates_checked_at).startswith("2026-11-20 10:00")
	assert [c["candidate"] for c in triage.candidates()] == ["CH-OLD-1", old_site.repeated]  # by idx
	assert triage.candidates()[1]["candidate_date_of_birth"] == "2016-01-01"
	assert triage.summaries() == {old_site.child_row: "2 possible match(es)"}

	kept = triage_of(old_site.sent)  # what staff wrote on the new record is not overwritten
	assert kept.triage_notes == "kept by staff since" and kept.primary_need == "N1 Abuse or neglect"
	assert triage_of(old_site.repeated) is None
	assert not frappe.db.exists("Referral Triage", "UR-GONE-1")


def test_running_it_again_changes_nothing(old_site):
	patch.move_rows(old_site.referrals, old_site.candidates, old_site.summaries)
	first = frappe.get_doc("Referral Triage", old_site.drafted).as_dict()
	patch.move_rows(old_site.referrals, old_site.candidates, old_site.summaries)
	again = frappe.get_doc("Referral Triage", old_site.drafted).as_dict()
	assert json.loads(again.possible_duplicates) == json.loads(first.possible_duplicates)
	assert again.triage_notes == first.triage_notes


def test_after_the_patch_no_referral_column_holds_triage():
	"""A new site has no old columns (nothing to do); a migrated one has them, emptied."""
	old = [c for c in patch.OLD_REFERRAL_COLUMNS if frappe.db.has_column("Universal Referral", c)]
	count = frappe.db.count("Referral Triage")
	patch.execute()
	if not old and not frappe.db.table_exists(patch.OLD_CANDIDATE_TABLE):
		assert frappe.db.count("Referral Triage") == count
	for column in old:
		value = 1 if column == "is_repeat" else ("is", "set")
		assert not frappe.db.count("Universal Referral", {column: value}), column


def test_the_referrals_version_history_loses_the_moved_values(old_site):
	data = {
		"changed": [["triage_notes", None, "Old note"], ["concerns", "a", "b"], ["is_repeat", 0, 1]],
		"added": [
			["possible_duplicates", {"candidate_name": "Other Child", "candidate": "CH-OLD-1"}],
			["children", {"first_name": "Amara", "match_summary": "2 possible match(es)"}],
		],
		"removed": [["possible_duplicates", {"candidate_name": "Gone Child"}]],
		"row_changed": [
			["possible_duplicates", 0, "row-1", [["score", 70, 95]]],
			["children", 0, old_site.child_row, [["match_summary", None, "best: CH-OLD-1"]]],
			["children", 1, "row-2", [["first_name", "Amra", "Amara"], ["match_summary", None, "x"]]],
		],
	}
	version = frappe.get_doc(
		{"doctype": "Version", "ref_doctype": "Universal Referral", "docname": old_site.drafted,
		 "data": frappe.as_json(data)}
	).insert(ignore_permissions=True)  # fmt: skip
	untouched = frappe.get_doc(
		{"doctype": "Version", "ref_doctype": "Universal Referral", "docname": old_site.sent,
		 "data": frappe.as_json({"changed": [["concerns", "a", "b"]]})}
	).insert(ignore_permissions=True)  # fmt: skip
	before = frappe.db.get_value("Version", untouched.name, "data")

	assert patch.scrub_versions() >= 1
	clean = json.loads(frappe.db.get_value("Version", version.name, "data"))
	text = json.dumps(clean)
	for secret in ("Old note", "Other Child", "Gone Child", "CH-OLD-1", "match_summary", "is_repeat"):
		assert secret not in text, secret
	assert clean["changed"] == [["concerns", "a", "b"]]
	assert clean["added"] == [["children", {"first_name": "Amara"}]]
	assert clean["row_changed"] == [["children", 1, "row-2", [["first_name", "Amra", "Amara"]]]]
	assert frappe.db.get_value("Version", untouched.name, "data") == before
