"""Staff triage in the desk (Chromium): the referral list shows overdue referrals, and the form shows
each child beside its possible duplicates, with buttons to link an existing Child or create one."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, nowdate

from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD, make_user, unique
from tests.referral_factories import make_partner, make_service, referral_data


@pytest.fixture(scope="module")
def triage(site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	bso = make_user("Business Support Officer")
	surname = unique("Kowalski")
	existing = frappe.get_doc(
		{
			"doctype": "Child",
			"first_name": "Zofia",
			"last_name": surname,
			"date_of_birth": "2013-08-09",
			"postcode": "E2 0QN",
		}
	).insert()
	children = [
		{"first_name": "Zosia", "last_name": surname, "date_of_birth": "2013-09-08", "postcode": "E2 0QN"},
		{"first_name": "Piotr", "last_name": surname, "date_of_birth": "2020-02-02", "postcode": "E2 0QN"},
	]
	frappe.set_user(partner)
	doc = frappe.get_doc(referral_data(service=make_service(), children=children)).insert()
	apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Submit")
	frappe.set_user("Administrator")
	frappe.db.set_value("Universal Referral", doc.name, "decision_due", add_days(nowdate(), -2))
	frappe.db.commit()
	return frappe._dict(bso=bso, referral=doc.name, existing=existing.name, surname=surname)


def test_business_support_sees_duplicates_side_by_side_and_links_the_child(page, triage):
	browser_login(page, triage.bso, PASSWORD)
	page.wait_for_url("**/app**")

	page.goto("/app/universal-referral?workflow_state=Submitted")
	row = page.locator(".list-row-container", has_text=triage.referral)
	row.wait_for()
	assert "Overdue" in row.inner_text()

	page.goto(f"/app/universal-referral/{triage.referral}")
	group = page.locator(".sc-duplicate-group").filter(has=page.locator("h5", has_text="Zosia"))
	group.wait_for()
	candidate = group.locator("tr", has_text=triage.existing)
	assert "day and month of birth swapped" in candidate.inner_text()
	candidate.locator(".sc-link-child").click()
	page.locator(".sc-duplicate-group", has_text="Linked to").first.wait_for()

	piotr = page.locator(".sc-duplicate-group").filter(has=page.locator("h5", has_text="Piotr"))
	piotr.locator(".sc-create-child").click()
	page.locator(".modal:visible .btn-primary", has_text="Yes").click()
	page.locator(".sc-duplicate-group").filter(has=page.locator("h5", has_text="Piotr")).locator(
		"text=Linked to"
	).wait_for()

	frappe.db.rollback()
	rows = frappe.get_all("Referral Child", filters={"parent": triage.referral}, pluck="name", order_by="idx")
	by_row = dict(
		frappe.get_all(
			"Referral Child Link",
			filters={"referral": triage.referral},
			fields=["name", "child"],
			as_list=True,
		)
	)
	links = [frappe._dict(child=by_row.get(row)) for row in rows]
	assert links[0].child == triage.existing
	assert links[1].child and links[1].child != triage.existing
	assert frappe.db.get_value("Child", links[1].child, "first_name") == "Piotr"
