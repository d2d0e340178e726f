"""Demo data for ./scripts/up: fictional people only.

`make_demo` runs once, on a new site; `print_logins` prints who can log in.
"""

import frappe
from frappe.utils.password import update_password

from smallchanges import roles as app_roles

DEMO_PASSWORD = "Demo-Password-2026!"

# (email, first name, last name, roles)
STAFF = (
	("sam.social@demo.smallchanges.test", "Sam", "Okafor", [app_roles.SOCIAL_WORKER]),
	("tara.manager@demo.smallchanges.test", "Tara", "Begum", [app_roles.TEAM_MANAGER]),
	("billie.support@demo.smallchanges.test", "Billie", "Novak", [app_roles.BUSINESS_SUPPORT_OFFICER]),
	("dana.director@demo.smallchanges.test", "Dana", "Whitfield", [app_roles.DIRECTOR]),
	("priya.psw@demo.smallchanges.test", "Priya", "Shah", [app_roles.PRINCIPAL_SOCIAL_WORKER]),
)
PARTNERS = (
	("morgan.school@demo.smallchanges.test", "Morgan", "Hughes", [app_roles.PARTNER_PRACTITIONER]),
	("jo.health@demo.smallchanges.test", "Jo", "Adeyemi", [app_roles.PARTNER_PRACTITIONER]),
)


def complete_setup() -> None:
	"""Finish Frappe's setup wizard for an English local authority (used on demo and test sites)."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete(
		{
			"language": "English (United Kingdom)",
			"lang": "English (United Kingdom)",
			"country": "United Kingdom",
			"timezone": "Europe/London",
			"currency": "GBP",
		}
	)
	frappe.db.commit()
	if not frappe.is_setup_complete():
		raise RuntimeError("the setup wizard did not complete")


def make_demo() -> None:
	from smallchanges.core_groups.demo import make_demo as make_core_groups_demo
	from smallchanges.governance.demo import make_demo as make_governance_demo
	from smallchanges.linkage.demo import make_demo as make_linkage_demo
	from smallchanges.referrals.demo import make_demo as make_referral_demo
	from smallchanges.resources.demo import make_demo as make_resource_demo
	from smallchanges.visits.demo import make_demo as make_visit_demo
	from smallchanges.visits.demo import visit_the_plans

	# `bench execute` commits at the end; nothing here commits, so a test can roll it all back.
	for email, first_name, last_name, roles in STAFF + PARTNERS:
		_make_user(email, first_name, last_name, roles)
	make_governance_demo()
	make_referral_demo()
	make_visit_demo()
	make_core_groups_demo()
	visit_the_plans()  # the plans are the core groups demo's
	make_resource_demo()
	make_linkage_demo()


def _make_user(email: str, first_name: str, last_name: str, roles: list[str]) -> None:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name,
				"send_welcome_email": 0,
				"roles": [{"role": role} for role in roles],
			}
		).insert(ignore_permissions=True)
	update_password(email, DEMO_PASSWORD)


def print_logins(admin_password: str = "admin") -> None:
	site_url = frappe.utils.get_url()
	print(f"Open {site_url}/login and log in as one of these (password for all: {DEMO_PASSWORD}):")
	print(f"  {'Administrator':45} {app_roles.SYSTEM_MANAGER} (password: {admin_password})")
	for email, first_name, last_name, roles in STAFF + PARTNERS:
		print(f"  {email:45} {', '.join(roles)} ({first_name} {last_name})")
