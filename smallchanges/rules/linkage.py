"""Batch duplicate finding and reviewed merges of Child records: the pure rules.

The batch finder (smallchanges.linkage) scores pairs of Child records with a Splink model and hands
the pairs above `CLUSTER_THRESHOLD` to `clusters`; what is found is reconciled with what is already
on file (`reconcile`) so a re-run never makes a second record of the same cluster and a dismissed
cluster stays dismissed. A merge moves every link to the merged child (`links_to_move`) to the
survivor. What a comparison weighs is said in words (`evidence_lines`, `model_lines`).
Pure Python: no Frappe; plain values in, plain values out.
"""

import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from smallchanges.rules.matching.keys import (
	letters_of,
	name_tokens,
	normalise_postcode,
	other_forms,
	phonetic_key,
	postcode_area,
)
from smallchanges.rules.translation import Translate, _, untranslated

# A pair is offered as a possible duplicate at this match probability or more (the default of the
# Duplicate Finder Settings). Low, because the prior is: among a council's children two records
# picked at random are the same child about once in millions of pairs, so even a pair agreeing on
# names and date of birth but not postcode lands between 0.05 and 0.5; the benchmark
# (benchmarks/duplicate_finding.py) measures precision and recall at this value.
CLUSTER_THRESHOLD = 0.05
# A child on file more than a few times is not a duplicate but a chain of look-alikes (twins,
# cousins, a popular name and birthday): a component bigger than this is recut at stricter
# probabilities (each step keeps a tenth of the distance to certainty) until its parts fit.
MAX_CLUSTER_SIZE = 5
RECUT_STEPS = 6

# Possible Duplicate statuses
OPEN = "Open"
MERGE_PROPOSED = "Merge proposed"
MERGED = "Merged"
DISMISSED = "Dismissed"
STATUSES = (OPEN, MERGE_PROPOSED, MERGED, DISMISSED)
# A cluster found again inside one of these is not offered again.
REVIEWED = frozenset({MERGED, DISMISSED})

# Child Merge workflow states and actions
PROPOSED = "Proposed"
APPROVED = "Merged"
REJECTED = "Rejected"
UNDONE = "Undone"
APPROVE, REJECT, UNDO = "Approve", "Reject", "Undo"

# Records that name a Child but are not moved by a merge: the merge's own record and the evidence of
# the cluster (they must keep naming both children). The access log names records by a dynamic link
# and is never rewritten: the survivor's "who read" shows the merged child's rows too.
LINKS_KEPT = frozenset({"Child Merge", "Possible Duplicate", "Possible Duplicate Member"})

# ---- the features the model compares, from one Child row ---------------------------------------


def _name(text: str | None) -> str:
	return letters_of(name_tokens(text))


def given_forms(first_name: str | None, also_known_as: Iterable[str] = ()) -> list[str]:
	"""Every form of a child's given names: the first name, also-known-as names, and their nicknames
	and full forms (Bill ~ William). Two children share a form when one is known by the other's name."""
	forms: set[str] = set()
	for text in (first_name, *also_known_as):
		for token in name_tokens(text):
			word = letters_of((token,))
			if word:
				forms.add(word)
				forms.update(other_forms(word))
	return sorted(forms)


# Words of a surname too slight to say two surnames are one family's ("De Souza", "Van Dijk"): words of
# fewer than three letters, and these.
SURNAME_PARTICLES = frozenset(
	{"van", "von", "der", "den", "del", "della", "des", "les", "bin", "bint", "binti", "ibn", "abu"}
)


def surname_parts(last_name: str | None) -> list[str]:
	"""The words of a surname that can stand for it alone: a double-barrelled "Smith-Jones" is
	"smith" and "jones", so a child on file as Smith and as Smith-Jones shares a part."""
	words = {letters_of((token,)) for token in name_tokens(last_name)}
	return sorted(w for w in words if len(w) >= 3 and w not in SURNAME_PARTICLES)


def _digits(text: str | None) -> str | None:
	digits = "".join(ch for ch in str(text or "") if ch.isdigit())
	return digits or None


def features(row: dict) -> dict:
	"""What the model compares for one Child (a dict of its stored fields): normalised names, their
	sounds-alike keys (the same keys as the intake check), every form of the given names, the words of
	the surname (a double-barrelled one is both families' names), the date of
	birth (or the expected date of an unborn child), the postcode and its district, NHS number, UPN."""
	born = row.get("date_of_birth") or row.get("expected_date_of_delivery")
	if isinstance(born, date):
		born = born.isoformat()
	aka = [part.strip() for part in (row.get("also_known_as") or "").replace(",", "\n").splitlines()]
	postcode = normalise_postcode(row.get("postcode"))
	upn = "".join(ch for ch in str(row.get("upn") or "").upper() if ch.isalnum())
	first, last = _name(row.get("first_name")), _name(row.get("last_name"))
	forms = given_forms(row.get("first_name"), [a for a in aka if a])
	return {
		"unique_id": row["name"],
		"first_name": first or None,
		"last_name": last or None,
		"first_name_key": phonetic_key(row.get("first_name")) or None,
		"last_name_key": phonetic_key(row.get("last_name")) or None,
		"given_forms": forms or None,
		"surname_parts": surname_parts(row.get("last_name")) or None,
		"birth_date": str(born)[:10] if born else None,
		"birth_month": str(born)[:7] if born else None,
		"unborn": "yes" if born and not row.get("date_of_birth") else None,
		"postcode": postcode or None,
		"postcode_area": postcode_area(row.get("postcode")) or None,
		"nhs_number": _digits(row.get("nhs_number")),
		"upn": upn or None,
	}


# ---- clusters -----------------------------------------------------------------------------------


def _components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[frozenset[str]]:
	parent: dict[str, str] = {node: node for node in nodes}

	def root(node: str) -> str:
		while parent[node] != node:
			parent[node] = parent[parent[node]]
			node = parent[node]
		return node

	for a, b in edges:
		ra, rb = root(a), root(b)
		if ra != rb:
			parent[max(ra, rb)] = min(ra, rb)
	groups: dict[str, set[str]] = {}
	for node in parent:
		groups.setdefault(root(node), set()).add(node)
	return [frozenset(group) for group in groups.values() if len(group) > 1]


def clusters(
	pairs: Iterable[tuple[str, str, float]],
	threshold: float = CLUSTER_THRESHOLD,
	max_size: int = MAX_CLUSTER_SIZE,
) -> list[frozenset[str]]:
	"""Groups of children that are probably one child: the connected components of the pairs at
	`threshold` or more. A component of more than `max_size` is a chain of look-alikes, not one child:
	it is recut at stricter thresholds (`RECUT_STEPS` at most); what is still too big is left out.
	Sorted, largest first, then by their first member, so two engines' results compare equal."""
	strong = [(a, b, p) for a, b, p in pairs if p >= threshold and a != b]
	found: list[frozenset[str]] = []
	pending = [(frozenset(x for a, b, _p in strong for x in (a, b)), strong, threshold)]
	while pending:
		nodes, edges, at = pending.pop()
		for component in _components(nodes, [(a, b) for a, b, p in edges if p >= at]):
			if len(component) <= max_size:
				found.append(component)
				continue
			stricter = 1 - (1 - at) / 10
			if stricter > 1 - (1 - threshold) / 10**RECUT_STEPS:
				continue  # still a chain at the strictest threshold: not offered as one child
			inside = [(a, b, p) for a, b, p in edges if a in component and b in component]
			pending.append((component, inside, stricter))
	return sorted(found, key=lambda c: (-len(c), min(c)))


def cluster_key(members: Iterable[str]) -> str:
	"""A cluster's identity when first stored: its members, whatever order an engine gave them."""
	return hashlib.sha1("|".join(sorted(members)).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Stored:
	"""A Possible Duplicate already on file."""

	name: str
	status: str
	members: frozenset[str]


@dataclass
class Reconciled:
	create: list[frozenset[str]] = field(default_factory=list)
	update: dict[str, frozenset[str]] = field(default_factory=dict)  # an open record's new members
	unchanged: list[str] = field(default_factory=list)  # found again as it is
	kept_reviewed: list[str] = field(default_factory=list)  # found again inside a reviewed record


def reconcile(found: Iterable[frozenset[str]], stored: Iterable[Stored]) -> Reconciled:
	"""What a run does with the clusters it found, given those on file:

	- inside a merged or dismissed record (all its members were reviewed together): nothing, it
	  stays as it was reviewed;
	- the same members as an open (or proposed) record: nothing;
	- sharing members with an open record: that record takes the new members (its identity stays),
	  unless a merge is proposed on it (then nothing changes under the reviewer);
	- otherwise: a new record.
	One stored record is taken by at most one found cluster (the one sharing most members)."""
	stored = list(stored)
	result = Reconciled()
	taken: set[str] = set()
	for members in sorted(found, key=lambda c: (-len(c), min(c))):
		reviewed = next((s for s in stored if s.status in REVIEWED and members <= s.members), None)
		if reviewed:
			result.kept_reviewed.append(reviewed.name)
			continue
		overlapping = sorted(
			(s for s in stored if s.status not in REVIEWED and s.name not in taken and s.members & members),
			key=lambda s: (-len(s.members & members), s.name),
		)
		if not overlapping:
			result.create.append(members)
			continue
		record = overlapping[0]
		taken.add(record.name)
		if record.members == members or record.status == MERGE_PROPOSED:
			result.unchanged.append(record.name)
		else:
			result.update[record.name] = members
	return result


# ---- the trained model ----------------------------------------------------------------------------

# No single comparison may outweigh all the others: a level's m and u probabilities are kept at
# least this, so one disagreeing field (a mistyped NHS number, a family that moved) costs at most
# about 7 bits (128 times less likely), never an absolute veto, and a level seldom seen in training
# keeps a finite weight.
PROBABILITY_FLOOR = 0.005


def pairs_sharing(values: Iterable[str | None]) -> int:
	"""Pairs of records that share a value (an NHS number, a UPN); a missing value is shared by none."""
	counts = Counter(value for value in values if value)
	return sum(n * (n - 1) // 2 for n in counts.values())


def identifier_u(shared_pairs: int, records: int) -> float:
	"""How often two different children share an identifier, at most: every pair of the whole index
	that shares one counted as two different children, over all the index's pairs (at least one pair,
	so never nought). Random sampling meets no such pair, and one in the pairs sampled would make a
	shared NHS number say less the bigger the index is, when it says more."""
	total = max(records * (records - 1) / 2, 1)
	return min(max(shared_pairs, 1) / total, 1.0)


def tempered(
	model: dict,
	unseen_u: float,
	floor: float = PROBABILITY_FLOOR,
	identifiers: dict[str, float] | None = None,
) -> dict:
	"""The trained model with every level's trained m probability kept at `floor` or more, and a u that
	random sampling never met set to `unseen_u` (one in the pairs sampled): the level is rarer than
	that among strangers, as far as the data can tell; for an identifier's comparison named in
	`identifiers` (column: u, from `identifier_u`), that u, which the whole index bounds."""
	for comparison in model.get("comparisons", []):
		column = comparison.get("output_column_name")
		for level in comparison.get("comparison_levels", []):
			if level.get("is_null_level"):
				continue
			# a level the training never met (no labelled pair fell in it) is as rare as the floor
			level["m_probability"] = max(float(level.get("m_probability") or 0), floor)
			if not level.get("u_probability"):
				level["u_probability"] = (identifiers or {}).get(column, unseen_u)
	return model


# ---- merges ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkField:
	"""A field of some DocType that names a Child (from the DocType's meta)."""

	doctype: str
	fieldname: str
	is_single: bool = False
	is_virtual: bool = False


def links_to_move(fields: Iterable[LinkField]) -> list[LinkField]:
	"""The Link fields whose records a merge points at the survivor: every stored Link to Child except
	the merge's own records and the cluster's evidence (LINKS_KEPT). Sorted, for a stable order."""
	return sorted(
		(f for f in fields if f.doctype not in LINKS_KEPT and not f.is_single and not f.is_virtual),
		key=lambda f: (f.doctype, f.fieldname),
	)


def survivor_of(members: Iterable[tuple[str, int]]) -> str:
	"""The record to keep by default: the one most records name, then the first made (lowest name)."""
	return sorted(members, key=lambda m: (-m[1], m[0]))[0][0]


# ---- in words -----------------------------------------------------------------------------------


def times_more_likely(weight: float) -> float:
	return 2**weight


def weight_line(comparison: str, level: str, weight: float, translate: Translate = untranslated) -> str:
	"""One comparison's evidence: "First name: sounds alike: 12.0 times more likely the same child
	(+3.6)", or "... less likely ..." for evidence against."""
	if weight >= 0:
		how = translate("{0} times more likely the same child").format(f"{times_more_likely(weight):,.1f}")
	else:
		how = translate("{0} times less likely the same child").format(f"{times_more_likely(-weight):,.1f}")
	return f"{translate(comparison)}: {translate(level)}: {how} ({weight:+.1f})"


def evidence_lines(weights: dict[str, dict], translate: Translate = untranslated) -> list[str]:
	"""A pair's evidence, strongest first: {comparison: {"level": label, "weight": w}}. Comparisons
	with nothing to compare (a value missing) weigh nothing and are left out."""
	rows = [(c, v["level"], float(v["weight"])) for c, v in weights.items() if v.get("weight")]
	return [weight_line(c, level, w, translate) for c, level, w in sorted(rows, key=lambda r: -abs(r[2]))]


def level_weight(m: float | None, u: float | None) -> float | None:
	if not m or not u:
		return None
	return math.log2(m / u)


def model_lines(model: dict, translate: Translate = untranslated) -> list[str]:
	"""What each comparison of a trained model weighs, in words: for each comparison, each level with
	its weight (a Splink settings dict with m and u probabilities)."""
	lines = []
	prior = model.get("probability_two_random_records_match")
	if prior:
		lines.append(
			translate("Before any comparison, two records are the same child about 1 time in {0}.").format(
				f"{round(1 / prior):,}"
			)
		)
	for comparison in model.get("comparisons", []):
		column = comparison.get("output_column_name")
		title = COMPARISON_LABELS.get(column) or comparison.get("comparison_description") or column
		parts = []
		for level in comparison.get("comparison_levels", []):
			if level.get("is_null_level"):
				continue
			weight = level_weight(level.get("m_probability"), level.get("u_probability"))
			if weight is None:
				continue
			parts.append(f"{translate(level.get('label_for_charts') or '')} {weight:+.1f}")
		lines.append(f"{translate(title)}: " + "; ".join(parts))
	return lines


# Labels the finder's comparisons and levels are given (translated where they are shown).
COMPARISON_LABELS = {
	"first_name": _("First name"),
	"last_name": _("Surname"),
	"birth_date": _("Date of birth"),
	"postcode": _("Postcode"),
	"nhs_number": _("NHS number"),
	"upn": _("UPN"),
}
