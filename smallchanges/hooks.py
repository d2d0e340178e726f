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

# The portal's contrast, focus, tap-target and phone-layout fixes over Frappe's website templates.
update_website_context = "smallchanges.portal.add_portal_style"

permission_query_conditions = {
	"Universal Referral": "smallchanges.permissions.referral_query_conditions",
	"Partner Agency": "smallchanges.permissions.agency_query_conditions",
	"Referral Child": "smallchanges.permissions.referral_rows_query_conditions",
	"Referral Household Member": "smallchanges.permissions.referral_rows_query_conditions",
	"Referral Service Request": "smallchanges.permissions.referral_rows_query_conditions",
	"Referral Document": "smallchanges.permissions.referral_rows_query_conditions",
	"Referral Duplicate Candidate": "smallchanges.permissions.referral_rows_query_conditions",
}
has_permission = {
	"Universal Referral": "smallchanges.permissions.referral_has_permission",
	"Partner Agency": "smallchanges.permissions.agency_has_permission",
}

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
