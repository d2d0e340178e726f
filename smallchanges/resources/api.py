"""Whitelisted methods of the resource library.

Staff use all of them from the desk. Partners use only `download` (from their /resources page
and the guidance on web forms): it is the one API call a partner needs for the library.
"""

import frappe
from frappe import _

from smallchanges.access.resources import may_read
from smallchanges.access.scope import scope_of
from smallchanges.resources import library, zip_import
from smallchanges.resources import share as sharing
from smallchanges.roles import SYSTEM_MANAGER
from smallchanges.rules import resources as resource_rules


def _require_staff() -> None:
	if not scope_of().staff:
		frappe.throw(_("The library's search is for staff."), frappe.PermissionError)


@frappe.whitelist(methods=["GET", "POST"])
def search(
	query: str = "",
	kind: str | None = None,
	topic: str | None = None,
	audience: str | None = None,
	include_old: bool = False,
) -> list[dict]:
	_require_staff()
	frappe.has_permission("Resource", "read", throw=True)
	return library.search(
		query, kind or None, topic or None, audience or None, frappe.utils.cint(include_old)
	)


@frappe.whitelist(methods=["GET", "POST"])
def topics() -> list[str]:
	_require_staff()
	frappe.has_permission("Resource", "read", throw=True)
	return sorted({t for t in frappe.get_list("Resource", pluck="topic", distinct=True) if t})


@frappe.whitelist(methods=["GET", "POST"])
def for_doctype(doctype: str) -> list[dict]:
	"""Approved, current resources for a desk form of `doctype` (scoped to what the user may read)."""
	_require_staff()
	frappe.has_permission("Resource", "read", throw=True)
	return library.for_doctype(doctype)


@frappe.whitelist(methods=["POST"])
def new_version(resource: str) -> str:
	"""A Draft copy of an approved resource, one version up, that supersedes it once approved."""
	old = frappe.get_doc("Resource", resource)
	old.check_permission("read")
	frappe.has_permission("Resource", "create", throw=True)
	if old.workflow_state != resource_rules.APPROVED or not old.is_current:
		frappe.throw(_("A new version is made from the current approved version."), frappe.ValidationError)
	existing = frappe.db.get_value(
		"Resource", {"supersedes": old.name, "workflow_state": resource_rules.DRAFT}
	)
	if existing:
		return existing
	copy = frappe.copy_doc(old)
	copy.workflow_state = resource_rules.DRAFT
	copy.effective_date = None
	copy.review_due = None
	copy.flags.server_fields = {"supersedes": old.name, "version": resource_rules.next_version(old.version)}
	copy.insert()
	return copy.name


@frappe.whitelist(methods=["POST"])
def share(resource: str, recipients: str | list, message: str = "") -> list[str]:
	_require_staff()
	doc = frappe.get_doc("Resource", resource)
	doc.check_permission("read")
	return sharing.share(doc, recipients, message)


@frappe.whitelist(methods=["POST"])
def import_zip(file_url: str) -> dict:
	"""Import an uploaded zip (the administrator's own private upload), then delete the upload."""
	if SYSTEM_MANAGER not in frappe.get_roles():
		frappe.throw(_("Only an administrator imports a shared drive."), frappe.PermissionError)
	frappe.has_permission("Resource", "create", throw=True)
	name = frappe.db.get_value("File", {"file_url": file_url, "owner": frappe.session.user})
	if not name:
		frappe.throw(_("Upload the zip first."), frappe.ValidationError)
	upload = frappe.get_doc("File", name)
	content = upload.get_content()
	summary = zip_import.import_zip(
		content if isinstance(content, bytes) else content.encode(), upload.file_name
	)
	upload.delete()
	return summary


@frappe.whitelist(methods=["GET"])
def download(resource: str) -> None:
	"""The resource's file, for staff and for a partner when the resource is approved, current and
	for partners (judged from the stored row); everyone else gets 403, whatever they guess."""
	if frappe.session.user == "Guest" or not may_read(resource):
		raise frappe.PermissionError(_("You may not download this resource."))
	file_url = frappe.db.get_value("Resource", resource, "file")
	if not file_url:
		frappe.throw(_("{0} has no file; it is a link.").format(resource), frappe.DoesNotExistError)
	name = frappe.db.get_value(
		"File", {"file_url": file_url, "attached_to_doctype": "Resource", "attached_to_name": resource}
	) or frappe.db.get_value("File", {"file_url": file_url, "attached_to_doctype": ("is", "not set")})
	if not name:
		frappe.throw(_("The file of {0} was not found.").format(resource), frappe.DoesNotExistError)
	file_doc = frappe.get_doc("File", name)
	content = file_doc.get_content()
	from frappe.core.doctype.access_log.access_log import make_access_log

	make_access_log(
		doctype="Resource", document=resource, file_type=resource_rules.extension_of(file_doc.file_name)
	)
	frappe.local.response.filename = file_doc.file_name
	frappe.local.response.filecontent = content if isinstance(content, bytes) else content.encode()
	frappe.local.response.type = "download"
