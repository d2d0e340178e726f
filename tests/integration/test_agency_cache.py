"""A partner's agency is cached across requests: every change of an agency's members is seen at once."""

import frappe

from smallchanges.access.referrals import referral_query_conditions
from smallchanges.access.scope import agency_of, scope_of
from tests.referral_factories import make_agency, make_partner


def _new_request():
	frappe.local.request_cache.clear()
	frappe.local.cache = {}


def test_moving_a_partner_to_another_agency_changes_their_scope_at_once():
	partner, first = make_partner()
	assert scope_of(partner).agency == first
	second = make_agency()
	doc = frappe.get_doc("Partner Agency", first)
	doc.members = [row for row in doc.members if row.user != partner]
	doc.save(ignore_permissions=True)
	_new_request()
	assert agency_of(partner) is None and referral_query_conditions(partner) == "1=0"
	doc = frappe.get_doc("Partner Agency", second)
	doc.append("members", {"user": partner})
	doc.save(ignore_permissions=True)
	_new_request()
	assert scope_of(partner).agency == second


def test_deleting_an_agency_forgets_its_members():
	partner, agency = make_partner()
	assert agency_of(partner) == agency
	frappe.delete_doc("Partner Agency", agency, ignore_permissions=True, force=True)
	_new_request()
	assert agency_of(partner) is None


def test_a_rolled_back_change_leaves_no_stale_agency():
	partner, first = make_partner()
	frappe.db.commit()  # the partner and the agency exist for good (removed at the end)
	try:
		second = make_agency()
		doc = frappe.get_doc("Partner Agency", first)
		doc.members = []
		doc.save(ignore_permissions=True)
		doc = frappe.get_doc("Partner Agency", second)
		doc.append("members", {"user": partner})
		doc.save(ignore_permissions=True)
		_new_request()
		assert agency_of(partner) == second  # read inside the transaction...
		frappe.db.rollback()
		_new_request()
		assert agency_of(partner) == first  # ...and forgotten with it
	finally:
		frappe.delete_doc("Partner Agency", first, ignore_permissions=True, force=True)
		frappe.delete_doc("User", partner, ignore_permissions=True, force=True)
		frappe.db.commit()
