"""The app's bench commands (Frappe reads `commands` from this module):

    bench --site <site> smallchanges-import-children FILE [--user USER] [--report REFUSED.csv]

imports a CSV or Excel extract of the council's children (smallchanges.referrals.child_import): the
whole file checked first, then written in one transaction, or nothing written and every refused row
reported. It runs as USER (Administrator unless given), whose permission is checked as the desk's is.
"""

import sys

import click
from frappe.commands import get_site, pass_context


@click.command("smallchanges-import-children")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", default="Administrator", help="import as this user (their permission is checked)")
@click.option("--report", type=click.Path(dir_okay=False), help="write the refused rows to this CSV")
@pass_context
def import_children(context, file, user, report):
	"""Import (upsert by the council's child ID) the children of a CSV or .xlsx file."""
	import frappe

	from smallchanges.referrals.child_import import import_children as run
	from smallchanges.referrals.child_import import refusals_csv

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		frappe.set_user(user)
		with click.progressbar(length=100, label="Importing children", file=sys.stderr) as bar:
			shown = [0]

			def progress(done: int, total: int) -> None:
				percent = int(50 + 50 * done / total) if total else min(49, done // 10_000)
				bar.update(max(0, percent - shown[0]))
				shown[0] = max(shown[0], percent)

			result = run(file, None, progress)
			bar.update(100 - shown[0])
		if result.refused:
			text = refusals_csv(result)
			if report:
				with open(report, "w", encoding="utf-8") as out:
					out.write(text)
			else:
				click.echo(text, err=True)
			click.echo(
				f"Refused: {len({r.row for r in result.refused})} row(s) of {result.rows}; nothing was written.",
				err=True,
			)
			sys.exit(1)
		click.echo(
			f"Imported {result.rows} rows: {result.created} children created, {result.updated} updated, "
			f"{result.unchanged} unchanged."
			+ (
				f" Columns not imported: {', '.join(result.ignored_columns)}."
				if result.ignored_columns
				else ""
			)
		)
	finally:
		frappe.destroy()


commands = [import_children]
