"""Core group demo data for ./scripts/up (fictional people only; users and agencies come from
smallchanges.demo and the referral demo): two child protection plans whose core groups have
members from several agencies, and meetings of minutes in every state. One set was taken by a
partner (the school's Morgan), one by business support (Billie, under the demo delegation)."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, nowdate

from smallchanges.referrals.demo import HEALTH, SCHOOL
from smallchanges.rules import core_groups as core_group_rules

SOCIAL_WORKER = "sam.social@demo.smallchanges.test"
MANAGER = "tara.manager@demo.smallchanges.test"
BSO = "billie.support@demo.smallchanges.test"
SCHOOL_PARTNER = "morgan.school@demo.smallchanges.test"
HEALTH_PARTNER = "jo.health@demo.smallchanges.test"

PLANS = (
	{
		"children": (("Leah", "Marsh"), ("Kai", "Marsh")),
		"conference_days_ago": 120,
		"category": "Neglect",
		"outcomes": (
			"Leah and Kai attend school every day, on time, with breakfast.",
			"The home is safe and warm, with food in the cupboards every week.",
			"Mum takes Kai to every health appointment.",
		),
		# (days ago, minute taker, state)
		"meetings": (
			(100, SCHOOL_PARTNER, core_group_rules.DISTRIBUTED),
			(60, BSO, core_group_rules.APPROVED),
			(20, HEALTH_PARTNER, core_group_rules.DRAFT),
		),
	},
	{
		"children": (("Ruby", "Okafor-Lane"),),
		"conference_days_ago": 70,
		"category": "Emotional abuse",
		"outcomes": ("Ruby says she feels safe at home.", "Ruby sees CAMHS every fortnight."),
		"meetings": (
			(55, HEALTH_PARTNER, core_group_rules.RETURNED),
			(15, SOCIAL_WORKER, core_group_rules.SUBMITTED),
		),
	},
)


def make_demo() -> None:
	if frappe.db.exists("Child Protection Plan", {"lead_social_worker": SOCIAL_WORKER}):
		return
	user = frappe.session.user
	try:
		for spec in PLANS:
			plan = _plan(spec)
			for days_ago, taker, state in spec["meetings"]:
				_minutes(plan, days_ago, taker, state)
	finally:
		frappe.set_user(user)


def _plan(spec: dict):
	today = getdate(nowdate())
	children = [
		frappe.get_doc(
			{
				"doctype": "Child",
				"first_name": first,
				"last_name": last,
				"date_of_birth": add_days(today, -(7 + i * 3) * 365),
			}
		)
		.insert(ignore_permissions=True)
		.name
		for i, (first, last) in enumerate(spec["children"])
	]
	frappe.set_user(SOCIAL_WORKER)
	return frappe.get_doc(
		{
			"doctype": "Child Protection Plan",
			"children": [{"child": child} for child in children],
			"icpc_date": add_days(today, -spec["conference_days_ago"]),
			"category_of_abuse": spec["category"],
			"lead_social_worker": SOCIAL_WORKER,
			"chair": MANAGER,
			"visit_frequency": "Every 10 working days",
			"members": [
				_member(SCHOOL_PARTNER, "Designated safeguarding lead", SCHOOL),
				_member(HEALTH_PARTNER, "Health visitor", HEALTH),
				_member(SOCIAL_WORKER, "Lead social worker", None, "Children's social care"),
				{
					"member_name": f"Mum ({spec['children'][0][1]})",
					"member_role": "Mother",
					"family_member": 1,
				},
			],
			"outcomes": [{"outcome": text} for text in spec["outcomes"]],
		}
	).insert()


def _member(user: str, role: str, agency: str | None, team: str | None = None) -> dict:
	return {
		"member_name": frappe.utils.get_fullname(user),
		"member_role": role,
		"agency": agency if agency and frappe.db.exists("Partner Agency", agency) else None,
		"agency_name": team,
		"email": user,
		"user": user,
	}


def _minutes(plan, days_ago: int, taker: str, state: str) -> None:
	today = getdate(nowdate())
	# Staff start the minutes for the business support officer they are delegated to.
	frappe.set_user(SOCIAL_WORKER if taker == BSO else taker)
	doc = frappe.get_doc(
		{
			"doctype": "Core Group Minutes",
			"plan": plan.name,
			"meeting_date": add_days(today, -days_ago),
			"minute_taker": taker,
			"venue": "Family hub, Bow",
		}
	).insert()
	frappe.set_user(taker)
	for row in doc.attendance:
		row.attendance = (
			core_group_rules.APOLOGIES if row.family_member and days_ago > 50 else core_group_rules.ATTENDED
		)
	for row in doc.outcome_progress:
		row.rating = core_group_rules.AMBER
		row.note = "Some progress since the last meeting; the core group agreed what is next."
	doc.childs_views = "Seen alone at school: says things are 'a bit better' and wants to keep her teacher."
	doc.how_views_gathered = "Seen alone by the social worker at school; drawing of three houses."
	doc.parents_views = "Mum agrees with the plan and asked for help with the gas bill."
	doc.visits_since_last = "Three home visits, one at school; the children were seen alone twice."
	doc.child_seen_alone = "Yes"
	doc.contingency_reviewed = 1
	for row in doc.actions:
		if row.due_date and getdate(row.due_date) < add_days(today, -days_ago):
			row.status = core_group_rules.DONE
	doc.append(
		"actions",
		{
			"action": "Book the children's health reviews",
			"owner_name": frappe.utils.get_fullname(HEALTH_PARTNER),
			"owner_user": HEALTH_PARTNER,
			"owner_email": HEALTH_PARTNER,
			"due_date": add_days(today, -days_ago + 14),
			"status": core_group_rules.OPEN,
		},
	)
	doc.save()
	if state == core_group_rules.DRAFT:
		return
	apply_workflow(doc, "Submit for Review")
	if state == core_group_rules.SUBMITTED:
		return
	frappe.set_user(MANAGER)
	if state == core_group_rules.RETURNED:
		doc = frappe.get_doc("Core Group Minutes", doc.name)
		doc.review_comments = "Please add the school's attendance figures and who owns each action."
		doc.save()
		apply_workflow(doc, "Return")
		return
	apply_workflow(frappe.get_doc("Core Group Minutes", doc.name), "Approve")
	if state == core_group_rules.DISTRIBUTED:
		frappe.set_user(BSO)
		apply_workflow(frappe.get_doc("Core Group Minutes", doc.name), "Distribute")
