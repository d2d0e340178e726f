"""A core group's action rows (Core Group Action) as the rules' `Action` values, and back."""

from frappe.utils import getdate

from smallchanges.rules import core_groups as core_group_rules


def action_of(row) -> core_group_rules.Action:
	"""What the rules read of one action row."""
	return core_group_rules.Action(
		action=row.action,
		owner_name=row.owner_name,
		owner_user=row.owner_user,
		due_date=getdate(row.due_date) if row.due_date else None,
		status=row.status,
		carried_from=row.carried_from,
	)


def row_of(action: core_group_rules.Action, owner_email: str | None = None) -> dict:
	"""The values of a new action row for `action` (the owner's email is not a rule value)."""
	return {
		"action": action.action,
		"owner_name": action.owner_name,
		"owner_user": action.owner_user,
		"owner_email": owner_email,
		"due_date": action.due_date,
		"status": action.status,
		"carried_from": action.carried_from,
	}
