"""The scheduler's daily jobs do their work once a day, however often they run."""

import frappe
from frappe.utils import add_days, nowdate

from smallchanges.governance.tasks import expire_delegations
from smallchanges.referrals.tasks import notify_overdue_referrals
from smallchanges.scheduling import first_run_today
from tests.factories import make_user
from tests.governance_factories import approved_delegation, today
from tests.referral_factories import MANAGER_ROLE, digests_about, make_partner, make_referral, make_service


def test_a_job_is_claimed_once_a_day():
	job = frappe.generate_hash(length=10)
	assert first_run_today(job)
	assert not first_run_today(job)
	assert first_run_today(job, add_days(nowdate(), 1))  # tomorrow is a new day


def test_the_overdue_digest_is_sent_once_when_the_job_runs_twice():
	manager = make_user(MANAGER_ROLE)
	partner, _agency = make_partner()
	late = make_referral(partner, submit=True, service=make_service())
	frappe.db.set_value("Universal Referral", late.name, "decision_due", add_days(nowdate(), -3))
	frappe.set_user("Administrator")

	notify_overdue_referrals()
	notify_overdue_referrals()

	assert len(digests_about(late.name)) == 1
	assert frappe.db.count("Notification Log", {"for_user": manager, "subject": ("like", "%overdue%")}) == 1


def test_a_failed_digest_run_leaves_the_day_to_the_next_run():
	partner, _agency = make_partner()
	make_user(MANAGER_ROLE)
	late = make_referral(partner, submit=True, service=make_service())
	frappe.db.set_value("Universal Referral", late.name, "decision_due", add_days(nowdate(), -3))
	frappe.set_user("Administrator")
	frappe.db.savepoint("before_digest")
	notify_overdue_referrals()
	frappe.db.rollback(save_point="before_digest")  # the run failed after claiming the day

	notify_overdue_referrals()
	assert len(digests_about(late.name)) == 1


def test_expiring_delegations_twice_expires_each_once():
	manager = make_user(MANAGER_ROLE)
	director = make_user("Director")
	ended = approved_delegation(manager, director, users=[make_user("Business Support Officer")])
	frappe.db.set_value("Delegation", ended.name, "valid_until", add_days(today(), -1))
	frappe.set_user("Administrator")

	assert ended.name in expire_delegations()
	assert ended.name not in expire_delegations()
	assert frappe.db.get_value("Delegation", ended.name, "workflow_state") == "Expired"
