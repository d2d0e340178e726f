"""smallchanges/access/ decides who may reach what: the role ladder is written once, in access/scope.py,
and every private file has a content check. That access/ imports no capability is checked with the
rest of the import direction in test_codebase.py."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = ROOT / "smallchanges"


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
