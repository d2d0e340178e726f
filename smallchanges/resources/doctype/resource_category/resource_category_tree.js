frappe.treeview_settings["Resource Category"] = {
	breadcrumb: "Resources",
	title: __("Resource Categories"),
	root_label: __("All Categories"),
};
