"""Plain sentences about the Safeguarding Policy for the "who can do what" page: its numbers, its
visit rules and its change history, written from plain data.

Pure Python: no Frappe import. The Frappe side (smallchanges.governance.overview) reads the
policy, its Visit Policy rows, its closure dates and its Version history, and passes `frappe._`
as `translate`.
"""

from datetime import date, datetime

from smallchanges.rules.delegation import join_words, long_date
from smallchanges.rules.translation import Translate, _, untranslated


def _count(n: int, one: str, many: str, translate: Translate) -> str:
	return translate(one if n == 1 else many).format(n=n)


UNITS = {
	"Working days": (_("{n} working day"), _("{n} working days")),
	"Days": (_("{n} day"), _("{n} days")),
	"Weeks": (_("{n} week"), _("{n} weeks")),
	"Months": (_("{n} month"), _("{n} months")),
}

PLACES = (
	("home_counts", _("home")),
	("placement_counts", _("the placement")),
	("school_counts", _("school")),
	("nursery_counts", _("nursery")),
	("other_counts", _("other places")),
)


def policy_sentences(
	values: dict, visit_rows: list[dict], closures: list[dict], translate: Translate = untranslated
) -> list[str]:
	"""The policy's numbers as sentences. Missing values are left out, never guessed."""
	return [sentence for _part, sentence in keyed_policy_sentences(values, visit_rows, closures, translate)]


def policy_sentences_by_part(
	values: dict, visit_rows: list[dict], closures: list[dict], translate: Translate = untranslated
) -> dict[str, list[str]]:
	"""The same sentences by the part of the policy they come from (its fieldname, or
	"visit_policies" and "closure_dates" for its tables): what a row of the who-can-do-what table
	shows in its detail."""
	parts: dict[str, list[str]] = {}
	for part, sentence in keyed_policy_sentences(values, visit_rows, closures, translate):
		parts.setdefault(part, []).append(sentence)
	return parts


def keyed_policy_sentences(
	values: dict, visit_rows: list[dict], closures: list[dict], translate: Translate = untranslated
) -> list[tuple[str, str]]:
	t = translate
	wd = (_("{n} working day"), _("{n} working days"))
	weeks = (_("{n} week"), _("{n} weeks"))
	months = (_("{n} month"), _("{n} months"))
	sentences = []

	def add(field: str, template: str, unit: tuple[str, str]) -> None:
		n = values.get(field)
		if n:
			sentences.append((field, t(template).format(period=_count(int(n), *unit, t))))

	add("referral_decision_working_days", _("A referral needs a decision within {period} of receipt."), wd)
	add(
		"strategy_to_icpc_working_days",
		_("An initial child protection conference is held within {period} of the strategy discussion."),
		wd,
	)
	add(
		"first_core_group_working_days",
		_("The first core group meets within {period} of the initial child protection conference."),
		wd,
	)
	add("max_core_group_interval_weeks", _("Core groups meet at least every {period}."), weeks)
	add(
		"minutes_circulation_working_days",
		_("Core group minutes are circulated within {period} of the meeting."),
		wd,
	)
	add(
		"first_review_conference_months",
		_("The first review conference is held within {period} of the initial conference."),
		months,
	)
	add(
		"review_conference_interval_months", _("Later review conferences are at most {period} apart."), months
	)
	add("visit_write_up_working_days", _("A statutory visit is written up within {period}."), wd)

	for row in visit_rows:
		sentences.append(("visit_policies", visit_sentence(row, t)))

	if closures:
		days = []
		for c in sorted(closures, key=lambda c: c["closure_date"]):
			text = long_date(c["closure_date"], t)
			if c.get("reason"):
				text += f" ({c['reason']})"
			days.append(text)
		sentences.append(
			(
				"closure_dates",
				t(_("Local closure days, which are not working days: {days}.")).format(days="; ".join(days)),
			)
		)
	else:
		sentences.append(
			(
				"closure_dates",
				t(_("No local closure days are set; England's bank holidays are never working days.")),
			)
		)
	return sentences


def visit_sentence(row: dict, translate: Translate = untranslated) -> str:
	t = translate
	plan = t(row.get("plan_type") or "")
	places = [t(label) for field, label in PLACES if row.get(field)]
	unit = UNITS.get(row.get("interval_unit") or "", UNITS["Days"])
	interval = row.get("visit_interval")
	parts = []
	if interval:
		parts.append(
			t(_("{plan} visits are due at least every {period}")).format(
				plan=plan, period=_count(int(interval), *unit, t)
			)
		)
	else:
		parts.append(t(_("{plan} visits have no set interval")).format(plan=plan))
	if places:
		parts.append(
			t(_("a visit counts when made at {places}")).format(places=join_words(places, t, _("or")))
		)
	else:
		parts.append(t(_("no place is set where a visit counts")))
	conditions = []
	if row.get("seen_alone_required"):
		conditions.append(t(_("the child is seen alone")))
	if row.get("qualified_social_worker_required"):
		conditions.append(t(_("the visitor is a qualified social worker")))
	sentence = "; ".join(parts)
	if conditions:
		sentence += t(_(", and only if {conditions}")).format(conditions=join_words(conditions, t))
	return sentence + "."


# ---- the policy's change history -----------------------------------------------------------------


def long_datetime(moment: datetime, translate: Translate = untranslated) -> str:
	return translate(_("{day} at {time}")).format(
		day=long_date(moment.date(), translate), time=moment.strftime("%H:%M")
	)


def _shown(value) -> str:
	if value is None or value == "":
		return "—"
	return str(value)


def history_lines(
	versions: list[dict],
	labels: dict[str, str],
	tables: dict[str, dict],
	translate: Translate = untranslated,
) -> list[dict]:
	"""Readable rows from Frappe Version data of the policy.

	versions: [{"when": datetime, "who": str, "data": {"changed": [[field, old, new]], "added":
	[[table, row]], "removed": [[table, row]], "row_changed": [[table, idx, row_name, [[field, old,
	new]]]]}}]; labels: {fieldname: label}; tables: {table fieldname: {"label", "title_field",
	"labels": {child fieldname: label}, "titles": {row name: title}}}.
	"""
	t = translate
	lines = []
	for version in versions:
		data = version.get("data") or {}
		changes = []
		for field, old, new in [c[:3] for c in data.get("changed", [])]:
			if field in ("name", "docstatus", "modified"):
				continue
			changes.append(
				t(_("{field}: {old} → {new}")).format(
					field=t(labels.get(field, field)), old=_shown(old), new=_shown(new)
				)
			)
		for table_field, row in data.get("added", []):
			table = tables.get(table_field, {})
			changes.append(
				t(_("{table}: added {row}")).format(
					table=t(table.get("label", table_field)), row=_row_title(row, table, t)
				)
			)
		for table_field, row in data.get("removed", []):
			table = tables.get(table_field, {})
			changes.append(
				t(_("{table}: removed {row}")).format(
					table=t(table.get("label", table_field)), row=_row_title(row, table, t)
				)
			)
		for table_field, idx, row_name, row_changes in data.get("row_changed", []):
			table = tables.get(table_field, {})
			title = table.get("titles", {}).get(row_name) or t(_("row {n}")).format(n=int(idx) + 1)
			for field, old, new in [c[:3] for c in row_changes]:
				changes.append(
					t(_("{table}, {row}: {field}: {old} → {new}")).format(
						table=t(table.get("label", table_field)),
						row=title,
						field=t(table.get("labels", {}).get(field, field)),
						old=_shown(old),
						new=_shown(new),
					)
				)
		if changes:
			lines.append(
				{
					"when": long_datetime(version["when"], t),
					"who": version.get("who") or "?",
					"changes": changes,
				}
			)
	return lines


def _row_title(row: dict, table: dict, translate: Translate) -> str:
	value = row.get(table.get("title_field") or "")
	if isinstance(value, date):
		value = long_date(value, translate)
	if value is None or value == "":
		return translate(_("a row"))
	if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
		try:
			value = long_date(date.fromisoformat(value), translate)
		except ValueError:
			pass
	return str(value)
