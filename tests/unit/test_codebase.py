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


def _module_name(path: pathlib.Path) -> str:
	parts = path.relative_to(ROOT).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _app_imports() -> dict[str, set[str]]:
	"""Each app module and the app modules it imports (at the top or inside a function)."""
	files = {_module_name(path): path for path in (ROOT / "smallchanges").rglob("*.py")}
	graph: dict[str, set[str]] = {}
	for module, path in files.items():
		targets = set()
		for node in ast.walk(ast.parse(path.read_text())):
			if isinstance(node, ast.Import):
				targets.update(alias.name for alias in node.names)
			elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
				for alias in node.names:
					submodule = f"{node.module}.{alias.name}"
					targets.add(submodule if submodule in files else node.module)
		graph[module] = {t for t in targets if t in files and t != module and files[t].name != "__init__.py"}
	return graph


def _first_circle(graph: dict[str, set[str]]) -> list[str] | None:
	done: set[str] = set()

	def visit(module: str, path: list[str]) -> list[str] | None:
		if module in path:
			return [*path[path.index(module) :], module]
		if module in done:
			return None
		for target in sorted(graph[module]):
			if circle := visit(target, [*path, module]):
				return circle
		done.add(module)
		return None

	for module in sorted(graph):
		if circle := visit(module, []):
			return circle
	return None


def test_the_package_has_no_import_circle():
	circle = _first_circle(_app_imports())
	assert circle is None, "import circle: " + " -> ".join(circle)


def test_the_circle_check_finds_a_circle():
	assert _first_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]


def _benchmark_imports() -> dict[str, set[str]]:
	"""Each benchmark module and the benchmark modules it imports (at the top or inside a function)."""
	files = {_module_name(p): p for p in (ROOT / "benchmarks").rglob("*.py") if p.name != "__init__.py"}
	graph: dict[str, set[str]] = {}
	for module, path in files.items():
		targets = set()
		for node in ast.walk(ast.parse(path.read_text())):
			if isinstance(node, ast.Import):
				targets.update(alias.name for alias in node.names)
			elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
				targets.add(node.module)  # `from benchmarks import load` imports benchmarks.load
				targets.update(f"{node.module}.{alias.name}" for alias in node.names)
		graph[module] = (targets & files.keys()) - {module}
	return graph


def test_the_benchmarks_have_no_import_circle():
	circle = _first_circle(_benchmark_imports())
	assert circle is None, "import circle in benchmarks/: " + " -> ".join(circle)
