"""Factories for resource library tests (fictional contents). Each call makes distinct records."""

import frappe
from frappe.model.workflow import apply_workflow

from smallchanges.resources import samples
from smallchanges.roles import PRINCIPAL_SOCIAL_WORKER, SOCIAL_WORKER
from smallchanges.rules import resources as resource_rules
from tests.factories import make_user, unique


def make_psw(**fields) -> str:
	return make_user(PRINCIPAL_SOCIAL_WORKER, **fields)


def make_social_worker(**fields) -> str:
	return make_user(SOCIAL_WORKER, **fields)


def store_file(file_name: str | None = None, content: bytes | None = None, words: str | None = None) -> str:
	"""A private file (a one-page PDF with `words` unless content is given); returns its URL."""
	file_name = file_name or f"{unique('guide')}.pdf"
	if content is None:
		content = samples.pdf([words or f"Guidance {unique('text')}"])
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "content": content, "is_private": 1}
	)
	return file_doc.insert(ignore_permissions=True).file_url


def make_resource(author: str | None = None, words: str | None = None, **fields):
	"""A Draft resource with its own PDF, created by `author` (a new social worker unless given)."""
	author = author or make_social_worker()
	previous = frappe.session.user
	frappe.set_user(author)
	try:
		doc = frappe.get_doc(
			{
				"doctype": "Resource",
				"title": fields.pop("title", None) or unique("Test guide"),
				"kind": fields.pop("kind", "Guide"),
				"topic": fields.pop("topic", "Testing"),
				"audience": fields.pop("audience", resource_rules.STAFF),
				"file": fields.pop("file", None) or (None if fields.get("url") else store_file(words=words)),
				**fields,
			}
		).insert()
	finally:
		frappe.set_user(previous)
	return doc


def approve(doc, approver: str | None = None):
	"""Approve through the workflow as a Principal Social Worker (a new one unless given)."""
	approver = approver or make_psw()
	previous = frappe.session.user
	frappe.set_user(approver)
	try:
		return apply_workflow(frappe.get_doc("Resource", doc.name), "Approve")
	finally:
		frappe.set_user(previous)


def make_approved_resource(**fields):
	return approve(make_resource(**fields))
