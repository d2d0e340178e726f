"""The referral web form checks each page before Next with the server's own rules.

One definition: the page's answers are judged by the same `referrals.entry.problems` the Send
refuses with (smallchanges.rules.referral), on the values as the form's declared shape takes them
(access/web_form_writes.py), so the page and the Send cannot disagree. Nothing is saved: the
document is built in memory and never inserted.
"""

import json

import frappe
from frappe import _

from smallchanges.access.gate import REFERRAL, REFERRAL_WEB_FORM
from smallchanges.access.web_form_writes import checked_data
from smallchanges.problems import problem_message
from smallchanges.referrals import entry
from smallchanges.rules import referral_form as form_rules


@frappe.whitelist(methods=["POST"])
def check_page(data: str, fields: str | list) -> list[dict]:
	"""The problems with the answers on one page of the referral form: [{field, message}], where
	`field` is the question (or the table of cards) the message is shown on."""
	if not frappe.has_permission(REFERRAL, "create"):
		frappe.throw(_("You cannot send referrals from this account."), frappe.PermissionError)
	page_fields = frappe.parse_json(fields) if isinstance(fields, str) else fields
	if not isinstance(page_fields, list) or not all(isinstance(f, str) for f in page_fields):
		frappe.throw(_("The page's questions must be a list of names."), frappe.ValidationError)
	# The shape check refuses what the Save would refuse (types, rows of another document, links),
	# and a name that is not the user's own draft, with the same answers.
	values = json.loads(checked_data(REFERRAL_WEB_FORM, data))
	values.pop("name", None)  # judged as given on the page, never loaded or saved
	doc = frappe.get_doc(values)
	for table in form_rules.CARD_NOUNS:
		for number, row in enumerate(doc.get(table) or [], start=1):
			row.idx = number
	problems = form_rules.on_page(entry.problems(doc) + entry.missing_mandatory(doc), page_fields)
	return [
		{"field": form_rules.ROW_FIELDS_OF.get(p.field, p.field), "message": problem_message(p)}
		for p in problems
	]
