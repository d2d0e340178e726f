"""What a rule says is wrong with what it was given.

Pure Python (no Frappe). A rule that judges a whole form returns `Problem`s, each about one field;
the Frappe side (`smallchanges.problems`) translates each message, formats it with its args and
shows it on the field it is about. A rule that refuses one value outright raises a `RuleError`,
whose `message(translate)` the Frappe side shows.
"""

from dataclasses import dataclass

from smallchanges.rules.translation import Translate, untranslated


@dataclass(frozen=True)
class Problem:
	field: str | None  # the field it is about; None when it is about no one field (a file, a zip entry)
	message: str  # an English template marked with `_`, formatted with `args` once translated
	args: tuple = ()
	row: int | None = None  # 1-based row of a child table, when the problem is in one
	# Something not yet given (rather than given wrongly): a draft kept for later may lack it.
	missing: bool = False


class RuleError(ValueError):
	"""A rule was broken: an English template marked with `_` and its named params.

	`message(translate)` gives the sentence, translated; the params named in `translated_params`
	(labels, role names) are translated too. A subclass may give a default `template`."""

	template = ""
	translated_params: tuple[str, ...] = ()

	def __init__(self, template: str | None = None, **params):
		self.template = template or self.template
		self.params = params
		super().__init__(self.message())

	def message(self, translate: Translate = untranslated) -> str:
		params = {key: self.shown(key, value, translate) for key, value in self.params.items()}
		return translate(self.template).format(**params)

	def shown(self, key: str, value, translate: Translate):
		"""A param as it goes into the sentence."""
		return translate(value) if key in self.translated_params else value
