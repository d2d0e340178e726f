"""The rows of the table: each task and what doing it takes (a permission on a DocType, a step of
its workflow, a delegable task), never who may do it."""

from dataclasses import dataclass

from smallchanges.rules import core_groups as minutes_states
from smallchanges.rules import referral as referral_states
from smallchanges.rules import resources as resource_states
from smallchanges.rules.delegation import (
	APPROVED as DELEGATION_APPROVED,
)
from smallchanges.rules.delegation import (
	CHECK_REFERRAL_COMPLETENESS,
	DISTRIBUTE_MINUTES,
	REQUESTED,
	TAKE_CORE_GROUP_MINUTES,
)
from smallchanges.rules.translation import _

REFERRALS = _("Referrals")
CORE_GROUPS = _("Core groups")
VISITS = _("Visits")
RESOURCES = _("Resources")
GOVERNANCE = _("Governance")


@dataclass(frozen=True)
class Task:
	"""One row: what doing the task takes. Every requirement given must be met."""

	key: str
	label: str  # "Send a referral"
	group: str
	doctype: str
	create: bool = False  # the role creates the record
	steps: tuple[tuple[str, str], ...] = ()  # workflow steps (from state, to state): any one will do
	right: str | None = None  # a plain right on the DocType...
	level: int = 0  # ...at this permission level (1: the protected part of a form)
	edit_in: str | None = None  # a workflow state the role must be allowed to edit the record in
	delegable: str | None = None  # a task of rules.delegation.TASKS
	policy: tuple[str, ...] = ()  # the Safeguarding Policy's parts that bear on it (its fieldnames)
	rule: str = ""  # what the app's code adds, whoever holds the role
	for_partners: str = ""  # the sentence on the partners' page ("You can ...")
	by_staff: str = ""  # on the partners' page, when partners may not: what the council's staff do
	given: str = ""  # not a permission at all: how the app gives it (detail)
	staff_table: bool = True  # a row of the staff table (False: the partners' page only)


TABLE: tuple[Task, ...] = (
	Task(
		"send_referral",
		_("Send a referral"),
		REFERRALS,
		"Universal Referral",
		create=True,
		steps=((referral_states.DRAFT, referral_states.SUBMITTED),),
		for_partners=_(
			"You can send a referral about a child or a family to the council's children's social care team."
		),
	),
	Task(
		"save_referral",
		_("Save a referral for later"),
		REFERRALS,
		"Universal Referral",
		create=True,
		right="write",
		edit_in=referral_states.DRAFT,
		for_partners=_("You can save a referral for later and finish it when you are ready."),
		staff_table=False,
	),
	Task(
		"resend_referral",
		_("Send a returned referral again"),
		REFERRALS,
		"Universal Referral",
		steps=((referral_states.RETURNED, referral_states.SUBMITTED),),
		for_partners=_(
			"If the council returns a referral to ask for more, you can change it and send it again."
		),
		staff_table=False,
	),
	Task(
		"follow_referral",
		_("Follow a referral's outcome"),
		REFERRALS,
		"Universal Referral",
		right="read",
		rule=_("A partner sees only the referrals of their own agency."),
		for_partners=_("You can see the referrals your agency has sent and what the council decided."),
		staff_table=False,
	),
	Task(
		"check_referral",
		_("Check a referral is complete"),
		REFERRALS,
		"Universal Referral",
		steps=(
			(referral_states.SUBMITTED, referral_states.CHECKED),
			(referral_states.SUBMITTED, referral_states.RETURNED),
		),
		delegable=CHECK_REFERRAL_COMPLETENESS,
		by_staff=_("The council's staff check that each referral is complete, or return it to you."),
	),
	Task(
		"decide_referral",
		_("Decide a referral"),
		REFERRALS,
		"Universal Referral",
		steps=(
			(referral_states.CHECKED, referral_states.ACCEPTED),
			(referral_states.CHECKED, referral_states.NO_FURTHER_ACTION),
			(referral_states.CHECKED, referral_states.REDIRECTED),
		),
		policy=("referral_decision_working_days",),
		by_staff=_("The council's staff decide what happens next with a referral, and tell you."),
	),
	Task(
		"take_minutes",
		_("Take core group minutes"),
		CORE_GROUPS,
		"Core Group Minutes",
		create=True,
		steps=((minutes_states.DRAFT, minutes_states.SUBMITTED),),
		delegable=TAKE_CORE_GROUP_MINUTES,
		policy=("first_core_group_working_days", "max_core_group_interval_weeks"),
		rule=_(
			"Only the minute taker named on the minutes sends them for review; a partner takes the "
			"minutes only of a core group they are a member of."
		),
		for_partners=_(
			"You can take the minutes of a core group you are a member of, and send them for review."
		),
	),
	Task(
		"resend_minutes",
		_("Send returned minutes again"),
		CORE_GROUPS,
		"Core Group Minutes",
		steps=((minutes_states.RETURNED, minutes_states.SUBMITTED),),
		for_partners=_("If the reviewer returns your minutes, you can correct them and send them again."),
		staff_table=False,
	),
	Task(
		"agency_update",
		_("Send an agency update"),
		CORE_GROUPS,
		"Core Group Agency Update",
		create=True,
		rule=_("A partner sends updates only to core groups they are a member of."),
		for_partners=_("You can send your agency's update to a core group you are a member of."),
	),
	Task(
		"read_minutes",
		_("Read core group minutes"),
		CORE_GROUPS,
		"Core Group Minutes",
		right="read",
		rule=_("A partner reads only the minutes of core groups they are a member of."),
		for_partners=_("You can read the minutes of the core groups you are a member of."),
		staff_table=False,
	),
	Task(
		"approve_minutes",
		_("Approve core group minutes"),
		CORE_GROUPS,
		"Core Group Minutes",
		steps=((minutes_states.SUBMITTED, minutes_states.APPROVED),),
		rule=_("Only the core group's chair or lead social worker approves, and never the minute taker."),
		by_staff=_("The core group's chair or lead social worker approves the minutes."),
	),
	Task(
		"distribute_minutes",
		_("Distribute approved minutes"),
		CORE_GROUPS,
		"Core Group Minutes",
		steps=((minutes_states.APPROVED, minutes_states.DISTRIBUTED),),
		delegable=DISTRIBUTE_MINUTES,
		policy=("minutes_circulation_working_days",),
		by_staff=_("The council's staff send approved minutes to everyone on the distribution list."),
	),
	Task(
		"record_visit",
		_("Record a visit"),
		VISITS,
		"Visit",
		create=True,
		policy=("visit_policies", "visit_write_up_working_days"),
	),
	Task(
		"override_visit",
		_("Override whether a visit counts"),
		VISITS,
		"Visit",
		right="write",
		level=1,
		policy=("visit_policies",),
		rule=_("Never on a visit they recorded themselves, and always with a reason."),
	),
	Task(
		"approve_resource",
		_("Approve a resource"),
		RESOURCES,
		"Resource",
		steps=((resource_states.DRAFT, resource_states.APPROVED),),
	),
	Task(
		"partner_resources",
		_("Download the council's resources"),
		RESOURCES,
		"Resource",
		for_partners=_(
			"You can find and download the forms, templates and guides the council shares with partners."
		),
		given=_(
			"Partners have no permission on Resource records: the Resources page shows them the "
			"approved, current resources whose audience includes partners."
		),
		staff_table=False,
	),
	Task(
		"request_delegation",
		_("Ask for a delegation"),
		GOVERNANCE,
		"Delegation",
		create=True,
	),
	Task(
		"approve_delegation",
		_("Approve a delegation"),
		GOVERNANCE,
		"Delegation",
		steps=((REQUESTED, DELEGATION_APPROVED),),
		rule=_("Never a delegation they asked for or that names them."),
	),
	Task(
		"change_policy",
		_("Change the Safeguarding Policy"),
		GOVERNANCE,
		"Safeguarding Policy",
		right="write",
	),
	Task(
		"read_access_log",
		_("See who read a child's record"),
		GOVERNANCE,
		"Record Access Log",
		right="read",
	),
)
TABLE_BY_KEY = {task.key: task for task in TABLE}
