"""`bench setup production`'s two configurations, as docs/deploy.md section 1 uses them: bench
writes the nginx and supervisor configuration, nginx accepts its file (`nginx -t`), supervisord
runs every program of its file, and the test site answers through nginx: statics from nginx
itself, /api/method/ping from gunicorn, /socket.io from Frappe's realtime server.

Production runs these as root on ports 80 and 443 for every site of the bench; the test runs as
the bench's user, so bench writes them for a bench that holds only the test site (its apps, env
and assets linked from the real one) with free ports in its common_site_config.json. Skips only
when nginx or supervisor is not installed."""

import configparser
import json
import os
import pathlib
import shutil
import subprocess
import time

import pytest
import requests

from tests.conftest import site_location
from tests.serving import free_port, stop

NGINX, SUPERVISORD = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("supervisord")


def _bench_holding_only(bench: str, site: str, folder: pathlib.Path) -> dict:
	"""A bench at `folder` with the real bench's apps, env and assets and only `site` (its files
	linked, its site_config.json copied), on free ports."""
	for name in ("apps", "env"):
		(folder / name).symlink_to(os.path.join(bench, name))
	for name in ("config/pids", "logs", f"sites/{site}"):
		(folder / name).mkdir(parents=True)
	for name in ("apps.txt", "apps.json", "assets"):
		if os.path.exists(os.path.join(bench, "sites", name)):
			(folder / "sites" / name).symlink_to(os.path.join(bench, "sites", name))
	real_site = pathlib.Path(bench, "sites", site)
	for entry in real_site.iterdir():
		if entry.name != "site_config.json":
			(folder / "sites" / site / entry.name).symlink_to(entry)
	ports = {"webserver_port": free_port(), "socketio_port": free_port(), "nginx": free_port()}
	site_config = json.loads((real_site / "site_config.json").read_text())
	site_config["nginx_port"] = ports["nginx"]  # a site's own port in bench's nginx file
	(folder / "sites" / site / "site_config.json").write_text(json.dumps(site_config, indent=1))
	config = json.loads(pathlib.Path(bench, "sites", "common_site_config.json").read_text())
	config.update(webserver_port=ports["webserver_port"], socketio_port=ports["socketio_port"])
	config.update(gunicorn_workers=1, background_workers=1)
	(folder / "sites" / "common_site_config.json").write_text(json.dumps(config, indent=1))
	return ports


def _bench(folder: pathlib.Path, *args: str) -> str:
	done = subprocess.run(["bench", *args], cwd=folder, capture_output=True, text=True)
	assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
	return done.stdout


def test_bench_configs_for_nginx_and_supervisor_serve_the_site(tmp_path):
	if not os.path.exists(NGINX):
		pytest.skip("nginx is not installed (apt-get install nginx)")
	if not SUPERVISORD:
		pytest.skip("supervisor is not installed (apt-get install supervisor)")
	bench, site = site_location()
	view = tmp_path / "bench"
	view.mkdir()
	ports = _bench_holding_only(bench, site, view)
	_bench(view, "setup", "nginx", "--yes", "--logging", "none")
	_bench(view, "setup", "supervisor", "--yes", "--skip-redis")
	generated = (view / "config" / "nginx.conf").read_text()
	assert f"listen {ports['nginx']};" in generated and f"127.0.0.1:{ports['webserver_port']}" in generated

	run = tmp_path / "run"
	run.mkdir()
	nginx_conf = run / "nginx.conf"
	temp = "".join(
		f"\t{kind}_temp_path {run}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
	)
	nginx_conf.write_text(
		f"pid {run}/nginx.pid;\nerror_log {run}/nginx-error.log;\nevents {{ worker_connections 256; }}\n"
		f"http {{\n\tinclude /etc/nginx/mime.types;\n\taccess_log {run}/nginx-access.log;\n{temp}"
		f"\tinclude {view}/config/nginx.conf;\n}}\n"
	)
	nginx = [
		NGINX,
		"-e",
		f"{run}/nginx-error.log",
		"-p",
		str(run),
		"-c",
		str(nginx_conf),
		"-g",
		"daemon off;",
	]
	checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
	assert checked.returncode == 0, checked.stderr

	# supervisord in the foreground with bench's program file; FRAPPE_BENCH_ROOT tells the realtime
	# server (whose script is the real bench's) to read this bench's ports
	supervisord_conf = run / "supervisord.conf"
	supervisord_conf.write_text(
		f"[supervisord]\nnodaemon=true\nlogfile={run}/supervisord.log\npidfile={run}/supervisord.pid\n"
		f'environment=FRAPPE_BENCH_ROOT="{view}"\n'
		f"[unix_http_server]\nfile={run}/supervisor.sock\n"
		"[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
		f"[supervisorctl]\nserverurl=unix://{run}/supervisor.sock\n"
		f"[include]\nfiles = {view}/config/supervisor.conf\n"
	)
	programs = [s for s in _programs(view / "config" / "supervisor.conf")]
	assert any(p.endswith("-frappe-web") for p in programs) and any(
		p.endswith("-node-socketio") for p in programs
	)
	logs = [open(run / f"{name}.out", "w") for name in ("supervisord", "nginx")]
	supervisor = subprocess.Popen(
		[SUPERVISORD, "-c", str(supervisord_conf)], stdout=logs[0], stderr=subprocess.STDOUT
	)
	server = subprocess.Popen(nginx, stdout=logs[1], stderr=subprocess.STDOUT)
	url = f"http://127.0.0.1:{ports['nginx']}"
	try:
		deadline = time.monotonic() + 120
		while True:
			assert supervisor.poll() is None and server.poll() is None, (run, "supervisord or nginx exited")
			try:
				ping = requests.get(f"{url}/api/method/ping", timeout=5)
				if ping.status_code == 200:
					break
			except requests.RequestException:  # not listening yet, or gunicorn still starting
				pass
			assert time.monotonic() < deadline, (
				f"not served through nginx within 120 s; see {run} and {view}/logs"
			)
			time.sleep(1)
		assert ping.json() == {"message": "pong"} and ping.headers["Server"].startswith("nginx")
		status = _supervisorctl(supervisord_conf, "status")
		assert status.count("RUNNING") == _processes(view / "config" / "supervisor.conf"), status

		asset = next(pathlib.Path(bench, "sites", "assets", "frappe", "images").glob("*.svg"))
		static = requests.get(f"{url}/assets/frappe/images/{asset.name}", timeout=30)
		assert static.status_code == 200 and static.content == asset.read_bytes()
		assert static.headers["Cache-Control"] == "max-age=31536000"  # nginx's own location /assets
		login = requests.get(f"{url}/login", headers={"Accept": "text/html"}, timeout=60)
		assert login.status_code == 200 and "login_email" in login.text
		handshake = requests.get(
			f"{url}/socket.io/",
			params={"EIO": "4", "transport": "polling"},
			headers={"Origin": url},
			timeout=30,
		)
		assert handshake.status_code == 200 and handshake.text.startswith("0{"), handshake.text[:300]
	finally:
		_supervisorctl(supervisord_conf, "shutdown")
		stop(server, logs[1], 30)
		stop(supervisor, logs[0], 90)


def _programs(path: pathlib.Path) -> list[str]:
	parser = configparser.RawConfigParser()
	parser.read(path)
	return [s.removeprefix("program:") for s in parser.sections() if s.startswith("program:")]


def _processes(path: pathlib.Path) -> int:
	"""How many processes supervisord runs for the file (a program's numprocs each)."""
	parser = configparser.RawConfigParser()
	parser.read(path)
	return sum(int(parser[s].get("numprocs", 1)) for s in parser.sections() if s.startswith("program:"))


def _supervisorctl(conf: pathlib.Path, *args: str) -> str:
	done = subprocess.run(["supervisorctl", "-c", str(conf), *args], capture_output=True, text=True)
	return done.stdout + done.stderr
