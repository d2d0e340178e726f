"""A resource's file: checked by kind and size, read for its text, hashed to find duplicates."""

import hashlib
from io import BytesIO

import filetype
import frappe
from frappe import _

from smallchanges.access.files import Upload
from smallchanges.rules import resources as resource_rules

MAX_TEXT_CHARS = 200_000  # enough for any guide; a search field, not a copy of the file


def as_bytes(content) -> bytes:
	if content is None:
		return b""
	return content.encode() if isinstance(content, str) else content


def looks_like_text(content: bytes) -> bool:
	if b"\x00" in content[:4096]:
		return False
	try:
		content[:65536].decode("utf-8")
	except UnicodeDecodeError:
		try:
			content[:65536].decode("cp1252")
		except UnicodeDecodeError:
			return False
	return True


def file_problem(file_name: str, content: bytes) -> resource_rules.Problem | None:
	"""What is wrong with this file for the library (judged by its bytes, not only its name)."""
	detected = filetype.guess_extension(content) if content else None
	problem = resource_rules.check_file(file_name, len(content), detected, looks_like_text(content))
	if problem:
		return problem
	if resource_rules.extension_of(file_name) == "pdf" and extract_text(file_name, content) is None:
		return resource_rules.Problem(_("{0} could not be read as a PDF; it may be damaged."), (file_name,))
	return None


def check_upload_content(upload: Upload) -> None:
	"""The content check hooks.py names for library files: the bytes
	sent, or the stored file's when a File is made from another's URL."""
	content = upload.content
	if not content and upload.read_stored:
		content = upload.read_stored()
	refuse_bad_file(upload.file_name, content)


def refuse_bad_file(file_name: str, content) -> None:
	problem = file_problem(file_name, as_bytes(content))
	if problem:
		frappe.throw(
			_(problem.message).format(*problem.args), frappe.ValidationError, title=_("File refused")
		)


def content_hash(content) -> str:
	return hashlib.sha256(as_bytes(content)).hexdigest()


def extract_text(file_name: str, content: bytes) -> str | None:
	"""The words inside a PDF, Word, spreadsheet or text file ('' when it has none we can read).

	None only for a PDF that cannot be opened at all.
	"""
	extension = resource_rules.extension_of(file_name)
	try:
		if extension == "pdf":
			return _pdf_text(content)
		if extension == "docx":
			return _docx_text(content)
		if extension == "xlsx":
			return _xlsx_text(content)
		if extension in ("txt", "csv"):
			return content.decode("utf-8", errors="replace")[:MAX_TEXT_CHARS]
	except Exception:
		# A damaged Office file still goes in the library; only its words are not searchable.
		if extension == "pdf":
			return None
		return ""
	return ""


def _pdf_text(content: bytes) -> str:
	from pypdf import PdfReader

	reader = PdfReader(BytesIO(content))
	parts, size = [], 0
	for page in reader.pages:
		text = page.extract_text() or ""
		parts.append(text)
		size += len(text)
		if size > MAX_TEXT_CHARS:
			break
	return "\n".join(parts)[:MAX_TEXT_CHARS]


def _docx_text(content: bytes) -> str:
	import docx

	document = docx.Document(BytesIO(content))
	parts = [paragraph.text for paragraph in document.paragraphs]
	for table in document.tables:
		for row in table.rows:
			parts.append(" ".join(cell.text for cell in row.cells))
	return "\n".join(part for part in parts if part)[:MAX_TEXT_CHARS]


def _xlsx_text(content: bytes) -> str:
	from openpyxl import load_workbook

	workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
	parts, size = [], 0
	for sheet in workbook.worksheets:
		parts.append(sheet.title)
		for row in sheet.iter_rows(values_only=True):
			line = " ".join(str(value) for value in row if value not in (None, ""))
			if line:
				parts.append(line)
				size += len(line)
			if size > MAX_TEXT_CHARS:
				break
	workbook.close()
	return "\n".join(parts)[:MAX_TEXT_CHARS]
