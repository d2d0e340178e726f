def get_context(context):
	return context
