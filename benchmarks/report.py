"""The table every benchmark adds its figures to, and the measuring helpers they share.

A figure is a count or a ratio measured in the same run; its bound is judged (ok / FAILED) or it
is information only (`ok=None`). The run exits non-zero when a judged figure fails."""

import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import frappe

MARKS = {True: "ok", False: "FAILED", None: "-"}


@dataclass
class Figure:
	name: str
	value: str
	bound: str
	ok: bool | None  # None: not judged (informational, or the endpoint was refused)
	note: str = ""


@dataclass
class Report:
	figures: list[Figure] = field(default_factory=list)
	started: float = field(default_factory=time.monotonic)

	def add(self, *args, **kwargs):
		figure = Figure(*args, **kwargs)
		self.figures.append(figure)
		say(f"{figure.name}: {figure.value} (bound {figure.bound}) {MARKS[figure.ok]} {figure.note}")

	def table(self) -> str:
		rows = [("figure", "measured", "bound", "result")]
		for f in self.figures:
			rows.append((f.name, f.value, f.bound, MARKS[f.ok] + (f" ({f.note})" if f.note else "")))
		widths = [max(len(row[i]) for row in rows) for i in range(4)]
		lines = [
			"| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
			for row in rows
		]
		lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
		return "\n".join(lines)

	def finish(self) -> int:
		"""Print the table; the exit status: 1 when a judged figure failed, or none was judged."""
		say(f"all figures in {time.monotonic() - self.started:.0f} s")
		print()
		print(self.table())
		failed = [f for f in self.figures if f.ok is False]
		judged = [f for f in self.figures if f.ok is not None]
		return 1 if failed or not judged else 0


def say(text: str) -> None:
	print(f"bench: {text}", flush=True)


@contextmanager
def timed(what: str):
	start = time.monotonic()
	yield
	say(f"{what}: {time.monotonic() - start:.1f} s")


def p95(values: list[float]) -> float:
	return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def questions() -> int:
	"""Statements this connection has sent so far (this one included)."""
	return int(frappe.db.sql("SHOW SESSION STATUS LIKE 'Questions'")[0][1])
