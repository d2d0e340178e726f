"""'Forgot password' answers the same for every address, so it cannot tell anyone which addresses
have an account (or a disabled one); a real user still gets the reset e-mail, as with Frappe.

Issue 19's "Account enumeration", over HTTP as Guest against the live server."""

import frappe
import pytest

from smallchanges import roles
from tests.factories import make_user, unique

RESET = "/api/method/frappe.core.doctype.user.user.reset_password"


@pytest.fixture(scope="module")
def accounts(site):
	frappe.set_user("Administrator")
	real = make_user(roles.PARTNER_PRACTITIONER)
	disabled = make_user(roles.PARTNER_PRACTITIONER, enabled=0)
	frappe.db.commit()
	return frappe._dict(real=real, disabled=disabled, unknown=f"{unique('nobody')}@example.test")


def _answer(session, user: str):
	frappe.cache.delete_keys("rl:")  # Frappe allows a few resets an hour from one address (the same for all)
	response = session.post(RESET, data={"user": user})
	body = response.json()
	body.pop("exc_type", None)
	return response.status_code, body


def _reset_mails(user: str) -> int:
	frappe.db.rollback()  # see what the server committed
	return frappe.db.count("Email Queue Recipient", {"recipient": user})


def test_every_address_gets_the_same_answer_and_a_real_user_the_mail(client, accounts):
	guest = client()
	mails_before = _reset_mails(accounts.real)
	answers = {kind: _answer(guest, accounts[kind]) for kind in ("real", "disabled", "unknown")}
	answers["Administrator"] = _answer(guest, "Administrator")
	assert len({repr(answer) for answer in answers.values()}) == 1, answers
	status, body = answers["real"]
	assert status == 200 and "message" not in body
	assert "if" in frappe.parse_json(frappe.parse_json(body["_server_messages"])[0])["message"].lower()
	assert _reset_mails(accounts.real) == mails_before + 1  # Frappe's reset mail, as before
	assert _reset_mails(accounts.disabled) == 0
	frappe.db.rollback()
	assert frappe.db.get_value("User", accounts.real, "reset_password_key")  # the link works as before
	assert not frappe.db.get_value("User", accounts.disabled, "reset_password_key")


def test_the_login_page_says_the_same_for_every_address(page, accounts):
	"""What the login page shows after "Reset Password" (it writes the answer on the button)."""
	shown = []
	for user in (accounts.real, accounts.unknown):
		page.goto("about:blank")  # a fresh login page each time
		page.goto("/login#forgot")
		page.fill("#forgot_email", user)
		page.click(".btn-forgot")
		page.wait_for_function(
			"() => !['Reset Password', 'Verifying...'].includes("
			"document.querySelector('.btn-forgot').innerText.trim())"
		)
		shown.append(page.locator(".btn-forgot").inner_text().strip())
	assert shown[0] == shown[1] == "Instructions Emailed", shown
