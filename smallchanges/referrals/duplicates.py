"""Duplicate detection at intake: the duplicate check of a referral just sent.

For each child on a referral: find candidate Child records and children on other open referrals
(`smallchanges.referrals.candidates`: the blocking rules, ONE query per source), let the pure
matcher score them, and store the ranked results, with the repeat flag, in the referral's
staff-only Referral Triage (`smallchanges.referrals.triage`). A match with a restricted child is
stored as that and whom to contact (`smallchanges.referrals.restricted_matches`). Nothing is ever
merged.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from smallchanges.access.sealed import active_restriction_contact
from smallchanges.child_tables import values_by_parent
from smallchanges.governance.restrictions import tell_of_possible_match
from smallchanges.referrals.candidates import find_duplicates, full_name_of, person_of, set_match_keys
from smallchanges.referrals.child_links import linked_children
from smallchanges.referrals.restricted_matches import (
	restricted_match_message,
	sealed_candidates,
	sealed_entry,
)
from smallchanges.referrals.triage import save_triage, triage_of
from smallchanges.rules.referral import OpenReferral, repeat_of

MAX_CANDIDATES_PER_CHILD = 5


DUPLICATE_CHECK_JOB = "smallchanges.referrals.duplicates.check_sent_referral"


def queue_duplicate_check(referral: str) -> None:
	"""The duplicate check of a referral just sent, as a job on the short queue once the Send has
	committed (in the test process: at once, in the test's transaction). Until it has run, the
	referral's triage says it has not been checked yet, and staff may check it at once."""
	frappe.enqueue(
		DUPLICATE_CHECK_JOB,
		queue="short",
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
		name=referral,
	)


def check_sent_referral(name: str) -> None:
	"""The background half of `queue_duplicate_check`: the referral as now stored."""
	if frappe.db.exists("Universal Referral", name):
		check_duplicates(frappe.get_doc("Universal Referral", name))


def check_duplicates(referral) -> None:
	"""Rank each child's possible duplicates and store them, with the repeat flag, in the
	referral's staff-only Referral Triage (the referral itself holds none of it). A match with a
	restricted record is stored as that and whom to contact; its named people are told."""
	candidates: list[dict] = []
	summaries: dict[str, str] = {}
	open_referrals: dict[str, OpenReferral] = {}
	services = [row.service for row in referral.get("services") or [] if row.service]
	links = linked_children([row.name for row in referral.get("children") or [] if row.name])
	matched_restrictions: set[str] = set()

	for child_row in referral.get("children") or []:
		set_match_keys(child_row)
		ranked = find_duplicates(person_of(child_row), referral.name if not referral.is_new() else None)
		sealed = sealed_candidates(ranked)
		sealed_here = []
		for (doctype, name, record), match in ranked[:MAX_CANDIDATES_PER_CHILD]:
			restriction = sealed.get((doctype, name))
			if restriction:
				if restriction not in sealed_here:
					sealed_here.append(restriction)
					candidates.append(sealed_entry(child_row, restriction))
				continue
			candidates.append(
				{
					"referral_child": full_name_of(child_row),
					"referral_child_row": child_row.name,
					"candidate_doctype": doctype,
					"candidate": name,
					"candidate_name": full_name_of(record),
					"candidate_date_of_birth": str(
						record.get("date_of_birth") or record.get("expected_date_of_delivery") or ""
					)
					or None,
					"candidate_postcode": record.get("postcode"),
					"score": match.score,
					"strength": match.strength,
					"reasons": ", ".join(_(reason) for reason in match.reasons),
				}
			)
		matched_restrictions.update(sealed_here)
		visible = [(key, match) for key, match in ranked if (key[0], key[1]) not in sealed]
		summary = (
			_("{0} possible match(es); best: {1} ({2})").format(
				len(visible), visible[0][0][1], ", ".join(_(r) for r in visible[0][1].reasons)
			)
			if visible
			else _("No match found")
		)
		if sealed_here:
			summary = " ".join(
				[restricted_match_message(active_restriction_contact(sealed_here[0])), summary]
			)
		summaries[child_row.name] = summary

		# Same child on another open referral: a strong match, or both rows linked to one Child
		# (never a referral about a restricted child: the triage would name it).
		on_open_referrals = [
			(name, record, match) for (doctype, name, record), match in visible if doctype != "Child"
		]
		linked = links.get(child_row.name)
		theirs = linked_children([record.row_name for _n, record, _m in on_open_referrals]) if linked else {}
		for name, record, match in on_open_referrals:
			if match.strength == "strong" or (linked and theirs.get(record.row_name) == linked):
				open_referrals.setdefault(name, OpenReferral(name=name, same_child=True))

	repeat = None
	if open_referrals and services:
		# Read by the server for triage of the referral being saved; only the name of the repeated
		# referral is stored, in the staff-only triage record.
		by_parent = requested_services(list(open_referrals))
		repeats = [
			OpenReferral(name=name, services=frozenset(by_parent.get(name, ())), same_child=True)
			for name in open_referrals
		]
		repeat = repeat_of(services, repeats)
	told = _restrictions_in(triage_of(referral.name)) if matched_restrictions else set()
	save_triage(
		referral.name,
		{
			"possible_duplicates": frappe.as_json(candidates, indent=None),
			"match_summaries": frappe.as_json(summaries, indent=None),
			"repeat_of": repeat,
			"is_repeat": 1 if repeat else 0,
			"duplicates_checked_at": now_datetime(),
		},
	)
	for restriction in sorted(matched_restrictions - told):
		tell_of_possible_match(restriction, referral.name)


def _restrictions_in(triage) -> set[str]:
	"""The restrictions a stored triage already matched (their people were told then)."""
	if not triage:
		return set()
	return {row.get("candidate") for row in triage.candidates() if row.get("restricted")}


def requested_services(referrals: list[str]) -> dict[str, list[str]]:
	"""The services each of these referrals asks for (no permission check: callers scope)."""
	return values_by_parent(
		"Referral Service Request", "Universal Referral", "services", "service", referrals
	)
