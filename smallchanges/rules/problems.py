"""What a rule says is wrong with what it was given.

Pure Python (no Frappe). A rule returns `Problem`s; the Frappe side (`smallchanges.problems`)
translates each message, formats it with its args and shows it on the field it is about.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
	field: str | None  # the field it is about; None when it is about no one field (a file, a zip entry)
	message: str  # an English template marked with `_`, formatted with `args` once translated
	args: tuple = ()
	row: int | None = None  # 1-based row of a child table, when the problem is in one
	# Something not yet given (rather than given wrongly): a draft kept for later may lack it.
	missing: bool = False
