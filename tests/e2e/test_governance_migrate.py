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


def page_data(session) -> dict:
	response = session.get(PAGE_DATA)
	assert response.status_code == 200, response.text[:300]
	return response.json()["message"]


def kind(data: dict, task: str, role: str) -> str:
	"""The table's cell for `task` and `role`: "yes", "no" or "delegation"."""
	return next(r for r in data["rows"] if r["key"] == task)["cells"][role]["kind"]


def test_admin_edits_show_on_the_page_at_once_and_survive_bench_migrate(client, committed):
	psw_user = make_user(PSW)
	committed()
	admin = client("Administrator", os.environ.get("SMALLCHANGES_ADMIN_PASSWORD", "admin"))
	psw = client(psw_user, PASSWORD)

	data = page_data(psw)
	assert kind(data, "change_policy", PSW) == "no"
	assert kind(data, "approve_delegation", PSW) == "no"
	assert kind(data, "approve_delegation", "Director") == "yes"
	original_transitions = admin.get(WORKFLOW).json()["data"]["transitions"]
	original_days = admin.get(POLICY).json()["data"]["minutes_circulation_working_days"]
	had_custom_perms = frappe.db.exists("Custom DocPerm", {"parent": "Safeguarding Policy"})
	had_delegation_perms = frappe.db.exists("Custom DocPerm", {"parent": "Delegation"})
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
		# ... and Submit on Delegation (an approval submits the request), then in the workflow form
		# let the Principal Social Worker approve requests instead of the Director.
		response = admin.post(
			f"{PERMISSIONS}.update",
			data={"doctype": "Delegation", "role": PSW, "permlevel": 0, "ptype": "submit", "value": 1},
		)
		assert response.status_code == 200, response.text[:500]
		changed = [{**t, "allowed": PSW} if t["action"] == "Approve" else t for t in original_transitions]
		response = admin.put(WORKFLOW, json={"transitions": changed})
		assert response.status_code == 200, response.text[:500]
		# Safeguarding Policy form: a new number.
		response = admin.put(POLICY, json={"minutes_circulation_working_days": original_days + 3})
		assert response.status_code == 200, response.text[:500]

		def check():
			data = page_data(psw)
			assert kind(data, "change_policy", PSW) == "yes"
			assert kind(data, "approve_delegation", PSW) == "yes"
			assert kind(data, "approve_delegation", "Director") == "no"
			assert any(
				f"circulated within {original_days + 3} working days" in s
				for s in data["policy"]["sentences"]
			)

		check()  # at once, with no code change
		migrate()
		check()  # and bench migrate kept every edit
	finally:
		admin.put(WORKFLOW, json={"transitions": original_transitions})
		if not had_delegation_perms:
			admin.post(f"{PERMISSIONS}.reset", data={"doctype": "Delegation"})
		else:
			admin.post(
				f"{PERMISSIONS}.update",
				data={"doctype": "Delegation", "role": PSW, "permlevel": 0, "ptype": "submit", "value": 0},
			)
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
