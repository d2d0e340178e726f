from smallchanges.referrals.field_guard import strip_unreadable_from_dict


def get_context(context):
	# The page embeds the referral as JSON: never with the council's staff-only fields.
	if context.get("reference_doc"):
		strip_unreadable_from_dict("Universal Referral", context.reference_doc)
	return context
