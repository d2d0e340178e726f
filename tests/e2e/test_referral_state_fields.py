"""Decisions, the clock, the agency and the owner change only through their transition, by the
role that may take it, on every save path; self-approval is judged from the stored record.

Regression tests for what staff could do before (issue 8), over HTTP as real users."""

import json

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from tests.factories import make_user
from tests.referral_factories import make_partner, make_service, referral_data


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	partner, agency = make_partner()
	_other, other_agency = make_partner()
	people = frappe._dict(
		partner=partner,
		agency=agency,
		other_agency=other_agency,
		bso=make_user("Business Support Officer"),
		manager=make_user("Team Manager"),
		manager2=make_user("Team Manager"),
		social_worker=make_user("Social Worker"),
		service=make_service(),
	)
	frappe.db.commit()
	return people


def _referral(people, until: str, by: str | None = None) -> str:
	"""A referral by `by` (default: the partner), taken through the workflow up to `until`."""
	author = by or people.partner
	frappe.set_user(author)
	doc = frappe.get_doc(referral_data(service=people.service)).insert()
	name = doc.name
	steps = [("Submit", author), ("Check", people.bso)]
	if until == "Accepted":
		steps.append(("Accept", people.manager))
	for action, user in steps[: {"Submitted": 1, "Checked": 2, "Accepted": 3}[until]]:
		frappe.set_user(user)
		if action == "Accept":
			d = frappe.get_doc("Universal Referral", name)
			d.decision, d.decision_reason = "Assessment", "Needs an assessment."
			d.save()
		apply_workflow({"doctype": "Universal Referral", "name": name}, action)
	frappe.set_user("Administrator")
	frappe.db.commit()
	return name


def _stored(name: str) -> dict:
	frappe.db.rollback()  # what the server committed
	return frappe.db.get_value("Universal Referral", name, "*", as_dict=True)


def _save_paths(session, name: str, values: dict):
	"""The same change through each save path a desk user has."""
	doc = session.get(f"/api/resource/Universal Referral/{name}").json().get("data") or {
		"doctype": "Universal Referral",
		"name": name,
	}
	yield "REST PUT", session.put(f"/api/resource/Universal Referral/{name}", json=values)
	yield (
		"frappe.client.save",
		session.post("/api/method/frappe.client.save", data={"doc": json.dumps({**doc, **values})}),
	)
	yield (
		"frappe.client.set_value",
		session.post(
			"/api/method/frappe.client.set_value",
			data={"doctype": "Universal Referral", "name": name, "fieldname": json.dumps(values)},
		),
	)
	yield (
		"desk form save",
		session.post(
			"/api/method/frappe.desk.form.save.savedocs",
			data={"doc": json.dumps({**doc, **values}), "action": "Save"},
		),
	)


def _refused_everywhere(session, name: str, values: dict):
	before = _stored(name)
	for path, response in _save_paths(session, name, values):
		assert response.status_code in (403, 417), (path, response.status_code, response.text[:300])
		after = _stored(name)
		for field in (*values, "modified", "concerns"):
			assert str(after[field]) == str(before[field]), (path, field)
	return response


def test_business_support_cannot_put_the_decision_of_an_accepted_referral(client, people):
	name = _referral(people, "Accepted")
	bso = client(people.bso)
	response = _refused_everywhere(
		bso, name, {"decision": "Early help", "decision_reason": "changed", "concerns": "edited"}
	)
	assert "Decision" in response.text  # the refusal names what is wrong
	stored = _stored(name)
	assert stored.decision == "Assessment" and stored.decided_by == people.manager
	# nor the record of who decided and when
	_refused_everywhere(bso, name, {"decided_by": people.bso})
	_refused_everywhere(client(people.manager2), name, {"decision": "Early help"})


def test_agency_and_received_at_cannot_be_edited_after_submission(client, people):
	name = _referral(people, "Submitted")
	for user in (people.bso, people.manager):
		session = client(user)
		_refused_everywhere(session, name, {"referrer_agency": people.other_agency})
		_refused_everywhere(session, name, {"received_at": "2020-01-01 09:00:00"})
		_refused_everywhere(session, name, {"decision_due": "2020-01-02"})
	stored = _stored(name)
	assert stored.referrer_agency == people.agency and str(stored.received_at) > "2021"
	# an ordinary edit by business support still goes through
	response = client(people.bso).put(
		f"/api/resource/Universal Referral/{name}", json={"concerns": "Business support added a detail."}
	)
	assert response.status_code == 200, response.text[:300]


def test_changing_the_owner_does_not_fool_the_self_approval_guard(client, people):
	# The manager's own phone referral, checked by business support.
	name = _referral(people, "Checked", by=people.manager)
	manager = client(people.manager)
	response = manager.put(
		f"/api/resource/Universal Referral/{name}",
		json={"owner": people.bso, "workflow_state": "Accepted", "decision": "Assessment"},
	)
	assert response.status_code in (403, 417), response.text[:300]
	stored = _stored(name)
	assert stored.workflow_state == "Checked" and stored.owner == people.manager and not stored.decision
	# the owner alone cannot be rewritten either, on any save path
	_refused_everywhere(manager, name, {"owner": people.bso})
	_refused_everywhere(client(people.bso), name, {"owner": people.bso})
	# nor can the manager record the decision first and have the action taken later
	_refused_everywhere(manager, name, {"decision": "Assessment"})
	# another manager decides it
	other = client(people.manager2)
	response = other.put(
		f"/api/resource/Universal Referral/{name}",
		json={"workflow_state": "Accepted", "decision": "Assessment"},
	)
	assert response.status_code == 200, response.text[:300]
	assert _stored(name).decided_by == people.manager2


def test_only_whoever_may_return_it_records_the_returned_reason(client, people):
	name = _referral(people, "Submitted")
	_refused_everywhere(client(people.social_worker), name, {"returned_reason": "not mine to say"})
	_refused_everywhere(client(people.manager), name, {"returned_reason": "TM may not return from Submitted"})
	bso = client(people.bso)
	response = bso.put(f"/api/resource/Universal Referral/{name}", json={"returned_reason": "Add the GP."})
	assert response.status_code == 200, response.text[:300]
	returned = bso.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps({"doctype": "Universal Referral", "name": name}), "action": "Return"},
	)
	assert returned.status_code == 200, returned.text[:300]
	assert _stored(name).workflow_state == "Returned to Referrer"
