"""Demo data for the batch duplicate finder: a few children on file twice (fictional), among
enough others for the model to learn from, so an administrator can run the finder (Duplicate
Finder Settings: Find duplicates now) and propose, approve and undo a merge in the desk."""

import random
from datetime import date, timedelta

import frappe

from smallchanges.rules.child_record import nhs_check_digit

# (first name, surname, date of birth, postcode, NHS number) on file, then the same child again.
ON_FILE_TWICE = (
	(("Harriet", "Fenwick", date(2013, 5, 17), "E1 7QX", "9990001111"),
	 ("Hattie", "Fenwick", date(2013, 5, 17), "E3 5LT", "9990001111")),
	(("Tobias", "Oyelaran", date(2017, 2, 8), "E2 9PD", "9990002223"),
	 ("Tobias", "Oyelaren", date(2017, 8, 2), "E2 9PD", None)),
)  # fmt: skip
FIRST = "Ada Bram Cleo Dex Esme Finn Greta Hugo Iris Jude Kit Lola Milo Nell Otis Pearl Reuben Sadie Theo Una Vince Wilf".split()
LAST = "Ashby Brennan Corrigan Dlamini Elphick Fairbairn Gosling Hartnell Iqbal Jaworski Kowalczyk Lindqvist Mbeki Nwosu".split()
OTHERS = 80


def make_demo() -> None:
	if frappe.db.exists("Child", {"nhs_number": ON_FILE_TWICE[0][0][4]}):
		return
	rng = random.Random(2027)
	for pair in ON_FILE_TWICE:
		for first, last, born, postcode, nhs in pair:
			_child(first, last, born, postcode, nhs)
	for _i in range(OTHERS):
		born = date(2008, 1, 1) + timedelta(days=rng.randrange(6000))
		nhs = _nhs_number(rng)
		_child(
			rng.choice(FIRST), rng.choice(LAST), born, f"E{rng.randrange(1, 18)} {rng.randrange(10)}AB", nhs
		)


def _nhs_number(rng: random.Random) -> str:
	"""A fictional NHS number that passes the Child's check (its modulus 11 check digit)."""
	while True:
		first_nine = "".join(str(rng.randrange(10)) for _d in range(9))
		check = nhs_check_digit(first_nine)
		if check is not None:
			return f"{first_nine}{check}"


def _child(first, last, born, postcode, nhs):
	frappe.get_doc(
		{
			"doctype": "Child",
			"first_name": first,
			"last_name": last,
			"date_of_birth": born,
			"postcode": postcode,
			"nhs_number": nhs,
		}
	).insert(ignore_permissions=True)
