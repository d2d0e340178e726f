"""Co-installed with ERPNext v15 on one site: an ERPNext customer's portal (/orders and its list
data) and Guest's Contact us work as they do without this app, and the app's partners stay
isolated. The site (ERPNext, its setup wizard, then this app) is made by ./scripts/test in the
background from ERPNEXT_REPO / ERPNEXT_BRANCH; the test skips only when that source is unreadable."""

import json
import os
import subprocess
import sys

import pytest
import requests

from tests.conftest import site_location
from tests.factories import PASSWORD
from tests.serving import ROOT, background_site, serving

pytestmark = pytest.mark.last

REFERRAL = "Universal Referral"


@pytest.fixture(scope="module")
def erpnext(site):
	bench, _ = site_location()
	name = background_site("SMALLCHANGES_ERPNEXT_SITE", "SMALLCHANGES_ERPNEXT_STATUS")
	sites = os.path.join(bench, "sites")
	made = subprocess.run(
		[sys.executable, str(ROOT / "tests" / "e2e" / "erpnext_world.py"), sites, name],
		cwd=sites,
		capture_output=True,
		text=True,
	)
	assert made.returncode == 0, made.stderr[-4000:]
	world = json.loads(made.stdout.strip().splitlines()[-1])
	with serving(bench, name, os.path.join(bench, "logs", "e2e-erpnext")) as (url, _process):
		yield url, world


def _session(url: str, user: str | None = None) -> requests.Session:
	session = requests.Session()
	session.headers["Accept"] = "application/json"
	if user:
		login = session.post(f"{url}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=60)
		assert login.status_code == 200, login.text
	return session


def test_an_erpnext_customer_sees_their_orders_on_the_portal(erpnext):
	url, world = erpnext
	customer = _session(url, world["customer_user"])
	page = customer.get(f"{url}/orders", headers={"Accept": "text/html"}, timeout=60)
	assert page.status_code == 200, page.text[:2000]
	data = customer.post(
		f"{url}/api/method/frappe.www.list.get_list_data", data={"doctype": "Sales Order"}, timeout=60
	)
	assert data.status_code == 200, data.text[:2000]
	assert world["sales_order"] in data.text
	# and reaches none of the app's records
	for path in (f"/api/resource/{REFERRAL}", f"/api/resource/{REFERRAL}/{world['ra']}"):
		answer = customer.get(f"{url}{path}", timeout=60)
		assert answer.status_code in (401, 403), (path, answer.status_code, answer.text[:500])
		assert world["a_child"] not in answer.text and world["b_concerns"] not in answer.text


def test_guest_sends_the_contact_us_form(erpnext):
	url, _world = erpnext
	sent = _session(url).post(
		f"{url}/api/method/frappe.www.contact.send_message",
		data={"subject": "Opening hours", "sender": "visitor@example.test", "message": "When are you open?"},
		timeout=60,
	)
	assert sent.status_code == 200, sent.text[:2000]


def test_a_partner_still_sees_only_their_own_agency(erpnext):
	url, world = erpnext
	partner = _session(url, world["a"])
	listed = partner.post(
		f"{url}/api/method/frappe.www.list.get_list_data",
		data={"doctype": REFERRAL, "web_form_name": "universal-referral"},
		timeout=60,
	)
	assert listed.status_code == 200, listed.text[:2000]
	assert world["ra"] in listed.text and world["rb"] not in listed.text
	for path in (
		f"/api/resource/{REFERRAL}/{world['rb']}",
		"/api/resource/Sales Order",
		f"/api/method/frappe.client.get?doctype={REFERRAL}&name={world['rb']}",
	):
		answer = partner.get(f"{url}{path}", timeout=60)
		assert answer.status_code == 403, (path, answer.status_code, answer.text[:500])
		assert world["b_concerns"] not in answer.text and world["sales_order"] not in answer.text
