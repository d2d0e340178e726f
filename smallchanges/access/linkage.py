"""Who may reach the batch duplicate finder's records: Possible Duplicate (a cluster of Child
records), Child Merge (a merge, with the merged record's snapshot) and the finder's settings.

They hold children's data from across the whole index, so the one criterion is the see-all rung of
the ladder (Team Manager, Business Support Officer, Director, Principal Social Worker, System
Manager; role permissions then narrow it further); a social worker, a partner or a user without an
app role reaches none. No partner role has any DocPerm on them either, and the gate refuses their
calls. Reads are logged like a Child's (access_log).
"""

from smallchanges.access.access_log import logged_lists, logged_reads
from smallchanges.access.scope import Scope, scope_of


def reaches_linkage(scope: Scope) -> bool:
	"""The one criterion: the see-all staff (a restriction on particular children can narrow it)."""
	return scope.everything


@logged_lists
def linkage_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return "" if reaches_linkage(scope_of(user)) else "1=0"


@logged_reads
def linkage_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return None if reaches_linkage(scope_of(user)) else False
