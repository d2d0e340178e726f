"""Who can do what, as a table: one row per task, one column per role, and in each cell Yes, No
or "With a Director's delegation" (and who holds one now).

Pure Python: no Frappe import. The tasks (`tasks`) say only WHAT each task takes (a permission on a
DocType, a step of its workflow, a delegable task); WHO may do it is worked out, cell by cell,
from the live data the Frappe side (smallchanges.governance.overview) reads: the DocPerms (or
Custom DocPerms), the active workflows, the approved delegations and the roles that approve
them. Change any of those and the cells change; nothing here names who may do a task.

Shapes of the inputs (plain dicts):
  perm:      {"doctype", "role", "permlevel" (0 when left out), "if_owner", "read", "write",
              "create", "submit", "cancel", "delete"}
  workflow:  {"name", "doctype", "states": [{"state", "doc_status", "allow_edit"}],
              "transitions": [{"state", "action", "next_state", "allowed",
              "allow_self_approval", "condition"}]}
  grant:     {"name", "task", "role" (or None), "people": [{"user", "full_name", "roles"}],
              "valid_from" (date), "valid_until" (date), "approved_by_name"}
  decision:  for the "You" answers, what rules.delegation.decide said for this person:
             {"allowed", "basis", "role", "grant": {"name", "valid_until", "approved_by_name"}}

The package, along the way a cell is worked out: `tasks` the rows (Task, TABLE); `evidence` what
each requirement says for some roles (requirements, structurally_allowed); `cells` one cell and
its words (cell, cell_text, delegation_words); `row_detail` a row's detail; `answers` what is built
from them (table, who_may, you_answer, partner_groups).
"""

from smallchanges.rules.who_can_do_what.answers import partner_groups, table, who_may, you_answer
from smallchanges.rules.who_can_do_what.cells import (
	DELEGATION,
	HOLDERS_SHOWN,
	NO,
	YES,
	Cell,
	cell,
	cell_text,
	delegation_words,
	holder_text,
)
from smallchanges.rules.who_can_do_what.evidence import (
	ALL,
	DESK_USER,
	IMPLIED_ROLES,
	STEP_RIGHT,
	Evidence,
	column_roles,
	requirements,
	structurally_allowed,
)
from smallchanges.rules.who_can_do_what.row_detail import RIGHT_WORDS, detail
from smallchanges.rules.who_can_do_what.tasks import (
	CORE_GROUPS,
	GOVERNANCE,
	REFERRALS,
	RESOURCES,
	TABLE,
	TABLE_BY_KEY,
	VISITS,
	Task,
)

__all__ = [
	"ALL",
	"CORE_GROUPS",
	"DELEGATION",
	"DESK_USER",
	"GOVERNANCE",
	"HOLDERS_SHOWN",
	"IMPLIED_ROLES",
	"NO",
	"REFERRALS",
	"RESOURCES",
	"RIGHT_WORDS",
	"STEP_RIGHT",
	"TABLE",
	"TABLE_BY_KEY",
	"VISITS",
	"YES",
	"Cell",
	"Evidence",
	"Task",
	"cell",
	"cell_text",
	"column_roles",
	"delegation_words",
	"detail",
	"holder_text",
	"partner_groups",
	"requirements",
	"structurally_allowed",
	"table",
	"who_may",
	"you_answer",
]
