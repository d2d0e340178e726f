"""Which record names a web form page would open, table-driven (smallchanges.access.routes)."""

import pytest

from smallchanges.access.routes import web_form_names


@pytest.mark.parametrize(
	"path, args, names",
	[
		("/universal-referral", {}, []),
		("/universal-referral/new", {}, []),
		("/universal-referral/list", {}, []),
		("/universal-referral/UR-2026-00001", {}, ["UR-2026-00001"]),
		("/universal-referral/UR-2026-00001/edit", {}, ["UR-2026-00001"]),
		("/universal-referral/UR-2026-00001/", {}, ["UR-2026-00001"]),
		("/universal-referral/edit", {}, ["edit"]),  # a record named "edit" is still a record
		("/universal-referral/a/b", {}, ["a/b"]),  # Frappe's route takes the rest of the path
		("/universal-referral/new", {"name": "UR-2026-00002"}, ["UR-2026-00002"]),
		("/universal-referral/UR-1", {"name": "UR-2"}, ["UR-1", "UR-2"]),
		("/universal-referral", {"name": ["UR-1"]}, [["UR-1"]]),  # not a string: refused by the caller
	],
)
def test_the_names_a_web_form_page_would_open(path, args, names):
	assert web_form_names(path.strip("/").split("/"), args) == names
