"""The repeat check through staff's links: two children on open referrals who are not the same by
their details (twins: one surname, one birthday) are the same child once staff link both rows to one
Child record."""

import frappe

from smallchanges.referrals.api import link_child, recheck_duplicates
from smallchanges.referrals.triage import triage_of
from tests.factories import make_user, unique
from tests.referral_factories import BSO_ROLE, make_partner, make_referral, make_service


def test_rows_linked_to_one_child_record_make_a_repeat_even_when_the_details_differ():
	partner, _agency = make_partner()
	bso, service = make_user(BSO_ROLE), make_service()
	surname = unique("Okafor").replace("-", "")

	def child(first_name: str) -> list[dict]:
		return [
			{
				"first_name": first_name,
				"last_name": surname,
				"date_of_birth": "2016-05-09",
				"postcode": "E1 6AN",
			}
		]

	first = make_referral(partner, submit=True, service=service, children=child("Chidi"))
	second = make_referral(partner, submit=True, service=service, children=child("Adaeze"))
	triage = triage_of(second.name)
	assert any(row["candidate"] == first.name for row in triage.candidates())  # found, as a possible match
	assert not triage.is_repeat  # but not the same child by the details alone

	record = frappe.get_doc(
		{"doctype": "Child", "first_name": "Chidi", "last_name": surname, "date_of_birth": "2016-05-09"}
	).insert()
	frappe.set_user(bso)
	link_child(first.name, first.children[0].name, record.name)
	link_child(second.name, second.children[0].name, record.name)
	recheck_duplicates(second.name)
	frappe.set_user("Administrator")
	triage = triage_of(second.name)
	assert triage.is_repeat == 1 and triage.repeat_of == first.name


def test_the_daily_sweep_checks_an_open_referral_whose_duplicate_check_never_ran():
	from smallchanges.referrals.tasks import check_unchecked_referrals

	partner, _agency = make_partner()
	sent = make_referral(partner, submit=True, service=make_service())
	draft = make_referral(partner, service=make_service())
	frappe.delete_doc("Referral Triage", sent.name, ignore_permissions=True, force=True)  # a lost job
	assert not triage_of(sent.name)

	assert check_unchecked_referrals() >= 1  # in the test process the check runs at once
	assert triage_of(sent.name).duplicates_checked_at
	assert not triage_of(draft.name)  # a draft is not the team's to check
