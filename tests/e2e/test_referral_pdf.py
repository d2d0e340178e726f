"""The PDF button on a referral works out of the box for staff, and is refused to other agencies.

Over HTTP against the live server, as real users, with the URL the desk's PDF button opens.
"""

import shutil
from io import BytesIO

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from pypdf import PdfReader

from tests.factories import make_user
from tests.referral_factories import MANAGER_ROLE, make_partner, make_service, referral_data

PDF_URL = "/api/method/frappe.utils.print_format.download_pdf"


@pytest.fixture(scope="module")
def world(site):
	"""A referral submitted by agency A's partner, a Team Manager, and agency B's partner."""
	frappe.set_user("Administrator")
	a_user, _a_agency = make_partner()
	b_user, _b_agency = make_partner()
	manager = make_user(MANAGER_ROLE)
	service = make_service()
	frappe.set_user(a_user)
	try:
		doc = frappe.get_doc(referral_data(service=service)).insert()
		apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Submit")
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	return frappe._dict(referral=doc.name, referrer=a_user, other_partner=b_user, manager=manager)


def download(session, referral: str):
	return session.get(PDF_URL, params={"doctype": "Universal Referral", "name": referral})


def test_staff_download_a_referral_as_a_pdf_with_its_reference(world, client):
	if not shutil.which("wkhtmltopdf"):
		pytest.fail("Frappe's PDFs need wkhtmltopdf: apt-get install wkhtmltopdf", pytrace=False)
	response = download(client(world.manager), world.referral)
	assert response.status_code == 200, response.text[:500]
	assert response.content.startswith(b"%PDF"), response.content[:200]
	pdf = PdfReader(BytesIO(response.content))
	assert len(pdf.pages) >= 1
	text = "".join(page.extract_text() or "" for page in pdf.pages)
	assert world.referral in text


def test_another_agencys_partner_is_refused_the_pdf(world, client):
	response = download(client(world.other_partner), world.referral)
	assert response.status_code in (403, 404), (response.status_code, response.content[:200])
	assert not response.content.startswith(b"%PDF")
