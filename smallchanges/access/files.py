"""The site-wide File hooks: which files are kept private, who may reach a private file, and the
check of what is uploaded.

Each capability's own file criteria are in this package (access/referrals.py, access/resources.py):
the DocTypes whose files are about a child and kept private, and whether a partner may reach a file
attached to one of its records. What makes a file's content acceptable (its kind, size, whether it
opens) belongs to the capability: hooks.py names each DocType's content check under
`smallchanges_file_content_checks`, and the upload check calls it from there. A partner's upload is
stored under a name of its own (store_under_a_name_of_its_own).
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe import _

from smallchanges.access import referrals, resources
from smallchanges.access.scope import is_desk_user, scope_of

# Files attached to these are about a child (or are the library's): always private.
PRIVATE_FILE_DOCTYPES = (*referrals.FILE_DOCTYPES, *resources.FILE_DOCTYPES)
# Whether a partner may reach a private File attached to a record of this DocType (the record's name
# and the partner's scope in): each capability's own criterion. Any other attached File: no.
PARTNER_FILE_CRITERIA = {**referrals.PARTNER_FILE_CRITERIA, **resources.PARTNER_FILE_CRITERIA}

CONTENT_CHECKS_HOOK = "smallchanges_file_content_checks"
ANY_OTHER = "*"  # the hook's key for a private file attached to nothing, or to any other DocType


@dataclass(frozen=True)
class Upload:
	"""What a content check judges: the bytes sent (None for a File made from a URL), their size,
	and how to read the stored file's bytes when none were sent."""

	file_name: str
	content: bytes | str | None
	size: int | None = None
	read_stored: Callable[[], bytes | str | None] | None = None


def keeps_files_private(attached_to_doctype: str | None) -> bool:
	"""A partner's files, and anything attached to a referral, are about a child."""
	return scope_of().partner or attached_to_doctype in PRIVATE_FILE_DOCTYPES


def refuse_bad_content(attached_to_doctype: str | None, upload: Upload) -> None:
	"""Run the capability's content check for files attached to this DocType (it raises)."""
	checks = frappe.get_hooks(CONTENT_CHECKS_HOOK) or {}
	paths = checks.get(attached_to_doctype or ANY_OTHER) or checks.get(ANY_OTHER)
	if not paths:
		# Fail closed: a private file no capability checks is not taken.
		frappe.throw(
			_("Files of this kind cannot be uploaded here."), frappe.ValidationError, title=_("File refused")
		)
	frappe.get_attr(paths[-1])(upload)


# allow_guest as in Frappe's own upload_file, which this replaces for EVERY upload on the site (other
# apps' web forms may take files from guests); it only decides privacy, then hands over to Frappe.
@frappe.whitelist(allow_guest=True)
def upload_file():
	"""Frappe's upload endpoint, made private (whatever the uploader chose) where it must be."""
	from frappe.handler import upload_file as frappe_upload_file

	from smallchanges.access.names import open_record

	if frappe.form_dict.docname not in (None, "") and not is_desk_user(frappe.session.user):
		# Frappe answers 404 for no such record and 403 for another's: one answer for both here. Desk
		# users keep Frappe's check, which lets them attach a file to a form not saved yet
		# ("new-resource-1"); the portal's uploads name no record.
		open_record(frappe.form_dict.doctype, frappe.form_dict.docname, "write")
	if keeps_files_private(frappe.form_dict.doctype):
		frappe.form_dict.is_private = 1
		upload = frappe.request.files.get("file")
		if upload:
			# Judge the bytes before Frappe stores or parses them.
			content = upload.stream.read()
			upload.stream.seek(0)
			refuse_bad_content(frappe.form_dict.doctype, Upload(upload.filename or "", content))
	return frappe_upload_file()


def check_upload(doc, method=None) -> None:
	"""File.before_insert: runs after Frappe has read the content, before it is attached."""
	if not keeps_files_private(doc.attached_to_doctype) or doc.is_folder:
		return
	if not doc.is_private:
		frappe.throw(
			_("Files about children are kept private: upload {0} as a private file.").format(doc.file_name),
			frappe.PermissionError,
			title=_("File refused"),
		)
	upload = Upload(doc.file_name or doc.file_url or "", doc.get("content"), doc.file_size, doc.get_content)
	refuse_bad_content(doc.attached_to_doctype, upload)
	if scope_of().partner:
		store_under_a_name_of_its_own(doc)


def store_under_a_name_of_its_own(doc) -> None:
	"""A partner's upload never comes back as another File's URL, nor named after whether one exists.

	Frappe stores identical bytes once: a File with the same content gets the first file's URL, whose
	name (another agency's, perhaps a child's) the upload's reply would then show. And Frappe keeps
	the name given unless a file of that name exists, when it adds a suffix: a partner could ask
	whether "<a child's name>.pdf" exists. So a partner's upload (Frappe has just stored it, or found
	its twin) is stored under the name given plus a random part, every time, with its own bytes.
	"""
	if not doc.file_url or doc.is_remote_file:
		return
	twin = frappe.db.exists("File", {"file_url": doc.file_url})  # this File is not inserted yet
	stored_here = None if twin else doc.get_full_path()
	stem, extension = os.path.splitext(doc.file_name or "file")
	stem = re.sub(r"[^\w.-]+", "_", stem)[:100] or "file"
	doc.file_url = f"/private/files/{stem}-{frappe.generate_hash(length=12)}{extension}"
	if stored_here and os.path.exists(stored_here):
		os.replace(stored_here, doc.get_full_path())
	else:
		doc.write_file()  # the bytes the partner sent, under their own name


def made_by_reference(doc) -> bool:
	"""A File that copies another File's URL, or the file library's, instead of bringing content.

	Judged when Frappe checks "create", before File.before_insert reads the referenced file's bytes
	from disk into the new record."""
	return not doc.is_folder and (not doc.get("content") or bool(doc.get("library_file_name")))


def file_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""A partner reaches a private File only through a record in their scope (None: no objection).

	Their own upload that is not attached to anything yet (the web form attaches it when the referral
	is saved) stays theirs: it holds only the bytes they sent (see made_by_reference).
	"""
	scope = scope_of(user)
	if not scope.partner:
		return None
	if ptype == "create":
		# A partner's File holds only bytes they sent: a File of their own pointing at another's URL
		# would let them read whatever that URL serves.
		return False if made_by_reference(doc) else None
	user = user or frappe.session.user
	if doc.attached_to_doctype and doc.attached_to_name:
		criterion = PARTNER_FILE_CRITERIA.get(doc.attached_to_doctype)
		return None if criterion and criterion(doc.attached_to_name, scope) else False
	if not doc.attached_to_doctype and not doc.attached_to_name and doc.owner == user:
		return None
	return False
