"""Every role this app creates: its name, whether it works in the desk, and who holds it.

Everything that names a role imports it from here (pure Python, no imports), so adding or
renaming a role is one edit. The roles themselves are created once at install (install.py) and
then belong to the administrator.
"""

from typing import NamedTuple


class AppRole(NamedTuple):
	name: str
	desk_access: int  # 1: works in the desk; 0: portal pages and web forms only
	who: str


SOCIAL_WORKER = "Social Worker"
TEAM_MANAGER = "Team Manager"
BUSINESS_SUPPORT_OFFICER = "Business Support Officer"
DIRECTOR = "Director"
PRINCIPAL_SOCIAL_WORKER = "Principal Social Worker"
PARTNER_PRACTITIONER = "Partner Practitioner"
# Frappe's own administrator role: configures roles, workflows and local policy.
SYSTEM_MANAGER = "System Manager"

ROLES = (
	AppRole(SOCIAL_WORKER, 1, "a local authority practitioner"),
	AppRole(TEAM_MANAGER, 1, "a first-line manager of social workers"),
	AppRole(BUSINESS_SUPPORT_OFFICER, 1, "administrative staff supporting a team"),
	AppRole(DIRECTOR, 1, "a senior leader who signs off delegations and local policy"),
	AppRole(PRINCIPAL_SOCIAL_WORKER, 1, "the practice lead, who approves guides and templates"),
	AppRole(PARTNER_PRACTITIONER, 0, "someone in a school, health, police or voluntary agency"),
)
ROLE_NAMES = tuple(role.name for role in ROLES)
STAFF_ROLES = tuple(role.name for role in ROLES if role.desk_access)

# Staff who see every record of every capability: every referral, visit, child protection plan and
# its minutes. Everyone else sees their own (access/scope.py: the one role ladder).
SEE_ALL = frozenset(
	{SYSTEM_MANAGER, TEAM_MANAGER, BUSINESS_SUPPORT_OFFICER, DIRECTOR, PRINCIPAL_SOCIAL_WORKER}
)

# Who sets and lifts a restriction on a child's record (and reads the restrictions), with a reason.
RESTRICTION_GOVERNORS = frozenset({DIRECTOR, PRINCIPAL_SOCIAL_WORKER})
