"""Duplicate detection at intake: the database side of `smallchanges.rules.matching`.

For each child on a referral: find candidate Child records and children on other open referrals
by phonetic name keys, nearby dates of birth and postcode (indexed columns), let the pure matcher
score them, and store the ranked results on the referral for triage. Nothing is ever merged.
"""

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.utils import getdate, now_datetime

from smallchanges.child_tables import values_by_parent
from smallchanges.rules.matching import (
	Person,
	candidate_dates,
	name_keys,
	normalise_postcode,
	phonetic_key,
	rank,
)
from smallchanges.rules.referral import OPEN_STATES, OpenReferral, person_name, repeat_of

MAX_CANDIDATES_PER_CHILD = 5
CANDIDATE_ROWS_SCANNED = 200  # per child and source; the matcher then ranks them


def _aka(text: str | None) -> tuple[str, ...]:
	return tuple(part.strip() for part in (text or "").replace(",", "\n").splitlines() if part.strip())


def person_of(row) -> Person:
	return Person(
		first_name=row.get("first_name") or "",
		last_name=row.get("last_name") or "",
		also_known_as=_aka(row.get("also_known_as")),
		date_of_birth=getdate(row.get("date_of_birth")) if row.get("date_of_birth") else None,
		expected_date=getdate(row.get("expected_date_of_delivery"))
		if row.get("expected_date_of_delivery")
		else None,
		postcode=row.get("postcode"),
	)


def set_match_keys(row) -> None:
	"""The indexed columns candidate searches use (on a Child or a Referral Child row)."""
	row.first_name_key = phonetic_key(row.get("first_name"))
	row.last_name_key = phonetic_key(row.get("last_name"))
	row.postcode_normalised = normalise_postcode(row.get("postcode"))


def _search_criterion(table, person: Person):
	keys = sorted(k for k in name_keys(person) if k)
	terms = []
	if keys:
		terms += [table.first_name_key.isin(keys), table.last_name_key.isin(keys)]
	for day in (person.date_of_birth, person.expected_date):
		if day:
			dates = sorted(candidate_dates(day))
			terms += [table.date_of_birth.isin(dates), table.expected_date_of_delivery.isin(dates)]
	postcode = normalise_postcode(person.postcode)
	if postcode:
		terms.append(table.postcode_normalised == postcode)
	return Criterion.any(terms) if terms else None


def _child_candidates(person: Person) -> list[dict]:
	table = frappe.qb.DocType("Child")
	criterion = _search_criterion(table, person)
	if criterion is None:
		return []
	# Staff-only triage run by the server for the referral being saved (possibly while a partner is
	# the session user): the results are stored in a permlevel-1 table partners can never read.
	return (
		frappe.qb.from_(table)
		.select(
			table.name,
			table.first_name,
			table.last_name,
			table.full_name,
			table.also_known_as,
			table.date_of_birth,
			table.expected_date_of_delivery,
			table.postcode,
		)
		.where(criterion)
		.limit(CANDIDATE_ROWS_SCANNED)
		.run(as_dict=True)
	)


def _open_referral_candidates(person: Person, exclude: str | None) -> list[dict]:
	row = frappe.qb.DocType("Referral Child")
	referral = frappe.qb.DocType("Universal Referral")
	criterion = _search_criterion(row, person)
	if criterion is None:
		return []
	query = (
		frappe.qb.from_(row)
		.join(referral)
		.on(row.parent == referral.name)
		.select(
			row.name.as_("row_name"),
			row.parent,
			row.child,
			row.first_name,
			row.last_name,
			row.also_known_as,
			row.date_of_birth,
			row.expected_date_of_delivery,
			row.postcode,
			referral.workflow_state,
		)
		.where(criterion)
		.where(row.parenttype == "Universal Referral")
		.where(referral.workflow_state.isin(OPEN_STATES))
		.limit(CANDIDATE_ROWS_SCANNED)
	)
	if exclude:
		query = query.where(row.parent != exclude)
	return query.run(as_dict=True)


def _full_name(record: dict) -> str:
	return record.get("full_name") or person_name(record.get("first_name"), record.get("last_name"))


def check_duplicates(referral) -> None:
	"""Fill `possible_duplicates`, each child's `match_summary`, and the repeat flag."""
	referral.set("possible_duplicates", [])
	open_referrals: dict[str, OpenReferral] = {}
	services = [row.service for row in referral.get("services") or [] if row.service]

	for child_row in referral.get("children") or []:
		set_match_keys(child_row)
		person = person_of(child_row)
		candidates = []
		for record in _child_candidates(person):
			candidates.append((("Child", record.name, record), person_of(record)))
		for record in _open_referral_candidates(person, referral.name if not referral.is_new() else None):
			candidates.append((("Universal Referral", record.parent, record), person_of(record)))

		ranked = rank(person, candidates)
		for (doctype, name, record), match in ranked[:MAX_CANDIDATES_PER_CHILD]:
			referral.append(
				"possible_duplicates",
				{
					"referral_child": _full_name(child_row),
					"referral_child_row": child_row.name,
					"candidate_doctype": doctype,
					"candidate": name,
					"candidate_name": _full_name(record),
					"candidate_date_of_birth": record.get("date_of_birth")
					or record.get("expected_date_of_delivery"),
					"candidate_postcode": record.get("postcode"),
					"score": match.score,
					"strength": match.strength,
					"reasons": ", ".join(_(reason) for reason in match.reasons),
				},
			)
		child_row.match_summary = (
			_("{0} possible match(es); best: {1} ({2})").format(
				len(ranked), ranked[0][0][1], ", ".join(_(r) for r in ranked[0][1].reasons)
			)
			if ranked
			else _("No match found")
		)

		# Same child on another open referral: a strong match, or both rows linked to one Child.
		for (doctype, name, record), match in ranked:
			if doctype != "Universal Referral":
				continue
			same = match.strength == "strong" or (child_row.child and record.get("child") == child_row.child)
			if same:
				open_referrals.setdefault(name, OpenReferral(name=name, same_child=True))

	if open_referrals and services:
		# Read by the server for triage of the referral being saved; only the name of the repeated
		# referral is stored, in a staff-only field.
		by_parent = requested_services(list(open_referrals))
		repeats = [
			OpenReferral(name=name, services=frozenset(by_parent.get(name, ())), same_child=True)
			for name in open_referrals
		]
		referral.repeat_of = repeat_of(services, repeats)
	else:
		referral.repeat_of = None
	referral.is_repeat = 1 if referral.repeat_of else 0
	referral.duplicates_checked_at = now_datetime()


def requested_services(referrals: list[str]) -> dict[str, list[str]]:
	"""The services each of these referrals asks for (no permission check: callers scope)."""
	return values_by_parent(
		"Referral Service Request", "Universal Referral", "services", "service", referrals
	)
