"""Child protection plans, core group minutes and agency updates, visits and resources used to be
numbered from the counter that every `format:` name shares; each now has its own naming series,
which continues from the highest number used under its prefix (the v0_2 patch, now run for every
DocType in `SERIES`; the series it already moved are left as they are)."""

from smallchanges.patches.v0_2 import own_series_per_doctype


def execute():
	own_series_per_doctype.execute()
