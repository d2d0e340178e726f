from frappe.utils import get_url


def get_context(context: dict) -> dict:
	# Links in the email go to the referrer's portal view of the referral, never to its content.
	return {"portal_url": get_url(f"/universal-referral/{context['doc'].name}")}
