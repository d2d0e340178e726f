frappe.init_client_script = () => {};
