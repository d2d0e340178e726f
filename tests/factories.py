"""Factories for test data (fictional people only). Each call makes distinct records."""

import itertools
import uuid

import frappe

PASSWORD = "Test-Password-2026!"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
	return f"{prefix}-{uuid.uuid4().hex[:8]}"


def nhs_number() -> str:
	"""A fictional NHS number that passes the Child's check (ten digits, the modulus 11 check digit)."""
	from smallchanges.rules.child_record import nhs_check_digit

	while True:
		first_nine = f"9{uuid.uuid4().int % 10**8:08d}"
		check = nhs_check_digit(first_nine)
		if check is not None:
			return f"{first_nine}{check}"


def make_user(*roles: str, first_name: str | None = None, password: str | None = PASSWORD, **fields) -> str:
	"""A user with the given roles (and a known password); returns the user's email (its name)."""
	n = next(_counter)
	first_name = first_name or f"Test{n}"
	email = fields.pop("email", None) or f"{unique(first_name.lower())}@example.test"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"last_name": fields.pop("last_name", "Tester"),
			"send_welcome_email": 0,
			"roles": [{"role": role} for role in roles],
			**fields,
		}
	).insert(ignore_permissions=True)
	if password:
		from frappe.utils.password import update_password

		update_password(user.name, password)
	return user.name
