"""Frappe's own test modules pass on a site with this app installed: its API, permission, query,
workflow and web form tests, run with `bench run-tests --module` (CI=1, so a failure exits
non-zero) on the test site, while ./scripts/up's serving part serves it at the site's host_name
(Frappe's PDF test has wkhtmltopdf fetch the page's styles from there). Run last: those modules
leave their `_Test` records on the site."""

import os
import subprocess

import frappe
import pytest
from frappe.installer import update_site_config

from tests.conftest import site_location
from tests.serving import serving

pytestmark = pytest.mark.last

MODULES = (
	"frappe.tests.test_api",
	"frappe.tests.test_permissions",
	"frappe.tests.test_db_query",
	"frappe.workflow.doctype.workflow.test_workflow",
	"frappe.website.doctype.web_form.test_web_form",
)


@pytest.mark.parametrize("module", MODULES)
def test_frappe_own_test_module_passes_on_a_site_with_the_app(site, module):
	bench, name = site_location()
	host_name = frappe.conf.get("host_name")
	# Frappe's tests expect Frappe's default for tracebacks (on: System Managers see them); the app
	# turns it off at install, an administrator's choice either way.
	tracebacks = frappe.db.get_single_value("System Settings", "allow_error_traceback")
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)
	frappe.db.commit()
	with serving(bench, name, os.path.join(bench, "logs", "e2e-frappe-tests")) as (url, _process):
		update_site_config("host_name", url)
		try:
			run = subprocess.run(
				["bench", "--site", name, "run-tests", "--module", module],
				cwd=bench,
				env={**os.environ, "CI": "1"},
				capture_output=True,
				text=True,
				timeout=1800,
			)
		finally:
			update_site_config("host_name", host_name or "None")
			frappe.db.set_single_value("System Settings", "allow_error_traceback", tracebacks)
			frappe.db.commit()
	assert run.returncode == 0, (
		f"{module} failed on a site with the app:\n{(run.stdout + run.stderr)[-6000:]}"
	)
