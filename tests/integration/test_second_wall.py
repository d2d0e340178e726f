"""The second wall behind the gate: a Website User of another app (no desk access, none of this
app's roles, in no partner agency) and Guest get none of this app's records from Frappe's own
permission checks and the app's scoping hooks, whatever API call the gate let through."""

import frappe
import pytest

from tests.factories import make_user
from tests.referral_factories import make_two_agencies


def app_doctypes() -> list[str]:
	modules = frappe.get_all("Module Def", {"app_name": "smallchanges"}, pluck="name")
	return frappe.get_all("DocType", {"module": ["in", modules], "issingle": 0}, pluck="name")


@pytest.mark.parametrize("who", ["a website user of another app", "Guest"])
def test_no_record_of_the_app_reaches_a_user_outside_it(who):
	make_two_agencies()  # records in the app's DocTypes, and files of referrals
	outsider = "Guest" if who == "Guest" else make_user(user_type="Website User")
	doctypes = app_doctypes()
	assert len(doctypes) > 20
	some = {doctype: frappe.get_all(doctype, pluck="name", limit=1) for doctype in doctypes}
	referral_files = frappe.get_all("File", {"attached_to_doctype": "Universal Referral"}, pluck="name")
	assert referral_files and sum(1 for names in some.values() if names) >= 8
	frappe.set_user(outsider)
	reached = []
	for doctype, names in some.items():
		if frappe.has_permission(doctype, "read", user=outsider):
			reached.append(f"{doctype}: read permission")
		if names and frappe.has_permission(doctype, "read", doc=names[0], user=outsider):
			reached.append(f"{doctype} {names[0]}")
		try:
			rows = frappe.get_list(doctype, limit=5)
		except frappe.PermissionError:
			rows = []
		if rows:
			reached.append(f"{doctype}: {len(rows)} listed")
	for name in referral_files:
		if frappe.has_permission("File", "read", doc=name, user=outsider):
			reached.append(f"File {name} of a referral")
	try:
		files = frappe.get_list("File", {"attached_to_doctype": ["in", doctypes]}, pluck="name")
	except frappe.PermissionError:  # Guest may list no File at all
		files = []
	reached += [f"File {name} listed" for name in files]
	assert not reached, reached
