"""Governance setup: the Delegation workflow and the Safeguarding Policy defaults."""


def ensure_governance_setup() -> None:
	"""Filled in by the Governance work (issue 4)."""
