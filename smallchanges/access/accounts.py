"""'Forgot password' that cannot be used to learn who has an account.

Frappe's `reset_password` answers 404 "not found" for an unknown address, "disabled" for a disabled
account, "not allowed" for Administrator and a message for a real account: anyone could learn from
it which addresses have an account here (for this app: who works with a council's children). The
app replaces it (`override_whitelisted_methods`), which Frappe applies to the whole site, so the
replacement changes nothing but the answer: Frappe's own function still runs, with its rate limit
per client address, the reset key and the e-mail to a real, enabled user (and nothing for the
others); then every address gets the same reply, 200 with one message.
"""

import frappe
from frappe import _
from frappe.core.doctype.user import user as frappe_user


# allow_guest as in Frappe's own reset_password, which this replaces for EVERY user of the site: it
# is what "Forgot password" on the login page calls before anyone is logged in.
@frappe.whitelist(allow_guest=True, methods=["POST"])
def reset_password(user: str) -> None:
	try:
		frappe_user.reset_password(user)
	except frappe.OutgoingEmailError:
		# The mail to a real user could not be sent (no outgoing account): the site's problem, logged
		# for its administrator; telling the caller would tell them the address is real.
		frappe.log_error(title=_("Password reset e-mail not sent"))
	frappe.clear_messages()
	frappe.local.response.pop("http_status_code", None)
	frappe.msgprint(
		_(
			"If this address belongs to an account here, we have e-mailed it a link to set a new "
			"password. Nothing arrived? Check the address, or ask the council's support team."
		),
		title=_("Password reset"),
	)
