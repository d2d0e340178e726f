"""scripts/up migrates a reused site whenever a file `migrate` or `after_migrate` reads changed.

The real shell function (scripts/lib.sh's sc_app_hash) runs under bash on a temporary copy of
the app, once as a git checkout and once without .git (as in the copy the scripts make for the
unprivileged user); a change to a setup module must change the hash that scripts/up compares.
"""

import os
import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SETUP_MODULE = pathlib.Path("smallchanges/referrals/setup.py")


def app_hash(checkout: pathlib.Path) -> str:
	result = subprocess.run(
		["bash", "-c", "source scripts/lib.sh && sc_app_hash"],
		cwd=checkout,
		capture_output=True,
		text=True,
		check=True,
	)
	value = result.stdout.strip()
	assert len(value) == 40, result.stdout + result.stderr
	return value


def git(checkout: pathlib.Path, *args: str) -> None:
	subprocess.run(
		["git", "-c", "user.name=test", "-c", "user.email=test@example.test", *args],
		cwd=checkout,
		check=True,
		capture_output=True,
	)


@pytest.fixture(params=["git checkout", "copy without .git"])
def checkout(request, tmp_path) -> pathlib.Path:
	copy = tmp_path / "checkout"
	ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
	shutil.copytree(ROOT / "smallchanges", copy / "smallchanges", ignore=ignore)
	shutil.copytree(ROOT / "scripts", copy / "scripts", ignore=ignore)
	shutil.copy(ROOT / ".gitignore", copy / ".gitignore")
	if request.param == "git checkout":
		if not shutil.which("git"):
			pytest.fail("git is needed (the scripts need it too)", pytrace=False)
		git(copy, "init", "--quiet")
		git(copy, "add", "--all")
		git(copy, "commit", "--quiet", "--message", "copy")
	return copy


def edit(path: pathlib.Path, old: str, new: str) -> None:
	text = path.read_text()
	assert old in text, f"{old!r} is not in {path}"
	path.write_text(text.replace(old, new, 1))


def test_a_changed_setup_module_changes_the_hash_scripts_up_migrates_on(checkout):
	before = app_hash(checkout)
	assert app_hash(checkout) == before  # the same files give the same hash
	# A workflow state's style, as an administrator-visible change made only in a setup module.
	edit(checkout / SETUP_MODULE, '*states(SUBMITTED, "Primary"', '*states(SUBMITTED, "Danger"')
	changed = app_hash(checkout)
	assert changed != before
	edit(checkout / SETUP_MODULE, '*states(SUBMITTED, "Danger"', '*states(SUBMITTED, "Primary"')
	assert app_hash(checkout) == before


def test_a_new_module_file_changes_the_hash_and_bytecode_does_not(checkout):
	before = app_hash(checkout)
	cache = checkout / "smallchanges" / "referrals" / "__pycache__"
	cache.mkdir(exist_ok=True)
	(cache / "setup.cpython-311.pyc").write_bytes(b"\0compiled")
	assert app_hash(checkout) == before
	(checkout / "smallchanges" / "referrals" / "new_setup_part.py").write_text("SPEC = {}\n")
	assert app_hash(checkout) != before


def _bash(script: str, **env: str) -> str:
	clean = {key: value for key, value in os.environ.items() if not key.startswith("SMALLCHANGES_")}
	result = subprocess.run(
		["bash", "-c", f"source scripts/lib.sh && {script}"],
		cwd=ROOT,
		env={**clean, **env},
		capture_output=True,
		text=True,
		check=True,
	)
	return result.stdout


def test_scripts_up_serves_with_gunicorn_on_the_loopback_address_never_the_development_server():
	assert _bash('echo "$SMALLCHANGES_BIND $SMALLCHANGES_WORKERS"').split() == ["127.0.0.1", "2"]
	assert _bash('echo "$SMALLCHANGES_BIND"', SMALLCHANGES_BIND="0.0.0.0").strip() == "0.0.0.0"
	up = _bash("declare -f sc_serve sc__stop_serving") + (ROOT / "scripts" / "up").read_text()
	code = "\n".join(line for line in up.splitlines() if not line.strip().startswith("#"))
	# Frappe's development server (`bench serve`, `frappe ... serve`) and its Werkzeug debugger
	assert not re.search(r"\bserve\s+--|\bserve\b\s*$|run_simple|werkzeug|DEV_SERVER", code, re.M), code
	assert 'gunicorn" -b "unix:' in code and '-w "$SMALLCHANGES_WORKERS"' in code
	# the front (the only network listener) binds the parameter; realtime listens on a socket file
	assert 'front.js" "$SMALLCHANGES_BIND" "$port"' in code
	assert "FRAPPE_SOCKETIO_UDS=" in code
	assert 'sc_serve "$site" "$SMALLCHANGES_PORT"' in (ROOT / "scripts" / "up").read_text()
