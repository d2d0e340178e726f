"""Factories for referral tests: agencies, partners, services and valid referrals (fictional)."""

import copy
from datetime import date, timedelta

import frappe
from frappe.model.workflow import apply_workflow

from smallchanges.roles import BUSINESS_SUPPORT_OFFICER as BSO_ROLE
from smallchanges.roles import PARTNER_PRACTITIONER as PARTNER_ROLE
from smallchanges.roles import TEAM_MANAGER as MANAGER_ROLE
from tests.factories import make_user, unique


def make_agency(*users: str, kind: str = "School") -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Partner Agency",
			"agency_name": unique("Test Agency"),
			"kind": kind,
			"contact_email": f"{unique('office')}@example.test",
			"members": [{"user": user} for user in users],
		}
	).insert(ignore_permissions=True)
	return doc.name


def make_partner(agency: str | None = None, **fields) -> tuple[str, str]:
	"""A Partner Practitioner and their agency (a new one unless given)."""
	user = make_user(PARTNER_ROLE, **fields)
	if agency:
		doc = frappe.get_doc("Partner Agency", agency)
		doc.append("members", {"user": user})
		doc.save(ignore_permissions=True)
	else:
		agency = make_agency(user)
	return user, agency


def make_service(lead_email: str | None = None, **fields) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "LA Service",
				"service_name": unique("Test Service"),
				"status": "active",
				"service_lead_email": lead_email or f"{unique('lead')}@council.example.test",
				**fields,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def referral_data(service: str | None = None, children: list[dict] | None = None, **overrides) -> dict:
	"""A complete level 3 referral with consent, as a partner would send it."""
	data = {
		"doctype": "Universal Referral",
		"urgency": "Routine",
		"level_of_need": "3 - Complex needs: child in need",
		"referrer_name": "Robin Test",
		"referrer_role": "Designated safeguarding lead",
		"referrer_email": f"{unique('referrer')}@example.test",
		"children": children
		or [
			{
				"first_name": unique("Amara"),
				"last_name": "Okoro",
				"date_of_birth": str(date.today() - timedelta(days=9 * 365)),
				"postcode": "E1 6AN",
			}
		],
		"services": [{"service": service}] if service else [],
		"not_sure_which_service": 0 if service else 1,
		"family_informed": "Yes",
		"consent_basis": "Consent given",
		"consent_to_share": "Yes",
		"consent_given_by": "Sara Okoro, mother",
		"consent_covers": "All the children, this referral",
		"concerns": "Attendance has fallen and the child says there is often no food at home.",
	}
	data.update(copy.deepcopy(overrides))
	return data


def make_referral(user: str, submit: bool = False, **data):
	"""Insert a referral as `user` (and submit it to the team if asked); returns the document."""
	frappe.set_user(user)
	doc = frappe.get_doc(referral_data(**data)).insert()
	if submit:
		doc = act(doc.name, user, "Submit")
	frappe.set_user("Administrator")
	return doc


def act(name: str, user: str, action: str, **values):
	"""As `user`, record `values` then take workflow `action` on referral `name`."""
	frappe.set_user(user)
	if values:
		doc = frappe.get_doc("Universal Referral", name)
		doc.update(values)
		doc.save()
	apply_workflow({"doctype": "Universal Referral", "name": name}, action)
	frappe.set_user("Administrator")
	return frappe.get_doc("Universal Referral", name)


def staff(role: str) -> str:
	return make_user(role)


def digests_about(reference: str) -> list[str]:
	"""Overdue digests naming the referral (its acknowledgement email names it too)."""
	return frappe.get_all(
		"Email Queue",
		filters=[["message", "like", f"%{reference}%"], ["message", "like", "%overdue for a decision%"]],
		pluck="name",
	)


def children_on_file(rows: list[dict]) -> list[str]:
	"""Child records inserted in one statement (as a council's existing records would be loaded),
	with the match keys the Child controller sets; returns their names, each call new ones."""
	from smallchanges.referrals.candidates import set_match_keys

	fields = [
		"name", "owner", "modified_by", "creation", "modified", "first_name", "last_name", "full_name",
		"date_of_birth", "expected_date_of_delivery", "postcode", "postcode_normalised", "first_name_key",
		"last_name_key",
	]  # fmt: skip
	now = frappe.utils.now_datetime()
	names, values = [], []
	for row in rows:
		record = frappe._dict(row)
		set_match_keys(record)
		name = unique("CH-T")
		names.append(name)
		full_name = " ".join(p for p in (record.first_name, record.last_name) if p)
		values.append(
			(name, "Administrator", "Administrator", now, now, record.first_name, record.last_name, full_name,
			 record.get("date_of_birth"), record.get("expected_date_of_delivery"), record.get("postcode"),
			 record.postcode_normalised, record.first_name_key, record.last_name_key)
		)  # fmt: skip
	frappe.db.bulk_insert("Child", fields, values)
	return names


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def upload_as(user: str, referral: str, file_name: str, content: bytes):
	"""A private File attached to `referral`, uploaded by `user` (distinct bytes: one file each)."""
	frappe.set_user(user)
	try:
		return frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": "Universal Referral",
				"attached_to_name": referral,
				"content": content,
				"is_private": 1,
			}
		).insert()
	finally:
		frappe.set_user("Administrator")


def make_two_agencies() -> frappe._dict:
	"""Partner A and partner B of two agencies, each with a submitted referral and a private file,
	and on A's own referral staff-only triage planted with unique values (a triage note and a
	possible duplicate: a Child record A never sent), so a leak of either shows by its value."""
	from smallchanges.referrals.duplicates import check_duplicates
	from smallchanges.referrals.triage import triage_of

	frappe.set_user("Administrator")
	a_user, a_agency = make_partner()
	b_user, b_agency = make_partner()
	service = make_service()
	surname = unique("Isolation").replace("-", "")
	a_child, b_child = "Alpha", unique("Bravo").replace("-", "")
	ra = make_referral(
		a_user,
		submit=True,
		service=service,
		children=[{"first_name": a_child, "last_name": surname, "date_of_birth": "2016-01-01"}],
	).name
	b_concerns = unique("Concerns only agency B and the council know")
	rb = make_referral(
		b_user,
		submit=True,
		service=service,
		concerns=b_concerns,
		children=[{"first_name": b_child, "last_name": surname + "b", "date_of_birth": "2015-02-02"}],
	).name
	candidate = frappe.get_doc(
		{"doctype": "Child", "first_name": "Alfa", "last_name": surname, "date_of_birth": "2016-01-01"}
	).insert()
	triage_note = unique("STAFF-ONLY-TRIAGE-NOTE")
	check_duplicates(frappe.get_doc("Universal Referral", ra))  # now that the candidate is on file
	triage = triage_of(ra)
	triage.triage_notes = triage_note
	triage.save()
	assert triage.candidates(), "the world needs a stored duplicate candidate"
	b_file_content = unique("BRAVO-FILE-CONTENT")
	rb_file = upload_as(b_user, rb, f"{unique('bravo')}.png", PNG + b_file_content.encode())
	ra_file = upload_as(a_user, ra, f"{unique('alpha')}.png", PNG + ra.encode())
	return frappe._dict(
		a=a_user,
		b=b_user,
		a_agency=a_agency,
		b_agency=b_agency,
		service=service,
		ra=ra,
		rb=rb,
		a_child=a_child,
		b_child=b_child,
		b_concerns=b_concerns,
		b_file_content=b_file_content,
		triage_note=triage_note,
		candidate=candidate.name,
		candidate_name=f"Alfa {surname}",
		ra_file=ra_file.file_url,
		rb_file=rb_file.file_url,
		rb_file_name=rb_file.name,
	)
