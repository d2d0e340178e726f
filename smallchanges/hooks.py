app_name = "smallchanges"
app_title = "Small Changes"
app_publisher = "smallchanges contributors"
app_description = "Gives children's social care teams back the time that admin takes from direct work"
app_email = "smallchanges@example.org"
app_license = "agpl-3.0"
required_apps = ["frappe"]

before_install = "smallchanges.install.before_install"
after_install = "smallchanges.install.after_install"
after_migrate = "smallchanges.install.after_migrate"

# Partners work on the portal: their referrals first, and what they may do.
role_home_page = {"Partner Practitioner": "universal-referral/list"}
portal_menu_items = [
	{"title": "Referrals", "route": "/universal-referral/list", "role": "Partner Practitioner"},
	{"title": "What partners can do", "route": "/what-partners-can-do", "role": "Partner Practitioner"},
]

permission_query_conditions = {
	"Universal Referral": "smallchanges.permissions.referral_query_conditions",
	"Partner Agency": "smallchanges.permissions.agency_query_conditions",
	"Referral Child": "smallchanges.permissions.referral_rows_query_conditions",
	"Referral Household Member": "smallchanges.permissions.referral_rows_query_conditions",
	"Referral Service Request": "smallchanges.permissions.referral_rows_query_conditions",
	"Referral Document": "smallchanges.permissions.referral_rows_query_conditions",
	"Referral Triage": "smallchanges.permissions.triage_query_conditions",
	"Child": "smallchanges.permissions.child_query_conditions",
}
has_permission = {
	"Universal Referral": "smallchanges.permissions.referral_has_permission",
	"Partner Agency": "smallchanges.permissions.agency_has_permission",
	"Referral Triage": "smallchanges.permissions.triage_has_permission",
	"Child": "smallchanges.permissions.child_has_permission",
}

# Every read of a referral, its triage or a Child is recorded during the request (permission hooks
# above) and written here, once, after it.
after_request = ["smallchanges.access_log.flush"]
# "Who has read this" on the forms of a child's records (Director, System Manager).
doctype_js = {"Universal Referral": "public/js/who_read.js", "Child": "public/js/who_read.js"}

doc_events = {
	"File": {"before_insert": "smallchanges.referrals.files.check_upload"},
}

override_whitelisted_methods = {
	"upload_file": "smallchanges.referrals.files.upload_file",
	"frappe.handler.upload_file": "smallchanges.referrals.files.upload_file",
	"frappe.website.doctype.web_form.web_form.get_form_data": "smallchanges.referrals.web_form_api.get_form_data",
}

scheduler_events = {
	"daily": [
		"smallchanges.governance.tasks.expire_delegations",
		"smallchanges.referrals.tasks.notify_overdue_referrals",
	],
}
