"""Referral writes over HTTP as real users: what partners may not set, who may move the workflow,
bad input (script, disallowed or over-size files) and two staff saving the same referral."""

import json

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from smallchanges.rules.referral_form import MAX_ATTACHMENT_BYTES
from tests.e2e.conftest import act, web_form_referral
from tests.factories import PASSWORD, make_user
from tests.referral_factories import make_partner, make_service, referral_data

SCRIPT = '<script>window.__pwned = 1; alert("x")</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def people(site):
	frappe.set_user("Administrator")
	partner, agency = make_partner()
	_other_partner, other_agency = make_partner()
	people = frappe._dict(
		partner=partner,
		agency=agency,
		other_agency=other_agency,
		bso=make_user("Business Support Officer"),
		bso2=make_user("Business Support Officer"),
		manager=make_user("Team Manager"),
		social_worker=make_user("Social Worker"),
		service=make_service(),
	)
	frappe.db.commit()
	return people


def new_referral(session, **overrides):
	data = referral_data(service=overrides.pop("service"), **overrides)
	return session.post("/api/resource/Universal Referral", json=data)


def stored(name, field):
	frappe.db.rollback()  # see what the server committed
	return frappe.db.get_value("Universal Referral", name, field)


def test_partner_cannot_set_the_agency_state_or_triage_fields(client, people):
	partner = client(people.partner)
	count = frappe.db.count("Universal Referral")
	# Partners do not reach the REST API at all (gate.py): every such write is refused, 403.
	for field, value, status in (
		("referrer_agency", people.other_agency, 403),
		("decision", "Assessment", 403),
		("workflow_state", "Accepted", 403),
	):
		response = new_referral(partner, service=people.service, **{field: value})
		assert response.status_code == status, (field, response.text[:300])
	frappe.db.rollback()
	assert frappe.db.count("Universal Referral") == count  # nothing saved
	# ...and through the web form, the partner's own channel, none of these is taken from them: a
	# field the form does not show is refused, naming it; the state and the decision, the server's
	# own (read-only: set by the workflow and the decision dialog), are not used
	count = frappe.db.count("Universal Referral")
	for field, value, label in (("referrer_agency", people.other_agency, "Referring Agency"),):
		sent = web_form_referral(partner, service=people.service, **{field: value})
		assert sent.status_code == 400 and label in sent.text, (field, sent.text[:300])
	frappe.db.rollback()
	assert frappe.db.count("Universal Referral") == count  # nothing saved
	sent = web_form_referral(
		partner, service=people.service, workflow_state="Accepted", decision="Assessment"
	)
	assert sent.status_code == 200, sent.text[:300]
	made = sent.json()["message"]["name"]
	assert stored(made, "referrer_agency") == people.agency and stored(made, "workflow_state") == "Draft"
	assert not stored(made, "decision")
	# triage is its own DocType, on which partners have no permission at all
	triage_count = frappe.db.count("Referral Triage")
	response = partner.post("/api/resource/Referral Triage", json={"triage_notes": "sneaky"})
	assert response.status_code == 403, response.text[:300]
	frappe.db.rollback()
	assert frappe.db.count("Referral Triage") == triage_count

	draft = web_form_referral(partner, service=people.service).json()["message"]
	assert stored(draft["name"], "referrer_agency") == people.agency
	name = draft["name"]
	for field, value, status in (
		("referrer_agency", people.other_agency, 403),
		("returned_reason", "none", 403),
		("workflow_state", "Accepted", 403),
		("workflow_state", "Checked", 403),
	):
		response = partner.put(
			f"/api/resource/Universal Referral/{name}",
			json={field: value, "concerns": "changed in the same request"},
		)
		assert response.status_code == status, (field, response.text[:300])
		assert stored(name, "concerns") != "changed in the same request"  # nothing partial
	assert stored(name, "referrer_agency") == people.agency
	assert stored(name, "workflow_state") == "Draft"


def test_web_form_sets_the_agency_on_the_server(client, people):
	partner = client(people.partner)
	refused = web_form_referral(partner, service=people.service, referrer_agency=people.other_agency)
	assert refused.status_code == 400 and "Referring Agency" in refused.text, refused.text[:500]
	response = web_form_referral(partner, service=people.service, workflow_state="Accepted")
	assert response.status_code == 200, response.text[:500]
	name = response.json()["message"]["name"]
	assert stored(name, "referrer_agency") == people.agency
	assert stored(name, "workflow_state") == "Draft"


@pytest.mark.parametrize(
	"role, from_state, to_state",
	[
		("partner", "Submitted", "Checked"),
		("social_worker", "Submitted", "Checked"),
		("manager", "Submitted", "Checked"),
		("bso", "Checked", "Accepted"),
		("social_worker", "Checked", "Accepted"),
		("partner", "Checked", "Accepted"),
	],
)
def test_a_role_the_workflow_does_not_allow_cannot_put_the_state(client, people, role, from_state, to_state):
	frappe.set_user(people.partner)
	doc = frappe.get_doc(referral_data(service=people.service)).insert()
	apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Submit")
	if from_state == "Checked":
		frappe.set_user(people.bso)
		apply_workflow({"doctype": "Universal Referral", "name": doc.name}, "Check")
	frappe.set_user("Administrator")
	frappe.db.set_value("Universal Referral", doc.name, "decision", "Assessment")
	frappe.db.commit()

	session = client(people[role])
	response = session.put(f"/api/resource/Universal Referral/{doc.name}", json={"workflow_state": to_state})
	assert response.status_code in (403, 417), response.text[:300]
	assert stored(doc.name, "workflow_state") == from_state
	# ...and the action button is refused the same way
	button = act(session, doc.name, {"Checked": "Check", "Accepted": "Accept"}[to_state])
	assert button.status_code in (403, 417)
	assert stored(doc.name, "workflow_state") == from_state


def test_the_right_people_move_it_over_http_and_self_approval_is_refused(client, people):
	manager = client(people.manager)
	# a manager's own phone referral
	made = new_referral(manager, service=people.service).json()["data"]["name"]
	assert act(manager, made, "Submit").status_code == 200
	assert act(client(people.bso), made, "Check").status_code == 200
	own = manager.put(
		f"/api/resource/Universal Referral/{made}",
		json={"workflow_state": "Accepted", "decision": "Assessment"},
	)
	assert own.status_code == 417 and "Self approval" in own.text
	assert stored(made, "workflow_state") == "Checked"
	other_manager = client(make_manager())
	response = other_manager.put(
		f"/api/resource/Universal Referral/{made}",
		json={"workflow_state": "Accepted", "decision": "Assessment"},
	)
	assert response.status_code == 200, response.text[:300]
	assert stored(made, "decided_by") != people.manager


def make_manager() -> str:
	frappe.set_user("Administrator")
	user = make_user("Team Manager")
	frappe.db.commit()
	return user


def test_script_in_text_is_stored_harmlessly_and_rendered_escaped(client, people, page, live_server):
	from tests.e2e.conftest import browser_login

	partner = client(people.partner)
	response = web_form_referral(partner, service=people.service, concerns=SCRIPT, key_events=SCRIPT)
	assert response.status_code == 200
	name = response.json()["message"]["name"]
	assert "window.__pwned = 1" in stored(name, "concerns")  # kept as the partner wrote it, as text

	dialogs = []
	page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
	browser_login(page, people.partner, PASSWORD)
	page.wait_for_url(lambda url: "/login" not in url)
	page.goto(f"/universal-referral/{name}")
	page.click("text=Next")
	page.click("text=Next")  # the concerns are on the form's third page
	# a draft opens straight into the form: the script is the text in the field, not run
	concerns = page.locator("textarea[data-fieldname=concerns]").first
	concerns.wait_for()
	assert "window.__pwned = 1" in concerns.input_value()
	assert page.evaluate("window.__pwned") is None
	# staff read it in the desk once it is sent (a partner's draft is theirs alone)
	assert act(partner, name, "Submit").status_code == 200
	staff_page = page.context.browser.new_context(base_url=live_server).new_page()
	staff_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
	browser_login(staff_page, people.bso, PASSWORD)
	staff_page.wait_for_url("**/app**")
	staff_page.goto(f"/app/universal-referral/{name}")
	# the staff's form of the referral, with the concerns field (its desk label is "Concerns")
	staff_page.locator(".frappe-control[data-fieldname=concerns]").first.wait_for(state="attached")
	staff_page.wait_for_timeout(500)
	assert staff_page.evaluate("window.__pwned") is None
	staff_page.context.close()
	assert dialogs == []


def _upload(session, name: str, content: bytes, referral: str):
	return session.post(
		"/api/method/upload_file",
		files={"file": (name, content)},
		data={"doctype": "Universal Referral", "docname": referral, "is_private": "0"},
	)


def test_uploads_are_private_and_checked_for_type_and_size(client, people):
	partner = client(people.partner)
	name = web_form_referral(partner, service=people.service).json()["message"]["name"]
	ok = _upload(partner, "report.pdf", a_pdf(name), name)
	assert ok.status_code == 200, ok.text[:300]
	assert ok.json()["message"]["is_private"] == 1  # asked for public, kept private
	assert ok.json()["message"]["file_url"].startswith("/private/files/")

	exe = _upload(partner, "tool.exe", b"MZ\x90\x00" + b"\x00" * 64, name)
	# Frappe itself refuses most types from website users; the app refuses the rest (same 417)
	assert exe.status_code == 417 and ("cannot be attached" in exe.text or "You can only upload" in exe.text)
	disguised = _upload(partner, "report2.pdf", b"MZ\x90\x00" + b"\x00" * 64, name)
	assert disguised.status_code == 417 and "does not match" in disguised.text
	damaged = _upload(partner, "damaged.pdf", b"%PDF-1.4\nnot really a pdf", name)
	assert damaged.status_code == 417 and "could not be read as a PDF" in damaged.text
	big = _upload(partner, "big.pdf", a_pdf("x" * (MAX_ATTACHMENT_BYTES + 10)), name)
	assert big.status_code in (413, 417) and ("larger than" in big.text or big.status_code == 413)
	frappe.db.rollback()
	refused = ["tool.exe", "report2.pdf", "damaged.pdf", "big.pdf"]
	assert not frappe.db.exists("File", {"file_name": ("in", refused)})


def test_a_referral_cannot_carry_someone_elses_file(client, people):
	other, _agency = make_partner()
	frappe.db.commit()
	theirs = client(other)
	their_referral = web_form_referral(theirs, service=people.service).json()["message"]["name"]
	secret = _upload(theirs, "secret.pdf", a_pdf(their_referral), their_referral)
	url = secret.json()["message"]["file_url"]

	partner = client(people.partner)
	response = web_form_referral(
		partner, service=people.service, documents=[{"file": url, "description": "mine?"}]
	)
	assert response.status_code == 403
	rest = new_referral(partner, service=people.service, documents=[{"file": url, "description": "mine?"}])
	assert rest.status_code == 403
	assert partner.get(url).status_code == 403


def test_two_staff_saving_the_same_referral_the_second_is_refused(client, people):
	partner = client(people.partner)
	sent = web_form_referral(partner, service=people.service)
	assert sent.status_code == 200, sent.text[:500]
	name = sent.json()["message"]["name"]
	assert act(partner, name, "Submit").status_code == 200  # the first Send makes its triage
	first, second = client(people.bso), client(people.bso2)
	for doctype, field in (("Universal Referral", "concerns"), ("Referral Triage", "triage_notes")):
		copy_1 = first.get(f"/api/resource/{doctype}/{name}").json()["data"]
		copy_2 = second.get(f"/api/resource/{doctype}/{name}").json()["data"]
		copy_1[field] = "first edit"
		copy_2[field] = "second edit"
		saved = first.post("/api/method/frappe.client.save", data={"doc": json.dumps(copy_1)})
		assert saved.status_code == 200, saved.text[:300]
		clash = second.post("/api/method/frappe.client.save", data={"doc": json.dumps(copy_2)})
		assert clash.status_code == 417
		assert "TimestampMismatchError" in clash.text or "modified after you have opened it" in clash.text
		frappe.db.rollback()
		assert frappe.db.get_value(doctype, name, field) == "first edit"


def a_pdf(text: str) -> bytes:
	"""A real one-page PDF carrying `text` (so that each is different content)."""
	from io import BytesIO

	from pypdf import PdfWriter

	writer = PdfWriter()
	writer.add_blank_page(width=200, height=200)
	writer.add_metadata({"/Title": text})
	out = BytesIO()
	writer.write(out)
	return out.getvalue()


def test_partners_of_one_agency_behind_one_address_are_not_refused_on_a_busy_morning(client, people):
	"""Frappe allows 10 web form saves a minute per address; a school's staff share one address."""
	colleague, _agency = make_partner(people.agency)
	frappe.db.commit()
	saved = [web_form_referral(client(user), service=people.service) for user in (people.partner, colleague)]
	saved += [web_form_referral(client(people.partner), service=people.service) for _i in range(10)]
	assert [response.status_code for response in saved] == [200] * 12


def test_one_person_saving_the_form_many_times_a_minute_is_asked_to_wait(client, people):
	from smallchanges.access.web_forms import SAVES_PER_PERSON_PER_MINUTE

	loner, _agency = make_partner()
	frappe.db.commit()
	partner = client(loner)
	key = frappe.cache.make_key(f"rl:smallchanges.web_form.accept:{loner}")
	frappe.cache.setex(key, 60, SAVES_PER_PERSON_PER_MINUTE)  # as if they had just saved it that often
	refused = web_form_referral(partner, service=people.service)
	assert refused.status_code == 429 and "wait a minute" in refused.text


def test_a_send_does_not_wait_for_the_duplicate_check_which_runs_after_it_commits(client, people):
	"""The sender's request only queues the staff-only duplicate check; the job (a worker's, run
	here by the test) stores the triage, and until then staff are told it has not run yet."""
	from smallchanges.referrals.duplicates import DUPLICATE_CHECK_JOB
	from tests.e2e.conftest import queued_jobs, run_jobs

	partner = client(people.partner)
	saved = web_form_referral(partner, service=people.service)
	assert saved.status_code == 200, saved.text[:300]
	name = saved.json()["message"]["name"]
	sent = partner.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps({"doctype": "Universal Referral", "name": name}), "action": "Submit"},
	)
	assert sent.status_code == 200, sent.text[:300]
	frappe.db.rollback()  # see what the server committed
	assert frappe.db.get_value("Universal Referral", name, "workflow_state") == "Submitted"
	assert not frappe.db.exists("Referral Triage", name)  # the Send itself wrote no triage
	jobs = queued_jobs("short", DUPLICATE_CHECK_JOB, name)
	assert len(jobs) == 1 and jobs[0].kwargs["user"] == people.partner

	bso = client(people.bso)
	before = bso.get("/api/method/smallchanges.referrals.api.get_triage_view", params={"referral": name})
	assert before.status_code == 200, before.text[:300]
	assert before.json()["message"]["triage"] is None  # the form says the check is still running

	run_jobs(jobs)
	frappe.db.rollback()
	assert frappe.db.get_value("Referral Triage", name, "duplicates_checked_at")
	after = bso.get("/api/method/smallchanges.referrals.api.get_triage_view", params={"referral": name})
	assert after.json()["message"]["triage"]["duplicates_checked_at"]
