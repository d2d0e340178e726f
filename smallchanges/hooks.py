# Underscored: Frappe reads every other top-level name in this file as a hook.
from smallchanges.access.core_groups import CORE_GROUP_TABLES as _CORE_GROUP_TABLES
from smallchanges.roles import PARTNER_PRACTITIONER as _PARTNER

app_name = "smallchanges"
app_title = "Small Changes"
app_publisher = "smallchanges contributors"
app_description = "Gives children's social care teams back the time that admin takes from direct work"
app_email = "smallchanges@example.org"
app_license = "agpl-3.0"
required_apps = ["frappe"]
# Saving a DocType in developer mode (or migrating) writes its fields as types into the controller.
export_python_type_annotations = True

before_install = "smallchanges.install.before_install"
after_install = "smallchanges.install.after_install"
after_migrate = "smallchanges.install.after_migrate"

# Deny by default for portal users (access/gate.py): tracebacks off from the start of every request, then,
# once Frappe knows the user (cookie, API key or token), only the allow-list for users without desk.
before_request = ["smallchanges.access.gate.before_request"]
# ...and the website routes that could show them an app DocType (/list, /printview, web form pages).
auth_hooks = ["smallchanges.access.gate.check", "smallchanges.access.routes.check"]
after_request = [
	"smallchanges.access.gate.after_request",  # a plain message on an error that has none
	# Every read of a referral, its triage or a Child is recorded during the request (by the
	# permission hooks below) and written here, once, after it.
	"smallchanges.access.access_log.flush",
]

# Partners work on the portal: their referrals first, and what they may do.
role_home_page = {_PARTNER: "universal-referral/list"}
portal_menu_items = [
	{"title": "Referrals", "route": "/universal-referral/list", "role": _PARTNER},
	{"title": "Core groups", "route": "/core-groups", "role": _PARTNER},
	{"title": "What partners can do", "route": "/what-partners-can-do", "role": _PARTNER},
	{"title": "Resources", "route": "/resources", "role": _PARTNER},
]

# The portal's contrast, focus, tap-target and phone-layout fixes over Frappe's website templates.
update_website_context = "smallchanges.portal.add_portal_style"

permission_query_conditions = {
	"Universal Referral": "smallchanges.access.referrals.referral_query_conditions",
	"Partner Agency": "smallchanges.access.referrals.agency_query_conditions",
	"Referral Child": "smallchanges.access.referrals.referral_rows_query_conditions",
	"Referral Household Member": "smallchanges.access.referrals.referral_rows_query_conditions",
	"Referral Service Request": "smallchanges.access.referrals.referral_rows_query_conditions",
	"Referral Document": "smallchanges.access.referrals.referral_rows_query_conditions",
	"Visit": "smallchanges.access.visits.visit_query_conditions",
	"Child Protection Plan": "smallchanges.access.core_groups.core_group_query_conditions",
	"Core Group Minutes": "smallchanges.access.core_groups.core_group_query_conditions",
	"Core Group Agency Update": "smallchanges.access.core_groups.core_group_query_conditions",
	**{
		table: "smallchanges.access.core_groups.core_group_rows_query_conditions"
		for table in _CORE_GROUP_TABLES
	},
	"Resource": "smallchanges.access.resources.resource_query_conditions",
	"Referral Triage": "smallchanges.access.referrals.triage_query_conditions",
	"Referral Child Link": "smallchanges.access.referrals.child_link_query_conditions",
	"Child": "smallchanges.access.referrals.child_query_conditions",
	# Restricted records (access/restrictions.py): ONE criterion for every DocType about a child (and
	# Frappe's records pointing at one); it adds nothing for any other DocType, or while none is restricted.
	"*": "smallchanges.access.restrictions.query_conditions",
	"Possible Duplicate": "smallchanges.access.linkage.linkage_query_conditions",
	"Child Merge": "smallchanges.access.linkage.linkage_query_conditions",
}
has_permission = {
	"Universal Referral": "smallchanges.access.referrals.referral_has_permission",
	"Partner Agency": "smallchanges.access.referrals.agency_has_permission",
	"Visit": "smallchanges.access.visits.visit_has_permission",
	"Child Protection Plan": "smallchanges.access.core_groups.plan_has_permission",
	"Core Group Minutes": "smallchanges.access.core_groups.minutes_has_permission",
	"Core Group Agency Update": "smallchanges.access.core_groups.agency_update_has_permission",
	"Resource": "smallchanges.access.resources.resource_has_permission",
	"File": "smallchanges.access.files.file_has_permission",
	"Referral Triage": "smallchanges.access.referrals.triage_has_permission",
	"Referral Child Link": "smallchanges.access.referrals.child_link_has_permission",
	"Child": "smallchanges.access.referrals.child_has_permission",
	"*": "smallchanges.access.restrictions.has_permission",  # runs first: a sealed record is not read
	"Possible Duplicate": "smallchanges.access.linkage.linkage_has_permission",
	"Child Merge": "smallchanges.access.linkage.linkage_has_permission",
	"Duplicate Finder Settings": "smallchanges.access.linkage.linkage_has_permission",
}


# The content check of each DocType's files that access/files.py keeps private ("*": a file attached
# to nothing yet, e.g. a partner's upload the referral web form attaches when it saves, or to any
# other DocType): the capability's own step, named here so that access/ never imports it.
smallchanges_file_content_checks = {
	"Universal Referral": "smallchanges.referrals.files.check_upload_content",
	"Referral Document": "smallchanges.referrals.files.check_upload_content",
	"Resource": "smallchanges.resources.files.check_upload_content",
	"*": "smallchanges.referrals.files.check_upload_content",
}

doc_events = {
	"File": {"before_insert": "smallchanges.access.files.check_upload"},
	"Child Protection Plan": {"on_update": "smallchanges.visits.plans.plan_updated"},
	# "Who has read this" shows from the server's answer (access_log.add_onload_flag).
	"Universal Referral": {"onload": "smallchanges.access.access_log.add_onload_flag"},
	"Child": {"onload": "smallchanges.access.access_log.add_onload_flag"},
	# a new restriction: possible matches already stored in triage keep none of the child's details
	"Child Restriction": {"on_update": "smallchanges.referrals.restricted_matches.seal_stored_matches"},
	# E-mails about the app's records are service messages: no unsubscribe link (service_mail.py).
	"Email Queue": {"before_insert": "smallchanges.service_mail.no_unsubscribe_link"},
}

override_whitelisted_methods = {
	"upload_file": "smallchanges.access.files.upload_file",
	"frappe.handler.upload_file": "smallchanges.access.files.upload_file",
	"frappe.website.doctype.web_form.web_form.get_form_data": "smallchanges.access.web_forms.get_form_data",
	"frappe.website.doctype.web_form.web_form.accept": "smallchanges.access.web_forms.accept",
	"frappe.www.list.get_list_data": "smallchanges.access.web_forms.get_list_data",
	# the same answer for every address (access/accounts.py)
	"frappe.core.doctype.user.user.reset_password": "smallchanges.access.accounts.reset_password",
	"frappe.model.workflow.apply_workflow": "smallchanges.access.workflow_api.apply_workflow",
	# a link's title only for a record of the app's the user may read (access/link_titles.py)
	"frappe.desk.search.get_link_title": "smallchanges.access.link_titles.get_link_title",
}

scheduler_events = {
	"daily": [
		"smallchanges.governance.tasks.expire_delegations",
		"smallchanges.referrals.tasks.notify_overdue_referrals",
		"smallchanges.referrals.tasks.check_unchecked_referrals",
		"smallchanges.visits.tasks.notify_due_and_overdue_visits",
		"smallchanges.core_groups.tasks.remind_action_owners",
		"smallchanges.resources.tasks.notify_review_due",
	],
	# the batch duplicate finder, on the long queue
	"weekly_long": ["smallchanges.linkage.tasks.find_duplicates"],
}

# "Who has read this" on the forms of a child's records (Director, System Manager); "Record a
# visit" on the child's record; the library's guidance (resources/library.py) on the forms it
# supports: any DocType's form script may call smallchanges.resources.show_for(frm) once listed here.
doctype_js = {
	"Child": ["visits/child_visits.js", "public/js/who_read.js"],
	"Universal Referral": ["resources/resources_for_doctype.js", "public/js/who_read.js"],
	"Core Group Minutes": "resources/resources_for_doctype.js",
}

global_search_doctypes = {"Default": [{"doctype": "Resource"}]}
