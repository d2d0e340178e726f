"""The people, the service and the referrals the benchmarks act with.

A referral is made by the tests' own factory (`tests.referral_factories.referral_data`, plain
Python over Frappe, no pytest): what is measured is what the tests check. Its child is a new one
each time, drawn from the same distribution as the children on file (benchmarks.population)."""

import frappe

from benchmarks.population import Population
from tests.referral_factories import referral_data as complete_referral

PASSWORD = "Bench-Passw0rd!"
PARTNER = "partner@bench.example.test"
MANAGER = "manager@bench.example.test"
WEB_FORM = "universal-referral"
SENDER_DOMAIN = "sender.bench.example.test"  # the many people of the load figures


def make_user(email: str, role: str) -> str:
	from frappe.utils.password import update_password

	if not frappe.db.exists("User", email):
		# A role without desk access (the partner's) makes the user a Website User, as in production.
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0].title(),
				"send_welcome_email": 0,
				"roles": [{"role": role}],
			}
		).insert(ignore_permissions=True)
	update_password(email, PASSWORD)
	return email


def make_people(agency: str) -> None:
	"""The partner (a member of `agency`), a Team Manager, and three Business Support Officers (who
	are told of each Send)."""
	make_user(PARTNER, "Partner Practitioner")
	make_user(MANAGER, "Team Manager")
	for number in range(3):
		make_user(f"support{number}@bench.example.test", "Business Support Officer")
	doc = frappe.get_doc("Partner Agency", agency)
	if not any(row.user == PARTNER for row in doc.members):
		doc.append("members", {"user": PARTNER})
		doc.save(ignore_permissions=True)
	frappe.db.commit()


def ensure_service() -> str:
	service = frappe.db.get_value("LA Service", {}, "name") or (
		frappe.get_doc(
			{"doctype": "LA Service", "service_name": "Bench Early Help", "status": "active",
			 "service_lead_email": "lead@council.example.test"}
		).insert(ignore_permissions=True).name
	)  # fmt: skip
	frappe.db.commit()
	return service


# New children, not those on file: another seed than the loaded population's.
_NEW_CHILDREN = Population(seed=1, size=1_000_000)


def new_child() -> dict:
	"""A child's row on a referral: names, date of birth and postcode as common as on file (a child
	born: an unborn child's referral asks other questions)."""
	child = _NEW_CHILDREN.child()
	while not child.date_of_birth:
		child = _NEW_CHILDREN.child()
	return {
		"first_name": child.first_name,
		"last_name": child.last_name,
		"date_of_birth": str(child.date_of_birth),
		"postcode": child.postcode,
	}


def referral_data(service: str) -> dict:
	"""A complete level 3 referral of one new child, with consent and one household member, asking
	for `service`."""
	return complete_referral(
		service,
		children=[new_child()],
		household_members=[{"member_name": "Sara Okoro", "relationship": "Mother"}],
	)
