"""A referral's attachments (and every file a partner sends): of an allowed type and size, and a
PDF that opens. Whether a file is kept private and who may reach it: smallchanges.access.files."""

from io import BytesIO

import filetype
import frappe
from frappe import _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from smallchanges.access.files import Upload
from smallchanges.rules.referral_form import check_attachment


def check_upload_content(upload: Upload) -> None:
	"""The content check hooks.py names for referral files: the bytes
	sent, if any; a File made from a URL is judged by its name and size."""
	content = upload.content if isinstance(upload.content, bytes) else None
	refuse_bad_file(upload.file_name, content, upload.size)


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
