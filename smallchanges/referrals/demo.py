"""Referral demo data for ./scripts/up: fictional agencies, services, children and ~40 referrals
in every workflow state, including near-duplicates the matcher must catch. Every referral goes
through the real workflow as the real demo users (partner submits, BSO checks, manager decides)."""

import random
from datetime import date, timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, get_datetime, getdate, nowdate

from smallchanges.governance.policy import referral_decision_working_days, working_day_calendar
from smallchanges.rules import referral as referral_rules

SCHOOL = "Lansbury Park Primary School"
HEALTH = "Riverside Health Visiting Team"
AGENCIES = (
	(
		SCHOOL,
		"School",
		"Morgan Hughes",
		"office@lansbury-park.example.org",
		"morgan.school@demo.smallchanges.test",
	),
	(
		HEALTH,
		"Health",
		"Jo Adeyemi",
		"hv.team@riverside-health.example.org",
		"jo.health@demo.smallchanges.test",
	),
)
BSO = "billie.support@demo.smallchanges.test"
MANAGER = "tara.manager@demo.smallchanges.test"

SERVICES = (
	("Early Help Family Support", "Keyworker support for families with additional needs.", 0, 17),
	("Children and Families Assessment", "Social work assessment under the Children Act 1989.", 0, 17),
	("Family Group Conference", "Families make a plan with their wider network.", 0, 17),
	("Parenting Programme", "Group and one-to-one parenting courses.", 0, 17),
	("Young Carers Service", "Support for children who care for a family member.", 5, 17),
	("Youth Justice Service", "Work with young people in or at risk of the justice system.", 10, 17),
)

FIRST = (
	"Amara", "Leo", "Zainab", "Oscar", "Hana", "Tyler", "Ruby", "Ibrahim", "Maya", "Kai", "Fatima", "Noah",
	"Chloe", "Yusuf", "Isla", "Dylan", "Aisha", "Theo", "Sofia", "Rhys",
)  # fmt: skip
LAST = (
	"Begum", "Okoro", "Walsh", "Kowalski", "Rahman", "Bennett", "Osei", "Nowak", "Hussain", "Clarke",
	"Mensah", "Patel", "Fraser", "Quinn", "Uddin", "Harris",
)  # fmt: skip
STREETS = (
	"Cable Street",
	"Roman Road",
	"Bow Common Lane",
	"Mile End Road",
	"Ben Jonson Road",
	"Alderney Road",
)
POSTCODES = ("E1 6AN", "E2 0QN", "E3 2JY", "E1 4NS", "E14 7DE", "E3 4RT", "E1 0SD")
CONCERNS = (
	"Attendance has fallen to 62% this term and the child says there is often no food at home.",
	"The child arrived with a bruise on the cheek and gave two different explanations.",
	"Mother has told the health visitor she is struggling after the birth and feels very low.",
	"Neighbours report shouting late at night; the child is tired and withdrawn in class.",
	"Older sibling cares for mother, who has multiple sclerosis, and is missing school.",
	"Young person was found with a large sum of cash and a new phone; links to older peers.",
)

# Near-duplicates: an existing Child record, then a referral child that is the same person.
NEAR_DUPLICATES = (
	(("Jayden", "Smith", date(2015, 3, 4), "E1 6AN"), ("Jaden", "Smyth", date(2015, 4, 3), "E1 6AN")),
	(("William", "Jones", date(2014, 9, 12), "E2 0QN"), ("Bill", "Jones", date(2014, 9, 12), "E2 0QN")),
	(
		("Amelia", "Clarke-Jones", date(2018, 1, 20), "E3 2JY"),
		("Amelia", "Jones", date(2018, 1, 22), "E3 2JY"),
	),
	(("Mohammed", "Ali", date(2016, 6, 30), "E1 4NS"), ("Muhammad", "Aly", date(2016, 6, 30), "E14 7DE")),
	(("Olivia", "Kaur", date(2019, 11, 2), "E3 4RT"), ("Kaur", "Olivia", date(2019, 11, 2), "E3 4RT")),
)

# How many demo referrals end in each state (40 in all).
STATE_PLAN = (
	(referral_rules.DRAFT, 4),
	(referral_rules.SUBMITTED, 9),
	(referral_rules.CHECKED, 6),
	(referral_rules.RETURNED, 4),
	(referral_rules.ACCEPTED, 9),
	(referral_rules.NO_FURTHER_ACTION, 5),
	(referral_rules.REDIRECTED, 3),
)


def make_demo() -> None:
	if frappe.db.count("Universal Referral"):
		return
	rng = random.Random(2026)
	_make_agencies()
	_make_services()
	for existing, _ in NEAR_DUPLICATES:
		first, last, dob, postcode = existing
		frappe.get_doc(
			{
				"doctype": "Child",
				"first_name": first,
				"last_name": last,
				"date_of_birth": dob,
				"postcode": postcode,
			}
		).insert(ignore_permissions=True)

	duplicates = [variant for _, variant in NEAR_DUPLICATES]
	number = 0
	for state, count in STATE_PLAN:
		for _i in range(count):
			agency, partner = _agency(number)
			children = [duplicates.pop(0)] if duplicates and state != referral_rules.DRAFT else None
			doc = _new_referral(rng, partner, agency, children)
			_walk(doc, state, partner)
			_backdate(doc, rng, state)
			number += 1
	# A repeat: the first near-duplicate referred again, for the same service, while still open.
	first_dup = NEAR_DUPLICATES[0][1]
	earlier = frappe.db.get_value(
		"Referral Child", {"first_name": first_dup[0], "last_name": first_dup[1]}, "parent"
	)
	service = frappe.db.get_value("Referral Service Request", {"parent": earlier}, "service")
	agency, partner = _agency(1)
	doc = _new_referral(rng, partner, agency, [first_dup], service=service)
	_walk(doc, referral_rules.SUBMITTED, partner)
	frappe.set_user("Administrator")


def _agency(number: int) -> tuple[str, str]:
	name, *_rest, user = AGENCIES[number % len(AGENCIES)]
	return name, user


def _make_agencies() -> None:
	for name, kind, contact, email, user in AGENCIES:
		if frappe.db.exists("Partner Agency", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Partner Agency",
				"agency_name": name,
				"kind": kind,
				"contact_name": contact,
				"contact_email": email,
				"members": [{"user": user}],
			}
		).insert(ignore_permissions=True)


def _make_services() -> None:
	for name, description, minimum, maximum in SERVICES:
		if frappe.db.exists("LA Service", name):
			continue
		frappe.get_doc(
			{
				"doctype": "LA Service",
				"service_name": name,
				"status": "active",
				"description": description,
				"minimum_age": minimum,
				"maximum_age": maximum,
				"service_lead_email": f"{frappe.scrub(name).replace('_', '.')}@council.example.org",
				"service_area": "Tower Hamlets (fictional demo)",
				"languages": "English, Bengali, Somali",
				"assured_date": nowdate(),
				"application_process": "Through the Universal Referral form.",
			}
		).insert(ignore_permissions=True)


def _new_referral(rng, partner: str, agency: str, children=None, service: str | None = None):
	frappe.set_user(partner)
	today = getdate(nowdate())
	last = rng.choice(LAST)
	postcode = rng.choice(POSTCODES)
	if children:
		rows = [
			{"first_name": first, "last_name": last_name, "date_of_birth": dob, "postcode": pc}
			for first, last_name, dob, pc in children
		]
	else:
		rows = []
		for _i in range(rng.choice((1, 1, 2, 3))):
			dob = today - timedelta(days=rng.randint(200, 16 * 365))
			rows.append(
				{
					"first_name": rng.choice(FIRST),
					"last_name": last,
					"date_of_birth": dob,
					"postcode": postcode,
				}
			)
	for row in rows:
		row.update(
			{"address": f"{rng.randint(1, 180)} {rng.choice(STREETS)}, London", "has_social_worker": "No"}
		)
	level = rng.choice(
		(
			"2 - Early help: additional needs",
			"3 - Complex needs: child in need",
			"4 - Acute: significant harm (child protection)",
		)
	)
	level_4 = level.startswith("4")
	partner_name = frappe.db.get_value("User", partner, "full_name")
	doc = frappe.get_doc(
		{
			"doctype": "Universal Referral",
			"urgency": "Urgent" if level_4 else "Routine",
			"level_of_need": level,
			"referrer_name": partner_name,
			"referrer_role": "Designated safeguarding lead" if agency == SCHOOL else "Health visitor",
			"referrer_email": partner,
			"relationship_to_child": "School" if agency == SCHOOL else "Health visitor",
			"referral_source": "2A Schools" if agency == SCHOOL else "3B Health services: health visitor",
			"children": rows,
			"household_members": [
				{
					"member_name": f"{rng.choice(('Sara', 'Mark', 'Nadia', 'Tom', 'Joy'))} {rows[0]['last_name']}",
					"relationship": "Parent",
					"parental_responsibility": "Yes",
					"lone_working_hazards": "None known",
				}
			],
			"services": [
				{"service": service or rng.choice(SERVICES)[0], "notes": "Suggested by the referrer"}
			],
			"family_informed": "No" if level_4 else "Yes",
			"reason_not_informed": "Telling the family could put the child at greater risk."
			if level_4
			else None,
			"consent_basis": referral_rules.NOT_REQUIRED_LEVEL_4 if level_4 else referral_rules.CONSENT_GIVEN,
			"consent_to_share": None if level_4 else "Yes",
			"consent_given_by": None if level_4 else f"Parent, {rows[0]['last_name']}",
			"consent_covers": None if level_4 else "All the children, this referral",
			"concerns": rng.choice(CONCERNS),
			"strengths": "The family engage well with the school and want help.",
			"desired_outcome": "Support so that the children are safe and do well.",
		}
	)
	doc.insert()
	return doc


def _walk(doc, state: str, partner: str) -> None:
	"""Move a referral through the real workflow, as the people who would do each step."""
	steps = {
		referral_rules.DRAFT: [],
		referral_rules.SUBMITTED: [(partner, "Submit", {})],
		referral_rules.CHECKED: [(partner, "Submit", {}), (BSO, "Check", {})],
		referral_rules.RETURNED: [
			(partner, "Submit", {}),
			(
				BSO,
				"Return",
				{"returned_reason": "Please add the dates of birth of the other children in the home."},
			),
		],
		referral_rules.ACCEPTED: [
			(partner, "Submit", {}),
			(BSO, "Check", {}),
			(
				MANAGER,
				"Accept",
				{"decision": "Assessment", "decision_reason": "Needs a social work assessment."},
			),
		],
		referral_rules.NO_FURTHER_ACTION: [
			(partner, "Submit", {}),
			(BSO, "Check", {}),
			(MANAGER, "No Further Action", {"decision_reason": "Universal services are meeting the needs."}),
		],
		referral_rules.REDIRECTED: [
			(partner, "Submit", {}),
			(BSO, "Check", {}),
			(
				MANAGER,
				"Redirect",
				{
					"redirected_to": "School nursing service",
					"decision_reason": "A health need, not social care.",
				},
			),
		],
	}[state]
	for user, action, values in steps:
		frappe.set_user(user)
		current = frappe.get_doc(doc.doctype, doc.name)
		current.update(values)
		if values:
			current.save()
		apply_workflow({"doctype": doc.doctype, "name": doc.name}, action)
	frappe.set_user("Administrator")


def _backdate(doc, rng, state: str) -> None:
	"""Spread receipt over the last three weeks, so that some undecided referrals are overdue."""
	if state == referral_rules.DRAFT:
		return
	received = get_datetime(add_days(nowdate(), -rng.randint(0, 20))).replace(hour=rng.randint(8, 17))
	due = referral_rules.decision_due(
		getdate(received), referral_decision_working_days(), working_day_calendar()
	)
	frappe.db.set_value(
		"Universal Referral", doc.name, {"received_at": received, "decision_due": due}, update_modified=False
	)
