"""Restricted records: one criterion hides a child, and everything about it, from every member of
staff it is not open to, through lists, single reads, reports, Version history, comments and files;
intake still warns; break-glass opens it for a while, logged and told; lifting restores access."""

import json

import frappe
import pytest

from smallchanges import roles
from smallchanges.access import about_a_child, restrictions, sealed
from smallchanges.governance.restrictions import break_glass, lift_restriction
from tests.factories import make_user
from tests.referral_factories import make_referral
from tests.restrictions_factories import make_restriction, make_user_group, restricted_world, secrets

STAFF_ROLES = (
	roles.SOCIAL_WORKER,
	roles.TEAM_MANAGER,
	roles.BUSINESS_SUPPORT_OFFICER,
	roles.DIRECTOR,
	roles.PRINCIPAL_SOCIAL_WORKER,
	roles.SYSTEM_MANAGER,
)
# Everything about the child, by DocType: (doctype, the world's attribute holding its name).
ABOUT_THE_CHILD = (
	("Child", "child"),
	("Visit", "visit"),
	("Child Protection Plan", "plan"),
	("Universal Referral", "referral"),
	("Referral Triage", "referral"),
	("Comment", "comment"),
	("File", "file"),
)


@pytest.fixture
def world():
	w = restricted_world()
	sealed.forget()
	return w


def _listed(doctype: str, filters: dict) -> list[str]:
	"""The rows a list of `doctype` gives the session user (none when their roles may not list it)."""
	try:
		return frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=0)
	except frappe.PermissionError:
		return []


def _reached(user: str, w) -> dict[str, list]:
	"""What `user` reaches of the child: per DocType, the list rows and the single-document reads."""
	frappe.set_user(user)
	sealed.forget()
	try:
		found = {}
		for doctype, attribute in ABOUT_THE_CHILD:
			name = w[attribute]
			listed = _listed(doctype, {"name": name})
			read = frappe.has_permission(doctype, "read", name)
			if listed or read:
				found[doctype] = [listed, read]
		links = _listed("Referral Child Link", {"child": w.child})
		if links:
			found["Referral Child Link"] = links
		versions = _listed("Version", {"docname": w.child})
		if versions:
			found["Version"] = versions
		return found
	finally:
		frappe.set_user("Administrator")


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_not_named_reach_nothing_of_the_child(world, role):
	assert _reached(make_user(role), world) == {}


def test_the_named_and_the_one_who_set_it_reach_it(world):
	named = _reached(world.named, world)
	assert {"Child", "Visit", "Child Protection Plan"} <= set(named)
	assert "Child" in _reached(world.director, world)


def test_a_user_group_named_on_it_reaches_it(world):
	member = make_user(roles.TEAM_MANAGER)
	group = make_user_group([member])
	restriction = frappe.get_doc("Child Restriction", world.restriction)
	restriction.user_group = group
	frappe.set_user(world.director)
	restriction.save()
	frappe.set_user("Administrator")
	assert "Child" in _reached(member, world)


def test_partners_keep_their_referral_and_never_meet_the_restriction(world):
	frappe.set_user(world.partner)
	sealed.forget()
	assert frappe.get_list("Universal Referral", filters={"name": world.referral}, pluck="name") == [
		world.referral
	]
	assert sealed.sealed_children(world.partner) == ()
	assert not frappe.has_permission("Child Restriction", "read")


def test_the_statutory_visits_report_leaves_the_childs_visits_out(world):
	from frappe.desk.query_report import run

	manager = make_user(roles.TEAM_MANAGER)
	frappe.set_user(manager)
	sealed.forget()
	result = run("Statutory Visits Due", filters={})
	assert world.child not in json.dumps(result, default=str)
	frappe.set_user(world.named)
	sealed.forget()
	result = run("Statutory Visits Due", filters={})
	assert world.child in json.dumps(result, default=str)


def test_a_new_visit_of_the_child_is_refused_to_staff_it_is_not_open_to(world):
	from tests.visits_factories import visit_data

	frappe.set_user(world.worker)
	sealed.forget()
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(visit_data(world.child, world.worker)).insert()


def test_only_a_director_or_the_principal_social_worker_restricts(world):
	lifted_child = restricted_world(restrict=False).child
	for role in (roles.TEAM_MANAGER, roles.SOCIAL_WORKER, roles.BUSINESS_SUPPORT_OFFICER):
		with pytest.raises(frappe.PermissionError):
			make_restriction(lifted_child, make_user(role), [world.named])
	psw = make_user(roles.PRINCIPAL_SOCIAL_WORKER)
	assert make_restriction(lifted_child, psw, [world.named]).status == "Active"


def test_a_restriction_names_someone_and_keeps_its_history(world):
	other = restricted_world(restrict=False).child
	with pytest.raises(frappe.ValidationError):
		make_restriction(other, world.director, [])
	doc = frappe.get_doc("Child Restriction", world.restriction)
	doc.status = "Lifted"
	frappe.set_user(world.director)
	with pytest.raises(frappe.ValidationError):
		doc.save()


def test_break_glass_opens_it_for_a_while_logged_and_told(world):
	manager = make_user(roles.TEAM_MANAGER)
	assert _reached(manager, world) == {}
	frappe.set_user(manager)
	answer = break_glass(world.restriction, "The child is at A&E now and the record is needed.")
	assert answer["child"] == world.child
	assert "Child" in _reached(manager, world)
	log = frappe.get_all(
		"Record Access Log",
		filters={"user": manager, "reference_name": world.child, "channel": "Break-glass"},
		fields=["detail"],
	)
	assert log and "A&E" in log[0].detail
	told = frappe.get_all(
		"Notification Log",
		filters={"document_name": world.restriction, "subject": ["like", "%broke the glass%"]},
		pluck="for_user",
	)
	assert {world.director, world.named} <= set(told)
	# ... for the policy's minutes only
	frappe.db.set_value(
		"Child Restriction Opening",
		{"parent": world.restriction, "user": manager},
		"open_until",
		"2000-01-01",
	)
	assert _reached(manager, world) == {}


def test_break_glass_needs_a_role_the_policy_lists_and_a_reason(world):
	frappe.set_user(make_user(roles.SOCIAL_WORKER))
	with pytest.raises(frappe.PermissionError):
		break_glass(world.restriction, "Needed")
	frappe.set_user(make_user(roles.TEAM_MANAGER))
	with pytest.raises(frappe.ValidationError):
		break_glass(world.restriction, "  ")


def test_lifting_restores_access_and_keeps_the_history(world):
	worker = make_user(roles.SOCIAL_WORKER)
	manager = make_user(roles.TEAM_MANAGER)
	assert _reached(manager, world) == {}
	frappe.set_user(worker)
	with pytest.raises(frappe.PermissionError):
		lift_restriction(world.restriction, "No longer needed")
	frappe.set_user(world.director)
	lift_restriction(world.restriction, "The family has moved on safely.")
	assert "Child" in _reached(manager, world)
	stored = frappe.get_doc("Child Restriction", world.restriction)
	assert (stored.status, stored.lifted_by, stored.lift_reason) == (
		"Lifted",
		world.director,
		"The family has moved on safely.",
	)
	assert stored.set_by == world.director and stored.reason == world.reason
	again = make_restriction(world.child, world.director, [world.named])
	assert again.name != stored.name
	assert frappe.db.count("Child Restriction", {"child": world.child}) == 2


def test_intake_says_a_restricted_record_may_match_and_tells_the_named(world):
	referral = make_referral(
		world.partner,
		submit=True,
		children=[
			{"first_name": world.first_name, "last_name": world.last_name,
			 "date_of_birth": str(world.date_of_birth), "postcode": world.postcode}
		],
	).name  # fmt: skip
	triage = frappe.get_doc("Referral Triage", referral)
	stored = json.dumps([triage.possible_duplicates, triage.match_summaries])
	assert "A restricted record may match this child: contact" in stored
	assert world.child not in stored
	for what, value in secrets(world).items():
		if what != "the child's name":  # the referral's own child, as the referrer typed it
			assert value not in stored, what
	told = frappe.get_all(
		"Notification Log", filters={"document_name": world.restriction, "subject": ["like", f"%{referral}%"]},
		pluck="for_user",
	)  # fmt: skip
	assert {world.director, world.named} <= set(told)
	# staff see the message, with the contact, and none of the record
	from smallchanges.referrals.api import get_duplicate_comparison

	frappe.set_user(make_user(roles.BUSINESS_SUPPORT_OFFICER))
	sealed.forget()
	view = get_duplicate_comparison(referral)
	candidates = [c for child in view for c in child["candidates"]]
	assert [c.get("restricted") for c in candidates] == [1]
	assert frappe.utils.get_fullname(world.director) in candidates[0]["message"]
	assert world.child not in json.dumps(view, default=str)


def test_matches_stored_before_the_restriction_are_sealed(world):
	"""The world's referral was checked before its child was restricted: its stored match is now
	only "a restricted record may match"."""
	other = restricted_world(restrict=False)
	make_referral(
		other.partner,
		submit=True,
		children=[{"first_name": other.first_name, "last_name": other.last_name,
				   "date_of_birth": str(other.date_of_birth), "postcode": other.postcode}],
	)  # fmt: skip
	stored = frappe.get_all("Referral Triage", filters={"possible_duplicates": ["like", f"%{other.child}%"]})
	assert stored
	make_restriction(other.child, world.director, [world.named])
	assert not frappe.get_all(
		"Referral Triage", filters={"possible_duplicates": ["like", f"%{other.child}%"]}
	)
	assert not frappe.get_all("Referral Triage", filters={"match_summaries": ["like", f"%{other.child}%"]})
	# nor does the triage's change history, the sealing save's own Version included
	assert not frappe.get_all(
		"Version", filters={"ref_doctype": "Referral Triage", "data": ["like", f"%{other.child}%"]}
	)


def test_every_doctype_that_links_a_child_is_about_a_child():
	"""A DocType joins the criterion by linking to Child (in its fields, its tables or a DocType that
	does): none can be left out by forgetting to register it."""
	field = frappe.qb.DocType("DocField")
	linking = (
		set(
			frappe.qb.from_(field)
			.select(field.parent)
			.where((field.fieldtype == "Link") & (field.options == "Child"))
			.run(pluck=True)
		)
		- about_a_child.NOT_ABOUT_A_CHILD
	)
	assert linking, "no DocType links to Child"
	about = set(about_a_child.doctypes_about_a_child())
	tables = {d for d in linking if frappe.get_meta(d).istable}
	for doctype in linking - tables:
		assert doctype in about, doctype
	for table in tables:
		assert any(("table", table, "child") in about_a_child.child_paths(d) for d in about) or table in about
	for doctype in (
		"Core Group Minutes",
		"Core Group Agency Update",
		"Referral Triage",
		"Universal Referral",
	):
		assert doctype in about, doctype


def test_the_criterion_adds_nothing_while_no_child_is_restricted():
	frappe.db.delete("Child Restriction")
	sealed.forget()
	frappe.set_user(make_user(roles.TEAM_MANAGER))
	for doctype in ("Child", "Visit", "Universal Referral", "Child Protection Plan", "Referral Triage"):
		assert restrictions.query_conditions(doctype=doctype) == "", doctype


def test_a_restrictions_own_history_is_its_governors(world):
	frappe.get_doc(
		{"doctype": "Version", "ref_doctype": "Child Restriction", "docname": world.restriction,
		 "data": json.dumps({"changed": [["reason", "a", world.reason]]})}
	).insert(ignore_permissions=True)  # fmt: skip
	frappe.set_user(make_user(roles.SYSTEM_MANAGER))
	sealed.forget()
	assert not frappe.get_list("Version", filters={"ref_doctype": "Child Restriction"}, pluck="name")
	frappe.set_user(make_user(roles.SYSTEM_MANAGER, roles.DIRECTOR))
	sealed.forget()
	assert frappe.get_list("Version", filters={"docname": world.restriction}, pluck="name")
