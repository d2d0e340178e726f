"""House rules that are cheap to check on every run."""

import ast
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULES = ROOT / "smallchanges" / "rules"


@pytest.mark.parametrize("path", sorted(RULES.rglob("*.py")), ids=lambda p: str(p.relative_to(RULES)))
def test_rules_are_pure_python_without_frappe(path):
	tree = ast.parse(path.read_text())
	imported = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			imported.update(alias.name.split(".")[0] for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
			imported.add(node.module.split(".")[0])
	assert "frappe" not in imported, f"{path.relative_to(RULES)} imports frappe; rules/ must stay pure Python"


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


# ---- imports: one direction, no circle (smallchanges/ and benchmarks/) -----------------------------
TREES = ("smallchanges", "benchmarks")
CAPABILITIES = tuple(
	f"smallchanges.{name}"
	for name in ("referrals", "core_groups", "visits", "resources", "governance", "linkage")
)
# Lowest first: a module may import its own layer and those below it, never one above (the
# layers and what each holds: docs/design.md#the-import-direction).
LAYERS = (
	("roles", ("smallchanges.roles",)),  # names only: imports nothing of the app
	("rules", ("smallchanges.rules",)),
	(
		"shared helpers",
		(
			"smallchanges",  # the package itself: its version only
			"smallchanges.setup_utils",
			"smallchanges.child_tables",
			"smallchanges.notifications",
			"smallchanges.service_mail",  # the app's e-mails as service messages (no unsubscribe link)
			"smallchanges.problems",  # the rules' Problems as translated messages and refusals
			"smallchanges.scheduling",
			"smallchanges.portal",
			"smallchanges.templates",
		),
	),
	("access", ("smallchanges.access",)),
	("capabilities", (*CAPABILITIES, "smallchanges.www")),
	(
		"install and hooks",
		(
			"smallchanges.install",
			"smallchanges.hooks",
			"smallchanges.demo",
			"smallchanges.patches",
			"smallchanges.commands",  # bench commands (Frappe reads them from here)
		),
	),
	("benchmarks", ("benchmarks",)),
)


def _module_name(path: pathlib.Path) -> str:
	parts = path.relative_to(ROOT).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, pathlib.Path]:
	return {_module_name(path): path for tree in TREES for path in (ROOT / tree).rglob("*.py")}


def _imports_in(module: str, is_package: bool, source: str, files) -> set[str]:
	"""The modules of `files` that the code `source` of `module` imports (at the top or inside a
	function), packages included: a name taken from a package's __init__ is an import of it."""
	package = module if is_package else module.rpartition(".")[0]
	targets = set()
	for node in ast.walk(ast.parse(source)):
		if isinstance(node, ast.Import):
			targets.update(alias.name for alias in node.names)
		elif isinstance(node, ast.ImportFrom):
			origin = node.module or ""
			if node.level:
				parts = package.split(".")
				origin = ".".join(
					[*parts[: len(parts) - node.level + 1], *([node.module] if node.module else [])]
				)
			for alias in node.names:
				submodule = f"{origin}.{alias.name}"
				targets.add(submodule if submodule in files else origin)
	return {target for target in targets if target in files and target != module}


def _app_imports() -> dict[str, set[str]]:
	"""Each module of smallchanges/ and benchmarks/ and the modules of both trees it imports."""
	files = _modules()
	return {
		module: _imports_in(module, path.name == "__init__.py", path.read_text(), files)
		for module, path in files.items()
	}


def _within(module: str, package: str) -> bool:
	return module == package or module.startswith(package + ".")


def _layer(module: str) -> int | None:
	"""The layer of a module: the one whose package is the longest prefix of its name."""
	best, length = None, -1
	for index, (_name, packages) in enumerate(LAYERS):
		for package in packages:
			if (module == package or (package != "smallchanges" and _within(module, package))) and len(
				package
			) > length:
				best, length = index, len(package)
	return best


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


def _offences(graph: dict[str, set[str]], within: str, allowed) -> list[str]:
	return sorted(
		f"{module} imports {target}"
		for module, targets in graph.items()
		if _within(module, within)
		for target in targets
		if not allowed(target)
	)


def test_neither_tree_has_an_import_circle():
	circle = _first_circle(_app_imports())
	assert circle is None, "import circle: " + " -> ".join(circle)


def test_rules_import_only_rules_and_roles():
	offences = _offences(
		_app_imports(),
		"smallchanges.rules",
		lambda target: _within(target, "smallchanges.rules") or target == "smallchanges.roles",
	)
	assert not offences, offences


def test_access_imports_no_capability():
	offences = _offences(
		_app_imports(),
		"smallchanges.access",
		lambda target: not any(_within(target, capability) for capability in CAPABILITIES),
	)
	assert not offences, offences


def test_the_access_check_finds_a_capability_import():
	graph = {
		"smallchanges.access.example": {"smallchanges.roles", "smallchanges.referrals.child_links"},
		"smallchanges.referrals.api": {"smallchanges.access.scope"},
	}
	allowed = lambda target: not any(_within(target, capability) for capability in CAPABILITIES)  # noqa: E731
	assert _offences(graph, "smallchanges.access", allowed) == [
		"smallchanges.access.example imports smallchanges.referrals.child_links"
	]


def test_every_module_has_a_layer():
	unplaced = sorted(module for module in _app_imports() if _layer(module) is None)
	assert not unplaced, f"give these a layer in LAYERS (and in docs/design.md): {unplaced}"


def test_no_module_imports_a_layer_above_its_own():
	graph = _app_imports()
	offences = sorted(
		f"{module} ({LAYERS[_layer(module)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
		for module, targets in graph.items()
		for target in targets
		if _layer(module) is not None and _layer(target) is not None and _layer(target) > _layer(module)
	)
	assert not offences, offences


def test_the_circle_check_finds_a_circle():
	assert _first_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]


def test_the_import_reader_sees_packages_relative_imports_and_both_trees():
	assert {"benchmarks.run", "smallchanges.rules.referral"} <= set(_app_imports())
	files = {"smallchanges.core_groups", "smallchanges.roles", "smallchanges.rules.referral"}
	source = (
		"from smallchanges.core_groups import CORE_GROUP_TABLES\n"
		"from .. import roles\n"
		"def f():\n"
		"    from ..rules import referral\n"
		"import frappe\n"
	)
	assert _imports_in("smallchanges.core_groups.clocks", False, source, files) == files


def test_layers_are_found_by_the_longest_package():
	assert LAYERS[_layer("smallchanges.rules.matching.keys")][0] == "rules"
	assert LAYERS[_layer("smallchanges.access.scope")][0] == "access"
	assert LAYERS[_layer("smallchanges.referrals.doctype.child.child")][0] == "capabilities"
	assert LAYERS[_layer("smallchanges")][0] == "shared helpers"
	assert _layer("smallchanges.roles") < _layer("smallchanges.rules.delegation")
	assert _layer("smallchanges.somewhere_new") is None


# ---- every reference to a doc resolves to a file and a section that exist ------------------------
TEXT_SUFFIXES = {".py", ".js", ".json", ".html", ".md", ".sh", ".css", ".toml", ".txt", ".cfg", ".yml"}
SKIPPED_DIRS = {".git", "node_modules", "__pycache__", ".ruff_cache"}
# docs/x.md#anchor or docs/x.md section N, anywhere (code, comments, CONTRIBUTING, README)
DOCS_REFERENCE = re.compile(r"\bdocs/([\w./-]+?\.md)(?:#([\w-]+)|\s+section\s+(\d+))?")
# [text](x.md#anchor), [text](#anchor) in Markdown, relative to the file
MARKDOWN_LINK = re.compile(r"\]\((?!https?:)([^)#\s]*?\.md)?(?:#([\w-]+))?\)")
# an upper-case note name such as DESIGN.md, not part of a path: it must exist at the top
BARE_NOTE = re.compile(r"(?<![\w/.-])([A-Z][A-Z_]*\.md)\b")


def _anchor(heading: str) -> str:
	"""GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
	return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _sections(path: pathlib.Path) -> tuple[set[str], set[str]]:
	"""The anchors of a Markdown file's headings, and the numbers of its numbered headings."""
	anchors, numbers, fenced = set(), set(), False
	for line in path.read_text().splitlines():
		if line.startswith("```"):
			fenced = not fenced
		elif not fenced and (heading := re.match(r"#{1,6}\s+(.*)", line)):
			anchors.add(_anchor(heading.group(1)))
			if number := re.match(r"(\d+)[.)\s]", heading.group(1)):
				numbers.add(number.group(1))
	return anchors, numbers


def _unresolved(text: str, where: pathlib.Path, root: pathlib.Path = ROOT) -> list[str]:
	problems = []

	def check(target: pathlib.Path, anchor: str | None, number: str | None, written: str) -> None:
		if not target.is_file():
			problems.append(f"{written}: no such file")
			return
		anchors, numbers = _sections(target)
		if anchor and anchor not in anchors:
			problems.append(f"{written}: {target.name} has no section #{anchor}")
		if number and number not in numbers:
			problems.append(f"{written}: {target.name} has no section {number}")

	for match in DOCS_REFERENCE.finditer(text):
		check(root / "docs" / match.group(1), match.group(2), match.group(3), match.group(0))
	if where.suffix == ".md":
		for match in MARKDOWN_LINK.finditer(text):
			target = (where.parent / match.group(1)) if match.group(1) else where
			if match.group(1) or match.group(2):
				check(target, match.group(2), None, match.group(0))
	for match in BARE_NOTE.finditer(text):
		if not (root / match.group(1)).is_file():
			problems.append(f"{match.group(1)}: not in the repository (docs/ holds the notes)")
	return problems


def _text_files() -> list[pathlib.Path]:
	return sorted(
		path
		for path in ROOT.rglob("*")
		if path.is_file()
		and not SKIPPED_DIRS & set(path.relative_to(ROOT).parts)
		and (path.suffix in TEXT_SUFFIXES or path.parent.name in ("scripts", ".ci"))
		and path != pathlib.Path(__file__).resolve()  # its examples of broken references are on purpose
	)


def test_every_reference_to_a_doc_resolves():
	problems = [
		f"{path.relative_to(ROOT)}: {problem}"
		for path in _text_files()
		for problem in _unresolved(path.read_text(errors="replace"), path)
	]
	assert not problems, "\n".join(problems)


def test_the_reference_check_finds_what_does_not_resolve(tmp_path):
	(tmp_path / "docs").mkdir()
	(tmp_path / "docs" / "notes.md").write_text("# Notes\n\n## 2. The clocks\n\n```\n# not a heading\n```\n")
	here = tmp_path / "x.py"
	assert _unresolved("docs/notes.md#the-clocks? no: docs/notes.md#2-the-clocks", here, tmp_path) == [
		"docs/notes.md#the-clocks: notes.md has no section #the-clocks"
	]
	assert _unresolved("docs/notes.md section 2, docs/notes.md#notes", here, tmp_path) == []
	assert _unresolved("docs/notes.md section 3", here, tmp_path) == [
		"docs/notes.md section 3: notes.md has no section 3"
	]
	assert _unresolved("see docs/other.md and DESIGN.md", here, tmp_path) == [
		"docs/other.md: no such file",
		"DESIGN.md: not in the repository (docs/ holds the notes)",
	]
	assert _unresolved("docs/notes.md#not-a-heading", here, tmp_path)
	markdown = tmp_path / "docs" / "index.md"
	markdown.write_text("# Index\n")
	assert _unresolved("[a](notes.md#notes) [b](#nowhere) [c](https://x.test/y.md)", markdown, tmp_path) == [
		"](#nowhere): index.md has no section #nowhere"
	]


# ---- no module over 400 lines (split along its seams); the README under 250 -----------------------
MAX_LINES = 400  # over code the project writes; JSON is Frappe's, generated from the desk


def _too_long(paths, limit: int) -> list[str]:
	return [
		f"{path.relative_to(ROOT)}: {count} lines"
		for path in paths
		if (count := len(path.read_text(errors="replace").splitlines())) > limit
	]


def test_no_module_of_either_tree_is_over_400_lines():
	sources = [
		path
		for tree in TREES
		for path in sorted((ROOT / tree).rglob("*"))
		if path.is_file()
		and path.suffix in {".py", ".js", ".html", ".css"}
		and not SKIPPED_DIRS & set(path.relative_to(ROOT).parts)
	]
	assert sources
	assert not _too_long(sources, MAX_LINES), "\n".join(_too_long(sources, MAX_LINES))


def test_the_readme_is_under_250_lines():
	assert not _too_long([ROOT / "README.md"], 249)
