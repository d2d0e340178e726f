"""Save for later and reference numbers on a real site (rolled back after each test)."""

from datetime import date, timedelta

import frappe
import pytest
from frappe.model.naming import NamingSeries
from frappe.model.workflow import apply_workflow

from smallchanges.patches.v0_2 import own_series_per_doctype
from smallchanges.referrals.doctype.universal_referral.universal_referral import ReferralValidationError
from smallchanges.rules import referral as referral_rules
from smallchanges.rules.numbering import SERIES
from tests.factories import make_user
from tests.governance_factories import request_delegation
from tests.referral_factories import make_partner, make_referral

YEAR = date.today().year


@pytest.fixture
def partner():
	user, _agency = make_partner()
	return user


def kept_for_later(partner: str, **values):
	frappe.set_user(partner)
	doc = frappe.get_doc(
		{"doctype": "Universal Referral", "saved_for_later": 1, "referrer_name": "Robin Test", **values}
	).insert()
	frappe.set_user("Administrator")
	return doc


# ---- save for later ---------------------------------------------------------------------------------
def test_a_draft_kept_for_later_may_lack_answers_and_says_what_is_missing(partner):
	doc = kept_for_later(partner, children=[{"first_name": "Leo"}])
	assert doc.workflow_state == referral_rules.DRAFT
	missing = doc.missing_information
	assert "Choose the level of need" in missing
	assert "Leo: give the date of birth" in missing
	assert "answer 'your concerns'" in missing.lower()
	assert "Give your name" not in missing  # given


def test_a_draft_kept_for_later_still_refuses_what_is_wrong(partner):
	tomorrow = str(date.today() + timedelta(days=1))
	with pytest.raises(ReferralValidationError, match="Leo Walsh: the date of birth cannot be in the future"):
		kept_for_later(
			partner, children=[{"first_name": "Leo", "last_name": "Walsh", "date_of_birth": tomorrow}]
		)


def test_send_checks_everything_again(partner):
	doc = kept_for_later(partner, children=[{"first_name": "Leo"}])
	frappe.set_user(partner)
	with pytest.raises(ReferralValidationError, match="Choose the level of need"):
		apply_workflow(frappe.get_doc("Universal Referral", doc.name), "Submit")
	frappe.db.rollback()


def test_a_completed_draft_is_sent_and_forgets_it_was_kept(partner):
	doc = make_referral(partner, saved_for_later=1)
	assert doc.missing_information is None  # nothing is missing
	frappe.set_user(partner)
	sent = apply_workflow(frappe.get_doc("Universal Referral", doc.name), "Submit")
	assert sent.workflow_state == referral_rules.SUBMITTED
	assert not sent.saved_for_later and not sent.missing_information


def test_without_save_for_later_an_incomplete_referral_is_refused_as_before(partner):
	frappe.set_user(partner)
	with pytest.raises((ReferralValidationError, frappe.MandatoryError)):
		frappe.get_doc({"doctype": "Universal Referral", "referrer_name": "Robin Test"}).insert()


# ---- reference numbers ------------------------------------------------------------------------------
def test_each_doctype_numbers_from_its_own_series(partner):
	referral = make_referral(partner)
	child = frappe.get_doc({"doctype": "Child", "first_name": "Kai", "date_of_birth": "2019-01-01"}).insert()
	delegation = request_delegation(make_user("Business Support Officer"), users=[make_user("Social Worker")])
	assert referral.name.startswith(f"UR-{YEAR}-") and len(referral.name) == len(f"UR-{YEAR}-00001")
	assert child.name.startswith("CH-") and len(child.name) == len("CH-00001")
	assert delegation.name.startswith(f"DEL-{YEAR}-")
	# consecutive within a series, whatever the other DocTypes do in between
	frappe.get_doc({"doctype": "Child", "first_name": "Ola", "date_of_birth": "2018-01-01"}).insert()
	following = make_referral(partner)
	assert int(following.name.rsplit("-", 1)[1]) == int(referral.name.rsplit("-", 1)[1]) + 1


def test_every_numbered_doctype_is_named_by_its_own_series():
	for doctype, series in SERIES.items():
		assert frappe.get_meta(doctype).autoname == series, doctype


def test_the_newer_doctypes_number_from_their_own_series_too(partner):
	from tests.visits_factories import make_social_worker, make_visit

	worker = make_social_worker()
	first = make_visit(worker)  # a Child is made in between, from its own series
	second = make_visit(worker)
	assert first.name.startswith(f"VIS-{YEAR}-") and len(first.name) == len(f"VIS-{YEAR}-00001")
	assert int(second.name.rsplit("-", 1)[1]) == int(first.name.rsplit("-", 1)[1]) + 1


def test_the_patch_continues_each_series_from_the_highest_existing_name(partner):
	referral = make_referral(partner)
	high = f"UR-{YEAR}-{int(referral.name.rsplit('-', 1)[1]) + 468:05d}"
	frappe.rename_doc("Universal Referral", referral.name, high, force=True)
	child = frappe.get_doc({"doctype": "Child", "first_name": "Kai", "date_of_birth": "2019-01-01"}).insert()
	high_child = f"CH-{int(child.name.rsplit('-', 1)[1]) + 300:05d}"
	frappe.rename_doc("Child", child.name, high_child, force=True)

	own_series_per_doctype.execute()
	own_series_per_doctype.execute()  # twice: nothing changes the second time

	assert NamingSeries(f"UR-{YEAR}-.#####").get_current_value() == int(high.rsplit("-", 1)[1])
	assert make_referral(partner).name == f"UR-{YEAR}-{int(high.rsplit('-', 1)[1]) + 1:05d}"
	following = frappe.get_doc(
		{"doctype": "Child", "first_name": "Ola", "date_of_birth": "2018-01-01"}
	).insert()
	assert following.name == f"CH-{int(high_child.rsplit('-', 1)[1]) + 1:05d}"
	assert frappe.db.exists("Universal Referral", high)  # existing names stay
