"""The app's e-mails are service messages about a child or a record, never newsletters: none is
queued with an unsubscribe link (Frappe's `add_unsubscribe_link`, which its queue turns into a
signed link to opt out of e-mails about the record), and the message itself offers none.

Issue 19's "Safeguarding e-mails carry an unsubscribe link": the minutes' distribution, the
referral's acknowledgement and outcome, a resource shared, a reminder, each read back from the
Email Queue after real users did what sends it."""

import email

import frappe
import pytest
from frappe.utils import nowdate

from smallchanges import roles
from smallchanges.core_groups.tasks import remind_action_owners
from smallchanges.rules import resources as resource_rules
from tests.core_groups_factories import CoreGroup, approved_minutes
from tests.e2e.conftest import act, send_queued_notifications, web_form_referral
from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_partner, make_service
from tests.resources_factories import make_approved_resource, make_social_worker


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	people = frappe._dict(
		partner=partner,
		bso=make_user(roles.BUSINESS_SUPPORT_OFFICER),
		manager=make_user(roles.TEAM_MANAGER),
		social_worker=make_social_worker(),
		service=make_service(),
		group=CoreGroup(outcomes=1),
		guide=make_approved_resource(audience=resource_rules.STAFF_AND_PARTNERS),
	)
	frappe.db.commit()
	return people


def queued_about(doctype: str, name: str) -> list:
	frappe.db.rollback()  # see what the server committed
	return frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": doctype, "reference_name": name},
		fields=["name", "add_unsubscribe_link", "unsubscribe_method", "message"],
	)


def text_of(raw: str) -> str:
	"""The queued MIME message's text and HTML parts, decoded (quoted-printable breaks lines)."""
	parts = [part for part in email.message_from_string(raw).walk() if part.get_content_maintype() == "text"]
	return "".join(part.get_payload(decode=True).decode(errors="replace") for part in parts)


def assert_no_unsubscribe(rows, what: str):
	assert rows, f"nothing was queued for {what}"
	for row in rows:
		assert not row.add_unsubscribe_link, what
		body = text_of(row.message).lower()
		assert body, what
		assert "frappe.email.queue.unsubscribe" not in body and "<!--unsubscribe_url-->" not in body, what
		assert "to stop receiving emails" not in body, what


def test_the_referral_acknowledgement_and_outcome_carry_no_unsubscribe_link(client, people):
	partner = client(people.partner, PASSWORD)
	saved = web_form_referral(partner, service=people.service)
	assert saved.status_code == 200, saved.text[:300]
	name = saved.json()["message"]["name"]
	assert act(partner, name, "Submit").status_code == 200
	send_queued_notifications(name)
	assert_no_unsubscribe(queued_about("Universal Referral", name), "the acknowledgement")
	assert act(client(people.bso, PASSWORD), name, "Check").status_code == 200
	accepted = client(people.manager, PASSWORD).put(
		f"/api/resource/Universal Referral/{name}",
		json={"workflow_state": "Accepted", "decision": "Assessment"},
	)
	assert accepted.status_code == 200, accepted.text[:300]
	send_queued_notifications(name)
	rows = queued_about("Universal Referral", name)
	assert len(rows) >= 2, "the outcome was not queued"
	assert_no_unsubscribe(rows, "the outcome")


def test_distributed_minutes_carry_no_unsubscribe_link(client, people):
	minutes = approved_minutes(people.group).name
	frappe.db.commit()
	lead = client(people.group.lead, PASSWORD)
	response = lead.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={
			"doc": frappe.as_json({"doctype": "Core Group Minutes", "name": minutes}),
			"action": "Distribute",
		},
	)
	assert response.status_code == 200, response.text[:300]
	assert_no_unsubscribe(queued_about("Core Group Minutes", minutes), "the minutes")


def test_a_shared_resource_carries_no_unsubscribe_link(client, people):
	sharer = client(people.social_worker, PASSWORD)
	response = sharer.post(
		"/api/method/smallchanges.resources.api.share",
		data={"resource": people.guide.name, "recipients": f"{people.partner}, {people.manager}"},
	)
	assert response.status_code == 200, response.text[:300]
	assert_no_unsubscribe(queued_about("Resource", people.guide.name), "the share")


def test_a_reminder_carries_no_unsubscribe_link(people):
	"""The daily action reminder, run as the scheduler runs it (and rolled back)."""
	frappe.set_user("Administrator")
	group = CoreGroup(outcomes=1)
	minutes = approved_minutes(group)  # with an action for the health member
	action = next(row for row in minutes.actions if row.owner_user == group.health)
	frappe.db.set_value("Core Group Action", action.name, "due_date", nowdate())
	frappe.db.delete("Daily Job Run", {"job": "remind_action_owners"})
	remind_action_owners()
	queued = frappe.get_all("Email Queue Recipient", filters={"recipient": group.health}, pluck="parent")
	rows = frappe.get_all(
		"Email Queue",
		filters={"name": ["in", queued or [""]]},
		fields=["name", "add_unsubscribe_link", "unsubscribe_method", "message"],
	)
	frappe.db.rollback()
	assert_no_unsubscribe(rows, "the reminder")
