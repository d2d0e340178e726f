"""Reviewed merges of Child records over HTTP, as real users of the live server: the proposer
cannot approve their own merge (by button or by PUT), another Team Manager approves and every link
moves, undo puts it back; partners reach none of it (the records, the finder, the settings)."""

import json

import frappe
import pytest

from smallchanges.roles import BUSINESS_SUPPORT_OFFICER, PARTNER_PRACTITIONER, TEAM_MANAGER
from tests.factories import PASSWORD, make_user
from tests.visits_factories import make_child, make_social_worker, make_visit

APPLY = "/api/method/frappe.model.workflow.apply_workflow"


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	found = frappe._dict(
		bso=make_user(BUSINESS_SUPPORT_OFFICER, first_name="Billie"),
		proposer=make_user(TEAM_MANAGER, first_name="Tara"),
		approver=make_user(TEAM_MANAGER, first_name="Omar"),
		partner=make_user(PARTNER_PRACTITIONER, first_name="Morgan"),
	)
	frappe.db.commit()
	return found


@pytest.fixture
def pair(site, committed):
	survivor = make_child(first_name="Marigold", last_name="Penhallow")
	merged = make_child(first_name="Marigolde", last_name="Penhallow")
	worker = make_social_worker()
	visits = [make_visit(worker, merged).name for _i in range(2)]
	committed()
	return frappe._dict(survivor=survivor, merged=merged, visits=visits)


def propose(session, pair) -> dict:
	response = session.post(
		"/api/resource/Child Merge",
		json={"survivor": pair.survivor, "merged_child": pair.merged, "reason": "Same child, misspelt"},
	)
	assert response.status_code == 200, response.text[:500]
	return response.json()["data"]


def press(session, name: str, action: str):
	return session.post(
		APPLY, data={"doc": json.dumps({"doctype": "Child Merge", "name": name}), "action": action}
	)


def stored(name: str):
	frappe.db.rollback()
	return frappe.db.get_value(
		"Child Merge", name, ["workflow_state", "proposed_by", "approved_by"], as_dict=True
	)


def test_the_proposer_cannot_approve_and_another_manager_can_then_undo(client, people, pair):
	proposer = client(people.proposer, PASSWORD)
	merge = propose(proposer, pair)
	assert press(proposer, merge["name"], "Approve").status_code >= 400
	put = proposer.put(f"/api/resource/Child Merge/{merge['name']}", json={"workflow_state": "Merged"})
	assert put.status_code >= 400
	assert stored(merge["name"]).workflow_state == "Proposed"
	assert frappe.db.exists("Child", pair.merged)

	approver = client(people.approver, PASSWORD)
	assert press(approver, merge["name"], "Approve").status_code == 200
	record = stored(merge["name"])
	assert (record.workflow_state, record.proposed_by, record.approved_by) == (
		"Merged",
		people.proposer,
		people.approver,
	)
	assert not frappe.db.exists("Child", pair.merged)
	assert {frappe.db.get_value("Visit", v, "child") for v in pair.visits} == {pair.survivor}

	assert press(approver, merge["name"], "Undo").status_code == 200
	frappe.db.rollback()
	assert frappe.db.exists("Child", pair.merged)
	assert {frappe.db.get_value("Visit", v, "child") for v in pair.visits} == {pair.merged}


def test_a_business_support_officer_proposes_but_cannot_approve(client, people, pair):
	bso = client(people.bso, PASSWORD)
	merge = propose(bso, pair)
	assert press(bso, merge["name"], "Approve").status_code >= 400
	assert stored(merge["name"]).workflow_state == "Proposed"


def test_partners_reach_nothing_of_it(client, people, pair):
	partner = client(people.partner, PASSWORD)
	for doctype in ("Possible Duplicate", "Child Merge", "Duplicate Finder Settings"):
		assert partner.get(f"/api/resource/{doctype}").status_code in (401, 403)
	assert partner.post("/api/method/smallchanges.linkage.api.find_now").status_code in (401, 403)
	assert partner.post("/api/resource/Child Merge", json={"survivor": pair.survivor}).status_code in (
		401,
		403,
	)
