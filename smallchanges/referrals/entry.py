"""What a referral's save judges: the referral as the rules see it, and what the rules find in it.

One place for the Send (the controller's `check_entry`) and for the web form's check of one page
before Next (`smallchanges.referrals.checks`), so the two cannot disagree. The rules themselves are
in `smallchanges.rules.referral` (the whole referral) and `smallchanges.rules.referral_form` (its
cards); this side turns the document into their plain values, and adds the form's required
questions the rules do not cover.
"""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from smallchanges.access.gate import REFERRAL_WEB_FORM
from smallchanges.access.scope import scope_of
from smallchanges.roles import TEAM_MANAGER
from smallchanges.rules import referral as referral_rules
from smallchanges.rules import referral_form as form_rules
from smallchanges.rules.field_values import empty as field_values_empty
from smallchanges.rules.problems import Problem

# The form's required questions the rules judge themselves (`missing_mandatory` leaves them out).
COVERED_BY_THE_RULES = {"level_of_need", "referrer_name", "children", "family_informed", "consent_basis"}


def problems(doc) -> list[Problem]:
	"""Everything the rules find in the referral `doc` as it is now: what the Send refuses, and what
	the web form checks page by page before Next, from one place."""
	return referral_rules.check_referral(
		entry_of(doc),
		today=getdate(doc.received_at) if doc.received_at else getdate(nowdate()),
		may_dispense=TEAM_MANAGER in frappe.get_roles(),
		dispensation_recorded=dispensation_stored(doc),
	) + form_rules.check_cards(cards_of(doc))


def dispensation_stored(doc) -> bool:
	"""Whether the stored referral already records a Team Manager's dispensation of consent."""
	before = doc.get_doc_before_save()
	return bool(before and before.consent_basis == referral_rules.DISPENSED and before.dispensed_by)


def entry_of(doc) -> referral_rules.ReferralEntry:
	return referral_rules.ReferralEntry(
		level_of_need=doc.level_of_need,
		children=tuple(
			referral_rules.ChildEntry(
				row=row.idx,
				first_name=row.first_name,
				last_name=row.last_name,
				date_of_birth=getdate(row.date_of_birth) if row.date_of_birth else None,
				expected_date=getdate(row.expected_date_of_delivery)
				if row.expected_date_of_delivery
				else None,
			)
			for row in doc.get("children") or []
		),
		service_count=len([row for row in doc.get("services") or [] if row.service]),
		not_sure_which_service=bool(doc.not_sure_which_service),
		referrer_name=doc.referrer_name,
		referrer_email=doc.referrer_email,
		referrer_phone=doc.referrer_phone,
		family_informed=doc.family_informed,
		reason_not_informed=doc.reason_not_informed,
		consent_basis=doc.consent_basis,
		consent_to_share=doc.consent_to_share,
		consent_given_by=doc.consent_given_by,
		consent_covers=doc.consent_covers,
		dispensation_reason=doc.dispensation_reason,
	)


def cards_of(doc) -> list[form_rules.Card]:
	"""Each card of the form's tables, with its required questions left empty (Frappe's own check
	would name them "Row #1: Value missing for")."""
	cards = []
	for table in form_rules.CARD_NOUNS:
		df = doc.meta.get_field(table)
		if not df:
			continue
		required = [f for f in frappe.get_meta(df.options).fields if f.reqd]
		for number, row in enumerate(doc.get(table) or [], start=1):
			unanswered = tuple(_(f.label) for f in required if field_values_empty(row.get(f.fieldname)))
			if unanswered:
				cards.append(form_rules.Card(table, number, unanswered))
	return cards


def missing_mandatory(doc) -> list[Problem]:
	"""Questions the form requires that the rules do not cover (the concerns, the urgency)."""
	return [
		Problem(df.fieldname, _("Answer '{0}'."), (_(_label_for_the_user(df)),), missing=True)
		for df in doc.meta.get("fields", {"reqd": 1})
		if df.fieldname not in COVERED_BY_THE_RULES and not doc.get(df.fieldname)
	]


def _label_for_the_user(df) -> str:
	"""The question as the person sees it: the web form's own words for a partner ("Your
	concerns"), the desk's for staff ("Concerns")."""
	if scope_of().staff:
		return df.label
	form = frappe.get_cached_doc("Web Form", REFERRAL_WEB_FORM)
	return next((f.label for f in form.web_form_fields if f.fieldname == df.fieldname and f.label), df.label)
