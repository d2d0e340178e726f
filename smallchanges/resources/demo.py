"""Resource library demo data for ./scripts/up (fictional contents; the users come from
smallchanges.demo): the minute-taking guide and template, the referral guidance shown on the
Universal Referral forms, visit recording guidance, a few forms, a guide with a superseded
version, and one resource overdue for review. Drafted by a social worker, approved by the
Principal Social Worker through the real workflow."""

import datetime

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, nowdate

from smallchanges.resources import samples
from smallchanges.resources.zip_import import category_for
from smallchanges.rules import resources as resource_rules

AUTHOR = "sam.social@demo.smallchanges.test"
PSW = "priya.psw@demo.smallchanges.test"
REFERRAL_GUIDANCE = "How to make a good referral"

# (title, kind, topic, folders, audience, supports DocType, file name, lines, tags)
LIBRARY = (
	(
		"Core group minute-taking guide",
		"Guide",
		"Core groups",
		["Core groups"],
		resource_rules.STAFF_AND_PARTNERS,
		"Core Group Minutes",
		"minute-taking-guide.pdf",
		[
			"Core group minute-taking guide",
			"Any member of the core group may take the minutes, from any agency.",
			"Record who attended, apologies and reports sent.",
			"Write the child's views in their own words and say how they were gathered.",
			"Rate progress on each plan outcome red, amber or green.",
			"Every action has an owner and a due date.",
		],
		"minutes, core group, template",
	),
	(
		"Core group minutes template",
		"Template",
		"Core groups",
		["Core groups"],
		resource_rules.STAFF_AND_PARTNERS,
		"Core Group Minutes",
		"core-group-minutes-template.docx",
		[
			"Core group minutes",
			"Attendance | Child's views | Parents' views | Agency updates",
			"Progress per outcome (RAG) | Actions: action, owner, due date",
		],
		"minutes, core group",
	),
	(
		REFERRAL_GUIDANCE,
		"Guide",
		"Referrals",
		["Referrals"],
		resource_rules.STAFF_AND_PARTNERS,
		"Universal Referral",
		"referral-guidance.pdf",
		[
			"How to make a good referral to children's social care",
			"Say which child each concern is about, with dates of key events.",
			"Tell the family you are referring unless that would put a child at risk.",
			"Record consent to share, or why it is not needed.",
			"If a child is in immediate danger, call the police on 999.",
		],
		"referral, consent, threshold",
	),
	(
		"Recording a statutory visit",
		"Guide",
		"Visits",
		["Visits"],
		resource_rules.STAFF,
		None,
		"visit-recording-guidance.pdf",
		[
			"Recording a statutory visit",
			"Record whether the child was seen alone and, if not, why.",
			"Note whether the bedroom was seen.",
			"Write up statutory visits within two working days.",
			"A school visit counts only where local policy allows it.",
		],
		"visits, seen alone, bedroom",
	),
	(
		"Consent to share information form",
		"Form",
		"Referrals",
		["Forms", "Consent"],
		resource_rules.EVERYONE,
		None,
		"consent-to-share-form.docx",
		["Consent to share information", "Name of person giving consent:", "Covering whom:", "Signed:"],
		"consent, form",
	),
	(
		"Mileage and travel claim form",
		"Form",
		"Admin",
		["Forms", "Staff"],
		resource_rules.STAFF,
		None,
		"mileage-claim.xlsx",
		None,
		"expenses, mileage",
	),
)


def make_demo() -> None:
	if frappe.db.exists("Resource", {"title": REFERRAL_GUIDANCE}):
		return
	user = frappe.session.user
	try:
		for entry in LIBRARY:
			_approve(_draft(*entry))
		_superseded_version()
		_overdue_for_review()
		frappe.set_user(AUTHOR)
		_resource(
			"Safeguarding procedures (London)",
			"Procedure link",
			"Procedures",
			["Procedures"],
			resource_rules.STAFF_AND_PARTNERS,
			None,
			url="https://procedures.example.org/safeguarding-children",
			tags="procedures, London",
		).insert()
	finally:
		frappe.set_user(user)


def _resource(title, kind, topic, folders, audience, doctype, url=None, tags=None):
	return frappe.get_doc(
		{
			"doctype": "Resource",
			"title": title,
			"kind": kind,
			"topic": topic,
			"category": category_for(folders),
			"audience": audience,
			"owner_team": "Practice Development",
			"supports_doctype": doctype,
			"url": url,
			"tags": tags,
			"authority": "Working Together to Safeguard Children 2023; local procedures",
			"description": f"{title} (demo content, fictional).",
		}
	)


def _draft(title, kind, topic, folders, audience, doctype, file_name, lines, tags):
	frappe.set_user(AUTHOR)
	doc = _resource(title, kind, topic, folders, audience, doctype, tags=tags)
	doc.file = _store(file_name, lines or [title])
	return doc.insert()


def _store(file_name: str, lines: list[str]) -> str:
	extension = resource_rules.extension_of(file_name)
	if extension == "pdf":
		content = samples.pdf(lines)
	elif extension == "docx":
		content = samples.docx(lines)
	else:
		content = samples.xlsx([["Date", "From", "To", "Miles"], ["2026-11-02", "Office", "Home visit", 6]])
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "content": content, "is_private": 1}
	)
	return file_doc.insert(ignore_permissions=True).file_url


def _approve(doc):
	frappe.set_user(PSW)
	return apply_workflow(doc, "Approve")


def _superseded_version() -> None:
	"""Version 1 of the visit guide, approved, then superseded by version 2 (which retires it)."""
	frappe.set_user(AUTHOR)
	first = _draft(
		"Home visit safety checklist",
		"Guide",
		"Visits",
		["Visits"],
		resource_rules.STAFF,
		None,
		"home-visit-safety-v1.pdf",
		["Home visit safety checklist", "Tell the duty desk where you are going."],
		"lone working, safety",
	)
	first = _approve(first)
	from smallchanges.resources.api import new_version

	frappe.set_user(AUTHOR)
	second = frappe.get_doc("Resource", new_version(first.name))
	second.file = _store(
		"home-visit-safety-v2.pdf",
		[
			"Home visit safety checklist (version 2)",
			"Tell the duty desk where you are going and when you expect to finish.",
			"Use the lone working app check-in.",
		],
	)
	second.save()
	_approve(second)


def _overdue_for_review() -> None:
	doc = _draft(
		"Chronology template",
		"Template",
		"Assessments",
		["Templates"],
		resource_rules.STAFF,
		None,
		"chronology-template.docx",
		["Chronology", "Date | Event | Source | Impact on the child"],
		"chronology, assessment",
	)
	doc.effective_date = datetime.date(2024, 9, 1)
	doc.review_due = add_days(nowdate(), -20)
	doc.save()
	_approve(doc)
