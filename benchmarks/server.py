"""gunicorn serving the benchmark's site, as production serves it, and logged-in HTTP sessions."""

import os
import subprocess
import time

from benchmarks.fixtures import PASSWORD

SITE_HEADER = "X-Frappe-Site-Name"


class Server:
	"""gunicorn with 2 workers on the site."""

	def __init__(self, bench: str, site: str, port: int):
		self.bench, self.site, self.port = bench, site, port
		self.url = f"http://127.0.0.1:{port}"
		self.log = open(os.path.join(bench, "logs", f"bench-gunicorn-{port}.log"), "w")
		self.process = subprocess.Popen(
			[
				os.path.join(bench, "env", "bin", "gunicorn"),
				"--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120",
				"--preload", "frappe.app:application",
			],
			cwd=os.path.join(bench, "sites"),
			stdout=self.log,
			stderr=subprocess.STDOUT,
			env={**os.environ, "SITES_PATH": "."},
		)  # fmt: skip
		deadline = time.monotonic() + 90
		while True:
			try:
				if self.session().get(f"{self.url}/api/method/ping", timeout=5).status_code == 200:
					return
			except Exception:
				pass
			if self.process.poll() is not None or time.monotonic() > deadline:
				self.stop()
				raise RuntimeError(f"gunicorn did not start; see {self.log.name}")
			time.sleep(0.5)

	def session(self, user: str | None = None):
		"""An HTTP session on the site, logged in as `user` (one of the fixtures' users) if given."""
		import requests

		session = requests.Session()
		session.headers.update({SITE_HEADER: self.site, "Accept": "application/json"})
		if user:
			response = session.post(f"{self.url}/api/method/login", data={"usr": user, "pwd": PASSWORD})
			response.raise_for_status()
		return session

	def stop(self):
		self.process.terminate()
		try:
			self.process.wait(timeout=20)
		except subprocess.TimeoutExpired:
			self.process.kill()
		self.log.close()
