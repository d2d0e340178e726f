"""The weekly run of the batch duplicate finder (hooks.py: weekly_long, so on the long queue)."""

from smallchanges.linkage import finder


def find_duplicates() -> None:
	finder.run()
