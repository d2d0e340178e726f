"""The referral form's own rules: a half-filled card, the problems of one page, what a draft kept
for later may lack, and the files a referrer attaches.

Pure Python (no Frappe), like `smallchanges.rules.referral` (what the whole referral needs), whose
`Problem`s these sort and show.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from smallchanges.rules.problems import Problem
from smallchanges.rules.translation import _

# ---- the cards of the referral's tables: a half-filled card, in a referrer's words --------------
# table fieldname -> what one of its cards is called on the form
CARD_NOUNS = {
	"children": "Child",
	"household_members": "Person in the household",
	"services": "Service",
	"documents": "Document",
}


@dataclass(frozen=True)
class Card:
	table: str  # the table's fieldname
	number: int  # 1 for the first card
	unanswered: tuple[str, ...] = ()  # the labels of the card's required questions left empty


def check_cards(cards: Iterable[Card]) -> list[Problem]:
	"""A card (a child, a service...) with a required question left empty: named by the card and
	the question, never as Frappe's "Row #1: Value missing for". Missing (a draft may keep it)."""
	return [
		Problem(
			card.table,
			_("{0} {1}: answer '{2}'."),
			(CARD_NOUNS.get(card.table, card.table), card.number, label),
			missing=True,
		)
		for card in cards
		for label in card.unanswered
	]


# ---- the pages of the referral web form ----------------------------------------------------------
# Where each field's problems are shown: a problem of a card (a child's date of birth) is shown on
# its table. The web form's own pages decide which fields a page has.
ROW_FIELDS_OF = {"date_of_birth": "children", "expected_date_of_delivery": "children"}


def on_page(problems: Iterable[Problem], page_fields: Iterable[str]) -> list[Problem]:
	"""The problems about the questions of one page of the form (checked before Next)."""
	fields = set(page_fields)
	return [p for p in problems if p.field in fields or ROW_FIELDS_OF.get(p.field) in fields]


def still_missing(problems: Iterable[Problem]) -> list[Problem]:
	"""What a draft still needs before it can be sent."""
	return [problem for problem in problems if problem.missing]


def wrong(problems: Iterable[Problem]) -> list[Problem]:
	"""What is given but cannot be right (a birth date in the future...): refused even in a draft."""
	return [problem for problem in problems if not problem.missing]


# ---- attachments --------------------------------------------------------------------------------
ALLOWED_EXTENSIONS = frozenset(
	{
		"pdf",
		"doc",
		"docx",
		"odt",
		"rtf",
		"txt",
		"xls",
		"xlsx",
		"ods",
		"csv",
		"jpg",
		"jpeg",
		"png",
		"heic",
		"eml",
		"msg",
	}
)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def check_attachment(
	file_name: str, size_bytes: int | None, detected_extension: str | None = None
) -> Problem | None:
	"""Refuse disallowed file types (by name, and by content when it can be told) and over-size files."""
	extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
	allowed = ", ".join(sorted(ALLOWED_EXTENSIONS))
	if extension not in ALLOWED_EXTENSIONS:
		return Problem(
			"file", _("{0}: this type of file cannot be attached. Allowed types: {1}."), (file_name, allowed)
		)
	if detected_extension and detected_extension.lower() not in ALLOWED_EXTENSIONS | {"zip", "cfb"}:
		# docx/xlsx/odt are zip containers and doc/xls/msg are CFB containers underneath.
		return Problem(
			"file",
			_("{0}: the file's content does not match its name. Allowed types: {1}."),
			(file_name, allowed),
		)
	if size_bytes and size_bytes > MAX_ATTACHMENT_BYTES:
		return Problem(
			"file",
			_("{0} is larger than {1} MB. Send a smaller file or split it."),
			(file_name, MAX_ATTACHMENT_BYTES // (1024 * 1024)),
		)
	return None
