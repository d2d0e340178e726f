"""Distribute approved minutes: the PDF through Frappe's email queue to the distribution list."""

import os
import re

import frappe
from frappe import _
from frappe.utils import now_datetime
from frappe.utils.pdf import get_pdf

PRINT_FORMAT = "Core Group Minutes"


class DistributionError(frappe.ValidationError):
	pass


def minutes_pdf(doc) -> dict:
	"""The minutes as a PDF attachment ({"fname", "fcontent"}), in the app's print format."""
	html = frappe.get_print(doc.doctype, doc.name, print_format=PRINT_FORMAT, doc=doc, no_letterhead=1)
	return {"fname": f"{doc.name}.pdf", "fcontent": get_pdf(inline_stylesheets(html))}


_STYLESHEET = re.compile(r'<link[^>]+href="(/assets/[^"?]+\.css)[^"]*"[^>]*>')


def inline_stylesheets(html: str) -> str:
	"""Put the site's own print stylesheet into the page, so that wkhtmltopdf needs no request
	back to the web server (which a worker may not reach by the site's public name)."""

	def inline(match: re.Match) -> str:
		path = os.path.realpath(os.path.join(frappe.local.sites_path, match.group(1).lstrip("/")))
		assets = os.path.realpath(os.path.join(frappe.local.sites_path, "assets"))
		if not path.startswith(assets + os.sep) or not os.path.exists(path):
			return ""
		with open(path) as css:
			return f"<style>{css.read()}</style>"

	return _STYLESHEET.sub(inline, html)


def distribute(doc) -> None:
	"""Queue one email with the PDF to everyone on the list; record who got it and when."""
	rows = [row for row in doc.distribution if (row.email or "").strip()]
	if not rows:
		frappe.throw(_("Add at least one person with an email to the distribution list."), DistributionError)
	sent_on = now_datetime()
	frappe.sendmail(
		recipients=sorted({row.email.strip() for row in rows}),
		subject=_("Core group minutes {0}: meeting {1} of {2}").format(
			doc.name, doc.meeting_number, doc.children_initials
		),
		message=_(
			"<p>The approved minutes of the core group meeting held on {0} are attached.</p>"
			"<p>They are confidential: keep them with the child's record at your agency and do not "
			"forward them. Tell the lead social worker if anything in them is wrong.</p>"
		).format(frappe.format(doc.meeting_date, "Date")),
		attachments=[minutes_pdf(doc)],
		reference_doctype=doc.doctype,
		reference_name=doc.name,
	)
	for row in rows:
		row.sent_on = sent_on
	doc.distributed_on = sent_on
	doc.distributed_by = frappe.session.user
