"""Resource library rules: pure, no site needed."""

import stat
from datetime import date

import pytest

from smallchanges.rules import resources as resource_rules
from smallchanges.rules.resources import (
	APPROVED,
	EVERYONE,
	MAX_COMPRESSION_RATIO,
	MAX_FILE_BYTES,
	MAX_ZIP_ENTRIES,
	MAX_ZIP_TOTAL_BYTES,
	OTHER_RECIPIENT,
	PARTNER_RECIPIENT,
	RETIRED,
	REVIEW_DUE_SOON,
	REVIEW_OVERDUE,
	STAFF,
	STAFF_AND_FAMILIES,
	STAFF_AND_PARTNERS,
	STAFF_RECIPIENT,
	ZipEntry,
)

MB = 1024 * 1024


@pytest.mark.parametrize(
	"name, size, detected, text, refused",
	[
		("guide.pdf", 2000, "pdf", False, None),
		("Guide.PDF", 2000, "pdf", False, None),
		("template.docx", 2000, "docx", False, None),
		("template.docx", 2000, "zip", False, None),  # an Office file is a zip underneath
		("form.doc", 2000, "cfb", False, None),
		("sheet.xlsx", 2000, "xlsx", False, None),
		("photo.jpeg", 2000, "jpg", False, None),
		("notes.txt", 20, None, True, None),
		("list.csv", 20, None, True, None),
		("run.exe", 2000, "exe", False, "not allowed"),
		("script.sh", 20, None, True, "not allowed"),
		("noextension", 20, None, True, "not allowed"),
		("invoice.pdf", 2000, "exe", False, "not what its name says"),  # renamed program
		("guide.pdf", 2000, "png", False, "not what its name says"),
		("notes.txt", 20, None, False, "not a txt file"),  # binary content named .txt
		("guide.pdf", 2000, None, False, "not a pdf file"),  # no PDF magic number
		("guide.pdf", 0, None, False, "is empty"),
		("guide.pdf", MAX_FILE_BYTES + 1, "pdf", False, "larger than"),
		("guide.pdf", MAX_FILE_BYTES, "pdf", False, None),  # the limit itself is allowed
	],
)
def test_file_kinds_and_sizes(name, size, detected, text, refused):
	problem = resource_rules.check_file(name, size, detected, text)
	if refused is None:
		assert problem is None
	else:
		assert problem is not None
		assert refused in problem.message.format(*problem.args)


@pytest.mark.parametrize(
	"name, supersedes, state, refused",
	[
		("RES-1", None, None, None),
		("RES-2", "RES-1", APPROVED, None),
		(None, "RES-1", APPROVED, None),  # a new document has no name yet
		("RES-1", "RES-1", APPROVED, "itself"),
		("RES-2", "RES-1", RETIRED, "already retired"),
	],
)
def test_supersedes(name, supersedes, state, refused):
	problem = resource_rules.check_supersedes(name, supersedes, state)
	assert (problem is None) == (refused is None)
	if refused:
		assert refused in problem.message


def test_next_version():
	assert resource_rules.next_version(None) == 1
	assert resource_rules.next_version(1) == 2
	assert resource_rules.next_version(7) == 8


@pytest.mark.parametrize(
	"effective, due",
	[
		(date(2026, 1, 15), date(2027, 1, 15)),
		(date(2024, 2, 29), date(2025, 2, 28)),  # leap day: the last day of February next year
		(date(2026, 12, 31), date(2027, 12, 31)),
	],
)
def test_default_review_due(effective, due):
	assert resource_rules.default_review_due(effective) == due


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
	"due, status",
	[
		(None, None),
		(date(2026, 11, 30), REVIEW_OVERDUE),  # yesterday
		(date(2026, 12, 1), REVIEW_DUE_SOON),  # today is not yet overdue
		(date(2026, 12, 31), REVIEW_DUE_SOON),  # the 30th day ahead
		(date(2027, 1, 1), None),  # the 31st day ahead
	],
)
def test_review_status(due, status):
	assert resource_rules.review_status(due, TODAY) == status


@pytest.mark.parametrize(
	"due, reminded_on, expected",
	[
		(date(2027, 2, 1), None, False),  # not yet within the warning days
		(date(2026, 12, 20), None, True),  # first time within them
		(date(2026, 12, 20), date(2026, 12, 1), False),  # already told today
		(date(2026, 12, 20), date(2026, 11, 25), False),  # told when it came within; not daily
		(date(2026, 11, 30), date(2026, 11, 2), True),  # told while due soon, now overdue
		(date(2026, 11, 30), date(2026, 11, 30), True),  # told on the due day, now overdue
		(date(2026, 11, 1), date(2026, 11, 26), False),  # overdue, told 5 days ago
		(date(2026, 11, 1), date(2026, 11, 24), True),  # overdue, told a week ago
		(date(2026, 11, 1), date(2026, 12, 1), False),  # overdue, told today
		(None, None, False),
	],
)
def test_reminder_due(due, reminded_on, expected):
	assert resource_rules.reminder_due(due, reminded_on, TODAY) == expected


def test_review_reminder_cutoff_is_the_last_day_of_the_warning():
	assert resource_rules.review_reminder_cutoff(TODAY) == date(2026, 12, 31)


@pytest.mark.parametrize(
	"audience, kind, has_file, allowed, link, attach",
	[
		(STAFF, STAFF_RECIPIENT, True, True, "desk", True),  # staff-only file goes to staff
		(STAFF, STAFF_RECIPIENT, False, True, "desk", False),
		(STAFF_AND_PARTNERS, STAFF_RECIPIENT, True, True, "desk", False),
		(STAFF, PARTNER_RECIPIENT, True, False, None, False),  # never to a partner
		(STAFF_AND_FAMILIES, PARTNER_RECIPIENT, True, False, None, False),
		(STAFF_AND_PARTNERS, PARTNER_RECIPIENT, True, True, "portal", False),
		(EVERYONE, PARTNER_RECIPIENT, True, True, "portal", False),
		(STAFF, OTHER_RECIPIENT, True, False, None, False),
		(STAFF_AND_PARTNERS, OTHER_RECIPIENT, True, False, None, False),
		(STAFF_AND_FAMILIES, OTHER_RECIPIENT, True, True, None, True),  # a family gets the file
		(EVERYONE, OTHER_RECIPIENT, False, True, None, False),
	],
)
def test_share_plan(audience, kind, has_file, allowed, link, attach):
	plan = resource_rules.share_plan(audience, "someone@example.test", kind, has_file)
	assert plan.allowed == allowed
	assert plan.link == link
	assert plan.attach_file == attach
	if not allowed:
		assert "someone@example.test" in plan.problem.message.format(*plan.problem.args)


def entry(path, size=1000, compressed=500, mode=None, is_dir=False):
	attr = (mode << 16) if mode is not None else 0
	return ZipEntry(path, compressed, size, attr, is_dir)


def test_zip_plan_keeps_files_and_skips_folders():
	plan = resource_rules.plan_zip([entry("Forms/", is_dir=True), entry("Forms/a.pdf"), entry("b.docx")])
	assert plan.refused is None
	assert [e.path for e in plan.files] == ["Forms/a.pdf", "b.docx"]
	assert plan.skipped == []


@pytest.mark.parametrize(
	"path",
	[
		"/etc/passwd",
		"../outside.pdf",
		"Forms/../../outside.pdf",
		"C:/Windows/x.pdf",
		"Forms\\..\\x.pdf",
		"\\x.pdf",
	],
)
def test_zip_paths_that_escape_are_skipped(path):
	plan = resource_rules.plan_zip([entry(path), entry("ok.pdf")])
	assert [e.path for e in plan.files] == ["ok.pdf"]
	assert plan.skipped[0][0] == path
	assert "outside the folder" in plan.skipped[0][1].message


def test_zip_symlinks_are_skipped():
	plan = resource_rules.plan_zip(
		[entry("link.pdf", mode=stat.S_IFLNK | 0o777), entry("real.pdf", mode=stat.S_IFREG | 0o644)]
	)
	assert [e.path for e in plan.files] == ["real.pdf"]
	assert "link" in plan.skipped[0][1].message


def test_zip_system_files_are_skipped():
	plan = resource_rules.plan_zip(
		[entry("Forms/.DS_Store"), entry("__MACOSX/Forms/._a.pdf"), entry("~$draft.docx")]
	)
	assert plan.files == []
	assert len(plan.skipped) == 3


def test_zip_with_too_many_entries_is_refused():
	plan = resource_rules.plan_zip([entry(f"f{i}.pdf") for i in range(MAX_ZIP_ENTRIES + 1)])
	assert plan.refused and str(MAX_ZIP_ENTRIES) in plan.refused.message.format(*plan.refused.args)
	assert resource_rules.plan_zip([entry(f"f{i}.pdf") for i in range(MAX_ZIP_ENTRIES)]).refused is None


def test_zip_too_large_uncompressed_is_refused():
	plan = resource_rules.plan_zip(
		[entry("a.pdf", size=MAX_ZIP_TOTAL_BYTES + 1, compressed=MAX_ZIP_TOTAL_BYTES)]
	)
	assert plan.refused and "unpack" in plan.refused.message


def test_zip_bomb_ratio_is_refused():
	size = 50 * MB
	plan = resource_rules.plan_zip(
		[entry("a.pdf", size=size, compressed=size // (MAX_COMPRESSION_RATIO + 1))]
	)
	assert plan.refused and "times its size" in plan.refused.message
	# compressing 100x or less is an ordinary archive
	assert (
		resource_rules.plan_zip([entry("a.pdf", size=size, compressed=size // MAX_COMPRESSION_RATIO)]).refused
		is None
	)


def test_one_bomb_entry_among_ordinary_files_is_skipped():
	big = entry("bomb.txt", size=10 * MB, compressed=1000)
	plan = resource_rules.plan_zip(
		[big, *[entry(f"f{i}.pdf", size=5 * MB, compressed=4 * MB) for i in range(3)]]
	)
	assert plan.refused is None
	assert [p for p, _problem in plan.skipped] == ["bomb.txt"]


@pytest.mark.parametrize(
	"path, title",
	[
		("Forms/core_group-minutes_template v2.docx", "Core group minutes template v2"),
		("referral.guidance.pdf", "Referral guidance"),
		("a/b/Visit   Recording.PDF", "Visit Recording"),
	],
)
def test_title_from_file_name(path, title):
	assert resource_rules.title_from_file_name(path) == title


@pytest.mark.parametrize(
	"path, folders",
	[
		("a.pdf", []),
		("Forms/a.pdf", ["Forms"]),
		("Forms/Consent/a.pdf", ["Forms", "Consent"]),
		("Forms//a.pdf", ["Forms"]),
	],
)
def test_category_path(path, folders):
	assert resource_rules.category_path(path) == folders
