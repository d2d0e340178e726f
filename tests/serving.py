"""./scripts/up's serving part (scripts/lib.sh sc_serve: gunicorn, workers, scheduler, realtime and
the front) started for a test site, and stopped the way Ctrl-C stops it; the other processes the
tests start, and the sites ./scripts/test makes for a test in the background."""

import contextlib
import os
import pathlib
import signal
import socket
import subprocess
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def stop(process: subprocess.Popen, log, seconds: int) -> None:
	"""Stop a process a test started (SIGTERM, then SIGKILL after `seconds`) and close its log."""
	process.terminate()
	try:
		process.wait(timeout=seconds)
	except subprocess.TimeoutExpired:
		process.kill()
		process.wait()
	log.close()


def background_site(site_variable: str, status_variable: str, minutes: int = 45) -> str:
	"""The site ./scripts/test makes in the background for one test (named in `site_variable`), once
	its status file (`status_variable`) says it is ready; skips with the reason the file gives."""
	site, status_file = os.environ.get(site_variable), os.environ.get(status_variable)
	if not (site and status_file):
		pytest.fail(
			f"no {site_variable}: run this test through ./scripts/test, which makes it", pytrace=False
		)
	deadline = time.monotonic() + minutes * 60
	while not os.path.exists(status_file):
		assert time.monotonic() < deadline, f"the site was not ready within {minutes} minutes ({status_file})"
		time.sleep(5)
	status = open(status_file).read().strip()
	if status.startswith("skip: "):
		pytest.skip(status.removeprefix("skip: "))
	if status != "ready":
		log = pathlib.Path(status.removeprefix("failed: "))
		tail = "\n".join(log.read_text(errors="replace").splitlines()[-60:]) if log.is_file() else ""
		pytest.fail(f"making the site {site}: {status}\n{tail}", pytrace=False)
	return site


def processes_in_session(session: int) -> list[int]:
	"""Every live process whose session is `session` (the served parts all are)."""
	found = []
	for entry in pathlib.Path("/proc").iterdir():
		if not entry.name.isdigit():
			continue
		try:
			stat = (entry / "stat").read_text()
		except OSError:
			continue
		fields = stat.rsplit(")", 1)[1].split()
		if fields[0] != "Z" and int(fields[3]) == session:
			found.append(int(entry.name))
	return found


@contextlib.contextmanager
def serving(bench: str, site: str, logs: str, workers: int = 2):
	"""Yield (url, process) while the site is served; then Ctrl-C, and every part must stop."""
	port = free_port()
	os.makedirs(logs, exist_ok=True)
	env = {**os.environ, "SMALLCHANGES_BENCH": bench, "SMALLCHANGES_WORKERS": str(workers)}
	env.pop("SMALLCHANGES_BIND", None)  # the default address is part of what is tested
	out = open(os.path.join(logs, "serve.log"), "w")
	process = subprocess.Popen(
		["bash", "-c", 'source scripts/lib.sh && sc_paths && sc_serve "$0" "$1" "$2"', site, str(port), logs],
		cwd=ROOT,
		env=env,
		stdout=out,
		stderr=subprocess.STDOUT,
		start_new_session=True,  # its own process group: the terminal's Ctrl-C goes to the group
	)
	url = f"http://127.0.0.1:{port}"
	try:
		deadline = time.monotonic() + 120
		while True:
			assert process.poll() is None, f"sc_serve exited with {process.returncode}; see {logs}"
			try:
				if requests.get(f"{url}/api/method/ping", timeout=5).status_code == 200:
					break
			except requests.ConnectionError:
				pass
			assert time.monotonic() < deadline, f"not served within 120 s; see {logs}"
			time.sleep(0.5)
		yield url, process
	finally:
		os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
		try:
			process.wait(timeout=90)
		except subprocess.TimeoutExpired:
			os.killpg(process.pid, signal.SIGKILL)
			raise
		finally:
			out.close()
		deadline = time.monotonic() + 30
		while processes_in_session(process.pid) and time.monotonic() < deadline:
			time.sleep(0.5)
		left = processes_in_session(process.pid)
		for pid in left:
			os.kill(pid, signal.SIGKILL)
		assert not left, f"Ctrl-C left {len(left)} process(es) of the server running"
