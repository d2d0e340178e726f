import frappe
from frappe import _

from smallchanges.access.field_guard import strip_unreadable_from_dict
from smallchanges.access.scope import agency_of
from smallchanges.resources.library import web_form_panel
from smallchanges.rules.referral import PARTNER_EDITABLE_STATES


def get_context(context):
	doc = context.get("reference_doc")
	# The page embeds the referral as JSON: never with the council's staff-only fields.
	if doc:
		strip_unreadable_from_dict("Universal Referral", doc)
		# Once sent, a referral is the team's until they return it: read, never offered for Edit.
		if doc.get("workflow_state") not in PARTNER_EDITABLE_STATES:
			read_only(context)
		elif context.get("in_view_mode"):
			# A draft (or a returned referral) opened from the list goes straight to the form.
			frappe.redirect(f"/{context.web_form_doc.route}/{doc.get('name')}/edit")
		# The heading is the reference a referrer quotes when they phone; the children under it.
		context.web_form_title = _("Referral {0}").format(doc.get("name"))
	elif context.get("is_new"):
		prefill_from_account(context)
	# Frappe gives a web form's tables only their list-view columns; a referrer needs every field
	# of a row (school, GP, risks to staff...) in the row's form, and none of the staff-only ones.
	for field in context.web_form_doc.web_form_fields:
		if field.fieldtype == "Table":
			field.fields = row_fields(field.options)
	# The referral guidance (approved library resources for this DocType), rendered on the server.
	web_form_panel(context, "Universal Referral")
	return context


def read_only(context) -> None:
	"""The form shown to read, with no Edit and no Save (the page and the form's script agree)."""
	for holder in (context, context.web_form_doc):
		holder.allow_edit = 0
		holder.in_edit_mode = False
		holder.in_view_mode = True


def prefill_from_account(context) -> None:
	"""A new referral starts with the referrer's name, e-mail and phone from their account and the
	role they gave on their last referral (all editable); the agency is their account's."""
	user = frappe.session.user
	if user == "Guest":
		return
	account = frappe.db.get_value("User", user, ["full_name", "email", "phone", "mobile_no"], as_dict=True)
	# The user's own last referral (owner is the user): the role they gave then.
	last_role = frappe.db.get_value(
		"Universal Referral",
		{"owner": user, "referrer_role": ["is", "set"]},
		"referrer_role",
		order_by="creation desc",
	)
	defaults = {
		"referrer_name": account.full_name,
		"referrer_email": account.email,
		"referrer_phone": account.mobile_no or account.phone,
		"referrer_role": last_role,
	}
	for field in context.web_form_doc.web_form_fields:
		if defaults.get(field.fieldname):
			field.default = defaults[field.fieldname]
	agency = agency_of(user)
	if agency:
		name = frappe.db.get_value("Partner Agency", agency, "agency_name") or agency
		note = _(
			"You are referring for {0}. Your name, e-mail and phone are filled in from your account: change them if they are different for this referral."
		).format(frappe.utils.escape_html(name))
		context.introduction_text = (
			f'{context.get("introduction_text") or ""}<p class="sc-referring-for">{note}</p>'
		)


def row_fields(child_doctype: str) -> list[dict]:
	return [df.as_dict() for df in _shown(child_doctype)]


def saved_row_fields(child_doctype: str) -> list[tuple[str, bool]]:
	"""(fieldname, read only) of each field a row shows: what the save's shape needs, without
	building the page's dicts (access/web_form_writes.py reads it on every save)."""
	return [(df.fieldname, bool(df.read_only)) for df in _shown(child_doctype)]


def _shown(child_doctype: str) -> list:
	writable = set(frappe.get_doc({"doctype": "Universal Referral"}).get_permlevel_access("write"))
	return [df for df in frappe.get_meta(child_doctype).fields if df.permlevel in writable and not df.hidden]
