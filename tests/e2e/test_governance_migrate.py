"""An administrator changes a permission, a workflow transition and a policy value in the desk
(over HTTP, as the desk does); the who-can-do-what page shows it at once, and after a real
`bench migrate` the changes are still there. Everything is put back afterwards."""

import os
import subprocess
import sys

import frappe

from tests.conftest import site_location
from tests.factories import PASSWORD, make_user

PAGE_DATA = "/api/method/smallchanges.governance.page.who_can_do_what.who_can_do_what.get_data"
PERMISSIONS = "/api/method/frappe.core.page.permission_manager.permission_manager"
WORKFLOW = "/api/resource/Workflow/Delegation"
POLICY = "/api/resource/Safeguarding Policy/Safeguarding Policy"
PSW = "Principal Social Worker"


def migrate() -> None:
	bench, site = site_location()
	result = subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", site, "migrate"],
		cwd=os.path.join(bench, "sites"),
		capture_output=True,
		text=True,
		timeout=900,
	)
	assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def psw_sentence(session) -> str:
	data = session.get(PAGE_DATA).json()["message"]
	return next(r["sentence"] for r in data["roles"] if r["role"] == PSW), data


def test_admin_edits_show_on_the_page_at_once_and_survive_bench_migrate(client, committed):
	psw_user = make_user(PSW)
	committed()
	admin = client("Administrator", os.environ.get("SMALLCHANGES_ADMIN_PASSWORD", "admin"))
	psw = client(psw_user, PASSWORD)

	sentence, _data = psw_sentence(psw)
	assert "may read and change the Safeguarding Policy" not in sentence
	assert 'may use "Reject"' not in sentence
	original_transitions = admin.get(WORKFLOW).json()["data"]["transitions"]
	original_days = admin.get(POLICY).json()["data"]["minutes_circulation_working_days"]
	had_custom_perms = frappe.db.exists("Custom DocPerm", {"parent": "Safeguarding Policy"})
	try:
		# Role Permissions Manager: tick Write for Principal Social Worker on the policy.
		response = admin.post(
			f"{PERMISSIONS}.update",
			data={
				"doctype": "Safeguarding Policy",
				"role": PSW,
				"permlevel": 0,
				"ptype": "write",
				"value": 1,
			},
		)
		assert response.status_code == 200, response.text[:500]
		# Workflow form: let the Principal Social Worker reject requests instead of the Director.
		changed = [{**t, "allowed": PSW} if t["action"] == "Reject" else t for t in original_transitions]
		response = admin.put(WORKFLOW, json={"transitions": changed})
		assert response.status_code == 200, response.text[:500]
		# Safeguarding Policy form: a new number.
		response = admin.put(POLICY, json={"minutes_circulation_working_days": original_days + 3})
		assert response.status_code == 200, response.text[:500]

		def check():
			sentence, data = psw_sentence(psw)
			assert "may read and change the Safeguarding Policy" in sentence
			assert 'may use "Reject" on a Delegation that is Requested, making it Rejected' in sentence
			director = next(r["sentence"] for r in data["roles"] if r["role"] == "Director")
			assert 'may use "Reject"' not in director
			assert any(
				f"circulated within {original_days + 3} working days" in s
				for s in data["policy"]["sentences"]
			)

		check()  # at once, with no code change
		migrate()
		check()  # and bench migrate kept every edit
	finally:
		admin.put(WORKFLOW, json={"transitions": original_transitions})
		admin.put(POLICY, json={"minutes_circulation_working_days": original_days})
		if not had_custom_perms:
			admin.post(f"{PERMISSIONS}.reset", data={"doctype": "Safeguarding Policy"})
		else:
			admin.post(
				f"{PERMISSIONS}.update",
				data={
					"doctype": "Safeguarding Policy",
					"role": PSW,
					"permlevel": 0,
					"ptype": "write",
					"value": 0,
				},
			)
