"""smallchanges/access/ decides who may reach what, and depends on no capability: capabilities import
access, never the other way round. The role ladder is written once, in access/scope.py."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = ROOT / "smallchanges"
ACCESS = APP / "access"
# What access/ may import from the app: itself, the role names and the pure rules.
ALLOWED_IN_ACCESS = ("smallchanges.access", "smallchanges.roles", "smallchanges.rules")


def _module_of(path: pathlib.Path) -> str:
	parts = path.relative_to(ROOT).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
	"""Every module a source imports, at the top or inside a function, relative imports resolved."""
	package = module if is_package else module.rpartition(".")[0]
	found = set()
	for node in ast.walk(ast.parse(source)):
		if isinstance(node, ast.Import):
			found.update(alias.name for alias in node.names)
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:
				anchor = package.split(".")
				anchor = anchor[: len(anchor) - (node.level - 1)]
				base = ".".join([*anchor, base] if base else anchor)
			found.add(base)
			found.update(f"{base}.{alias.name}" for alias in node.names)
	return found


def forbidden_in_access(modules: set[str]) -> set[str]:
	"""The app modules among these that access/ may not import (capabilities and the like)."""
	return {
		name
		for name in modules
		if (name == "smallchanges" or name.startswith("smallchanges."))
		and not any(name == ok or name.startswith(ok + ".") for ok in ALLOWED_IN_ACCESS)
		# `from smallchanges import x` adds "smallchanges" itself; x is checked on its own
		and name != "smallchanges"
	}


ACCESS_FILES = sorted(ACCESS.rglob("*.py"))


def test_there_is_an_access_package():
	assert (ACCESS / "__init__.py").exists() and (ACCESS / "scope.py").exists()
	assert len(ACCESS_FILES) > 5


@pytest.mark.parametrize("path", ACCESS_FILES, ids=lambda p: str(p.relative_to(ACCESS)))
def test_access_imports_no_capability(path):
	modules = imported_modules(path.read_text(), _module_of(path), path.name == "__init__.py")
	bad = forbidden_in_access(modules)
	assert not bad, (
		f"{path.relative_to(ROOT)} imports {sorted(bad)}; access/ imports only {ALLOWED_IN_ACCESS}"
	)


def test_the_layering_check_finds_a_capability_import():
	source = (
		"import frappe\n"
		"from smallchanges.roles import SOCIAL_WORKER\n"
		"from ..referrals import child_links\n"
		"def f():\n"
		"    from smallchanges.resources import files\n"
	)
	modules = imported_modules(source, "smallchanges.access.example")
	assert forbidden_in_access(modules) == {
		"smallchanges.referrals",
		"smallchanges.referrals.child_links",
		"smallchanges.resources",
		"smallchanges.resources.files",
	}


# ---- the role ladder, once ---------------------------------------------------------------------
# A ladder: a Scope type, an import of the see-all role set, or a function that reads a user's roles
# and ranks them by more than one of the app's ladder roles.
LADDER_ROLES = {"SEE_ALL", "STAFF_ROLES", "SOCIAL_WORKER", "PARTNER_PRACTITIONER", "SYSTEM_MANAGER"}


def _ladders(tree: ast.AST) -> list[str]:
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.ClassDef) and node.name.endswith("Scope"):
			found.append(node.name)
		elif isinstance(node, ast.ImportFrom) and node.module == "smallchanges.roles":
			found += [alias.name for alias in node.names if alias.name.startswith("SEE_ALL")]
		elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
			names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
			reads_roles = any(
				isinstance(n, ast.Call)
				and (getattr(n.func, "attr", None) or getattr(n.func, "id", None)) == "get_roles"
				for n in ast.walk(node)
			)
			if reads_roles and len(names & LADDER_ROLES) > 1:
				found.append(node.name)
	return found


def test_the_scope_ladder_is_written_once_in_access_scope():
	where = {}
	for path in sorted(APP.rglob("*.py")):
		for name in _ladders(ast.parse(path.read_text())):
			where.setdefault(str(path.relative_to(APP)), []).append(name)
	assert {file: sorted(names) for file, names in where.items()} == {
		"access/scope.py": ["SEE_ALL", "Scope", "scope_of"]
	}, where


def test_the_ladder_check_finds_a_second_ladder():
	source = (
		"import frappe\n"
		"from smallchanges.roles import SEE_ALL_VISITS, SOCIAL_WORKER, PARTNER_PRACTITIONER, TEAM_MANAGER\n"
		"class VisitScope: pass\n"
		"def visit_scope(user):\n"
		"    roles = set(frappe.get_roles(user))\n"
		"    if SOCIAL_WORKER in roles: return 'own'\n"
		"    if PARTNER_PRACTITIONER in roles: return 'partner'\n"
		"def may_dispense(): return TEAM_MANAGER in frappe.get_roles()\n"
	)
	assert sorted(_ladders(ast.parse(source))) == ["SEE_ALL_VISITS", "VisitScope", "visit_scope"]


# ---- the File hooks' content checks, named in hooks.py ----------------------------------------
def _content_checks() -> dict[str, str]:
	tree = ast.parse((APP / "hooks.py").read_text())
	for node in tree.body:
		if isinstance(node, ast.Assign) and any(
			isinstance(t, ast.Name) and t.id == "smallchanges_file_content_checks" for t in node.targets
		):
			return ast.literal_eval(node.value)
	return {}


def test_every_private_file_has_a_content_check_that_exists():
	checks = _content_checks()
	assert {"*", "Universal Referral", "Referral Document", "Resource"} <= set(checks), checks
	for doctype, path in checks.items():
		module, _dot, function = path.rpartition(".")
		source = ROOT / (module.replace(".", "/") + ".py")
		assert source.exists(), (doctype, path)
		defined = {n.name for n in ast.parse(source.read_text()).body if isinstance(n, ast.FunctionDef)}
		assert function in defined, (doctype, path)
		assert not module.startswith("smallchanges.access"), "a content check is the capability's own step"
