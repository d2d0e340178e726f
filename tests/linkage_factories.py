"""Factories for the batch duplicate finder and merges: a small index of fictional children with
known duplicates, and records linking a child. Each call makes distinct records."""

import random
from datetime import date, timedelta

import frappe

from tests.factories import unique

FIRST = "Amara Bodhi Caspian Delphine Ezra Fenella Gideon Hollis Ione Jago Kestrel Lumen Marlowe Niamh Orrin Petra Quill Rowan Saoirse Tamsin Umber Vesper Wren Xanthe Yarrow Zephyr".split()
LAST = "Abernathy Blackwood Carrow Dunmore Ellery Fairweather Greaves Holloway Ingleby Jessop Kettering Lowther Marchbank Northcott Ormerod Pendry Quarrie Ravensworth Sallow Thackeray Underhill Varley Whitlock Yeoland".split()
COMMON_FIRST, COMMON_LAST = "Olivia", "Smith"
FIELDS = ("name", "first_name", "last_name", "full_name", "date_of_birth", "postcode", "nhs_number", "upn")


def _nhs(rng: random.Random) -> str:
	return "".join(str(rng.randrange(10)) for _i in range(10))


def _postcode(rng: random.Random) -> str:
	return f"{rng.choice(['E1', 'E2', 'N1', 'N7', 'SE5', 'SW9', 'W3'])} {rng.randrange(10)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"


def index_with_duplicates(children: int = 300, pairs: int = 12, common: int = 8, seed: int = 7) -> dict:
	"""`children` Child records on file, among them `pairs` planted duplicates (a record and a copy
	with a misspelt name or a date a day out, the same NHS number) and `common` unrelated children
	all called Olivia Smith, each born on a different day and living elsewhere. Inserted in bulk.
	Returns the names: {"pairs": [(a, b)], "common": [...], "all": [...]}."""
	rng = random.Random(seed)
	prefix = unique("LK").replace("-", "")[:10].upper()
	rows, planted, commons = [], [], []
	number = iter(range(10**6))

	def add(first, last, born, postcode, nhs):
		name = f"{prefix}{next(number):05d}"
		rows.append((name, first, last, f"{first} {last}", born, postcode, nhs, None))
		return name

	for _i in range(pairs):
		first, last = rng.choice(FIRST), rng.choice(LAST) + rng.choice(["", "e", "s", "ton"])
		born = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
		nhs = _nhs(rng)
		a = add(first, last, born, _postcode(rng), nhs)
		if rng.random() < 0.5:
			b = add(first, last[:-1] + ("a" if last[-1] != "a" else "o"), born, _postcode(rng), nhs)
		else:
			b = add(first, last, born + timedelta(days=1), _postcode(rng), nhs)
		planted.append((a, b))
	base = date(2015, 3, 1)
	for i in range(common):
		commons.append(
			add(COMMON_FIRST, COMMON_LAST, base + timedelta(days=40 * i), _postcode(rng), _nhs(rng))
		)
	while len(rows) < children:
		add(
			rng.choice(FIRST + [COMMON_FIRST] * 3),
			rng.choice(LAST + [COMMON_LAST] * 3),
			date(2008, 1, 1) + timedelta(days=rng.randrange(6500)),
			_postcode(rng),
			_nhs(rng) if rng.random() < 0.7 else None,
		)
	now = frappe.utils.now_datetime()
	frappe.db.bulk_insert(
		"Child",
		[*FIELDS, "owner", "modified_by", "creation", "modified"],
		[(*row, "Administrator", "Administrator", now, now) for row in rows],
	)
	return {"pairs": planted, "common": commons, "all": [r[0] for r in rows]}


def only_these_children(names: list[str]) -> None:
	"""Children other tests left on the site are not part of this index (deleted in this test's
	transaction, which is rolled back afterwards)."""
	child = frappe.qb.DocType("Child")
	frappe.qb.from_(child).delete().where(child.name.notin(names)).run()
