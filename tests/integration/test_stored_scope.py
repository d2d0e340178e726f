"""A stored row's scope is read once per save, and read again after any write of the transaction."""

import frappe

from benchmarks.report import questions
from smallchanges.access.referrals import stored_referral_in_scope
from smallchanges.access.scope import scope_of
from tests.referral_factories import make_agency, make_partner, make_referral


def _queries(call) -> tuple[object, int]:
	before = questions()
	out = call()
	return out, questions() - before - 1  # the second SHOW counts itself


def test_the_same_question_twice_reads_the_row_once():
	partner, _agency = make_partner()
	referral = make_referral(partner)
	scope = scope_of(partner)
	first, reads = _queries(lambda: stored_referral_in_scope(referral.name, scope))
	assert first is not None and reads == 1
	again, reads = _queries(lambda: stored_referral_in_scope(referral.name, scope))
	assert again == first and reads == 0


def test_a_write_in_between_is_seen_at_once():
	partner, _agency = make_partner()
	referral = make_referral(partner)
	scope = scope_of(partner)
	assert stored_referral_in_scope(referral.name, scope) is not None
	frappe.db.set_value(
		"Universal Referral", referral.name, "referrer_agency", make_agency(), update_modified=False
	)
	assert stored_referral_in_scope(referral.name, scope) is None


def test_a_rollback_forgets_the_answer():
	partner, _agency = make_partner()
	referral = make_referral(partner)
	scope = scope_of(partner)
	frappe.db.savepoint("before_the_move")
	frappe.db.set_value(
		"Universal Referral", referral.name, "referrer_agency", make_agency(), update_modified=False
	)
	assert stored_referral_in_scope(referral.name, scope) is None
	frappe.db.rollback(save_point="before_the_move")
	assert stored_referral_in_scope(referral.name, scope) is not None


def test_an_answer_is_a_copy():
	partner, _agency = make_partner()
	referral = make_referral(partner)
	scope = scope_of(partner)
	stored_referral_in_scope(referral.name, scope).workflow_state = "Changed by a caller"
	assert stored_referral_in_scope(referral.name, scope).workflow_state != "Changed by a caller"


def test_a_long_transaction_keeps_only_so_many_answers():
	from smallchanges.access import scope as scope_module

	partner, _agency = make_partner()
	referral = make_referral(partner)
	scope = scope_of(partner)
	for number in range(scope_module._MOST_KEPT + 10):
		stored_referral_in_scope(f"UR-NONE-{number}", scope)
	kept = frappe.db.value_cache[scope_module._STORED_IN_SCOPE]
	assert len(kept) <= scope_module._MOST_KEPT
	assert stored_referral_in_scope(referral.name, scope) is not None
