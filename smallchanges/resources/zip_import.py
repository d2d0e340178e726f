"""Bring an old shared drive in: each file of an uploaded zip becomes a Draft Resource.

The zip's directory is judged first (resource_rules.plan_zip: bombs, paths escaping the folder, links);
each file is then read with a hard limit (a lying header cannot make it bigger), judged by its
content (kind, empty, duplicate by content hash) and stored as a private file.
"""

import zipfile
from io import BytesIO

import frappe
from frappe import _

from smallchanges.problems import problem_message
from smallchanges.resources import files
from smallchanges.rules import resources as resource_rules
from smallchanges.rules.problems import Problem


class ZipImportError(frappe.ValidationError):
	pass


def import_zip(content: bytes, zip_name: str = "") -> dict:
	"""Import every acceptable file; return {"imported": [...], "skipped": [...]} for the summary."""
	try:
		archive = zipfile.ZipFile(BytesIO(content))
		infos = archive.infolist()
	except (zipfile.BadZipFile, OSError, ValueError):
		frappe.throw(
			_("{0} is not a zip file that can be opened.").format(zip_name or _("The file")), ZipImportError
		)
	entries = [
		resource_rules.ZipEntry(
			path=info.filename,
			compressed_size=info.compress_size,
			file_size=info.file_size,
			external_attr=info.external_attr,
			is_dir=info.is_dir(),
		)
		for info in infos
	]
	plan = resource_rules.plan_zip(entries)
	if plan.refused:
		frappe.throw(problem_message(plan.refused), ZipImportError, title=_("Zip refused"))
	summary = {"imported": [], "skipped": [_skipped(path, problem) for path, problem in plan.skipped]}
	seen = _existing_hashes()
	for entry in plan.files:
		try:
			data = _read_bounded(archive, entry.path)
		except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
			summary["skipped"].append(_skipped(entry.path, Problem(None, _("It could not be unpacked."))))
			continue
		if data is None:
			summary["skipped"].append(
				_skipped(
					entry.path,
					Problem(None, _("It is larger than its zip entry says, as zip bombs are.")),
				)
			)
			continue
		name = entry.path.rsplit("/", 1)[-1]
		problem = files.file_problem(name, data)
		if problem:
			summary["skipped"].append(_skipped(entry.path, problem))
			continue
		digest = files.content_hash(data)
		if digest in seen:
			summary["skipped"].append(
				_skipped(
					entry.path,
					Problem(None, _("The same file is already in the library as {0}."), (seen[digest],)),
				)
			)
			continue
		resource = _make_resource(entry.path, name, data)
		seen[digest] = f"{resource.name} ({resource.title})"
		summary["imported"].append(
			{
				"path": entry.path,
				"resource": resource.name,
				"title": resource.title,
				"category": resource.category,
			}
		)
	return summary


def _skipped(path: str, problem: Problem) -> dict:
	return {"path": path, "reason": problem_message(problem)}


def _read_bounded(archive: zipfile.ZipFile, path: str) -> bytes | None:
	"""The entry's bytes, or None when it unpacks to more than the library accepts."""
	with archive.open(path) as stream:
		data = stream.read(resource_rules.MAX_FILE_BYTES + 1)
	return None if len(data) > resource_rules.MAX_FILE_BYTES else data


def _existing_hashes() -> dict[str, str]:
	# Runs for an administrator importing: every resource's hash, to skip files already there.
	rows = frappe.get_all(
		"Resource", filters={"content_hash": ["is", "set"]}, fields=["name", "title", "content_hash"]
	)
	return {row.content_hash: f"{row.name} ({row.title})" for row in rows}


def category_for(folders: list[str]) -> str | None:
	"""The Resource Category for a folder path, creating the missing ones (outermost first)."""
	parent = None
	for folder in folders:
		name = frappe.db.get_value(
			"Resource Category",
			{"category_name": folder, "parent_resource_category": parent or ("is", "not set")},
		)
		if not name:
			if parent:
				frappe.db.set_value("Resource Category", parent, "is_group", 1)
			name = (
				frappe.get_doc(
					{
						"doctype": "Resource Category",
						"category_name": folder[:140],
						"parent_resource_category": parent,
						"is_group": 1,
					}
				)
				# folders are created for the admin's import (checked in api.import_zip) and the demo
				.insert(ignore_permissions=True)
				.name
			)
		parent = name
	return parent


def _make_resource(path: str, name: str, data: bytes):
	kind = (
		"Template"
		if resource_rules.extension_of(name) in ("docx", "doc", "odt", "xlsx", "xls", "ods")
		else "Guide"
	)
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": name, "content": data, "is_private": 1}
	).insert()
	resource = frappe.get_doc(
		{
			"doctype": "Resource",
			"title": resource_rules.title_from_file_name(path),
			"kind": kind,
			"category": category_for(resource_rules.category_path(path)),
			"audience": resource_rules.STAFF,
			"description": _("Imported from the shared drive: {0}").format(path)[:500],
			"file": file_doc.file_url,
		}
	).insert()
	file_doc.reload()
	if file_doc.attached_to_name != resource.name:
		file_doc.db_set(
			{
				"attached_to_doctype": "Resource",
				"attached_to_name": resource.name,
				"attached_to_field": "file",
			}
		)
	return resource
