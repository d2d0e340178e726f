"""A synthetic population of children: names with a realistic skew, dates of birth, London postcodes,
and planted near-duplicates of every kind the matcher claims. Pure Python (no Frappe), seeded.

Names: the common first names and surnames in `data/` (most popular first), followed by a long tail
of made-up names built from syllables, drawn with Zipf-Mandelbrot weights 1 / (rank + q). With a
tail, the most popular names take the share they have in England (about 2 % of children share the
top first name, about 1 % the top surname) instead of the 15 % a plain Zipf over a short list gives.
Nothing is real: every person is a random combination.
"""

import bisect
import itertools
import random
import string
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from smallchanges.rules.blocking import one_digit_dates
from smallchanges.rules.matching import Person
from smallchanges.rules.matching.keys import candidate_dates
from smallchanges.rules.matching.score import match

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 12, 1)
YEARS_OF_BIRTHS = 18
UNBORN_SHARE = 0.005
ALSO_KNOWN_AS_SHARE = 0.03
CHILDREN_PER_POSTCODE = 8

FIRST_NAME_TAIL, FIRST_NAME_OFFSET = 2500, 5
SURNAME_TAIL, SURNAME_OFFSET = 6000, 12

_STARTS = (
	"Al Bar Bel Bran Cal Car Cor Dar Del Dun El Far Fen Gar Gil Hal Har Hol Is Jar Jor Kel Ken Lan Lor "
	"Mar Mel Mor Nor Nel Or Os Pen Per Quin Ran Ros Sel Sor Tal Tor Ul Val Ver Wen Wyn Yar Yor Zel Zan"
).split()
_SURNAME_ENDS = (
	"ton ley wick ford by well combe more den ham worth field brook dale shaw croft land wood ridge stone "
	"bury cott hurst lock mere thorpe wright man son ing"
).split()
_FIRST_ENDS = "a ia on en ie o an el us ine ette yn ah is ey ina".split()


def _names(file: str) -> list[str]:
	lines = (line.strip() for line in (DATA / file).read_text().splitlines())
	return [line for line in lines if line and not line.startswith("#")]


def _tail(ends: list[str], size: int, taken: set[str]) -> list[str]:
	out = []
	for start, end, suffix in itertools.product(_STARTS, ends, ("", "s", "e")):
		name = start + end + suffix
		if name not in taken:
			taken.add(name)
			out.append(name)
		if len(out) == size:
			break
	return out


class Zipf:
	"""Draws from `values` with weight 1 / (rank + offset)."""

	def __init__(self, values: list[str], offset: int):
		self.values = values
		self.cumulative = list(
			itertools.accumulate(1 / (rank + offset) for rank in range(1, len(values) + 1))
		)

	def share(self, rank: int) -> float:
		previous = self.cumulative[rank - 2] if rank > 1 else 0
		return (self.cumulative[rank - 1] - previous) / self.cumulative[-1]

	def draw(self, rng: random.Random) -> str:
		return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


FIRST_NAMES = _names("first_names.txt")
SURNAMES = _names("surnames.txt")
FIRST = Zipf(FIRST_NAMES + _tail(_FIRST_ENDS, FIRST_NAME_TAIL, set(FIRST_NAMES)), FIRST_NAME_OFFSET)
LAST = Zipf(SURNAMES + _tail(_SURNAME_ENDS, SURNAME_TAIL, set(SURNAMES)), SURNAME_OFFSET)

# London postcode districts (outward codes); inward codes are made up but well-formed.
DISTRICTS = (
	[f"E{n}" for n in range(1, 19)]
	+ [f"N{n}" for n in range(1, 23)]
	+ [f"NW{n}" for n in range(1, 12)]
	+ [f"SE{n}" for n in range(1, 29)]
	+ [f"SW{n}" for n in range(2, 21)]
	+ [f"W{n}" for n in range(2, 15)]
	+ ["EC1A", "EC1V", "EC2A", "WC1N", "WC2H", "SW1A", "W1T"]
)
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random) -> str:
	return f"{rng.choice(DISTRICTS)} {rng.randrange(10)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"


@dataclass
class Child:
	first_name: str
	last_name: str
	date_of_birth: date | None
	expected_date: date | None
	postcode: str
	also_known_as: str = ""

	def person(self) -> Person:
		return Person(
			self.first_name,
			self.last_name,
			also_known_as=tuple(self.also_known_as.splitlines()),
			date_of_birth=self.date_of_birth,
			expected_date=self.expected_date,
			postcode=self.postcode,
		)


class Population:
	def __init__(self, seed: int, size: int):
		self.rng = random.Random(seed)
		self.postcodes = [postcode(self.rng) for _i in range(max(1, size // CHILDREN_PER_POSTCODE))]

	def child(self) -> Child:
		rng = self.rng
		where = rng.choice(self.postcodes)
		if rng.random() < UNBORN_SHARE:
			edd = TODAY + timedelta(days=rng.randrange(1, 270))
			return Child("Unborn", LAST.draw(rng), None, edd, where)
		dob = TODAY - timedelta(days=rng.randrange(YEARS_OF_BIRTHS * 365))
		aka = FIRST.draw(rng) if rng.random() < ALSO_KNOWN_AS_SHARE else ""
		return Child(FIRST.draw(rng), LAST.draw(rng), dob, None, where, aka)


# ---- planted near-duplicates -----------------------------------------------------------------------
SOUNDS_ALIKE = {
	"Muhammad": "Mohammad",
	"Mohammed": "Muhammed",
	"Jayden": "Jaden",
	"Aisha": "Ayesha",
	"Sophia": "Sofia",
	"Isla": "Isler",
	"Zara": "Zarah",
	"Leah": "Lea",
	"Freya": "Freyah",
	"Evie": "Evey",
	"Harry": "Harrie",
	"Ryan": "Rian",
	"Layla": "Laila",
	"Maisie": "Maisy",
	"Jack": "Jak",
	"Ivy": "Ivey",
	"Louie": "Louey",
	"Kai": "Kye",
	"Hallie": "Halley",
	"Amira": "Ameera",
}
SURNAMES_ALIKE = {
	"Smith": "Smyth",
	"Thompson": "Thomson",
	"Clarke": "Clark",
	"Davies": "Davis",
	"Phillips": "Philips",
	"Khan": "Kahn",
	"Hussain": "Husain",
	"Begum": "Begom",
	"Reynolds": "Reynold",
	"Mohamed": "Mohammed",
	"Chowdhury": "Choudhury",
	"Ahmed": "Ahmad",
	"Rahman": "Rehman",
	"Lee": "Leigh",
	"Gray": "Grey",
	"Ali": "Aly",
}
NICKNAMES = {
	"William": "Bill",
	"Oliver": "Ollie",
	"Alexander": "Alex",
	"Charlotte": "Lottie",
	"Thomas": "Tom",
	"James": "Jim",
	"Muhammad": "Mo",
	"Mohammed": "Mo",
	"Theodore": "Theo",
	"Matilda": "Tilly",
	"Isabella": "Izzy",
	"Frederick": "Freddie",
	"Joshua": "Josh",
	"Benjamin": "Ben",
	"Samuel": "Sam",
	"Daniel": "Dan",
	"Elizabeth": "Beth",
	"Edward": "Ted",
	"Jessica": "Jess",
	"Amelia": "Millie",
}

KINDS = (
	"sounds alike",
	"misspelt",
	"nickname",
	"names swapped",
	"known by another name",
	"date of birth within 3 days",
	"day and month swapped",
	"date of birth one digit out",
	"born near the expected date",
	"same postcode",
)


def _misspell(name: str, rng: random.Random) -> str:
	position = rng.randrange(1, len(name) - 1)
	letter = rng.choice([c for c in string.ascii_lowercase if c != name[position].lower()])
	return name[:position] + letter + name[position + 1 :]


def _long(zipf: Zipf, rng: random.Random, length: int = 5) -> str:
	while True:
		name = zipf.draw(rng)
		if len(name) >= length:
			return name


@dataclass
class Plant:
	kind: str
	stored: Child  # put on file
	variant: Child  # what a referral then says


def plant(kind: str, population: Population) -> Plant:
	"""One stored child and a near-variant of `kind` that the matcher claims (redrawn until it does).
	The variant lives at another postcode (families move) except for the "same postcode" kind, so
	the postcode cannot be what finds it."""
	rng = population.rng
	for _attempt in range(100):
		stored = population.child()
		if stored.expected_date:
			continue
		stored.also_known_as = ""
		# what is on file
		if kind == "sounds alike":
			if rng.random() < 0.5:
				stored.first_name = rng.choice(list(SOUNDS_ALIKE))
			else:
				stored.last_name = rng.choice(list(SURNAMES_ALIKE))
		elif kind == "misspelt":
			stored.last_name = _long(LAST, rng)
		elif kind == "nickname":
			stored.first_name = rng.choice(list(NICKNAMES))
		elif kind == "known by another name" and rng.random() < 0.5:
			stored.also_known_as = FIRST.draw(rng)  # the record on file knows the other name
		elif kind == "day and month swapped":
			dob = stored.date_of_birth
			if dob.day > 12 or dob.day == dob.month:
				continue
		elif kind == "born near the expected date":
			stored.first_name, stored.date_of_birth = "Unborn", None
			stored.expected_date = TODAY - timedelta(days=rng.randrange(30, 300))
		elif kind == "same postcode":
			stored.first_name, stored.last_name = _long(FIRST, rng), _long(LAST, rng)
		# what the referral says
		variant = replace(stored, postcode=postcode(rng), also_known_as="")
		if kind == "sounds alike":
			variant.first_name = SOUNDS_ALIKE.get(stored.first_name, stored.first_name)
			variant.last_name = SURNAMES_ALIKE.get(stored.last_name, stored.last_name)
		elif kind == "misspelt":
			variant.last_name = _misspell(stored.last_name, rng)
		elif kind == "nickname":
			variant.first_name = NICKNAMES[stored.first_name]
		elif kind == "names swapped":
			variant.first_name, variant.last_name = stored.last_name, stored.first_name
		elif kind == "known by another name":
			if stored.also_known_as:
				variant.first_name = stored.also_known_as
			else:  # the referrer gives the name the child goes by, and the one on file
				variant.first_name, variant.also_known_as = FIRST.draw(rng), stored.first_name
		elif kind == "date of birth within 3 days":
			variant.date_of_birth = stored.date_of_birth + timedelta(days=rng.choice((-3, -2, -1, 1, 2, 3)))
		elif kind == "day and month swapped":
			dob = stored.date_of_birth
			variant.date_of_birth = date(dob.year, dob.day, dob.month)
		elif kind == "date of birth one digit out":
			dob = stored.date_of_birth
			far = sorted(one_digit_dates(dob) - candidate_dates(dob))
			variant.date_of_birth = rng.choice([d for d in far if d <= TODAY] or far)
		elif kind == "born near the expected date":
			variant.first_name, variant.expected_date = FIRST.draw(rng), None
			variant.date_of_birth = stored.expected_date + timedelta(days=rng.randrange(-28, 15))
		elif kind == "same postcode":
			variant.first_name = _misspell(stored.first_name, rng)
			variant.last_name = _misspell(stored.last_name, rng)
			variant.postcode = stored.postcode
		elif kind not in KINDS:
			raise ValueError(kind)
		if match(variant.person(), stored.person()) is not None:
			return Plant(kind, stored, variant)
	raise RuntimeError(f"could not make a near-variant of kind {kind!r} that the matcher claims")
