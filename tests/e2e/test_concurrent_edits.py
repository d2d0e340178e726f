"""Two staff editing the same referral at once never overwrite each other (R2): a save made from an
older copy is refused, with nothing lost; saves of different fields from fresh copies both land."""

import json

import frappe
import pytest

from tests.factories import make_user
from tests.referral_factories import BSO_ROLE, MANAGER_ROLE, make_partner, make_referral, make_service

STALE = "modified after you have opened it"


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	people = frappe._dict(partner=partner, bso=make_user(BSO_ROLE), manager=make_user(MANAGER_ROLE))
	people.service = make_service()
	frappe.db.commit()
	return people


@pytest.fixture
def referral(people, committed):
	doc = make_referral(people.partner, submit=True, service=people.service)
	committed()
	return doc.name


def stored(name: str, *fields: str) -> tuple:
	frappe.db.rollback()  # a fresh snapshot: what the server committed
	values = frappe.db.get_value("Universal Referral", name, list(fields), as_dict=True)
	return tuple(values[field] for field in fields)


def desk_copy(session, name: str) -> dict:
	"""What the desk form holds after opening the referral."""
	response = session.get(
		"/api/method/frappe.desk.form.load.getdoc", params={"doctype": "Universal Referral", "name": name}
	)
	assert response.status_code == 200, response.text[:300]
	return response.json()["docs"][0]


def desk_save(session, doc: dict):
	return session.post(
		"/api/method/frappe.desk.form.save.savedocs", data={"doc": json.dumps(doc), "action": "Save"}
	)


def test_in_the_desk_the_second_save_of_an_older_copy_is_refused_and_nothing_is_lost(
	client, people, referral
):
	bso, manager = client(people.bso), client(people.manager)
	bso_copy, manager_copy = desk_copy(bso, referral), desk_copy(manager, referral)

	bso_copy["key_events"] = "Seen at school on Monday (added by business support)."
	assert desk_save(bso, bso_copy).status_code == 200
	manager_copy["childs_voice"] = "Said she feels safe at her nan's (added by the manager)."
	clash = desk_save(manager, manager_copy)

	assert clash.status_code == 417 and STALE in clash.text
	key_events, childs_voice = stored(referral, "key_events", "childs_voice")
	assert key_events == bso_copy["key_events"]
	assert childs_voice != manager_copy["childs_voice"]
	# Reopened, the manager's change lands on top of the first one.
	manager_copy = desk_copy(manager, referral)
	manager_copy["childs_voice"] = "Said she feels safe at her nan's (added by the manager)."
	assert desk_save(manager, manager_copy).status_code == 200
	assert stored(referral, "key_events", "childs_voice") == (
		bso_copy["key_events"],
		manager_copy["childs_voice"],
	)


def test_over_rest_a_put_carrying_an_older_modified_is_refused(client, people, referral):
	bso, manager = client(people.bso), client(people.manager)
	url = f"/api/resource/Universal Referral/{referral}"
	opened = manager.get(url).json()["data"]["modified"]
	assert bso.put(url, json={"concerns": "Updated by business support."}).status_code == 200

	stale = manager.put(url, json={"concerns": "Updated by the manager.", "modified": opened})

	assert stale.status_code == 417 and STALE in stale.text
	assert stored(referral, "concerns") == ("Updated by business support.",)


def test_over_rest_two_puts_of_different_fields_both_land(client, people, referral):
	bso, manager = client(people.bso), client(people.manager)
	url = f"/api/resource/Universal Referral/{referral}"
	assert bso.put(url, json={"strengths": "Grandmother is a steady presence."}).status_code == 200
	assert manager.put(url, json={"support_given": "Two sessions with the school nurse."}).status_code == 200
	assert stored(referral, "strengths", "support_given") == (
		"Grandmother is a steady presence.",
		"Two sessions with the school nurse.",
	)
