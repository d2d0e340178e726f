"""The patch that recomputes stored name keys after the silent-P change, on rows planted with the
keys an old site stored."""

from datetime import date

import frappe

from smallchanges.patches.v0_3 import silent_p_in_name_keys as patch
from smallchanges.referrals.candidates import find_duplicates
from smallchanges.rules.matching import Person
from tests.referral_factories import children_on_file


def test_old_keys_are_recomputed_and_the_child_is_found_again():
	dob = date(2013, 3, 3)
	thompson, smith = children_on_file(
		[
			{"first_name": "Oliver", "last_name": "Thompson", "date_of_birth": dob},
			{"first_name": "Keira", "last_name": "Smith", "date_of_birth": date(2013, 4, 4)},
		]
	)
	frappe.db.set_value(
		"Child", thompson, "last_name_key", "0MPSN", update_modified=False
	)  # as stored before
	smith_keys = frappe.db.get_value("Child", smith, ["first_name_key", "last_name_key"])
	new = Person(
		"Oliwer", "Thomson", date_of_birth=dob
	)  # first-name key differs too: only the surname finds it
	assert thompson not in [key[1] for key, _match in find_duplicates(new)]

	assert patch.rekey("Child") >= 1
	assert frappe.db.get_value("Child", thompson, "last_name_key") == "0MSN"
	assert frappe.db.get_value("Child", smith, ["first_name_key", "last_name_key"]) == smith_keys
	assert thompson in [key[1] for key, _match in find_duplicates(new)]
	assert patch.rekey("Child") == 0  # run again: nothing left to change
