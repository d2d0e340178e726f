import frappe
import pytest


@pytest.fixture(autouse=True)
def rollback(site):
	"""Every integration test starts as Administrator and leaves nothing behind."""
	frappe.set_user("Administrator")
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.message_log = []
	# what a request would have cached is gone with the rolled-back data
	if getattr(frappe.local, "request_cache", None):
		frappe.local.request_cache.clear()
