"""The app's only install and migrate entry (hooks: before_install, after_install, after_migrate).

Each module keeps its own records (workflows, policy defaults, ...) in its `setup.ensure()`;
this module calls them in order. Everything is idempotent and created once (setup_utils).
"""

from smallchanges.core_groups import setup as core_groups_setup
from smallchanges.governance import setup as governance_setup
from smallchanges.linkage import setup as linkage_setup
from smallchanges.referrals import setup as referral_setup
from smallchanges.resources import setup as resource_setup
from smallchanges.roles import ROLES
from smallchanges.setup_utils import ensure_role
from smallchanges.visits import setup as visit_setup

# Modules whose setup runs after every install and migrate, in this order.
MODULE_SETUPS = (
	governance_setup,
	referral_setup,
	visit_setup,
	core_groups_setup,
	resource_setup,
	linkage_setup,
)


def before_install() -> None:
	# Roles first: the app's DocType permissions and workspace, synced next, refer to them.
	ensure_roles()


def after_install() -> None:
	ensure_setup()


def after_migrate() -> None:
	ensure_setup()


def ensure_setup() -> None:
	ensure_roles()
	for module in MODULE_SETUPS:
		module.ensure()


def ensure_roles() -> None:
	for role in ROLES:
		ensure_role(role.name, role.desk_access)
