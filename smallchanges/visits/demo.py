"""Visit demo data for ./scripts/up: six months of visits for the demo children's plans.

The demo council has made the seed's change: its Director lets school visits count for child
protection plans (a Safeguarding Policy edit, visible in the policy's history), so the demo has
school visits that count, home visits where the child was not seen alone (which do not), a
Team Manager's override with its reason, late write-ups, and plans overdue for a visit. Visits
are recorded by the demo social worker through the real controller (counting, due dates).
"""

import random
from datetime import timedelta

import frappe
from frappe.utils import getdate, nowdate

from smallchanges.rules import visits as visit_rules
from smallchanges.rules.safeguarding_policy import (
	CHILD_IN_NEED,
	CHILD_PROTECTION,
	LOOKED_AFTER,
	PRIVATE_FOSTERING,
)
from smallchanges.visits.plans import plan_of

SOCIAL_WORKER = "sam.social@demo.smallchanges.test"
MANAGER = "tara.manager@demo.smallchanges.test"
DIRECTOR = "dana.director@demo.smallchanges.test"

# (plan type, plan reference, days between visits, overdue now?, placement kind)
PLANS = (
	(CHILD_PROTECTION, "CPP-2026-001", 12, False, None),
	(CHILD_PROTECTION, "CPP-2026-002", 14, True, None),
	(CHILD_PROTECTION, "CPP-2026-003", 10, False, None),
	(CHILD_PROTECTION, "CPP-2026-004", 13, True, None),
	(CHILD_IN_NEED, "CIN-2026-011", 25, False, None),
	(CHILD_IN_NEED, "CIN-2026-012", 27, True, None),
	(CHILD_IN_NEED, "CIN-2026-013", 24, False, None),
	(LOOKED_AFTER, "LAC-2026-021", 35, False, visit_rules.STANDARD),
	(LOOKED_AFTER, "LAC-2026-022", 40, True, visit_rules.LONG_TERM),
	(PRIVATE_FOSTERING, "PF-2026-031", 38, False, None),
)
CHILDREN = (
	("Ayesha", "Miah", "2016-04-11"),
	("Jamal", "Reid", "2013-09-02"),
	("Lily", "Forde", "2019-01-23"),
	("Samir", "Haque", "2011-06-30"),
	("Grace", "Adebayo", "2017-12-05"),
	("Connor", "Doyle", "2014-03-17"),
	("Nadia", "Ahmed", "2020-08-09"),
	("Ellis", "Grant", "2012-10-28"),
	("Precious", "Mensah", "2015-05-14"),
	("Tomasz", "Zielinski", "2010-02-19"),
)
OBSERVATIONS = (
	"Home was warm and tidy; food in the fridge. Mother engaged well and showed the new bunk beds.",
	"Child was quiet at first, then talked about football and a new friend in class.",
	"Seen at school with the designated safeguarding lead's agreement; child spoke freely about home.",
	"Father was present throughout and answered for the child; tension between the parents.",
	"Placement stable; carer reports better sleep and no missing episodes this month.",
)
WISHES = (
	"Wants to keep seeing grandmother at weekends.",
	"Would like her own room and to stay at the same school.",
	"Says he feels safer since the plan started.",
)


def make_demo() -> None:
	if frappe.db.count("Visit"):
		return
	_let_school_visits_count_for_child_protection()
	rng = random.Random(11)
	today = getdate(nowdate())
	children = [_child(first, last, dob) for first, last, dob in CHILDREN]
	frappe.set_user(SOCIAL_WORKER)
	try:
		overridable = None
		for (plan_type, reference, interval, overdue, kind), child in zip(PLANS, children, strict=True):
			# an overdue plan's last visit is well past its interval (3 months for a long-term placement)
			late_by = (102 if kind == visit_rules.LONG_TERM else interval + 20) if overdue else 0
			last_day = today - timedelta(days=late_by or rng.randint(1, interval - 2))
			first_day = today - timedelta(days=182)
			placement_start = first_day - timedelta(days=400 if kind == visit_rules.LONG_TERM else 3)
			days, day = [], last_day  # back from the last visit to six months ago
			while day >= first_day:
				days.insert(0, day)
				day -= timedelta(days=max(3, interval + rng.randint(-3, 0)))
			for number, day in enumerate(days):
				# a plan that is not overdue had a counting visit last
				counting = number == len(days) - 1 and not overdue
				visit = _visit(rng, child, plan_type, reference, day, number, kind, placement_start, counting)
				if visit.place == visit_rules.NURSERY and overridable is None:
					overridable = visit.name
		_manager_overrides(overridable)
	finally:
		frappe.set_user("Administrator")


def _let_school_visits_count_for_child_protection() -> None:
	"""The seed's change, made by the demo Director in the Safeguarding Policy."""
	frappe.set_user(DIRECTOR)
	try:
		policy = frappe.get_doc("Safeguarding Policy")
		for row in policy.visit_policies:
			if row.plan_type == CHILD_PROTECTION and not row.school_counts:
				row.school_counts = 1
		policy.save()
	finally:
		frappe.set_user("Administrator")


def _child(first: str, last: str, dob: str) -> str:
	existing = frappe.db.get_value("Child", {"first_name": first, "last_name": last, "date_of_birth": dob})
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "Child",
				"first_name": first,
				"last_name": last,
				"date_of_birth": dob,
				"address": f"{random.Random(first).randint(2, 90)} Cable Street, London",
				"postcode": "E1 6AN",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def visit_the_plans() -> None:
	"""Visits to the children of the demo's child protection plans (made by the core groups demo,
	after this module's): each names its plan, the last a school visit that counts."""
	if frappe.db.exists("Visit", {"child_protection_plan": ("is", "set"), "practitioner": SOCIAL_WORKER}):
		return
	rng = random.Random(12)
	today = getdate(nowdate())
	active = frappe.get_all(
		"Child Protection Plan",
		filters={"status": "Active", "lead_social_worker": SOCIAL_WORKER},  # the demo's plans only
		pluck="name",
	)
	frappe.set_user(SOCIAL_WORKER)
	try:
		for plan in active:
			for child in sorted(plan_of(plan).children):
				for number, days_ago in enumerate((24, 12, 2)):
					_visit(rng, child, CHILD_PROTECTION, plan, today - timedelta(days=days_ago), number, None,
						   None, plan=plan)  # fmt: skip
	finally:
		frappe.set_user("Administrator")


def _visit(rng, child, plan_type, reference, day, number, kind, placement_start, counting=False, plan=None):
	place = visit_rules.HOME if plan_type != LOOKED_AFTER else visit_rules.PLACEMENT
	if plan_type == PRIVATE_FOSTERING:
		place = visit_rules.PLACEMENT
	if plan_type == CHILD_PROTECTION and number % 3 == 2:
		place = visit_rules.SCHOOL  # counts: the demo council's policy allows school for CP plans
	if plan_type == CHILD_IN_NEED and number == 3:
		place = visit_rules.NURSERY  # does not count by policy; a manager overrides one of these
	seen_alone = not (place == visit_rules.HOME and number % 4 == 1)
	if counting:
		place, seen_alone = (
			(visit_rules.PLACEMENT if place == visit_rules.PLACEMENT else visit_rules.HOME),
			True,
		)
	late = rng.random() < 0.15
	doc = frappe.get_doc(
		{
			"doctype": "Visit",
			"child": child,
			"plan_type": plan_type,
			"child_protection_plan": plan,
			"plan_reference": reference,
			"visit_date": day,
			"visit_type": visit_rules.UNANNOUNCED if number % 5 == 4 else visit_rules.PLANNED,
			"place": place,
			"address": "Lansbury Park Primary School" if place == visit_rules.SCHOOL else None,
			"practitioner": SOCIAL_WORKER,
			"qualified_social_worker": visit_rules.YES,
			"child_seen": visit_rules.YES,
			"seen_alone": visit_rules.YES if seen_alone else visit_rules.NO,
			"not_seen_alone_reason": None if seen_alone else visit_rules.OTHER_REASON,
			"not_seen_alone_detail": None
			if seen_alone
			else "Father would not leave the room; visit rearranged.",
			"bedroom_seen": int(place == visit_rules.HOME and number % 2 == 0),
			"others_present": None if seen_alone else "Father",
			"observations": OBSERVATIONS[(number + len(reference)) % len(OBSERVATIONS)],
			"childs_wishes": WISHES[number % len(WISHES)],
			"analysis": "Risks as in the plan; protective factors holding.",
			"actions": "Next visit booked; update the core group.",
			"written_up_on": min(getdate(nowdate()), day + timedelta(days=6 if late else rng.randint(0, 1))),
			"placement_start": placement_start if plan_type == LOOKED_AFTER else None,
			"placement_kind": kind,
		}
	)
	return doc.insert()


def _manager_overrides(visit: str | None) -> None:
	if not visit:
		return
	frappe.set_user(MANAGER)
	doc = frappe.get_doc("Visit", visit)
	doc.count_override = visit_rules.OVERRIDE_COUNTS
	doc.override_reason = (
		"The child lives between two homes; the nursery is where she is seen alone, by agreement."
	)
	doc.manager_signed_off = 1
	doc.save()
