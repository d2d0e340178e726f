"""The resource library over HTTP and in Chromium, as real users: who may move the workflow,
what a partner can reach (page, files, guessed URLs), finding a guide by a word inside its PDF,
and the referral guidance on the web form."""

import json

import frappe
import pytest
from playwright.sync_api import expect

from smallchanges.resources import samples
from smallchanges.rules import resources as resource_rules
from tests.e2e.conftest import browser_login
from tests.factories import PASSWORD, make_user, unique
from tests.referral_factories import make_partner
from tests.resources_factories import make_approved_resource, make_psw, make_resource, make_social_worker


@pytest.fixture(scope="module")
def library(site):
	"""A small committed library: partner and staff-only resources, a draft, the referral guidance."""
	frappe.set_user("Administrator")
	word = unique("Pangolinword").replace("-", "")
	people = frappe._dict(
		partner=make_partner()[0],
		social_worker=make_social_worker(),
		psw=make_psw(),
		psw2=make_psw(),
		word=word,
	)
	people.partner_guide = make_approved_resource(
		title=unique("Partner guide"),
		audience=resource_rules.STAFF_AND_PARTNERS,
		words="For schools and health",
	)
	people.staff_guide = make_approved_resource(
		title=unique("Staff only guide"),
		audience=resource_rules.STAFF,
		words=f"Internal guidance about {word}",
	)
	people.partner_draft = make_resource(
		title=unique("Partner draft"), audience=resource_rules.STAFF_AND_PARTNERS
	)
	people.referral_guidance = make_approved_resource(
		title=unique("Referral guidance"),
		audience=resource_rules.STAFF_AND_PARTNERS,
		supports_doctype="Universal Referral",
	)
	people.overdue = make_approved_resource(title=unique("Overdue guide"), words=f"Overdue {word}")
	frappe.db.set_value(
		"Resource", people.overdue.name, "review_due", frappe.utils.add_days(frappe.utils.nowdate(), -5)
	)
	people.admin = make_user("System Manager")
	frappe.db.commit()
	return people


def act(session, name, action):
	return session.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps({"doctype": "Resource", "name": name}), "action": action},
	)


def state(name):
	frappe.db.rollback()
	return frappe.db.get_value("Resource", name, "workflow_state")


def upload(session, file_name, content, **data):
	return session.post(
		"/api/method/upload_file",
		files={"file": (file_name, content)},
		# as the desk's uploader sends it for a new, unsaved resource
		data={
			"doctype": "Resource",
			"docname": "new-resource-1",
			"fieldname": "file",
			"is_private": 0,
			**data,
		},
	)


# ---- the workflow per role -------------------------------------------------------------------
def test_workflow_per_role_over_http(client, library):
	author = client(library.social_worker, PASSWORD)
	uploaded = upload(author, f"{unique('g')}.pdf", samples.pdf(["A guide written by a social worker"]))
	assert uploaded.status_code == 200, uploaded.text[:300]
	file_url = uploaded.json()["message"]["file_url"]
	assert file_url.startswith("/private/files/")  # library files are private whatever was asked
	created = author.post(
		"/api/resource/Resource",
		json={
			"title": unique("HTTP guide"),
			"kind": "Guide",
			"audience": resource_rules.STAFF,
			"file": file_url,
		},
	)
	assert created.status_code == 200, created.text[:300]
	name = created.json()["data"]["name"]
	assert created.json()["data"]["workflow_state"] == resource_rules.DRAFT

	# a social worker may neither approve nor write the state
	assert act(author, name, "Approve").status_code >= 400
	put = author.put(f"/api/resource/Resource/{name}", json={"workflow_state": resource_rules.APPROVED})
	assert put.status_code >= 400
	assert state(name) == resource_rules.DRAFT

	# a partner cannot touch it
	partner = client(library.partner, PASSWORD)
	assert partner.get(f"/api/resource/Resource/{name}").status_code == 403
	assert act(partner, name, "Approve").status_code >= 400
	assert state(name) == resource_rules.DRAFT

	# a Principal Social Worker approves, and later retires it
	psw = client(library.psw, PASSWORD)
	approved = act(psw, name, "Approve")
	assert approved.status_code == 200, approved.text[:300]
	assert state(name) == resource_rules.APPROVED
	frappe.db.rollback()
	assert frappe.db.get_value("Resource", name, "approved_by") == library.psw
	assert act(author, name, "Retire").status_code >= 400
	assert act(psw, name, "Retire").status_code == 200
	assert state(name) == resource_rules.RETIRED


def test_a_principal_social_worker_cannot_approve_their_own_resource_over_http(client, library):
	psw = client(library.psw2, PASSWORD)
	created = psw.post(
		"/api/resource/Resource",
		json={
			"title": unique("Own link"),
			"kind": "Procedure link",
			"url": "https://procedures.example.org/x",
		},
	)
	assert created.status_code == 200, created.text[:300]
	name = created.json()["data"]["name"]
	assert act(psw, name, "Approve").status_code >= 400
	assert (
		psw.put(
			f"/api/resource/Resource/{name}", json={"workflow_state": resource_rules.APPROVED}
		).status_code
		>= 400
	)
	assert state(name) == resource_rules.DRAFT


def test_a_disallowed_upload_is_refused_with_the_reason(client, library):
	author = client(library.social_worker, PASSWORD)
	response = upload(author, "tool.exe", b"MZ\x90\x00" + b"\x00" * 300)
	assert response.status_code == 417
	assert "not allowed" in response.text
	response = upload(author, "renamed.docx", b"MZ\x90\x00" + b"\x00" * 300)
	assert response.status_code == 417
	assert "not what its name says" in response.text


# ---- partners ----------------------------------------------------------------------------------
def download(session, name):
	return session.get(
		"/api/method/smallchanges.resources.api.download", params={"resource": name}, allow_redirects=False
	)


def test_a_partner_gets_403_for_a_library_file_url_and_downloads_only_partner_resources(client, library):
	partner = client(library.partner, PASSWORD)
	for resource in (library.staff_guide, library.partner_draft, library.partner_guide):
		# every library file is private and partners have no permission on Resource: the URL,
		# known or guessed, is refused; a partner resource comes through the download method
		response = partner.get(resource.file, allow_redirects=False)
		assert response.status_code == 403, (resource.title, response.status_code)
		assert b"%PDF" not in response.content
	for resource in (library.staff_guide, library.partner_draft):
		response = download(partner, resource.name)
		assert response.status_code == 403, (resource.title, response.status_code)
		assert b"%PDF" not in response.content
	assert download(partner, "RES-99999").status_code == 403
	response = download(partner, library.partner_guide.name)
	assert response.status_code == 200
	assert response.content.startswith(b"%PDF")
	# nor may a partner read resources through the REST API
	assert partner.get(f"/api/resource/Resource/{library.partner_guide.name}").status_code == 403
	listed = partner.get("/api/resource/Resource", params={"limit_page_length": 0})
	assert listed.status_code == 403 or listed.json().get("data") == []
	# nobody logged out reaches any
	guest = client()
	assert guest.get(library.partner_guide.file, allow_redirects=False).status_code == 403
	assert download(guest, library.partner_guide.name).status_code == 403
	# staff reach the file both ways
	staff = client(library.social_worker, PASSWORD)
	assert staff.get(library.staff_guide.file).content.startswith(b"%PDF")
	assert download(staff, library.staff_guide.name).content.startswith(b"%PDF")


def test_a_partner_sees_only_partner_resources_and_downloads_one(page, library):
	browser_login(page, library.partner, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	page.goto("/resources")
	listed = page.locator(".partner-resource-title")
	listed.first.wait_for()
	titles = set(listed.all_inner_texts())
	assert library.partner_guide.title in titles
	assert library.referral_guidance.title in titles
	assert library.staff_guide.title not in titles
	assert library.partner_draft.title not in titles
	assert library.staff_guide.title not in page.content()

	item = page.locator(".partner-resource", has_text=library.partner_guide.title)
	with page.expect_download() as download_info:
		item.locator(".partner-resource-download").click()
	path = download_info.value.path()
	with open(path, "rb") as downloaded:
		assert downloaded.read().startswith(b"%PDF")

	# the referral guidance shows on the partner's web form, and nothing staff-only does
	page.goto("/universal-referral/new")
	panel = page.locator(".smallchanges-resources-panel")
	panel.wait_for()
	assert library.referral_guidance.title in panel.inner_text()
	assert library.staff_guide.title not in page.content()


# ---- staff -----------------------------------------------------------------------------------
def test_a_social_worker_finds_a_guide_by_a_word_inside_its_pdf(page, library):
	browser_login(page, library.social_worker, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	page.goto("/app/resource-library")
	search = page.locator('.page-form input[data-fieldname="query"]')
	search.wait_for()
	search.fill(library.word)
	search.press("Enter")
	expect(page.locator(".resource-library-item")).to_have_count(2)
	found = page.locator(".resource-library-item", has_text=library.staff_guide.title)
	expect(found).to_have_count(1)
	# the overdue one is marked
	overdue = page.locator(".resource-library-item", has_text=library.overdue.title)
	expect(overdue.locator(".review-status")).to_have_text("Review overdue")
	expect(found.locator(".review-status")).to_have_count(0)

	# and so it is in the list
	page.goto(f"/app/resource?name={library.overdue.name}")
	expect(page.locator(".list-row-container", has_text=library.overdue.title)).to_contain_text(
		"Review overdue"
	)

	page.goto("/universal-referral/new")
	panel = page.locator(".smallchanges-resources-panel")
	panel.wait_for()
	assert library.referral_guidance.title in panel.inner_text()
	assert library.staff_guide.title not in panel.inner_text()

	# and on the desk form
	page.goto("/app/universal-referral/new")
	desk_panel = page.locator(".form-dashboard .smallchanges-resources-panel")
	desk_panel.wait_for()
	assert library.referral_guidance.title in desk_panel.inner_text()


def test_an_administrator_imports_a_zip_over_http(client, library):
	import io
	import zipfile

	top = unique("Old drive")
	out = io.BytesIO()
	with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
		archive.writestr(f"{top}/Guides/home_visits-guide.pdf", samples.pdf([f"Home visits {unique('h')}"]))
		archive.writestr(f"{top}/Guides/blank.pdf", b"")
		archive.writestr("../escape.pdf", samples.pdf(["x"]))
	admin = client(library.admin, PASSWORD)
	uploaded = admin.post(
		"/api/method/upload_file", files={"file": ("drive.zip", out.getvalue())}, data={"is_private": 1}
	)
	assert uploaded.status_code == 200, uploaded.text[:300]
	file_url = uploaded.json()["message"]["file_url"]
	# nobody else may import it
	assert (
		client(library.psw, PASSWORD)
		.post("/api/method/smallchanges.resources.api.import_zip", data={"file_url": file_url})
		.status_code
		== 403
	)
	response = admin.post("/api/method/smallchanges.resources.api.import_zip", data={"file_url": file_url})
	assert response.status_code == 200, response.text[:300]
	summary = response.json()["message"]
	assert [item["title"] for item in summary["imported"]] == ["Home visits guide"]
	assert {item["path"] for item in summary["skipped"]} == {f"{top}/Guides/blank.pdf", "../escape.pdf"}
	frappe.db.rollback()
	assert state(summary["imported"][0]["resource"]) == resource_rules.DRAFT
	assert not frappe.db.exists("File", {"file_url": file_url})  # the upload is gone


def test_a_social_worker_shares_a_resource_and_a_partner_cannot(client, library):
	sharer = client(library.social_worker, PASSWORD)
	response = sharer.post(
		"/api/method/smallchanges.resources.api.share",
		data={"resource": library.partner_guide.name, "recipients": f"{library.psw}, {library.partner}"},
	)
	assert response.status_code == 200, response.text[:300]
	frappe.db.rollback()
	logged = frappe.get_all(
		"Resource Share", filters={"resource": library.partner_guide.name}, fields=["shared_by", "recipient"]
	)
	assert {(row.shared_by, row.recipient) for row in logged} >= {
		(library.social_worker, library.psw),
		(library.social_worker, library.partner),
	}
	# a staff-only resource is not sent to a partner
	response = sharer.post(
		"/api/method/smallchanges.resources.api.share",
		data={"resource": library.staff_guide.name, "recipients": library.partner},
	)
	assert response.status_code == 417
	# a partner shares nothing, and cannot read the share log
	partner = client(library.partner, PASSWORD)
	response = partner.post(
		"/api/method/smallchanges.resources.api.share",
		data={"resource": library.partner_guide.name, "recipients": library.psw},
	)
	assert response.status_code == 403
	assert partner.get("/api/resource/Resource Share").status_code == 403
