"""The duplicate-finding benchmark's count of look-alike strangers (pure Python, no site)."""

from datetime import date

from benchmarks.duplicate_finding import Record, look_alikes


def _child(name: str, first: str, last: str, born: date | None) -> Record:
	return Record(name, first, last, "", born, None, "E1 6AN", None, None)


def test_strangers_are_counted_by_how_alike_their_dates_are_and_planted_pairs_are_not():
	records = [
		_child("A", "Ella", "Davies", date(2015, 3, 4)),
		_child("B", "ella", "davies", date(2015, 3, 4)),  # the same date
		_child("C", "Ella", "Davies", date(2015, 3, 6)),  # within 3 days of A and B
		_child("D", "Ella", "Davies", date(2015, 4, 3)),  # day and month swapped against A and B
		_child("E", "Ella", "Davies", date(2019, 3, 4)),  # one digit out against A and B
		_child("F", "Ella", "Jones", date(2015, 3, 4)),  # another surname: not alike
		_child("P1", "Ella", "Davies", date(2015, 3, 4)),  # a planted pair: left out
		_child("P2", "Ella", "Davies", date(2015, 3, 5)),
		_child("U", "Unborn", "Davies", None),  # no date of birth: left out
	]
	counts = look_alikes(records, {("P1", "P2")})
	assert counts["the same date"] == 1
	assert counts["within 3 days"] == 2
	assert counts["day and month swapped"] == 2
	assert counts["one digit out"] == 2
