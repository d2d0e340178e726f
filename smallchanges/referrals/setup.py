"""Referral setup: the Universal Referral workflow."""


def ensure_referral_setup() -> None:
	"""Filled in by the Universal Referral work (issue 3)."""
