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


def test_the_candidates_are_the_first_thing_and_a_link_can_be_undone(page, triage):
	errors = []
	page.on("pageerror", lambda error: errors.append(str(error)))
	browser_login(page, triage.bso, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/universal-referral/{triage.referral}")
	group = page.locator(".sc-duplicate-group").filter(has=page.locator("h5", has_text="Zosia"))
	group.wait_for()
	# at the top of the form, in the first screen, above the referral's own details
	top = group.bounding_box()["y"]
	assert top < page.viewport_size["height"], top
	assert top < page.locator(".frappe-control[data-fieldname=referrer_name]").bounding_box()["y"]
	assert top < page.locator(".frappe-control[data-fieldname=concerns]").bounding_box()["y"]
	# staff-facing labels, not the referrer's own ("Your Name")
	form = page.locator(".form-layout")
	assert "Referrer's name" in form.inner_text() and "Your Name" not in form.inner_text()

	candidate = group.locator("tr", has_text=triage.existing)
	if not group.locator(".sc-unlink-child").count():
		candidate.locator(".sc-link-child").click()
	undo = (
		page.locator(".sc-duplicate-group")
		.filter(has=page.locator("h5", has_text="Zosia"))
		.locator(".sc-unlink-child")
	)
	undo.wait_for()
	undo.click()
	page.locator(".modal:visible .btn-primary", has_text="Yes").click()
	page.locator(".sc-duplicate-group").filter(has=page.locator("h5", has_text="Zosia")).locator(
		".sc-link-child"
	).wait_for()
	assert errors == []

	frappe.db.rollback()
	zosia = frappe.get_all(
		"Referral Child", filters={"parent": triage.referral, "first_name": "Zosia"}, pluck="name"
	)
	assert not frappe.db.exists("Referral Child Link", zosia[0])
	triage_name = frappe.db.get_value("Referral Triage", {"referral": triage.referral})
	notes = frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Referral Triage", "reference_name": triage_name},
		pluck="content",
	)
	assert any("Undid the link of Zosia" in note for note in notes)


def test_no_candidates_is_said_plainly_with_create_offered(page, site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	bso = make_user("Business Support Officer")
	frappe.set_user(partner)
	doc = frappe.get_doc(
		referral_data(
			service=make_service(),
			children=[
				{
					"first_name": unique("Xanthe"),
					"last_name": unique("Quillfeather"),
					"date_of_birth": "2015-03-04",
				}
			],
		)
	).insert()
	apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Submit")
	frappe.set_user("Administrator")
	frappe.db.commit()

	browser_login(page, bso, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/universal-referral/{doc.name}")
	page.locator(".sc-no-candidates").wait_for()
	assert "There are no possible duplicates" in page.locator(".sc-no-candidates").inner_text()
	create = page.locator(".sc-create-child")
	assert create.inner_text().strip() == "Create a new Child record"
	create.click()
	question = page.locator(".modal:visible .modal-body").inner_text()
	assert "None of these" not in question and "no possible duplicates" in question
	page.locator(".modal:visible .btn-primary", has_text="Yes").click()
	page.locator(".sc-duplicate-group", has_text="Linked to").wait_for()


def test_the_team_manager_decides_in_a_dialog_on_the_first_try(page, site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	bso = make_user("Business Support Officer")
	manager = make_user("Team Manager")
	frappe.set_user(partner)
	doc = frappe.get_doc(referral_data(service=make_service())).insert()
	apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Submit")
	frappe.set_user(bso)
	apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Check")
	frappe.set_user("Administrator")
	frappe.db.commit()

	errors, messages = [], []
	page.on("pageerror", lambda error: errors.append(str(error)))
	browser_login(page, manager, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/universal-referral/{doc.name}")
	page.locator(".page-head .indicator-pill", has_text="Checked").wait_for()
	page.locator(".page-head .actions-btn-group button").click()
	items = page.locator(".page-head .actions-btn-group .dropdown-item")
	labels = [text.strip() for text in items.all_inner_texts()]
	assert {"Accept", "No Further Action", "Redirect", "Return"} <= set(labels), labels
	items.filter(has_text="Accept").click()

	dialog = page.locator(".sc-decision-dialog .modal-dialog")
	dialog.wait_for()
	select = dialog.locator("select[data-fieldname=decision]")
	options = [o.strip() for o in select.locator("option").all_inner_texts() if o.strip()]
	assert "Assessment" in options and "No further action" not in options
	assert dialog.locator("[data-fieldname=decision_reason]").count() == 0  # Accept asks one thing
	select.select_option("Assessment")
	dialog.locator(".btn-primary", has_text="Accept").click()
	page.locator(".page-head .indicator-pill", has_text="Accepted").wait_for()
	for modal in page.locator(".modal:visible .modal-body").all_inner_texts():
		messages.append(modal)
	assert not any("not complete" in m for m in messages), messages
	assert errors == []

	frappe.db.rollback()
	stored = frappe.db.get_value(
		"Universal Referral", doc.name, ["workflow_state", "decision", "decided_by"], as_dict=True
	)
	assert (stored.workflow_state, stored.decision, stored.decided_by) == ("Accepted", "Assessment", manager)


def test_the_referral_list_shows_each_id_whole(page, triage):
	browser_login(page, triage.bso, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/universal-referral?name={triage.referral}")
	cell = page.locator(
		".list-row-container .list-row-col", has=page.locator(f"[data-filter='name,=,{triage.referral}']")
	)
	cell.wait_for()
	# the ID's text, as laid out, fits in its column (nothing cut off behind an ellipsis)
	clipped = cell.evaluate(
		"""cell => {
			const range = document.createRange();
			range.selectNodeContents(cell.querySelector("[data-filter]"));
			const text = range.getBoundingClientRect(), box = cell.getBoundingClientRect();
			const overflowing = [cell, ...cell.querySelectorAll("*")].some(
				(el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth
			);
			return overflowing || text.right > box.right + 0.5;
		}"""
	)
	assert not clipped, cell.inner_text()
	assert triage.referral in cell.inner_text()
