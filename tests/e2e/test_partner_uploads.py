"""A partner's upload tells them nothing of anyone else's files: bytes identical to another
agency's private document are stored under a name of their own (Frappe would hand back that
document's URL), and the name a file is stored under does not depend on whether another file of
that name exists.

Issue 19's "Uploads leak file names", over HTTP as a real partner against the live server."""

import frappe
import pytest

from tests.factories import PASSWORD, unique
from tests.referral_factories import PNG, make_partner, make_referral, make_service, upload_as


@pytest.fixture(scope="module")
def world(site):
	frappe.set_user("Administrator")
	a, _agency = make_partner()
	b, _agency = make_partner()
	service = make_service()
	rb = make_referral(b, submit=True, service=service).name
	secret_name = f"{unique('Zephyrine_Okafor_assessment')}.png"  # a child's name in a file name
	content = PNG + unique("BRAVO-PRIVATE-BYTES").encode()
	b_file = upload_as(b, rb, secret_name, content)
	frappe.db.commit()
	return frappe._dict(a=a, b=b, rb=rb, secret_name=secret_name, content=content, b_file=b_file)


def _upload(session, file_name: str, content: bytes):
	"""What the referral web form's uploader sends: the file alone, private."""
	response = session.post(
		"/api/method/upload_file", files={"file": (file_name, content)}, data={"is_private": 1}
	)
	assert response.status_code == 200, response.text[:300]
	return response


def test_identical_bytes_do_not_return_another_agencys_file(client, world):
	partner = client(world.a, PASSWORD)
	response = _upload(partner, "scan.png", world.content)
	assert world.b_file.file_url not in response.text
	assert world.secret_name.rsplit(".", 1)[0] not in response.text
	assert world.b_file.name not in response.text
	mine = response.json()["message"]
	frappe.db.rollback()
	# a file of their own: no other File record shares its URL, and it serves their bytes to them
	assert frappe.get_all("File", filters={"file_url": mine["file_url"]}, pluck="name") == [mine["name"]]
	served = partner.get(mine["file_url"])
	assert served.status_code == 200 and served.content == world.content
	assert partner.get(world.b_file.file_url).status_code == 403
	# the other agency's file is untouched and still theirs
	assert frappe.db.get_value("File", world.b_file.name, "file_url") == world.b_file.file_url
	assert client(world.b, PASSWORD).get(world.b_file.file_url).content == world.content


def test_the_stored_name_does_not_tell_whether_another_file_has_that_name(client, world):
	partner = client(world.a, PASSWORD)
	nobodys = f"{unique('Nobody_has_this_name')}.png"
	urls = {
		given: _upload(partner, given, PNG + unique("fresh bytes").encode()).json()["message"]["file_url"]
		for given in (world.secret_name, nobodys)
	}
	for given, url in urls.items():
		# the same treatment either way: never the bare name asked for, never another file's URL
		assert url != f"/private/files/{given}", url
		assert url != world.b_file.file_url
		assert url.startswith("/private/files/") and url.endswith(".png")


def test_the_web_forms_upload_still_attaches_to_their_own_draft(client, world):
	partner = client(world.a, PASSWORD)
	draft = make_referral(world.a, service=make_service()).name
	frappe.db.commit()
	response = partner.post(
		"/api/method/upload_file",
		files={"file": ("report.png", world.content)},
		data={"doctype": "Universal Referral", "docname": draft, "is_private": 1},
	)
	assert response.status_code == 200, response.text[:300]
	mine = response.json()["message"]
	assert mine["file_url"] != world.b_file.file_url and mine["attached_to_name"] == draft
	assert partner.get(mine["file_url"]).content == world.content
