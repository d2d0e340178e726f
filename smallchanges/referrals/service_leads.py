"""The e-mail to the service leads of an accepted referral's requested services.

The Accept only decides it is due (the controller's `tell_service_leads_when_accepted` queues the
document's `send_to_service_leads` with `send_after_commit`); `send` builds it in the background
job, once the Accept has committed.
"""

import frappe
from frappe import _


def send(doc) -> None:
	"""The e-mail to the service leads of the services `doc` (a Universal Referral) asks for."""
	services = [row.service for row in doc.get("services") or [] if row.service]
	if not services:
		return
	# The service leads of the requested services; read by the server for a decision a
	# Team Manager has made, never shown to the user.
	leads = frappe.get_all(
		"LA Service",
		filters={"name": ("in", services)},
		pluck="service_lead_email",
		ignore_permissions=True,
	)
	recipients = sorted({email for email in leads if email})
	if not recipients:
		return
	frappe.sendmail(
		recipients=recipients,
		subject=_("Referral {0} accepted: your service was asked for").format(doc.name),
		template="referral_accepted_service_lead",
		args={"reference": doc.name, "decision": _(doc.decision or ""), "url": doc.desk_url},
		reference_doctype=doc.doctype,
		reference_name=doc.name,
	)
