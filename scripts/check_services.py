"""Check MariaDB and Redis before anything is built; print ONE line on failure and exit 1.

Run by scripts/up and scripts/test with the tools venv's Python (which has PyMySQL).
"""

import os
import socket
import sys
from urllib.parse import urlparse


def fail(message: str) -> None:
	print(f"smallchanges: error: {message}", file=sys.stderr)
	sys.exit(1)


def check_mariadb() -> None:
	host, port = os.environ.get("DB_HOST", "127.0.0.1"), int(os.environ.get("DB_PORT", "3306"))
	user, password = os.environ.get("DB_ROOT_USER", "root"), os.environ.get("DB_ROOT_PASSWORD", "")
	try:
		socket.create_connection((host, port), timeout=5).close()
	except OSError:
		fail(f"MariaDB is not reachable at {host}:{port}; start it, or set DB_HOST and DB_PORT")
	import pymysql

	try:
		pymysql.connect(host=host, port=port, user=user, password=password, connect_timeout=5).close()
	except pymysql.err.OperationalError as e:
		if e.args and e.args[0] in (1045, 1698):
			fail(
				f"MariaDB at {host}:{port} refused user '{user}' with the given password; "
				"set DB_ROOT_USER and DB_ROOT_PASSWORD"
			)
		fail(
			f"MariaDB at {host}:{port} did not accept a connection ({e.args[-1]}); check DB_HOST and DB_PORT"
		)


def check_redis() -> None:
	url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
	parsed = urlparse(url)
	host, port = parsed.hostname or "127.0.0.1", parsed.port or 6379
	try:
		with socket.create_connection((host, port), timeout=5) as s:
			s.sendall(b"PING\r\n")
			reply = s.recv(64)
	except OSError:
		fail(f"Redis is not reachable at {url}; start it, or set REDIS_URL")
	if not reply.startswith((b"+PONG", b"-NOAUTH")):
		fail(f"{url} did not answer like Redis; set REDIS_URL to a Redis server")


if __name__ == "__main__":
	check_mariadb()
	check_redis()
