"""Uploads: what partners send is always private, of an allowed type and size."""

import filetype
import frappe
from frappe import _

from smallchanges.permissions import referral_scope
from smallchanges.rules.referral import check_attachment

REFERRAL_DOCTYPES = ("Universal Referral", "Referral Document")


def check_upload(doc, method=None) -> None:
	"""File.before_insert: runs after Frappe has read the content, before anything is stored."""
	scope = referral_scope()
	from_partner = not (scope.everything or scope.own_or_assigned)
	if not (from_partner or doc.attached_to_doctype in REFERRAL_DOCTYPES):
		return
	# A partner's file is never public: it is about a child, whatever the uploader chose.
	doc.is_private = 1
	if doc.is_folder:
		return
	content = doc.get("content")
	detected = filetype.guess_extension(content) if isinstance(content, bytes) else None
	size = doc.file_size or (len(content) if content else None)
	problem = check_attachment(doc.file_name or doc.file_url or "", size, detected)
	if problem:
		frappe.throw(
			_(problem.message).format(*problem.args), frappe.ValidationError, title=_("File refused")
		)
