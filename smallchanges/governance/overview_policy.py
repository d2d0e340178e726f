"""The Safeguarding Policy as "who can do what" shows it: its numbers, its sentences by part and
who changed which value when (Frappe's Version records of the policy), worked out by
smallchanges.rules.policy_text. Staff page only: the policy is staff-only.
"""

import json

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate

from smallchanges.governance.delegation_api import full_name
from smallchanges.governance.policy import POLICY, get_policy
from smallchanges.rules import policy_text

HISTORY_LIMIT = 50


def _policy_inputs(policy) -> tuple[dict, list[dict], list[dict]]:
	meta = frappe.get_meta(POLICY)
	values = {df.fieldname: policy.get(df.fieldname) for df in meta.fields if df.fieldtype == "Int"}
	visit_rows = [row.as_dict() for row in policy.visit_policies]
	closures = [
		{"closure_date": getdate(row.closure_date), "reason": row.reason}
		for row in policy.closure_dates
		if row.closure_date
	]
	return values, visit_rows, closures


def policy_data() -> dict:
	policy = get_policy()
	meta = frappe.get_meta(POLICY)
	values, visit_rows, closures = _policy_inputs(policy)
	return {
		"parts": policy_text.policy_sentences_by_part(values, visit_rows, closures, _),
		"values": [
			{"label": _(df.label), "value": values.get(df.fieldname)}
			for df in meta.fields
			if df.fieldtype == "Int"
		],
		"sentences": policy_text.policy_sentences(values, visit_rows, closures, _),
		"history": policy_history(policy),
	}


def policy_history(policy, limit: int = HISTORY_LIMIT) -> list[dict]:
	"""Who changed which policy value, when, from what to what (Frappe's Version records)."""
	meta = frappe.get_meta(POLICY)
	labels = {df.fieldname: df.label for df in meta.fields}
	tables = {}
	for df in meta.get_table_fields():
		child = frappe.get_meta(df.options)
		title_field = "plan_type" if child.get_field("plan_type") else "closure_date"
		tables[df.fieldname] = {
			"label": df.label,
			"title_field": title_field,
			"labels": {c.fieldname: c.label for c in child.fields},
			"titles": {row.name: _(str(row.get(title_field))) for row in policy.get(df.fieldname)},
		}
	# Staff page only: the policy's history, which the policy form already shows every reader.
	versions = frappe.get_all(
		"Version",
		filters={"ref_doctype": POLICY, "docname": POLICY},
		fields=["owner", "creation", "data"],
		order_by="creation desc",
		limit=limit,
	)
	return policy_text.history_lines(
		[
			{"when": get_datetime(v.creation), "who": full_name(v.owner), "data": json.loads(v.data or "{}")}
			for v in versions
		],
		labels,
		tables,
		_,
	)
