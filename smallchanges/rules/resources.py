"""Rules for the resource library: states, audiences, files, versions, review dates, zip import.

Pure Python (no Frappe): plain values in, plain values or `Problem`s out. The Frappe side
translates the messages (they are marked with `_`) and formats them with the problem's args.
"""

import posixpath
import re
import stat
from dataclasses import dataclass, field
from datetime import date, timedelta

from smallchanges.rules.problems import Problem
from smallchanges.rules.translation import _

# ---- workflow states -------------------------------------------------------------------------
DRAFT = "Draft"
APPROVED = "Approved"
RETIRED = "Retired"

# ---- kinds and audiences ---------------------------------------------------------------------
KINDS = ("Form", "Template", "Guide", "Procedure link")
STAFF = "Staff"
STAFF_AND_PARTNERS = "Staff and partners"
STAFF_AND_FAMILIES = "Staff and families"
EVERYONE = "Staff, partners and families"
AUDIENCES = (STAFF, STAFF_AND_PARTNERS, STAFF_AND_FAMILIES, EVERYONE)
# Audiences whose resources a Partner Practitioner may read (and download) once approved.
PARTNER_AUDIENCES = (STAFF_AND_PARTNERS, EVERYONE)
FAMILY_AUDIENCES = (STAFF_AND_FAMILIES, EVERYONE)

# ---- files -----------------------------------------------------------------------------------
# Documents, spreadsheets, PDFs and images: what a library of forms, templates and guides holds.
DOCUMENTS = frozenset({"pdf", "doc", "docx", "odt", "rtf", "txt"})
SPREADSHEETS = frozenset({"xls", "xlsx", "ods", "csv"})
IMAGES = frozenset({"jpg", "jpeg", "png", "gif"})
ALLOWED_EXTENSIONS = DOCUMENTS | SPREADSHEETS | IMAGES
# Types with no magic number: accepted by name only when the content is plain text.
TEXT_EXTENSIONS = frozenset({"txt", "csv", "rtf"})
# What content detection may report for each allowed name (Office files are zip or CFB containers).
CONTAINERS = {
	"docx": {"docx", "zip"},
	"xlsx": {"xlsx", "zip"},
	"odt": {"odt", "zip"},
	"ods": {"ods", "zip"},
	"doc": {"doc", "cfb"},
	"xls": {"xls", "cfb"},
	"jpeg": {"jpg"},
	"jpg": {"jpg"},
}
# As Frappe's own default upload limit (max_file_size), so a refusal always gives this reason.
MAX_FILE_BYTES = 10 * 1024 * 1024

# ---- review ----------------------------------------------------------------------------------
REVIEW_WARNING_DAYS = 30  # owners are told this many days before the review is due
DEFAULT_REVIEW_MONTHS = 12
REVIEW_OVERDUE = "Review overdue"
REVIEW_DUE_SOON = "Review due soon"

# ---- zip import ------------------------------------------------------------------------------
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_TOTAL_BYTES = 500 * 1024 * 1024  # everything in the zip, uncompressed
MAX_COMPRESSION_RATIO = 100  # documents compress 2-10x; 100x or more is a bomb


def extension_of(file_name: str) -> str:
	base = posixpath.basename(file_name or "")
	return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def check_file(
	file_name: str, size_bytes: int | None, detected: str | None, looks_like_text: bool = False
) -> Problem | None:
	"""Refuse a file whose name or content is not an allowed kind, an empty one, or one too big.

	`detected` is the extension the content's magic number gives (None when it has none);
	`looks_like_text` says the content decodes as text (for types that have no magic number).
	"""
	extension = extension_of(file_name)
	allowed = ", ".join(sorted(ALLOWED_EXTENSIONS))
	if extension not in ALLOWED_EXTENSIONS:
		return Problem(
			None,
			_("{0}: this kind of file is not allowed in the library. Allowed kinds: {1}."),
			(file_name, allowed),
		)
	if size_bytes is not None and size_bytes == 0:
		return Problem(None, _("{0} is empty."), (file_name,))
	if size_bytes and size_bytes > MAX_FILE_BYTES:
		return Problem(
			None,
			_("{0} is larger than {1} MB. Save a smaller copy or split it."),
			(file_name, MAX_FILE_BYTES // (1024 * 1024)),
		)
	expected = CONTAINERS.get(extension, {extension})
	if detected:
		if detected.lower() not in expected:
			return Problem(
				None,
				_("{0}: the content is a {1} file, not what its name says. Allowed kinds: {2}."),
				(file_name, detected.lower(), allowed),
			)
	elif extension not in TEXT_EXTENSIONS or not looks_like_text:
		return Problem(
			None,
			_("{0}: the content is not a {1} file (it may be damaged or renamed)."),
			(file_name, extension),
		)
	return None


# ---- versions --------------------------------------------------------------------------------
def check_supersedes(
	name: str | None, supersedes: str | None, supersedes_state: str | None
) -> Problem | None:
	"""A new version supersedes an approved (current) one, never itself or a retired one."""
	if not supersedes:
		return None
	if name and supersedes == name:
		return Problem(None, _("A resource cannot supersede itself."))
	if supersedes_state == RETIRED:
		return Problem(
			None,
			_("{0} is already retired; a new version supersedes the current approved version."),
			(supersedes,),
		)
	return None


def next_version(version: int | None) -> int:
	return (version or 0) + 1


# ---- review dates ----------------------------------------------------------------------------
def default_review_due(effective: date) -> date:
	"""A year after the effective date (the last day of the month when it does not exist)."""
	year, month = effective.year, effective.month + DEFAULT_REVIEW_MONTHS
	year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
	day = effective.day
	while True:
		try:
			return date(year, month, day)
		except ValueError:
			day -= 1


def review_status(review_due: date | None, today: date) -> str | None:
	"""REVIEW_OVERDUE after the due day, REVIEW_DUE_SOON within the warning days, else None."""
	if not review_due:
		return None
	if review_due < today:
		return REVIEW_OVERDUE
	if review_due <= today + timedelta(days=REVIEW_WARNING_DAYS):
		return REVIEW_DUE_SOON
	return None


def review_reminder_cutoff(today: date) -> date:
	"""Resources whose review is due on or before this day are in the daily reminder."""
	return today + timedelta(days=REVIEW_WARNING_DAYS)


OVERDUE_REMINDER_EVERY_DAYS = 7


def reminder_due(review_due: date | None, reminded_on: date | None, today: date) -> bool:
	"""Whether today's reminder includes this resource: once when it comes within the warning
	days, again when it becomes overdue, then weekly while it stays overdue; never twice a day."""
	status = review_status(review_due, today)
	if status is None:
		return False
	if reminded_on is None:
		return True
	if reminded_on >= today:
		return False
	if status == REVIEW_OVERDUE:
		return reminded_on <= review_due or (today - reminded_on).days >= OVERDUE_REMINDER_EVERY_DAYS
	return False


# ---- sharing ---------------------------------------------------------------------------------
STAFF_RECIPIENT = "staff"
PARTNER_RECIPIENT = "partner"
OTHER_RECIPIENT = "other"  # an address with no account here (a family, another council)


@dataclass(frozen=True)
class SharePlan:
	allowed: bool
	link: str | None = None  # "desk" (the desk form), "portal" (the partners' page) or None
	attach_file: bool = False
	problem: Problem | None = None


def share_plan(audience: str, recipient: str, recipient_kind: str, has_file: bool) -> SharePlan:
	"""What a share of a resource with this audience may send to this recipient."""
	if recipient_kind == STAFF_RECIPIENT:
		# Staff open the desk link; a staff-only file travels with it (they are all on staff).
		return SharePlan(True, "desk", attach_file=has_file and audience == STAFF)
	if recipient_kind == PARTNER_RECIPIENT and audience in PARTNER_AUDIENCES:
		return SharePlan(True, "portal")
	if recipient_kind == OTHER_RECIPIENT and audience in FAMILY_AUDIENCES:
		# No account to open a link with: the file itself is what is meant for families.
		return SharePlan(True, None, attach_file=has_file)
	return SharePlan(
		False,
		problem=Problem(
			None, _("{0} cannot receive this resource: its audience is {1}."), (recipient, audience)
		),
	)


# ---- zip import ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ZipEntry:
	path: str
	compressed_size: int
	file_size: int
	external_attr: int = 0
	is_dir: bool = False


@dataclass
class ZipPlan:
	refused: Problem | None = None  # the whole archive is refused
	files: list = field(default_factory=list)  # ZipEntry to read, in order
	skipped: list = field(default_factory=list)  # (path, Problem)


SKIPPED_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


def _escapes(path: str) -> bool:
	if not path or path.startswith(("/", "\\")) or "\\" in path or re.match(r"^[A-Za-z]:", path):
		return True
	parts = path.split("/")
	return ".." in parts


def _is_symlink(entry: ZipEntry) -> bool:
	return stat.S_ISLNK(entry.external_attr >> 16)


def plan_zip(entries: list[ZipEntry]) -> ZipPlan:
	"""Which entries of an uploaded folder may be read, from the zip's directory alone.

	Refuses the whole archive when it is a bomb (too many entries, too large uncompressed, or
	compressed too well); skips entries whose path escapes the folder or that are links.
	"""
	plan = ZipPlan()
	if len(entries) > MAX_ZIP_ENTRIES:
		plan.refused = Problem(
			None,
			_("The zip has {0} entries; at most {1} can be imported at once."),
			(len(entries), MAX_ZIP_ENTRIES),
		)
		return plan
	total = sum(e.file_size for e in entries)
	compressed = sum(e.compressed_size for e in entries)
	if total > MAX_ZIP_TOTAL_BYTES:
		plan.refused = Problem(
			None,
			_("The zip would unpack to {0} MB; at most {1} MB can be imported at once."),
			(total // (1024 * 1024), MAX_ZIP_TOTAL_BYTES // (1024 * 1024)),
		)
		return plan
	if total > 1024 * 1024 and total > MAX_COMPRESSION_RATIO * max(compressed, 1):
		plan.refused = Problem(
			None,
			_("The zip unpacks to more than {0} times its size, as zip bombs do; it was not opened."),
			(MAX_COMPRESSION_RATIO,),
		)
		return plan
	for entry in entries:
		if _escapes(entry.path):
			plan.skipped.append((entry.path, Problem(None, _("The path leads outside the folder."))))
			continue
		if _is_symlink(entry):
			plan.skipped.append((entry.path, Problem(None, _("It is a link to somewhere else, not a file."))))
			continue
		if entry.is_dir or entry.path.endswith("/"):
			continue
		name = posixpath.basename(entry.path)
		if (
			name.lower() in SKIPPED_NAMES
			or name.startswith(("._", "~$"))
			or "__MACOSX" in entry.path.split("/")
		):
			plan.skipped.append((entry.path, Problem(None, _("A system or temporary file, not a document."))))
			continue
		if entry.file_size > 1024 * 1024 and entry.file_size > MAX_COMPRESSION_RATIO * max(
			entry.compressed_size, 1
		):
			plan.skipped.append(
				(
					entry.path,
					Problem(None, _("It unpacks to more than {0} times its size."), (MAX_COMPRESSION_RATIO,)),
				)
			)
			continue
		plan.files.append(entry)
	return plan


def title_from_file_name(path: str) -> str:
	"""'Forms/core_group-minutes_template v2.docx' -> 'Core group minutes template v2'."""
	stem = posixpath.basename(path)
	if "." in stem:
		stem = stem.rsplit(".", 1)[0]
	words = re.sub(r"[_\-.]+", " ", stem).split()
	title = " ".join(words)
	return (title[:1].upper() + title[1:])[:140] if title else path


def category_path(path: str) -> list[str]:
	"""The folders a file sits in, outermost first (a single top folder that holds all is kept)."""
	folders = [part.strip() for part in path.split("/")[:-1]]
	return [folder for folder in folders if folder]
