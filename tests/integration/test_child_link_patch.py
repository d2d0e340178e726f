"""The patch that moves each referral child's link to a Child record out of the referral's own
table (which its partner reads) into Referral Child Link, run on a planted old-style column."""

import frappe
import pytest

from smallchanges.patches.v0_3 import child_links_out_of_the_referral as patch
from smallchanges.referrals.child_links import linked_children
from tests.referral_factories import make_partner, make_referral, make_service


def test_version_history_loses_the_links_and_keeps_the_rest():
	data = {
		"changed": [["concerns", "a", "b"]],
		"added": [["children", {"first_name": "Amara", "child": "CH-OLD-1"}], ["services", {"child": "x"}]],
		"row_changed": [
			["children", 0, "row-1", [["child", None, "CH-OLD-1"]]],
			["children", 1, "row-2", [["first_name", "Amra", "Amara"], ["child", None, "CH-OLD-2"]]],
		],
	}
	clean = patch.scrubbed(data)
	assert "CH-OLD" not in frappe.as_json(clean)
	assert clean["changed"] == data["changed"]
	assert clean["added"] == [["children", {"first_name": "Amara"}], ["services", {"child": "x"}]]
	assert clean["row_changed"] == [["children", 1, "row-2", [["first_name", "Amra", "Amara"]]]]


@pytest.fixture
def old_site():
	"""A referral whose child row holds a link in the old column (a DDL: committed, so cleaned up)."""
	partner, _agency = make_partner()
	doc = make_referral(partner, submit=True, service=make_service())
	frappe.set_user("Administrator")
	child = frappe.get_doc({"doctype": "Child", "first_name": "Old", "last_name": "Link"}).insert()
	version = frappe.get_doc(
		{"doctype": "Version", "ref_doctype": "Universal Referral", "docname": doc.name,
		 "data": frappe.as_json({"row_changed": [["children", 0, doc.children[0].name, [["child", None, child.name]]]]})}
	).insert(ignore_permissions=True)  # fmt: skip
	frappe.db.sql_ddl("ALTER TABLE `tabReferral Child` ADD COLUMN `child` varchar(140)")
	frappe.cache.hdel("table_columns", "tabReferral Child")
	frappe.db.set_value("Referral Child", doc.children[0].name, "child", child.name, update_modified=False)
	frappe.db.commit()
	yield frappe._dict(referral=doc.name, row=doc.children[0].name, child=child.name, version=version.name)
	if frappe.db.has_column("Referral Child", "child"):
		frappe.db.sql_ddl("ALTER TABLE `tabReferral Child` DROP COLUMN `child`")
		frappe.cache.hdel("table_columns", "tabReferral Child")
	frappe.db.delete("Referral Child Link", {"referral": doc.name})
	frappe.db.delete("Version", {"name": version.name})
	frappe.db.commit()


def test_the_patch_moves_the_link_and_drops_the_old_column(old_site):
	patch.execute()
	assert linked_children([old_site.row]) == {old_site.row: old_site.child}
	assert not frappe.db.has_column("Referral Child", "child")
	assert old_site.child not in frappe.db.get_value("Version", old_site.version, "data")
	patch.execute()  # again: nothing to do
	assert frappe.db.count("Referral Child Link", {"referral": old_site.referral}) == 1
