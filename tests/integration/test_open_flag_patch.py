"""The patch that sets each referral child row's open flag from its referral's state, and drops the
row indexes the open-referral search no longer reads, on planted old-style rows and indexes."""

import frappe

from smallchanges.patches.v0_3 import open_flag_on_referral_children as patch
from tests.referral_factories import make_partner, make_referral, make_service


def test_the_flags_follow_the_states_and_the_old_indexes_go():
	partner, _agency = make_partner()
	service = make_service()
	sent = make_referral(partner, submit=True, service=service)
	draft = make_referral(partner, service=service)
	frappe.db.set_value("Referral Child", sent.children[0].name, "referral_open", 0)  # as before the flag
	frappe.db.set_value("Referral Child", draft.children[0].name, "referral_open", 1)
	frappe.db.commit()
	frappe.db.sql_ddl(
		"ALTER TABLE `tabReferral Child` ADD INDEX `match_surname_dob` (`last_name_key`, `date_of_birth`)"
	)

	patch.execute()
	assert frappe.db.get_value("Referral Child", sent.children[0].name, "referral_open") == 1
	assert frappe.db.get_value("Referral Child", draft.children[0].name, "referral_open") == 0
	assert not frappe.db.has_index("tabReferral Child", "match_surname_dob")
	assert frappe.db.has_index("tabReferral Child", "open_match_surname_dob")
