"""A match with a restricted child in a referral's triage: stored as that and whom to contact,
never the record's name, date of birth, address or the reasons it matched.

At intake (`sealed_candidates`, for the duplicate check) and when a Director restricts a child
already stored as a possible match (`seal_stored_matches`, the Child Restriction's on_update hook,
with the triage records' change history).
"""

import frappe
from frappe import _

from smallchanges.access.scope import like_literal
from smallchanges.access.sealed import (
	ACTIVE,
	RESTRICTION,
	active_restriction,
	active_restriction_contact,
	restricted_children,
)
from smallchanges.referrals.candidates import full_name_of
from smallchanges.referrals.triage import save_triage


def sealed_candidates(ranked) -> dict[tuple[str, str], str]:
	"""(doctype, name) -> the restriction of each candidate that is a restricted child, or an open
	referral about one (its children linked to a restricted Child record). One query, and only while
	some child is restricted: the restricted children of access/sealed.py, at intake."""
	restricted = set(restricted_children())
	if not restricted:
		return {}
	sealed: dict[tuple[str, str], str] = {}
	children = {name for (doctype, name, _record), _match in ranked if doctype == "Child"} & restricted
	referrals = {name for (doctype, name, _record), _match in ranked if doctype != "Child"}
	if referrals:
		link = frappe.qb.DocType("Referral Child Link")
		for referral, child in (
			frappe.qb.from_(link)
			.select(link.referral, link.child)
			.where(link.referral.isin(sorted(referrals)) & link.child.isin(sorted(restricted)))
			.run()
		):
			sealed.setdefault(("Universal Referral", referral), child)
	for child in children:
		sealed[("Child", child)] = child
	by_child = {child: active_restriction(child) for child in set(sealed.values())}
	return {key: by_child[child].name for key, child in sealed.items() if by_child.get(child)}


def restricted_match_message(contact: str | None) -> str:
	return _("A restricted record may match this child: contact {0}.").format(
		frappe.utils.get_fullname(contact) if contact else _("a Director")
	)


def sealed_entry(child_row, restriction: str) -> dict:
	"""What triage keeps of a match with a restricted record: that there is one, and whom to contact;
	never the record's name, date of birth, address or the reasons it matched."""
	contact = active_restriction_contact(restriction)
	return {
		"referral_child": full_name_of(child_row),
		"referral_child_row": child_row.name,
		"candidate_doctype": RESTRICTION,
		"candidate": restriction,
		"restricted": 1,
		"contact": contact,
		"message": restricted_match_message(contact),
	}


def seal_stored_matches(restriction, method=None) -> None:
	"""Child Restriction.on_update: a child just restricted may already be a stored possible match in
	other referrals' triage; those entries become "a restricted record may match" (a one-off scan of
	the triage records' JSON, when a Director restricts a child)."""
	if restriction.status != ACTIVE:
		return
	triage = frappe.qb.DocType("Referral Triage")
	pattern = f'%"{restriction.child}"%'
	names = (
		frappe.qb.from_(triage)
		.select(triage.name)
		.where(triage.possible_duplicates.like(pattern))
		.run(pluck=True)
	)
	for name in names:
		doc = frappe.get_doc("Referral Triage", name)
		rows, changed = [], False
		for row in doc.candidates():
			if row.get("candidate_doctype") == "Child" and row.get("candidate") == restriction.child:
				changed = True
				if not any(
					r.get("restricted") and r.get("referral_child_row") == row.get("referral_child_row")
					for r in rows
				):
					rows.append(
						sealed_entry(
							frappe._dict(
								name=row.get("referral_child_row"), first_name=row.get("referral_child")
							),
							restriction.name,
						)
						| {"referral_child": row.get("referral_child")}
					)
				continue
			rows.append(row)
		if changed:
			summaries = {
				row_name: (
					summary
					if restriction.child not in summary
					else _("A restricted record may match this child.")
				)
				for row_name, summary in doc.summaries().items()
			}
			save_triage(
				name,
				{
					"possible_duplicates": frappe.as_json(rows, indent=None),
					"match_summaries": frappe.as_json(summaries, indent=None),
				},
			)
	_seal_triage_history(restriction.child)


SEALED_HISTORY = "(sealed: a restricted record may match this child)"


def _seal_triage_history(child: str) -> None:
	"""The triage records' change history keeps no stored match with a child just restricted: each
	Version value that names it (the old JSON, also the one the sealing save just wrote) says only
	that a restricted record may match."""
	version = frappe.qb.DocType("Version")
	rows = (
		frappe.qb.from_(version)
		.select(version.name, version.data)
		.where((version.ref_doctype == "Referral Triage") & version.data.like(f"%{like_literal(child)}%"))
		.run(as_dict=True)
	)
	for row in rows:
		data = frappe.parse_json(row.data or "{}")
		for change in data.get("changed") or []:
			if len(change) == 3 and change[0] in ("possible_duplicates", "match_summaries"):
				change[1:] = [SEALED_HISTORY if child in str(value or "") else value for value in change[1:]]
		text = frappe.as_json(data, indent=None)
		if child in text:  # anywhere else in the entry: the whole entry says only that much
			text = frappe.as_json({"changed": [["possible_duplicates", SEALED_HISTORY, SEALED_HISTORY]]})
		frappe.db.set_value("Version", row.name, "data", text, update_modified=False)
