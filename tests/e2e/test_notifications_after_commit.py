"""A partner's Send over HTTP queues its Notifications as background jobs that run after the save
commits: the request builds no e-mail, and the job, once run, queues the same e-mail and alerts
Frappe's own Notification would have."""

import frappe
import pytest

from tests.e2e.conftest import (
	DOC_METHOD_JOB,
	NOTIFICATION_JOB,
	act,
	queued_jobs,
	run_jobs,
	web_form_referral,
)
from tests.factories import make_user
from tests.referral_factories import make_partner, make_service


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	partner, _agency = make_partner()
	people = frappe._dict(
		partner=partner,
		bso=make_user("Business Support Officer"),
		manager=make_user("Team Manager"),
		lead=f"{frappe.generate_hash(length=10)}@council.example.test",
		service=make_service(),
	)
	people.lead_service = make_service(lead_email=people.lead)
	frappe.db.commit()
	return people


ALERTS_JOB = "frappe.desk.doctype.notification_log.notification_log.make_notification_logs"


def _sent(name: str) -> tuple[int, int]:
	frappe.db.rollback()  # see what the server committed
	return (
		frappe.db.count("Email Queue", {"reference_doctype": "Universal Referral", "reference_name": name}),
		frappe.db.count("Notification Log", {"document_type": "Universal Referral", "document_name": name}),
	)


def test_send_queues_notification_jobs_and_each_job_sends_one(client, people):
	partner = client(people.partner)
	saved = web_form_referral(partner, service=people.service)
	assert saved.status_code == 200, saved.text[:300]
	name = saved.json()["message"]["name"]
	assert not queued_jobs("short", NOTIFICATION_JOB, name)  # a draft: nothing is due
	sent = act(partner, name, "Submit")
	assert sent.status_code == 200, sent.text[:300]

	jobs = queued_jobs("short", NOTIFICATION_JOB, name)
	due = sorted(job.kwargs["kwargs"]["notification"] for job in jobs)
	assert due == ["Referral received", "Referral submitted for triage"]
	assert all(job.kwargs["user"] == people.partner for job in jobs)  # run as the sender
	assert _sent(name) == (0, 0)  # the request itself built and queued nothing

	run_jobs(jobs)
	emails, _alerts = _sent(name)
	assert emails == 1  # the referrer's acknowledgement
	run_jobs(queued_jobs("default", ALERTS_JOB, name))  # Frappe queues its own alerts to users the same way
	assert frappe.db.exists("Notification Log", {"document_name": name, "for_user": people.bso})


def _emails_to(address: str, name: str) -> int:
	frappe.db.rollback()  # see what the server committed
	queue, recipient = frappe.qb.DocType("Email Queue"), frappe.qb.DocType("Email Queue Recipient")
	return len(
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.name)
		.where((queue.reference_name == name) & (recipient.recipient == address))
		.run()
	)


def test_accepting_queues_the_service_leads_email_as_a_job_after_commit(client, people):
	partner = client(people.partner)
	saved = web_form_referral(partner, service=people.lead_service)
	assert saved.status_code == 200, saved.text[:300]
	name = saved.json()["message"]["name"]
	assert act(partner, name, "Submit").status_code == 200
	assert act(client(people.bso), name, "Check").status_code == 200
	manager = client(people.manager)
	decided = manager.put(
		f"/api/resource/Universal Referral/{name}",
		json={"decision": "Assessment", "decision_reason": "A social work assessment is needed."},
	)
	assert decided.status_code == 200, decided.text[:300]
	assert act(manager, name, "Accept").status_code == 200

	jobs = queued_jobs("short", DOC_METHOD_JOB, name)
	assert [job.kwargs["kwargs"]["doc_method"] for job in jobs] == ["send_to_service_leads"]
	assert jobs[0].kwargs["user"] == people.manager
	assert _emails_to(people.lead, name) == 0  # the Accept itself built no e-mail

	run_jobs(jobs)
	assert _emails_to(people.lead, name) == 1
