"""What the app's figures are measured against: a bare custom DocType with the same fields and
tables as Universal Referral, and a Frappe-only copy of it with Frappe's own web form and workflow."""

import frappe

from benchmarks.fixtures import WEB_FORM

BARE = "Bench Bare Referral"
# The same fields, tables, permissions, change tracking and workflow as Universal Referral, with a web
# form of the same questions, and none of the app's code: what Frappe's own web form save and workflow
# Send cost for a referral before the app does anything.
FRAPPE_ONLY = "Bench Frappe Only Referral"
FRAPPE_ONLY_WEB_FORM = "bench-frappe-only-referral"


def make_bare_doctypes() -> None:
	"""Custom DocTypes with the same fields and tables as Universal Referral, and nothing else: no
	controller, hooks, workflow, permission hooks or notifications; and its Frappe-only twin."""
	meta = frappe.get_meta("Universal Referral")
	skip = {"Section Break", "Column Break", "Tab Break", "HTML", "Button"}

	def copy(df, table_map):
		out = {"fieldname": df.fieldname, "fieldtype": df.fieldtype, "label": df.label or df.fieldname}
		if df.fieldtype == "Table":
			out["options"] = table_map[df.options]
		elif df.options:
			out["options"] = df.options
		return out

	table_map = {}
	for df in meta.get_table_fields():
		name = f"Bench Bare {df.options}"[:60]
		table_map[df.options] = name
		if not frappe.db.exists("DocType", name):
			child = frappe.get_meta(df.options)
			frappe.get_doc(
				{
					"doctype": "DocType",
					"name": name,
					"module": "Referrals",
					"custom": 1,
					"istable": 1,
					"fields": [copy(f, {}) for f in child.fields if f.fieldtype not in skip | {"Table"}],
				}
			).insert()
	fields = [copy(f, table_map) for f in meta.fields if f.fieldtype not in skip]
	if not frappe.db.exists("DocType", BARE):
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": BARE,
				"module": "Referrals",
				"custom": 1,
				"autoname": "hash",
				"fields": fields,
				"permissions": [{"role": "System Manager", "read": 1, "write": 1, "create": 1}],
			}
		).insert()
	if not frappe.db.exists("DocType", FRAPPE_ONLY):
		rights = ("read", "write", "create")
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": FRAPPE_ONLY,
				"module": "Referrals",
				"custom": 1,
				"autoname": "hash",
				"track_changes": meta.track_changes,
				"fields": fields,
				"permissions": [
					{"role": perm.role, **{right: perm.get(right) for right in rights}}
					for perm in meta.permissions
					if not perm.permlevel
				],
			}
		).insert()
	make_frappe_only_workflow_and_form()
	frappe.db.commit()


def make_frappe_only_workflow_and_form() -> None:
	from smallchanges.referrals.setup import REFERRAL_WORKFLOW
	from smallchanges.setup_utils import ensure_workflow

	ensure_workflow({**REFERRAL_WORKFLOW, "name": FRAPPE_ONLY, "document_type": FRAPPE_ONLY})
	if not frappe.db.exists("Web Form", FRAPPE_ONLY_WEB_FORM):
		form = frappe.copy_doc(frappe.get_doc("Web Form", WEB_FORM))
		form.update(
			{
				"title": FRAPPE_ONLY,  # named from its title: bench-frappe-only-referral
				"route": FRAPPE_ONLY_WEB_FORM,
				"doc_type": FRAPPE_ONLY,
				"is_standard": 0,
				"client_script": "",
			}
		)
		form.insert()
