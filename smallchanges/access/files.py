"""Uploads: what partners send is always private, of an allowed type and size."""

from io import BytesIO

import filetype
import frappe
from frappe import _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from smallchanges.access.referrals import referral_scope, stored_referral_in_scope
from smallchanges.resources import files as resource_files
from smallchanges.rules.referral import check_attachment

REFERRAL_DOCTYPES = ("Universal Referral", "Referral Document")
# Library files are private too: Frappe then serves one only to those who may read its Resource.
RESOURCE_DOCTYPE = "Resource"


def keeps_files_private(attached_to_doctype: str | None) -> bool:
	"""A partner's files, and anything attached to a referral, are about a child."""
	return (
		referral_scope().partner
		or attached_to_doctype in REFERRAL_DOCTYPES
		or attached_to_doctype == RESOURCE_DOCTYPE
	)


# allow_guest as in Frappe's own upload_file, which this replaces for EVERY upload on the site (other
# apps' web forms may take files from guests); it only decides privacy, then hands over to Frappe.
@frappe.whitelist(allow_guest=True)
def upload_file():
	"""Frappe's upload endpoint, made private (whatever the uploader chose) where it must be."""
	from frappe.handler import upload_file as frappe_upload_file

	from smallchanges.access.names import open_record

	if frappe.form_dict.docname not in (None, ""):
		# Frappe answers 404 for no such record and 403 for another's: one answer for both here.
		open_record(frappe.form_dict.doctype, frappe.form_dict.docname, "write")
	if keeps_files_private(frappe.form_dict.doctype):
		frappe.form_dict.is_private = 1
		upload = frappe.request.files.get("file")
		if upload:
			# Judge the bytes before Frappe stores or parses them.
			content = upload.stream.read()
			upload.stream.seek(0)
			if frappe.form_dict.doctype == RESOURCE_DOCTYPE:
				resource_files.refuse_bad_file(upload.filename or "", content)
			else:
				refuse_bad_file(upload.filename or "", content)
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
	content = doc.get("content")
	if doc.attached_to_doctype == RESOURCE_DOCTYPE:
		resource_files.refuse_bad_file(doc.file_name or doc.file_url or "", content or doc.get_content())
		return
	refuse_bad_file(
		doc.file_name or doc.file_url or "", content if isinstance(content, bytes) else None, doc.file_size
	)


def made_by_reference(doc) -> bool:
	"""A File that copies another File's URL, or the file library's, instead of bringing content.

	Judged when Frappe checks "create", before File.before_insert reads the referenced file's bytes
	from disk into the new record."""
	return not doc.is_folder and (not doc.get("content") or bool(doc.get("library_file_name")))


def file_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""A partner reaches a private File only through a referral in their scope (None: no objection).

	Their own upload that is not attached to anything yet (the web form attaches it when the referral
	is saved) stays theirs: it holds only the bytes they sent (see made_by_reference).
	"""
	scope = referral_scope(user)
	if not scope.partner:
		return None
	if ptype == "create":
		# A partner's File holds only bytes they sent: a File of their own pointing at another's URL
		# would let them read whatever that URL serves.
		return False if made_by_reference(doc) else None
	user = user or frappe.session.user
	if doc.attached_to_doctype == "Universal Referral" and doc.attached_to_name:
		return None if stored_referral_in_scope(doc.attached_to_name, scope) else False
	if not doc.attached_to_doctype and not doc.attached_to_name and doc.owner == user:
		return None
	return False


def refuse_bad_file(file_name: str, content: bytes | None, size: int | None = None) -> None:
	"""Raise a clear ValidationError for a disallowed type, a disguised or damaged file, or one too big."""
	detected = filetype.guess_extension(content) if content else None
	size = size or (len(content) if content else None)
	problem = check_attachment(file_name, size, detected)
	if problem:
		frappe.throw(
			_(problem.message).format(*problem.args), frappe.ValidationError, title=_("File refused")
		)
	if detected == "pdf" and not _readable_pdf(content):
		# Frappe reads every PDF (to refuse embedded scripts); a damaged one would fail with no reason.
		frappe.throw(
			_("{0} could not be read as a PDF; it may be damaged. Save it again and re-send it.").format(
				file_name
			),
			frappe.ValidationError,
			title=_("File refused"),
		)


def _readable_pdf(content: bytes) -> bool:
	try:
		PdfReader(BytesIO(content))
	except (PyPdfError, ValueError, OSError):
		return False
	return True
