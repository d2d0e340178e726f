"""Records for the read-replica test, made on its site (on the pair's primary) in a process of its
own, as tests/e2e/erpnext_world.py makes the co-install test's. `world` makes one of each thing the
reports and number cards count and the users who read them; `more` (with the world's JSON) one more
of each, while the replica is paused, so that a report shows whether it read the replica.
Run: python tests/e2e/replica_world.py <sites path> <site> world|more [world JSON]; prints JSON."""

import json
import pathlib
import sys
from datetime import date, timedelta

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from tests.e2e.erpnext_world import on_site


def _one_of_each(world: dict) -> dict:
	"""An undecided referral, an overdue visit (a new plan), a visit away from home this month, core
	group minutes taken by a partner, and a row of the access log about the referral."""
	from smallchanges.access.access_log import write
	from smallchanges.rules import access_log as channels
	from tests.core_groups_factories import start_minutes
	from tests.referral_factories import make_referral
	from tests.visits_factories import make_child, make_visit

	referral = make_referral(world["partner"], submit=True, service=world["service"]).name
	overdue_child = make_child()
	make_visit(world["social_worker"], overdue_child, visit_date=date.today() - timedelta(days=60))
	make_visit(world["social_worker"], place="School", visit_date=date.today())
	minutes = start_minutes(world["plan"], world["school"]).name
	write(
		[("Universal Referral", referral, channels.REST, [])],  # one record opened: no list of names
		world["bso"],
		"/api/resource/Universal Referral",
		None,
	)
	return {"referral": referral, "overdue_child": overdue_child, "minutes": minutes}


def make_world() -> dict:
	from smallchanges import roles
	from tests.core_groups_factories import CoreGroup, start_minutes
	from tests.factories import make_user
	from tests.referral_factories import make_partner, make_service

	group = CoreGroup()
	start_minutes(group.plan, group.lead)  # taken by the lead social worker: not counted as "by others"
	partner, _agency = make_partner()
	world = {
		"director": make_user(roles.DIRECTOR),
		"bso": make_user(roles.BUSINESS_SUPPORT_OFFICER),
		"social_worker": make_user(roles.SOCIAL_WORKER),
		"partner": partner,
		"service": make_service(),
		"plan": group.plan,
		"school": group.school,
	}
	return {**world, **_one_of_each(world)}


if __name__ == "__main__":
	sites, site, what = sys.argv[1:4]
	if what == "world":
		on_site(sites, site, make_world)
	else:
		on_site(sites, site, lambda: _one_of_each(json.loads(sys.argv[4])))
