"""Whitelisted methods for staff triage of a referral: duplicates side by side, link or create
the Child record. Partners never reach these: each checks permission on Referral Triage, on
which no partner role has any."""

import frappe
from frappe import _

from smallchanges.access.restrictions import active_restriction_contact
from smallchanges.governance.restrictions import may_break_glass
from smallchanges.referrals.child_links import LINK_DOCTYPE, link_row, linked_children
from smallchanges.referrals.duplicates import check_duplicates, restricted_match_message, triage_of
from smallchanges.rules.referral import person_name


def _may_triage(referral, ptype: str) -> bool:
	triage = triage_of(referral.name)
	allowed = frappe.has_permission("Referral Triage", ptype, triage) if triage else None
	if allowed is None:
		allowed = frappe.has_permission("Referral Triage", ptype)
	return bool(allowed)


def _referral_for_triage(referral: str):
	doc = frappe.get_doc("Universal Referral", referral)
	doc.check_permission("read")
	if not _may_triage(doc, "write") or not frappe.has_permission(LINK_DOCTYPE, "create"):
		frappe.throw(_("Only council staff can triage referrals."), frappe.PermissionError)
	return doc


def _child_row(doc, row: str):
	for child in doc.children:
		if child.name == row:
			return child
	frappe.throw(_("That child is not on referral {0}.").format(doc.name), frappe.DoesNotExistError)


@frappe.whitelist()
def get_duplicate_comparison(referral: str) -> list[dict]:
	"""Each child on the referral beside its possible duplicates, with the details to compare."""
	doc = frappe.get_doc("Universal Referral", referral)
	doc.check_permission("read")
	if not _may_triage(doc, "read"):
		frappe.throw(_("Only council staff can see possible duplicates."), frappe.PermissionError)
	triage = triage_of(doc.name)
	stored = triage.candidates() if triage else []

	fields = ["date_of_birth", "expected_date_of_delivery", "postcode", "address", "school", "nhs_number"]
	links = linked_children([child.name for child in doc.children])
	out = []
	for child in doc.children:
		candidates = []
		for row in stored:
			if row.get("referral_child_row") != child.name:
				continue
			if row.get("restricted"):
				# Only that a restricted record may match, and whom to contact: never its details.
				candidates.append(
					{
						"restricted": 1,
						"restriction": row["candidate"],
						"message": restricted_match_message(active_restriction_contact(row["candidate"])),
						"may_break_glass": may_break_glass(),
					}
				)
				continue
			if not frappe.has_permission(row["candidate_doctype"], "read", row["candidate"]):
				continue
			details = _candidate_details(row["candidate_doctype"], row["candidate"])
			candidates.append(
				{
					"doctype": row["candidate_doctype"],
					"name": row["candidate"],
					"score": row.get("score"),
					"strength": row.get("strength"),
					"reasons": row.get("reasons"),
					**details,
				}
			)
		out.append(
			{
				"row": child.name,
				"name": person_name(child.first_name, child.last_name),
				"also_known_as": child.also_known_as,
				"linked_child": links.get(child.name),
				**{field: child.get(field) for field in fields},
				"candidates": candidates,
			}
		)
	return out


def _candidate_details(doctype: str, name: str) -> dict:
	if doctype == "Child":
		child = frappe.get_doc("Child", name)
		return {
			"full_name": child.full_name,
			"also_known_as": child.also_known_as,
			"date_of_birth": child.date_of_birth,
			"expected_date_of_delivery": child.expected_date_of_delivery,
			"postcode": child.postcode,
			"address": child.address,
			"nhs_number": child.nhs_number,
		}
	referral = frappe.get_doc("Universal Referral", name)
	links = linked_children([c.name for c in referral.children])
	return {
		"full_name": referral.title,
		"state": referral.workflow_state,
		"received_at": referral.received_at,
		"referrer_agency": referral.referrer_agency,
		"services": ", ".join(row.service for row in referral.services),
		"children": [
			{
				"full_name": person_name(c.first_name, c.last_name),
				"date_of_birth": c.date_of_birth,
				"postcode": c.postcode,
				"child": links.get(c.name),
			}
			for c in referral.children
		],
	}


@frappe.whitelist()
def get_triage_view(referral: str) -> dict:
	"""What the referral's desk form shows staff: its triage record and the side-by-side view."""
	children = get_duplicate_comparison(referral)  # checks read access to the referral and triage
	triage = triage_of(referral)
	return {
		"triage": {
			"name": triage.name,
			"is_repeat": triage.is_repeat,
			"repeat_of": triage.repeat_of,
			"primary_need": triage.primary_need,
			"triage_notes": triage.triage_notes,
			"duplicates_checked_at": triage.duplicates_checked_at,
		}
		if triage
		else None,
		"children": children,
		"can_triage": _may_triage(frappe.get_doc("Universal Referral", referral), "write"),
	}


@frappe.whitelist(methods=["POST"])
def link_child(referral: str, row: str, child: str) -> str:
	"""Link a child on the referral to an existing Child record (a person decides; never automatic)."""
	doc = _referral_for_triage(referral)
	frappe.get_doc("Child", child).check_permission("read")
	source = _child_row(doc, row)
	link_row(doc.name, source.name, child)
	_note_on_triage(doc.name, _("Linked {0} to child record {1}.").format(source.first_name, child))
	return child


@frappe.whitelist(methods=["POST"])
def create_child(referral: str, row: str) -> str:
	"""Make a new Child record from a child on the referral, and link it."""
	doc = _referral_for_triage(referral)
	source = _child_row(doc, row)
	linked = linked_children([source.name]).get(source.name)
	if linked:
		frappe.throw(_("This child is already linked to {0}.").format(linked))
	child = frappe.get_doc(
		{
			"doctype": "Child",
			"first_name": source.first_name,
			"last_name": source.last_name,
			"also_known_as": source.also_known_as,
			"date_of_birth": source.date_of_birth,
			"expected_date_of_delivery": source.expected_date_of_delivery,
			"sex": source.sex,
			"address": source.address,
			"postcode": source.postcode,
			"nhs_number": source.nhs_number,
			"upn": source.upn,
		}
	).insert()
	link_row(doc.name, source.name, child.name)
	_note_on_triage(doc.name, _("Created child record {0} for {1}.").format(child.name, source.first_name))
	return child.name


def _note_on_triage(referral: str, text: str) -> None:
	"""A note in the staff-only triage's timeline (never on the referral, which its partner reads)."""
	triage = triage_of(referral)
	if triage:
		triage.add_comment("Info", text)


@frappe.whitelist(methods=["POST"])
def recheck_duplicates(referral: str) -> int:
	"""Run duplicate detection again (e.g. after correcting a date of birth)."""
	doc = _referral_for_triage(referral)
	check_duplicates(doc)
	return len(triage_of(doc.name).candidates())
