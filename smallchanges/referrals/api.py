"""Whitelisted methods for staff triage of a referral: duplicates side by side, link or create
the Child record, undo a link; and the decision dialogs (what a transition must record, asked and
acted on in one call). Partners never reach the triage methods: each checks permission on
Referral Triage or Referral Child Link, on which no partner role has any; the decision methods
check the workflow's transitions for the user's own roles."""

import frappe
from frappe import _
from frappe.model import workflow

from smallchanges.access.sealed import active_restriction_contact
from smallchanges.governance.restrictions import may_break_glass
from smallchanges.referrals.child_links import LINK_DOCTYPE, link_row, linked_children, unlink_row
from smallchanges.referrals.duplicates import check_duplicates
from smallchanges.referrals.restricted_matches import restricted_match_message
from smallchanges.referrals.triage import triage_of
from smallchanges.rules.referral import OUTCOME_QUESTIONS, person_name


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
		"can_undo_link": bool(frappe.has_permission(LINK_DOCTYPE, "delete")),
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


@frappe.whitelist(methods=["POST"])
def unlink_child(referral: str, row: str) -> str:
	"""Undo the link of a child on the referral to a Child record (the Child record stays), by
	someone who may remove links; noted on the triage's timeline."""
	doc = _referral_for_triage(referral)
	source = _child_row(doc, row)
	linked = linked_children([source.name]).get(source.name)
	if not linked:
		frappe.throw(_("This child is not linked to a child record."))
	if not frappe.has_permission(LINK_DOCTYPE, "delete", source.name):
		frappe.throw(_("You may not undo a link to a child record."), frappe.PermissionError)
	unlink_row(source.name)
	_note_on_triage(
		doc.name, _("Undid the link of {0} to child record {1}.").format(source.first_name, linked)
	)
	return linked


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


# ---- decisions where the work is ---------------------------------------------------------------
def _transition(doc, action: str):
	"""The workflow transition `action` from the referral's stored state, if this user's roles
	may take it (Frappe's own list of transitions for the user)."""
	for transition in workflow.get_transitions(doc):
		if transition.action == action:
			return transition
	frappe.throw(_("{0} is not an action you can take on this referral now.").format(_(action)))


def _questions(doc, next_state: str) -> list[dict]:
	"""The fields a transition into `next_state` must record, as dialog fields: the rules'
	questions, with the DocType's labels and choices."""
	fields = []
	for question in OUTCOME_QUESTIONS.get(next_state, ()):
		df = doc.meta.get_field(question.field)
		field = {
			"fieldname": question.field,
			"fieldtype": df.fieldtype,
			"label": _(df.label),
			"description": _(question.message),
			"reqd": 1,
			"default": doc.get(question.field),
		}
		if df.fieldtype == "Select":
			choices = [c for c in (df.options or "").split("\n") if c and c not in question.not_choices]
			field["options"] = [{"value": c, "label": _(c)} for c in ["", *choices]]
			if field["default"] not in choices:
				field["default"] = None
		fields.append(field)
	return fields


@frappe.whitelist(methods=["GET"])
def decision_questions(referral: str, action: str) -> dict:
	"""What the desk's dialog for `action` asks: the fields the transition must record (none for
	a transition that records nothing, e.g. Check)."""
	doc = frappe.get_doc("Universal Referral", referral)
	doc.check_permission("read")
	transition = _transition(doc, action)
	return {
		"action": action,
		"next_state": transition.next_state,
		"fields": _questions(doc, transition.next_state),
	}


@frappe.whitelist(methods=["POST"])
def decide(referral: str, action: str, values: dict | str | None = None) -> dict:
	"""Record what the transition asks (only those fields) and take it, in one request: if the
	transition is refused, nothing of it is kept (the request rolls back)."""
	doc = frappe.get_doc("Universal Referral", referral)
	doc.check_permission("write")
	transition = _transition(doc, action)
	values = frappe.parse_json(values) if isinstance(values, str) else (values or {})
	if not isinstance(values, dict):
		frappe.throw(_("The answers must be sent as a record."))
	asked = [question.field for question in OUTCOME_QUESTIONS.get(transition.next_state, ())]
	changed = False
	for fieldname in asked:
		value = values.get(fieldname)
		if not isinstance(value, str | type(None)):
			frappe.throw(_("{0} must be text.").format(_(doc.meta.get_label(fieldname))))
		if (value or "") != (doc.get(fieldname) or ""):
			doc.set(fieldname, value)
			changed = True
	if changed:
		doc.save()
	return workflow.apply_workflow({"doctype": doc.doctype, "name": doc.name}, action).as_dict()
