"""Access: everything that decides who may reach what.

The gate (the one allow-list of calls for users without desk access), the one `Scope` with the
role ladder, each capability's criteria (the list condition and the check of one stored row,
together), the site-wide File hooks, the field and workflow guards, the web form endpoints' access
checks, and the access log.

What it may import: Frappe, `smallchanges.roles`, `smallchanges.rules` and its own modules. It
never imports a capability (referrals, core_groups, visits, resources, governance): capabilities
import `access`, and a capability's own step that access needs (a file's content check) is named
in hooks.py and looked up from there.
"""
