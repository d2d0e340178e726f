"""Merging two Child records moves every record naming the merged one (found from DocType meta) to
the survivor in one transaction; undo restores the merged Child and exactly those links; the
intake check never offers a merged-away Child."""

import json

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from smallchanges.linkage.merge import link_fields
from smallchanges.referrals.candidates import find_duplicates, person_of
from smallchanges.roles import BUSINESS_SUPPORT_OFFICER, TEAM_MANAGER
from tests.factories import make_user
from tests.visits_factories import make_child, make_social_worker, make_visit


def test_every_link_field_to_child_is_found_from_meta():
	found = {(f.doctype, f.fieldname) for f in link_fields()}
	assert {("Visit", "child"), ("Referral Child Link", "child"), ("Core Group Plan Child", "child")} <= found


def _merge_with_visits(n: int = 3):
	survivor = make_child(first_name="Rowena", last_name="Ashdown")
	merged = make_child(first_name="Rowenna", last_name="Ashdown", nhs_number="9434765919")
	worker = make_social_worker()
	visits = [make_visit(worker, merged).name for _i in range(n)]
	other = make_visit(worker, survivor).name
	proposer = make_user(BUSINESS_SUPPORT_OFFICER)
	manager = make_user(TEAM_MANAGER)
	frappe.set_user(proposer)
	merge = frappe.get_doc(
		{
			"doctype": "Child Merge",
			"survivor": survivor,
			"merged_child": merged,
			"reason": "Same child, misspelt",
		}
	).insert()
	return survivor, merged, visits, other, merge, manager


def test_merge_moves_every_link_and_undo_restores_them():
	survivor, merged, visits, other, merge, manager = _merge_with_visits()
	assert merge.workflow_state == "Proposed" and merge.proposed_by == frappe.session.user
	frappe.set_user(manager)
	merge = apply_workflow(merge.as_dict(), "Approve")
	merge.reload()
	assert merge.workflow_state == "Merged" and merge.approved_by == manager
	assert not frappe.db.exists("Child", merged)
	assert {frappe.db.get_value("Visit", v, "child") for v in visits} == {survivor}
	moved = json.loads(merge.moved_links)
	assert moved == [{"doctype": "Visit", "fieldname": "child", "names": sorted(visits)}]
	assert json.loads(merge.snapshot)["nhs_number"] == "9434765919"
	person = person_of(json.loads(merge.snapshot))
	assert merged not in [key[1] for key, _m in find_duplicates(person)]

	merge = apply_workflow(merge.as_dict(), "Undo")
	assert frappe.db.get_value("Child", merged, "nhs_number") == "9434765919"
	assert {frappe.db.get_value("Visit", v, "child") for v in visits} == {merged}
	assert frappe.db.get_value("Visit", other, "child") == survivor


def test_the_proposer_cannot_approve_their_own_merge():
	survivor, merged, _visits, _other, _merge, _manager = _merge_with_visits(1)
	proposer = make_user(TEAM_MANAGER)
	frappe.set_user(proposer)
	own = frappe.get_doc(
		{"doctype": "Child Merge", "survivor": survivor, "merged_child": merged, "reason": "Mine"}
	).insert()
	own.workflow_state = "Merged"
	with pytest.raises(frappe.ValidationError):
		own.save()
	assert frappe.db.exists("Child", merged)
