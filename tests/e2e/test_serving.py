"""./scripts/up's serving part, run for the test site: gunicorn with its workers, the background
worker, the scheduler and Frappe's realtime server behind one loopback address; realtime answers
and authenticates a signed-in user; an error page shows no traceback; Ctrl-C stops every part."""

import json
import os
import pathlib
import re
import subprocess

import frappe
import requests

from tests.conftest import site_location
from tests.serving import processes_in_session, serving

TRACEBACK = "Traceback (most recent call last)"


def _engine_io(session: requests.Session, url: str, origin: str, sid: str | None = None, data=None):
	params = {"EIO": "4", "transport": "polling", **({"sid": sid} if sid else {})}
	method = session.post if data is not None else session.get
	return method(f"{url}/socket.io/", params=params, data=data, headers={"Origin": origin}, timeout=30)


def _command_lines(pids: list[int]) -> list[str]:
	lines = []
	for pid in pids:
		try:
			with open(f"/proc/{pid}/cmdline", "rb") as f:
				lines.append(f.read().replace(b"\0", b" ").decode())
		except OSError:
			pass
	return lines


def test_scripts_up_serves_like_production_and_ctrl_c_stops_it_all(site):
	bench, name = site_location()
	logs = os.path.join(bench, "logs", "e2e-serving")
	with serving(bench, name, logs, workers=2) as (url, process):
		commands = _command_lines(processes_in_session(process.pid))
		gunicorns = [c for c in commands if "gunicorn" in c and "wsgi:application" in c]
		assert len(gunicorns) == 3, commands  # the master and its two workers
		assert any(" worker" in c and "bench_helper" in c for c in commands), commands
		assert any(" schedule" in c and "bench_helper" in c for c in commands), commands
		assert any("socketio.js" in c for c in commands), commands
		assert not any(re.search(r"(^|\s)serve(\s|$)", c) for c in commands), commands  # dev server

		# Realtime through the same address: Engine.IO's handshake, then the site's namespace, which
		# Frappe's realtime server opens only after asking the web app who the session's user is.
		staff = requests.Session()
		login = staff.post(
			f"{url}/api/method/login",
			data={"usr": "Administrator", "pwd": os.environ.get("SMALLCHANGES_ADMIN_PASSWORD", "admin")},
		)
		assert login.status_code == 200, login.text
		handshake = _engine_io(staff, url, url)
		assert handshake.status_code == 200 and handshake.text.startswith("0{"), handshake.text
		sid = json.loads(handshake.text[1:])["sid"]
		assert _engine_io(staff, url, url, sid, data=f"40/{name},").text == "ok"
		opened = _engine_io(staff, url, url, sid).text
		assert opened.startswith(f"40/{name},") and '"sid"' in opened, opened
		# and over WebSocket, as the desk connects: an event published by the app reaches the user
		client = subprocess.Popen(
			[
				"node",
				str(pathlib.Path(__file__).with_name("realtime_client.js")),
				url,
				name,
				staff.cookies["sid"],
			],
			env={**os.environ, "NODE_PATH": os.path.join(bench, "apps", "frappe", "node_modules")},
			stdout=subprocess.PIPE,
			text=True,
		)
		assert client.stdout.readline().strip() == "connected websocket"
		frappe.publish_realtime("smallchanges_test", {"served": name}, user="Administrator")
		assert client.wait(timeout=60) == 0 and json.dumps({"served": name}, separators=(",", ":")) in (
			client.stdout.read()
		)

		# Error pages, with Frappe's "show tracebacks" setting on: a missing file is a plain 404,
		# and a server error (a call missing its argument) shows its traceback to the System
		# Manager only, never to Guest.
		before = frappe.db.get_single_value("System Settings", "allow_error_traceback")
		frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)
		frappe.db.commit()
		try:
			guest = requests.Session()
			missing = guest.get(f"{url}/files/no-such-file-{os.getpid()}.pdf")
			assert missing.status_code == 404, missing.status_code
			assert TRACEBACK not in missing.text and "werkzeug" not in missing.text.lower()
			broken = f"{url}/api/method/frappe.core.doctype.user.user.test_password_strength"
			for accept in ("text/html", "application/json"):
				error = guest.post(broken, headers={"Accept": accept})
				assert error.status_code == 500, (accept, error.status_code)
				assert TRACEBACK not in error.text and 'File "/' not in error.text, error.text[:2000]
			# Frappe signs in before any app hook runs; a failed sign-in carries no traceback either
			login = guest.post(f"{url}/api/method/login", data={"usr": "nobody@example.test"})
			assert login.status_code >= 400 and TRACEBACK not in login.text, login.text[:2000]
			shown = staff.post(broken, headers={"Accept": "application/json"})
			assert shown.status_code == 500 and TRACEBACK in shown.text, shown.text[:2000]
		finally:
			frappe.db.set_single_value("System Settings", "allow_error_traceback", before)
			frappe.db.commit()
	assert process.returncode is not None
