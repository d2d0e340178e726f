"""Two workers running the same daily job at the same moment (separate database connections, data
committed as the scheduler would see it): the work is done once and nothing fails."""

import os
import threading

import frappe
import pytest
from frappe.utils import add_days, nowdate

from smallchanges.governance.tasks import expire_delegations
from smallchanges.referrals.tasks import notify_overdue_referrals
from tests.conftest import site_location
from tests.factories import make_user
from tests.governance_factories import approved_delegation, today
from tests.referral_factories import MANAGER_ROLE, digests_about, make_partner, make_referral, make_service


def run_at_once(job, workers: int = 2) -> list:
	"""Run `job` in `workers` threads, each with its own connection, started together; each commits."""
	bench, site = site_location()
	sites_path = os.path.join(bench, "sites")
	start = threading.Barrier(workers)
	results, errors = [], []

	def worker():
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		frappe.flags.in_test = True  # as in the rest of the suite: desk notifications are made at once
		try:
			frappe.set_user("Administrator")
			start.wait(timeout=30)
			results.append(job())
			frappe.db.commit()
		except Exception as e:
			frappe.db.rollback()
			errors.append(e)
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=worker) for _ in range(workers)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=120)
	assert not errors, errors
	return results


@pytest.fixture
def fresh_day(committed):
	"""Today's claims of the daily jobs are removed before and after (other tests run them too)."""

	def clear():
		frappe.db.delete("Daily Job Run", {"run_on": nowdate()})
		committed()

	clear()
	yield
	clear()


def test_two_workers_send_one_overdue_digest(committed, fresh_day):
	manager = make_user(MANAGER_ROLE)
	partner, _agency = make_partner()
	late = make_referral(partner, submit=True, service=make_service())
	frappe.db.set_value("Universal Referral", late.name, "decision_due", add_days(nowdate(), -3))
	frappe.set_user("Administrator")
	committed()

	run_at_once(notify_overdue_referrals)

	frappe.db.rollback()  # a fresh snapshot: see what the workers committed
	assert len(digests_about(late.name)) == 1
	assert frappe.db.count("Notification Log", {"for_user": manager, "subject": ("like", "%overdue%")}) == 1


def test_two_workers_expire_a_delegation_once_without_errors(committed):
	manager, director = make_user(MANAGER_ROLE), make_user("Director")
	ended = approved_delegation(manager, director, users=[make_user("Business Support Officer")])
	frappe.db.set_value("Delegation", ended.name, "valid_until", add_days(today(), -1))
	frappe.set_user("Administrator")
	committed()

	results = run_at_once(expire_delegations)

	frappe.db.rollback()
	assert sum(result.count(ended.name) for result in results) == 1
	assert frappe.db.get_value("Delegation", ended.name, "workflow_state") == "Expired"
	assert not frappe.db.exists("Error Log", {"reference_name": ended.name})
