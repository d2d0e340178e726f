"""Visits over HTTP as real users, and a social worker recording a school visit in Chromium.

Visits are staff-only: a partner reaches none through any REST call. A social worker sees the
visits of the children they work with; a Team Manager sees all and alone may override counting.
"""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from smallchanges.rules import visits as visit_rules
from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD, make_user, unique
from tests.referral_factories import make_partner
from tests.visits_factories import make_child, make_social_worker, make_team_manager, make_visit


@pytest.fixture(scope="module")
def world(site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	a, b = make_social_worker(first_name="Ade"), make_social_worker(first_name="Bea")
	manager = make_team_manager()
	visit_a = make_visit(a, place="School", observations="A-ONLY-OBSERVATION-4417")
	visit_b = make_visit(b)
	frappe.db.commit()
	return frappe._dict(partner=partner, a=a, b=b, manager=manager, visit_a=visit_a, visit_b=visit_b)


def test_a_partner_cannot_read_list_count_or_write_visits(client, world):
	partner = client(world.partner)
	name = world.visit_a.name
	attempts = [
		partner.get(f"/api/resource/Visit/{name}"),
		partner.get("/api/resource/Visit", params={"fields": json.dumps(["name", "observations"])}),
		partner.get("/api/method/frappe.client.get_count", params={"doctype": "Visit"}),
		partner.get("/api/method/frappe.client.get_value", params={"doctype": "Visit", "fieldname": "observations", "filters": json.dumps({"name": name})}),
		partner.get("/api/method/frappe.desk.search.search_link", params={"doctype": "Visit", "txt": ""}),
		partner.get("/api/method/frappe.desk.query_report.run", params={"report_name": "Statutory Visits Due"}),
		partner.post("/api/resource/Visit", json={"child": world.visit_a.child, "plan_type": "Child Protection", "visit_date": "2026-01-05", "place": "Home", "practitioner": world.partner}),
		partner.put(f"/api/resource/Visit/{name}", json={"observations": "changed by a partner"}),
		partner.get("/api/method/smallchanges.visits.api.visit_defaults", params={"child": world.visit_a.child}),
	]  # fmt: skip
	for response in attempts:
		assert response.status_code in (403, 404, 417), (response.request.url, response.status_code)
		assert "A-ONLY-OBSERVATION-4417" not in response.text
	frappe.db.rollback()
	assert frappe.db.get_value("Visit", name, "observations") == "A-ONLY-OBSERVATION-4417"


def test_a_social_worker_sees_only_the_children_they_work_with(client, world):
	a, b = client(world.a), client(world.b)
	assert a.get(f"/api/resource/Visit/{world.visit_a.name}").status_code == 200
	assert b.get(f"/api/resource/Visit/{world.visit_a.name}").status_code == 403
	listed = b.get("/api/resource/Visit", params={"limit_page_length": 0}).json()["data"]
	assert world.visit_a.name not in {row["name"] for row in listed}
	assert world.visit_b.name in {row["name"] for row in listed}
	count = b.get(
		"/api/method/frappe.client.get_count",
		params={"doctype": "Visit", "filters": json.dumps({"name": world.visit_a.name})},
	).json()
	assert count["message"] == 0
	assert b.put(f"/api/resource/Visit/{world.visit_a.name}", json={"observations": "x"}).status_code == 403


def test_an_assigned_social_worker_sees_the_childs_visits(client, world):
	from frappe.desk.form.assign_to import add

	frappe.set_user("Administrator")
	helper = make_social_worker()
	visit = make_visit(world.a)
	add({"doctype": "Visit", "name": visit.name, "assign_to": [helper]})
	frappe.db.commit()
	assert client(helper).get(f"/api/resource/Visit/{visit.name}").status_code == 200


def test_only_a_team_manager_overrides_counting_over_http(client, world):
	name = world.visit_a.name
	payload = {
		"count_override": visit_rules.OVERRIDE_COUNTS,
		"override_reason": "Seen at school by agreement",
	}
	response = client(world.a).put(f"/api/resource/Visit/{name}", json=payload)
	frappe.db.rollback()
	# the social worker's write to the manager's section is dropped (or refused): nothing changes
	assert not frappe.db.get_value("Visit", name, "count_override"), response.text[:300]

	manager = client(world.manager)
	refused = manager.put(f"/api/resource/Visit/{name}", json={"count_override": visit_rules.OVERRIDE_COUNTS})
	assert refused.status_code == 417 and "reason" in refused.text
	accepted = manager.put(f"/api/resource/Visit/{name}", json={**payload, "overridden_by": world.a})
	assert accepted.status_code == 200, accepted.text[:300]
	data = accepted.json()["data"]
	assert data["counts_as_statutory"] == 1 and data["overridden_by"] == world.manager
	assert data["counting_reason"].startswith(
		"counts: a team manager decided so (Seen at school by agreement)"
	)


@pytest.fixture
def school_counts_for_child_protection(site):
	"""The seed's change in the Safeguarding Policy, for this test only (committed for the server)."""
	frappe.set_user("Administrator")
	policy = frappe.get_doc("Safeguarding Policy")
	row = next(r for r in policy.visit_policies if r.plan_type == "Child Protection")
	before = row.school_counts
	row.school_counts = 1
	policy.save()
	frappe.db.commit()
	yield
	policy = frappe.get_doc("Safeguarding Policy")
	next(r for r in policy.visit_policies if r.plan_type == "Child Protection").school_counts = before
	policy.save()
	frappe.db.commit()


def test_a_social_worker_records_a_school_visit_from_the_childs_record_and_sees_it_count(
	page, site, school_counts_for_child_protection
):
	frappe.set_user("Administrator")
	worker = make_social_worker(first_name="Franceska")
	child = make_child(first_name=unique("Tolu"))
	frappe.db.commit()

	browser_login(page, worker, PASSWORD)
	page.wait_for_url("**/app**")
	page.goto(f"/app/child/{child}")
	page.get_by_role("button", name="Record a visit").click()
	dialog = page.locator(".modal.show", has=page.locator(".modal-title", has_text="New Visit"))
	dialog.wait_for()
	# what happened is asked, not assumed: no answer is filled in for the practitioner
	for field in ("qualified_social_worker", "child_seen"):
		assert dialog.locator(f"select[data-fieldname={field}]").input_value() == ""
	dialog.locator("select[data-fieldname=plan_type]").select_option("Child Protection")
	# a child protection visit names its plan: the plan's field is in the quick entry
	assert dialog.locator(".frappe-control[data-fieldname=child_protection_plan]").is_visible()
	dialog.locator("select[data-fieldname=place]").select_option("School")
	dialog.locator("[data-fieldname=plan_reference] input").fill("CPP-E2E-1")
	# a hurried save is refused, naming what was not answered
	dialog.locator(".btn-primary:visible").first.click()
	missing = page.locator(
		".modal.show", has=page.locator(".modal-title", has_text="Missing Values Required")
	)
	missing.wait_for()
	assert "Child seen" in missing.inner_text() and "qualified social worker" in missing.inner_text()
	missing.locator(".btn-modal-close").click()
	missing.wait_for(state="hidden")
	dialog.locator("select[data-fieldname=qualified_social_worker]").select_option("Yes")
	dialog.locator("select[data-fieldname=child_seen]").select_option("Yes")
	dialog.locator("select[data-fieldname=seen_alone]").select_option("Yes")
	dialog.locator(".btn-primary:visible").first.click()
	# the quick entry opens the saved visit, whose headline says whether it counts and why
	page.wait_for_url("**/app/visit/VIS-**")
	headline = page.locator(".form-dashboard .form-headline, .form-message").filter(has_text="counts")
	headline.first.wait_for()
	assert (
		"counts: school visits count for child protection plans under local policy; child seen alone"
		in headline.first.inner_text()
	)
	# and the visit list shows it counted, and why
	page.goto(f"/app/visit?child={child}")
	row = page.locator(".list-row-container", has_text="Counts")
	row.first.wait_for()
	frappe.db.rollback()
	visit = frappe.get_all("Visit", filters={"child": child}, fields=["name", "counts_as_statutory", "owner"])
	assert len(visit) == 1 and visit[0].counts_as_statutory and visit[0].owner == worker


def test_an_overdue_visit_is_called_overdue_and_the_report_shows_names_and_the_action(page, site):
	frappe.set_user("Administrator")
	worker = make_social_worker(first_name="Orla", last_name=unique("Fennick"))
	manager = make_team_manager()
	child = make_child(first_name=unique("Kemi"))
	late = make_visit(
		worker, child=child, visit_date=add_days(nowdate(), -70), written_up_on=add_days(nowdate(), -69)
	)
	frappe.db.commit()
	stored = frappe.db.get_value("Visit", late.name, ["latest_of_plan", "next_visit_due"], as_dict=True)
	assert stored.latest_of_plan and str(stored.next_visit_due) < nowdate()

	browser_login(page, manager, PASSWORD)
	page.wait_for_url("**/app**")
	# the form
	page.goto(f"/app/visit/{late.name}")
	page.locator(".form-message", has_text="overdue").first.wait_for()
	# the list
	page.goto(f"/app/visit?child={child}")
	pill = page.locator(".list-row-container .indicator-pill", has_text="overdue").first
	pill.wait_for()
	assert "next visit overdue" in pill.inner_text()
	# the report: the practitioner by name, "Overdue", and Record a visit on screen
	page.goto(f"/app/query-report/Statutory Visits Due?practitioner={worker}")
	row = page.locator(".dt-row", has_text=child).first
	row.wait_for()
	text = row.inner_text()
	full_name = frappe.db.get_value("User", worker, "full_name")
	assert full_name in text and worker not in text and "@" not in text
	assert "Overdue" in text
	action = row.locator("a.record-visit")
	box = action.bounding_box()
	assert action.is_visible() and box["x"] + box["width"] <= page.viewport_size["width"], box
	assert action.inner_text().strip() == "Record a visit"
	action.click()
	page.locator(".modal.show .modal-title, .page-title", has_text="New Visit").first.wait_for()
