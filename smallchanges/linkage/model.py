"""The Splink model of the batch duplicate finder: comparisons, blocking rules, training, scoring.

Frappe-free (the finder feeds it rows and stores what it returns), so the same functions run on
DuckDB (embedded, the default) and on Spark (local mode, or a cluster's session).

- Comparisons (`comparisons`): first name (the same; names swapped; sounds alike, by the intake
  check's phonetic key; a nickname or another name the child is known by, through every form of
  the given names; one or two letters out), surname (the same; one a part of the other, as a
  double-barrelled surname; sounds alike; one or two letters out), date of birth or expected date
  (the same; day and month swapped; one character out; within 3 days; a birth within 60 days of
  the other record's expected date; within 60 days), postcode (the same; the same district), NHS
  number, UPN. The exact levels of names and postcode carry term-frequency
  adjustments: "Muhammad Begum" agreeing says less than "Zebedee Okonkwo-Hart" agreeing.
- Blocking rules (`BLOCKING_RULES`): the pairs worth scoring share both name keys; or the date of
  birth with one name key or the postcode; or the postcode and the surname key (a baby born at the
  address of its unborn record); or the surname key and the month of birth; or an NHS
  number or UPN; or their name keys crossed (names swapped).
- Training (`train`): unsupervised: the prior from deterministic rules, u by random sampling, m
  from the pairs that share an NHS number (Splink's estimate from a label column) where there are
  `MIN_LABELLED_PAIRS` of them, else by expectation maximisation over two blocking passes (which,
  with so few true pairs among millions, settled on m 0.9999 for "day and month swapped"). An
  identifier that no two sampled records share weighs by the whole index (`identifier_u`). The
  model is a Splink settings dict (JSON).
"""

import math

from smallchanges.rules.linkage import COMPARISON_LABELS, identifier_u, pairs_sharing, tempered

ENGINE_DUCKDB = "DuckDB"
ENGINE_SPARK = "Spark"
ENGINES = (ENGINE_DUCKDB, ENGINE_SPARK)

# Random pairs sampled to estimate u (Splink suggests 1e7 or more at volume; fewer for a small index).
U_SAMPLE_PAIRS = 2_000_000
SEED = 20261201
PRIOR_RECALL = 0.8
# m (how the same child's two records differ) is learnt from the pairs that share an NHS number,
# when the index has enough of them; else by EM.
LABEL_COLUMN = "nhs_number"
MIN_LABELLED_PAIRS = 50
# Identifiers: two different children seldom share one, however big the index (`identifier_u`).
IDENTIFIERS = ("nhs_number", "upn")
# How often the same child's two records hold two different values of an identifier. An NHS number
# carries a modulus 11 check digit, which the Child checks (rules/child_record.py): a typing slip
# seldom leaves a valid number, so two valid ones of one child are a number replaced (an adoption, a
# temporary number) or another child's copied: 1 in 100. A UPN is checked by no one here, and a
# school that does not receive a child's UPN gives a new one: 1 in 20.
IDENTIFIER_SLIPS = {"nhs_number": 0.01, "upn": 0.05}

BLOCKING_RULES = (
	("first_name_key", "last_name_key"),
	("birth_date", "last_name_key"),
	("birth_date", "first_name_key"),
	("birth_date", "postcode"),
	("postcode", "last_name_key"),
	("birth_month", "last_name_key"),
	("nhs_number",),
	("upn",),
	"l.first_name_key = r.last_name_key and l.last_name_key = r.first_name_key",
)


def _blocking(rule):
	from splink import block_on

	return rule if isinstance(rule, str) else block_on(*rule)


def comparisons():
	import splink.comparison_level_library as cll
	import splink.comparison_library as cl

	def label(level, text):
		return level.configure(label_for_charts=text)

	def name(column, key, extra=()):
		return cl.CustomComparison(
			output_column_name=column,
			comparison_description=COMPARISON_LABELS[column],
			comparison_levels=[
				cll.NullLevel(column),
				label(cll.ExactMatchLevel(column, term_frequency_adjustments=True), "the same"),
				*extra,
				# a key of one letter (Leo, Layla: L) says little: it counts only with two or more
				cll.CustomLevel(f"{key}_l = {key}_r and length({key}_l) > 1", "sounds alike"),
				label(cll.LevenshteinLevel(column, 1), "one letter out"),
				label(cll.LevenshteinLevel(column, 2), "two letters out"),
				label(cll.ElseLevel(), "different"),
			],
		)

	def exact(column):
		# An identifier: the same child has the same one but for a slip (IDENTIFIER_SLIPS; the m
		# probabilities fixed, not estimated: the pairs that share one are the labels, and would teach
		# that a slip never happens); u, how often two different children share one, from the data.
		slip = IDENTIFIER_SLIPS[column]
		return cl.CustomComparison(
			output_column_name=column,
			comparison_description=COMPARISON_LABELS[column],
			comparison_levels=[
				cll.NullLevel(column),
				cll.ExactMatchLevel(column).configure(
					label_for_charts="the same", m_probability=1 - slip, fix_m_probability=True
				),
				cll.ElseLevel().configure(
					label_for_charts="different", m_probability=slip, fix_m_probability=True
				),
			],
		)

	swapped = (
		"substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4)"
		" and substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2)"
		" and substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
	)
	return [
		name(
			"first_name",
			"first_name_key",
			[
				# first name and surname swapped: counted once, here (the surname then differs)
				label(
					cll.ColumnsReversedLevel("first_name", "last_name", symmetrical=True),
					"swapped with the surname",
				),
				label(cll.ArrayIntersectLevel("given_forms", 1), "a nickname or another name known by"),
			],
		),
		name(
			"last_name",
			"last_name_key",
			[
				# one record's surname is a part of the other's: double-barrelled, or one family's name
				# of two (Smith and Smith-Jones, Begum and Khatun Begum)
				label(cll.ArrayIntersectLevel("surname_parts", 1), "one is part of the other"),
			],
		),
		cl.CustomComparison(
			output_column_name="birth_date",
			comparison_description=COMPARISON_LABELS["birth_date"],
			comparison_levels=[
				cll.NullLevel("birth_date"),
				label(cll.ExactMatchLevel("birth_date"), "the same"),
				cll.CustomLevel(
					"coalesce(unborn_l, unborn_r) is not null and abs(date_diff('day', "
					"cast(birth_date_l as date), cast(birth_date_r as date))) <= 60",
					"born near the expected date",
					base_dialect_str="duckdb",
				).configure(m_probability=0.5),
				cll.CustomLevel(swapped, "day and month swapped", base_dialect_str="duckdb"),
				label(cll.LevenshteinLevel("birth_date", 1), "one digit out"),
				label(
					cll.AbsoluteDateDifferenceLevel(
						"birth_date", input_is_string=True, threshold=3, metric="day"
					),
					"within 3 days",
				),
				label(
					cll.AbsoluteDateDifferenceLevel(
						"birth_date", input_is_string=True, threshold=60, metric="day"
					),
					"within 60 days",
				),
				label(cll.ElseLevel(), "different"),
			],
		),
		cl.CustomComparison(
			output_column_name="postcode",
			comparison_description=COMPARISON_LABELS["postcode"],
			comparison_levels=[
				cll.NullLevel("postcode"),
				label(cll.ExactMatchLevel("postcode", term_frequency_adjustments=True), "the same"),
				label(cll.ExactMatchLevel("postcode_area"), "the same district"),
				label(cll.ElseLevel(), "different"),
			],
		),
		*(exact(column) for column in IDENTIFIERS),
	]


def settings(prior: float | None = None):
	from splink import SettingsCreator

	known = {"probability_two_random_records_match": prior} if prior is not None else {}
	return SettingsCreator(
		**known,
		link_type="dedupe_only",
		unique_id_column_name="unique_id",
		comparisons=comparisons(),
		blocking_rules_to_generate_predictions=[_blocking(rule) for rule in BLOCKING_RULES],
		retain_intermediate_calculation_columns=True,
		retain_matching_columns=False,
	)


def db_api(engine: str, spark=None):
	"""Splink's database for the engine: DuckDB in process, or Spark (a session given, else local)."""
	if engine == ENGINE_SPARK:
		from splink import SparkAPI

		return SparkAPI(spark_session=spark or local_spark())
	from splink import DuckDBAPI

	return DuckDBAPI()


def local_spark():
	"""A Spark session in local mode on this machine's cores (pyspark and a Java runtime)."""
	import tempfile

	from pyspark.sql import SparkSession

	session = (
		SparkSession.builder.master("local[*]")
		.appName("smallchanges-duplicates")
		.config("spark.sql.shuffle.partitions", "8")
		.config("spark.default.parallelism", "8")
		.config("spark.ui.enabled", "false")
		.config("spark.driver.memory", "2g")
		.getOrCreate()
	)
	# Splink breaks Spark's lineage between its steps with checkpoints, written here.
	session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="smallchanges-spark-"))
	return session


def _frame(rows: list[dict], engine: str, spark=None, columns: list[str] | None = None):
	import pandas as pd

	columns = columns or FEATURE_COLUMNS
	frame = pd.DataFrame(rows, columns=columns)
	if engine == ENGINE_SPARK:
		from pyspark.sql.types import ArrayType, StringType, StructField, StructType

		schema = StructType(
			[StructField(c, ArrayType(StringType()) if c in ARRAY_COLUMNS else StringType()) for c in columns]
		)
		session = spark or local_spark()
		return session.createDataFrame(frame.astype(object).where(frame.notna(), None), schema=schema)
	return frame


ARRAY_COLUMNS = ("given_forms", "surname_parts")
FEATURE_COLUMNS = [
	"unique_id",
	"first_name",
	"last_name",
	"first_name_key",
	"last_name_key",
	"given_forms",
	"surname_parts",
	"birth_date",
	"birth_month",
	"unborn",
	"postcode",
	"postcode_area",
	"nhs_number",
	"upn",
]


def in_dialect(model: dict, dialect: str) -> dict:
	"""The trained model written in another engine's SQL: the comparisons made afresh for it, with
	the trained prior and every level's m and u (same comparisons, same order)."""
	fresh = settings().create_settings_dict(dialect)
	fresh["probability_two_random_records_match"] = model["probability_two_random_records_match"]
	for new, old in zip(fresh["comparisons"], model["comparisons"], strict=True):
		for new_level, old_level in zip(new["comparison_levels"], old["comparison_levels"], strict=True):
			for key in ("m_probability", "u_probability", "tf_adjustment_weight"):
				if key in old_level:
					new_level[key] = old_level[key]
	return fresh


def linker(
	rows: list[dict], model: dict | None, engine: str = ENGINE_DUCKDB, spark=None, label_column: str = ""
):
	from splink import Linker

	api = db_api(engine, spark)
	if model and engine == ENGINE_SPARK:
		model = in_dialect(model, "spark")
	columns = FEATURE_COLUMNS + ([label_column] if label_column not in ("", *FEATURE_COLUMNS) else [])
	return Linker(_frame(rows, engine, spark, columns), model if model else settings(), db_api=api)


def train(rows: list[dict], label_column: str = LABEL_COLUMN, prior: float | None = None) -> dict:
	"""Estimate the model from the data on DuckDB: the trained settings as a dict.

	`label_column`: the column whose shared value says two records are one child, m is learnt from
	those pairs (the NHS number: no one labels the index by hand). `prior`: the probability that two
	records picked at random are one child, where it is known; else it is estimated from
	deterministic rules. The benchmark passes its planted truth as both, for the most these
	comparisons can tell apart (benchmarks/duplicate_finding.py, `ceiling`)."""
	from splink import block_on

	untrained = settings(prior).create_settings_dict("duckdb") if prior is not None else None
	trained = linker(rows, untrained, ENGINE_DUCKDB, label_column=label_column)
	if prior is None:
		trained.training.estimate_probability_two_random_records_match(
			[block_on("first_name", "last_name", "birth_date"), block_on("nhs_number"), block_on("upn")],
			recall=PRIOR_RECALL,
		)
	sampled = min(U_SAMPLE_PAIRS, max(10_000, len(rows) * 20))
	trained.training.estimate_u_using_random_sampling(max_pairs=sampled, seed=SEED)
	if labelled_pairs(rows, label_column) >= MIN_LABELLED_PAIRS:
		trained.training.estimate_m_from_label_column(label_column)
	else:
		for rule in (block_on("first_name_key", "last_name_key"), block_on("birth_date")):
			trained.training.estimate_parameters_using_expectation_maximisation(
				rule, fix_probability_two_random_records_match=True
			)
	identifiers = {
		column: identifier_u(pairs_sharing(row.get(column) for row in rows), len(rows))
		for column in IDENTIFIERS
	}
	return tempered(trained.misc.save_model_to_json(), unseen_u=1 / sampled, identifiers=identifiers)


def _shape(model: dict) -> list[tuple]:
	return [
		(
			comparison.get("output_column_name"),
			tuple(
				(level.get("label_for_charts"), level.get("sql_condition"))
				for level in comparison["comparison_levels"]
			),
		)
		for comparison in model.get("comparisons", [])
	]


def is_current(model: dict) -> bool:
	"""Whether a stored model compares what this release compares (the same comparisons, their levels
	the same and in the same order). One trained by an earlier release is trained afresh."""
	return _shape(model) == _shape(settings().create_settings_dict("duckdb"))


def labelled_pairs(rows: list[dict], label_column: str = LABEL_COLUMN) -> int:
	"""Pairs of records that share a value of the label column (an NHS number)."""
	return pairs_sharing(row.get(label_column) for row in rows)


def score(rows: list[dict], model: dict, threshold: float, engine: str = ENGINE_DUCKDB, spark=None):
	"""Every pair the blocking rules give with a match probability of `threshold` or more:
	dicts of (left, right, probability, weights: {comparison: {level, weight}})."""
	scoring = linker(rows, model, engine, spark)
	predictions = scoring.inference.predict(threshold_match_probability=threshold)
	frame = predictions.as_pandas_dataframe()
	levels = _level_weights(model)
	pairs = []
	for record in frame.to_dict("records"):
		weights = {}
		for column, known in levels.items():
			bf = record.get(f"bf_{column}")
			if bf is None or float(bf) == 1.0:
				continue  # a value missing on one side: nothing to compare
			weight = math.log2(float(bf))
			# Splink keeps the Bayes factor, not the level: the level is the one of that weight
			level = min(known, key=lambda lw: abs(lw[1] - weight))[0] if known else ""
			tf = float(record.get(f"bf_tf_adj_{column}") or 1)
			weights[column] = {"level": level, "weight": round(weight + math.log2(tf), 2)}
		pairs.append(
			{
				"left": str(record["unique_id_l"]),
				"right": str(record["unique_id_r"]),
				"probability": float(record["match_probability"]),
				"weights": weights,
			}
		)
	return pairs


def _level_weights(model: dict) -> dict[str, list[tuple[str, float]]]:
	"""Each comparison's levels: (label, match weight), the null level left out."""
	out = {}
	for comparison in model["comparisons"]:
		known = []
		for level in comparison["comparison_levels"]:
			m, u = level.get("m_probability"), level.get("u_probability")
			if level.get("is_null_level") or not m or not u:
				continue
			known.append((level.get("label_for_charts", ""), math.log2(m / u)))
		out[comparison["output_column_name"]] = known
	return out
