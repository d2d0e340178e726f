"""Fixtures shared by every layer.

Unit tests never touch Frappe. Integration and end-to-end tests ask for `site`, which connects
to the throwaway site that ./scripts/test created (SMALLCHANGES_BENCH, SMALLCHANGES_TEST_SITE).
"""

import os

import pytest


def pytest_collection_modifyitems(items):
	"""Tests marked `last` run after the rest, in their own order: the co-install test waits for
	the ERPNext site made in the background, and Frappe's own test modules leave their records."""
	items.sort(key=lambda item: item.get_closest_marker("last") is not None)


def site_location() -> tuple[str, str]:
	bench, site = os.environ.get("SMALLCHANGES_BENCH"), os.environ.get("SMALLCHANGES_TEST_SITE")
	if not (bench and site):
		pytest.fail(
			"No test site: run the suite with ./scripts/test, which creates one "
			"(or set SMALLCHANGES_BENCH and SMALLCHANGES_TEST_SITE)",
			pytrace=False,
		)
	return bench, site


@pytest.fixture(scope="session")
def site() -> str:
	import frappe

	bench, name = site_location()
	sites_path = os.path.join(bench, "sites")
	# Frappe reads some paths relative to the sites folder, as under `bench run-tests`.
	os.chdir(sites_path)
	frappe.init(site=name, sites_path=sites_path)
	frappe.connect()
	frappe.flags.in_test = True
	yield name
	frappe.db.rollback()
	frappe.destroy()
