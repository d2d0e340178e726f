"""House rules that are cheap to check on every run."""

import ast
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULES = ROOT / "smallchanges" / "rules"


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_rules_are_pure_python_without_frappe(path):
	tree = ast.parse(path.read_text())
	imported = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			imported.update(alias.name.split(".")[0] for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
			imported.add(node.module.split(".")[0])
	assert "frappe" not in imported, f"{path.name} imports frappe; rules/ must stay pure Python"


def _ruff() -> list[str]:
	ruff = shutil.which("ruff") or str(pathlib.Path(sys.executable).with_name("ruff"))
	if not pathlib.Path(ruff).exists():
		pytest.fail("ruff is not installed: install the app with its [test] extra", pytrace=False)
	return [ruff]


def test_ruff_lint_is_clean():
	result = subprocess.run([*_ruff(), "check", "--no-cache", str(ROOT)], capture_output=True, text=True)
	assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
	result = subprocess.run(
		[*_ruff(), "format", "--check", "--no-cache", str(ROOT)], capture_output=True, text=True
	)
	assert result.returncode == 0, result.stdout + result.stderr
