"""Records for the co-install test, made on the ERPNext site in a process of its own (the test
process stays connected to the main test site): two partner agencies with their referrals (as in
the isolation tests) and an ERPNext customer with a portal user and a submitted Sales Order.
Run: python tests/e2e/erpnext_world.py <sites path> <site>; prints the records' names as JSON."""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def make_customer_world() -> dict:
	import frappe
	from frappe.utils import add_days, nowdate

	from tests.factories import make_user, unique

	company = (
		frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.get_all("Company", pluck="name", limit=1)[0]
	)
	user = make_user("Customer", first_name=unique("Buyer"), user_type="Website User")
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": unique("Council Supplies"),
			"customer_type": "Company",
			"portal_users": [{"user": user}],  # ERPNext v15: who sees the customer's orders
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": user.split("@")[0],
			"email_ids": [{"email_id": user, "is_primary": 1}],
			"user": user,
			"links": [{"link_doctype": "Customer", "link_name": customer.name}],
		}
	).insert()
	item = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": unique("Stationery"),
			"item_group": frappe.get_all("Item Group", {"is_group": 0}, pluck="name", limit=1)[0],
			"stock_uom": "Nos",
			"is_stock_item": 0,
		}
	).insert()
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": customer.name,
			"company": company,
			"transaction_date": nowdate(),
			"delivery_date": add_days(nowdate(), 7),
			"items": [
				{"item_code": item.name, "qty": 2, "rate": 12.5, "delivery_date": add_days(nowdate(), 7)}
			],
		}
	).insert()
	order.submit()
	return {"customer_user": user, "customer": customer.name, "sales_order": order.name}


def on_site(sites_path: str, site: str, make) -> None:
	"""Connect to `site` as Administrator, run make() -> dict, commit, and print the dict as JSON
	(the last line of output, which the test reads)."""
	import frappe

	sys.path.insert(0, str(ROOT))
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	frappe.set_user("Administrator")
	world = make()
	frappe.db.commit()
	frappe.destroy()
	print(json.dumps(world))


def make_world() -> dict:
	import frappe

	from tests.referral_factories import make_two_agencies

	world = dict(make_two_agencies())
	frappe.set_user("Administrator")
	world.update(make_customer_world())
	return world


if __name__ == "__main__":
	on_site(*sys.argv[1:3], make_world)
