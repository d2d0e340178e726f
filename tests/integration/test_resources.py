"""The resource library on the real site: versions, files and their words, zip import, review
reminders, sharing, and what a partner may reach."""

import io
import stat
import zipfile
from datetime import timedelta

import frappe
import pytest
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, getdate, nowdate

from smallchanges.access import resources as access
from smallchanges.resources import api, library, samples, tasks, zip_import
from smallchanges.resources.doctype.resource.resource import ResourceError
from smallchanges.roles import PARTNER_PRACTITIONER
from smallchanges.rules import resources as resource_rules
from tests.factories import make_user, unique
from tests.resources_factories import (
	approve,
	make_approved_resource,
	make_psw,
	make_resource,
	make_social_worker,
	store_file,
)


def as_user(user, fn, *args, **kwargs):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user(previous)


# ---- workflow and versions ----------------------------------------------------------------------
def test_approval_records_who_and_when_and_makes_it_current():
	doc = make_resource()
	psw = make_psw()
	approved = approve(doc, psw)
	assert approved.workflow_state == resource_rules.APPROVED
	assert approved.approved_by == psw
	assert approved.approved_on
	assert approved.is_current == 1
	assert getdate(approved.review_due) == resource_rules.default_review_due(getdate(approved.effective_date))


def test_a_principal_social_worker_cannot_approve_their_own_draft():
	psw = make_psw()
	doc = make_resource(author=psw)
	frappe.set_user(psw)
	with pytest.raises(frappe.ValidationError, match="Self approval"):
		apply_workflow(frappe.get_doc("Resource", doc.name), "Approve")
	# nor by writing the state directly
	doc = frappe.get_doc("Resource", doc.name)
	doc.workflow_state = resource_rules.APPROVED
	with pytest.raises(WorkflowPermissionError):
		doc.save()


def test_a_social_worker_cannot_approve():
	doc = make_resource()
	frappe.set_user(make_social_worker())
	with pytest.raises(WorkflowTransitionError):
		apply_workflow(frappe.get_doc("Resource", doc.name), "Approve")
	assert frappe.db.get_value("Resource", doc.name, "workflow_state") == resource_rules.DRAFT


def test_server_fields_are_not_taken_from_the_client():
	author = make_social_worker()
	doc = make_resource(author=author, approved_by="Administrator", is_current=1, version=9, file_text="x")
	assert doc.approved_by is None
	assert doc.is_current == 0
	assert doc.version == 1
	assert doc.file_text != "x"


def test_publishing_a_new_version_retires_the_old_and_keeps_its_history():
	old = make_approved_resource()
	author = make_social_worker()
	new_name = as_user(author, api.new_version, old.name)
	new = frappe.get_doc("Resource", new_name)
	assert new.workflow_state == resource_rules.DRAFT
	assert new.supersedes == old.name
	assert new.version == 2
	# the old one stays current until the new one is approved
	assert frappe.db.get_value("Resource", old.name, "is_current") == 1
	new.file = store_file(words="Second edition")
	as_user(author, new.save)
	approve(new)
	old.reload()
	assert old.workflow_state == resource_rules.RETIRED
	assert old.is_current == 0
	assert old.superseded_by == new.name
	assert frappe.db.get_value("Resource", new.name, "is_current") == 1
	assert frappe.db.exists("Comment", {"reference_name": old.name, "content": ["like", f"%{new.name}%"]})
	# the library shows only the new one by default, and both with old versions included
	found = {row["name"] for row in library.search(old.title)}
	assert found == {new.name}
	assert {row["name"] for row in library.search(old.title, include_old=True)} == {old.name, new.name}


def test_an_approved_resource_is_changed_only_by_a_new_version():
	doc = make_approved_resource()
	doc = frappe.get_doc("Resource", doc.name)
	doc.file = store_file(words="Changed in place")
	with pytest.raises(ResourceError):
		doc.save()
	doc.reload()
	doc.tags = "still editable"
	doc.save()


# ---- files and their words -------------------------------------------------------------------
def test_words_inside_pdf_docx_and_xlsx_files_are_searchable():
	word = unique("Zanzibarish").replace("-", "")
	pdf = make_approved_resource(words=f"A guide that mentions {word} once")
	docx = make_approved_resource(file=store_file(f"{unique('t')}.docx", samples.docx([f"Template {word}x"])))
	xlsx = make_approved_resource(
		file=store_file(f"{unique('s')}.xlsx", samples.xlsx([["Heading"], [f"{word}y cell"]]))
	)
	assert {r["name"] for r in library.search(word)} == {pdf.name, docx.name, xlsx.name}
	assert {r["name"] for r in library.search(f"{word}x")} == {docx.name}
	assert {r["name"] for r in library.search(f"{word}y")} == {xlsx.name}


def test_search_combines_words_filters_and_categories():
	word = unique("Quokka").replace("-", "")
	category = zip_import.category_for([unique("Folder"), f"{word}Folder"])
	in_category = make_approved_resource(category=category, kind="Form")
	tagged = make_approved_resource(tags=f"{word}, another", kind="Guide")
	assert {r["name"] for r in library.search(word)} == {in_category.name, tagged.name}
	assert {r["name"] for r in library.search(word, kind="Form")} == {in_category.name}
	assert library.search(f"{word} nosuchword") == []


@pytest.mark.parametrize(
	"file_name, content, message",
	[
		("program.docx", b"MZ\x90\x00" + b"\x00" * 200, "not what its name says"),
		("tool.exe", b"MZ\x90\x00" + b"\x00" * 200, "not allowed"),
		("photo.png", b"%PDF-1.4 not really an image", "not what its name says"),
	],
	ids=["renamed program", "program", "renamed pdf"],
)
def test_disallowed_files_are_refused_with_the_reason(file_name, content, message):
	url = store_file(file_name, content)
	with pytest.raises(frappe.ValidationError, match=message):
		make_resource(file=url)


def test_a_public_file_is_refused():
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": f"{unique('p')}.pdf", "content": samples.pdf(["x"]), "is_private": 0}
	).insert(ignore_permissions=True)
	with pytest.raises(ResourceError, match="private"):
		make_resource(file=file_doc.file_url)


# ---- zip import ------------------------------------------------------------------------------
def build_zip(entries) -> bytes:
	out = io.BytesIO()
	with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
		for name, data, *mode in entries:
			info = zipfile.ZipInfo(name)
			info.compress_type = zipfile.ZIP_DEFLATED
			if mode:
				info.external_attr = mode[0] << 16
			archive.writestr(info, data)
	return out.getvalue()


def test_zip_import_makes_draft_resources_with_categories_and_says_what_was_skipped():
	top = unique("Shared drive")
	already = make_approved_resource(words="Already in the library")
	already_bytes = frappe.get_doc("File", {"file_url": already.file}).get_content()
	guide = samples.pdf([f"Guide {unique('g')}"])
	content = build_zip(
		[
			(f"{top}/Forms/Consent/consent_form-v2.docx", samples.docx([f"Consent {unique('c')}"])),
			(f"{top}/Guides/visit guide.pdf", guide),
			(f"{top}/Guides/copy of visit guide.pdf", guide),  # duplicate within the zip
			(f"{top}/Guides/old.pdf", already_bytes),  # already in the library
			(f"{top}/Guides/empty.pdf", b""),
			(f"{top}/Tools/setup.exe", b"MZ\x90\x00" + b"\x00" * 300),
			(f"{top}/Tools/renamed.pdf", b"MZ\x90\x00" + b"\x00" * 300),
			("../outside.pdf", guide),
			(f"{top}/link.pdf", b"/etc/passwd", stat.S_IFLNK | 0o777),
		]
	)
	summary = zip_import.import_zip(content, "drive.zip")
	imported = {item["path"]: item for item in summary["imported"]}
	skipped = {item["path"]: item["reason"] for item in summary["skipped"]}
	assert set(imported) == {f"{top}/Forms/Consent/consent_form-v2.docx", f"{top}/Guides/visit guide.pdf"}
	assert set(skipped) == {
		f"{top}/Guides/copy of visit guide.pdf",
		f"{top}/Guides/old.pdf",
		f"{top}/Guides/empty.pdf",
		f"{top}/Tools/setup.exe",
		f"{top}/Tools/renamed.pdf",
		"../outside.pdf",
		f"{top}/link.pdf",
	}
	assert "already in the library" in skipped[f"{top}/Guides/copy of visit guide.pdf"]
	assert already.name in skipped[f"{top}/Guides/old.pdf"]
	assert "empty" in skipped[f"{top}/Guides/empty.pdf"]
	assert "not allowed" in skipped[f"{top}/Tools/setup.exe"]
	assert "not what its name says" in skipped[f"{top}/Tools/renamed.pdf"]
	assert "outside the folder" in skipped["../outside.pdf"]
	assert "link" in skipped[f"{top}/link.pdf"]

	consent = frappe.get_doc("Resource", imported[f"{top}/Forms/Consent/consent_form-v2.docx"]["resource"])
	assert consent.title == "Consent form v2"
	assert consent.workflow_state == resource_rules.DRAFT
	assert consent.file.startswith("/private/files/")
	assert "Consent" in consent.file_text
	category = frappe.get_doc("Resource Category", consent.category)
	assert category.category_name == "Consent"
	parent = frappe.get_doc("Resource Category", category.parent_resource_category)
	assert parent.category_name == "Forms"
	assert frappe.db.get_value("Resource Category", parent.parent_resource_category, "category_name") == top
	assert frappe.db.get_value(
		"File",
		{"file_url": consent.file, "attached_to_doctype": "Resource", "attached_to_name": consent.name},
	)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked():
	before = frappe.db.count("Resource")
	bomb = build_zip([("notes/zeros.txt", b"0" * (20 * 1024 * 1024))])
	with pytest.raises(zip_import.ZipImportError, match="times its size"):
		zip_import.import_zip(bomb, "bomb.zip")
	assert frappe.db.count("Resource") == before


def test_not_a_zip_is_refused():
	with pytest.raises(zip_import.ZipImportError):
		zip_import.import_zip(b"this is not a zip", "x.zip")


def test_only_an_administrator_imports_a_zip():
	frappe.set_user(make_psw())
	with pytest.raises(frappe.PermissionError):
		api.import_zip("/private/files/nothing.zip")


# ---- review reminders ------------------------------------------------------------------------
def reminder_recipients(user_email: str) -> list[str]:
	queue = frappe.qb.DocType("Email Queue")
	recipient = frappe.qb.DocType("Email Queue Recipient")
	return (
		frappe.qb.from_(queue)
		.join(recipient)
		.on(recipient.parent == queue.name)
		.select(queue.message)
		.where((recipient.recipient == user_email) & (queue.reference_doctype == "Resource"))
		.run(pluck=True)
	)


def test_review_reminders_are_queued_for_due_soon_and_overdue_resources():
	owner = make_psw()
	today = getdate(nowdate())
	soon = make_approved_resource(maintained_by=owner, review_due=today + timedelta(days=10))
	overdue = make_approved_resource(maintained_by=owner, review_due=today - timedelta(days=3))
	later = make_approved_resource(maintained_by=owner, review_due=today + timedelta(days=60))
	draft = make_resource(maintained_by=owner, review_due=today - timedelta(days=3))
	tasks.notify_review_due()
	messages = reminder_recipients(owner)
	assert len(messages) == 1
	message = messages[0]
	assert soon.title in message and overdue.title in message
	assert later.title not in message and draft.title not in message
	assert "Review overdue" in message and "Review due soon" in message
	rows = {r["name"]: r for r in library.search(overdue.title)}
	assert rows[overdue.name]["review_status"] == resource_rules.REVIEW_OVERDUE

	# running again the same day tells nobody twice
	tasks.notify_review_due()
	assert len(reminder_recipients(owner)) == 1
	# a new review date starts afresh
	doc = frappe.get_doc("Resource", overdue.name)
	doc.review_due = today + timedelta(days=5)
	doc.save()
	assert doc.review_reminded_on is None


# ---- sharing ---------------------------------------------------------------------------------
def queued_for(resource: str) -> list[dict]:
	return frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Resource", "reference_name": resource},
		fields=["name", "message", "attachments"],
	)


def test_sharing_queues_an_email_per_person_and_logs_each_share():
	doc = make_approved_resource()
	colleague = make_social_worker()
	sharer = make_social_worker()
	as_user(sharer, api.share, doc.name, colleague, "Have a look before Tuesday")
	queued = queued_for(doc.name)
	assert len(queued) == 1
	recipients = frappe.get_all(
		"Email Queue Recipient", filters={"parent": queued[0].name}, pluck="recipient"
	)
	assert recipients == [colleague]
	assert "/app/resource/" in queued[0].message
	assert "fid" in (queued[0].attachments or "")
	log = frappe.get_all("Resource Share", filters={"resource": doc.name}, fields=["*"])
	assert len(log) == 1
	assert log[0].shared_by == sharer and log[0].recipient == colleague and log[0].shared_on
	assert log[0].with_file == 1


def test_a_staff_only_resource_is_never_shared_with_a_partner():
	doc = make_approved_resource()
	partner = make_user(PARTNER_PRACTITIONER)
	with pytest.raises(frappe.ValidationError, match="cannot receive"):
		as_user(make_social_worker(), api.share, doc.name, [partner, make_social_worker()])
	assert not queued_for(doc.name)
	assert not frappe.db.exists("Resource Share", {"resource": doc.name})


def test_a_partner_resource_is_shared_with_a_partner_as_a_link_only():
	doc = make_approved_resource(audience=resource_rules.STAFF_AND_PARTNERS)
	partner = make_user(PARTNER_PRACTITIONER)
	as_user(make_social_worker(), api.share, doc.name, partner)
	queued = queued_for(doc.name)
	assert len(queued) == 1
	assert "/resources" in queued[0].message
	assert not queued[0].attachments or queued[0].attachments == "[]"
	assert frappe.db.get_value("Resource Share", {"resource": doc.name}, "with_file") == 0


def test_a_draft_is_not_shared():
	doc = make_resource()
	with pytest.raises(frappe.ValidationError):
		as_user(make_social_worker(), api.share, doc.name, make_social_worker())


# ---- what partners reach ---------------------------------------------------------------------
def test_a_partner_reads_only_approved_current_partner_resources_and_no_file_by_url():
	partner = make_user(PARTNER_PRACTITIONER)
	shared = make_approved_resource(audience=resource_rules.STAFF_AND_PARTNERS)
	everyone = make_approved_resource(audience=resource_rules.EVERYONE)
	staff_only = make_approved_resource(audience=resource_rules.STAFF)
	families = make_approved_resource(audience=resource_rules.STAFF_AND_FAMILIES)
	draft = make_resource(audience=resource_rules.STAFF_AND_PARTNERS)
	retired = make_approved_resource(audience=resource_rules.STAFF_AND_PARTNERS)
	psw = make_psw()
	as_user(psw, apply_workflow, frappe.get_doc("Resource", retired.name), "Retire")
	frappe.set_user(partner)

	# no generic channel: partners have no permission on the DocType at all
	with pytest.raises(frappe.PermissionError):
		frappe.get_list("Resource")
	assert not frappe.has_permission("Resource", "read")
	assert not frappe.has_permission("Resource", "read", doc=shared.name)

	# the library's own readers give exactly what partners may read
	found = {row["name"] for row in library.search("", include_old=True, audience=resource_rules.STAFF)}
	assert {shared.name, everyone.name} <= found
	assert not found & {staff_only.name, families.name, draft.name, retired.name}
	assert access.may_read(shared.name) and access.may_read(everyone.name)
	for resource in (staff_only, families, draft, retired):
		assert not access.may_read(resource.name), resource.audience

	# and no library file is served to a partner by its URL (only through api.download)
	for resource in (shared, staff_only):
		file_name = frappe.db.get_value(
			"File", {"attached_to_doctype": "Resource", "attached_to_name": resource.name}
		)
		assert not frappe.get_doc("File", file_name).is_downloadable()


def test_download_gives_the_file_to_those_who_may_read_the_resource():
	partner = make_user(PARTNER_PRACTITIONER)
	shared = make_approved_resource(audience=resource_rules.STAFF_AND_PARTNERS, words="Shared words")
	staff_only = make_approved_resource(audience=resource_rules.STAFF)
	frappe.set_user(partner)
	api.download(shared.name)
	assert frappe.local.response.filecontent.startswith(b"%PDF")
	assert frappe.local.response.type == "download"
	for name in (staff_only.name, "RES-99999"):
		with pytest.raises(frappe.PermissionError):
			api.download(name)
	frappe.set_user(make_social_worker())
	api.download(staff_only.name)
	assert frappe.local.response.filecontent.startswith(b"%PDF")
	frappe.set_user(make_user())
	with pytest.raises(frappe.PermissionError):
		api.download(shared.name)


def test_resources_for_a_doctype_are_the_approved_current_ones():
	approved = make_approved_resource(supports_doctype="Universal Referral")
	draft = make_resource(supports_doctype="Universal Referral")
	names = {row["name"] for row in library.for_doctype("Universal Referral")}
	assert approved.name in names and draft.name not in names


def test_global_search_finds_resources():
	from frappe.utils.global_search import search, sync_global_search

	word = unique("Globalsearchword").replace("-", "")
	doc = make_approved_resource(title=f"Guide to {word}")
	sync_global_search()
	assert doc.name in {row.name for row in search(word, doctype="Resource")}


def test_another_records_file_cannot_become_a_library_file():
	"""A referral's attachment (here: any other record's) never gets a resource's audience."""
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{unique('other')}.pdf",
			"content": samples.pdf([unique("someone else's file")]),
			"is_private": 1,
			"attached_to_doctype": "User",
			"attached_to_name": "Administrator",
		}
	).insert(ignore_permissions=True)
	with pytest.raises(ResourceError, match="belongs to another record"):
		make_resource(file=file_doc.file_url, audience=resource_rules.STAFF_AND_PARTNERS)


def test_partners_have_no_permission_on_categories_or_the_share_log():
	for doctype in ("Resource Category", "Resource Share"):
		assert not any(p.role == PARTNER_PRACTITIONER for p in frappe.get_meta(doctype).permissions), doctype


def test_a_user_without_app_roles_finds_nothing_and_gets_no_error():
	make_approved_resource(supports_doctype="Universal Referral", audience=resource_rules.EVERYONE)
	frappe.set_user(make_user())
	assert library.search("") == []
	assert library.for_doctype("Universal Referral") == []


def test_the_minute_taking_guide_shows_on_the_core_group_minutes_web_form():
	from smallchanges.core_groups.web_form.core_group_minutes.core_group_minutes import get_context

	guide = make_approved_resource(title=unique("Minute-taking guide"), supports_doctype="Core Group Minutes")
	web_form = frappe.get_doc("Web Form", "core-group-minutes")
	context = get_context(frappe._dict(web_form_doc=web_form, introduction_text="Intro."))
	assert context.introduction_text.startswith("Intro.") and guide.title in context.introduction_text
