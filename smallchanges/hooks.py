app_name = "smallchanges"
app_title = "Small Changes"
app_publisher = "smallchanges contributors"
app_description = "Gives children's social care teams back the time that admin takes from direct work"
app_email = "smallchanges@example.org"
app_license = "agpl-3.0"
required_apps = ["frappe"]

before_install = "smallchanges.governance.install.before_install"
after_install = "smallchanges.governance.install.after_install"
after_migrate = "smallchanges.governance.install.after_migrate"

scheduler_events = {
	"daily": [
		"smallchanges.governance.tasks.expire_delegations",
		"smallchanges.referrals.tasks.notify_overdue_referrals",
	],
}
