r"""The transaction aggregation as an Apache Spark job, for when one machine is not enough.

Install with ``pip install 'cashless[spark]'`` (PySpark; Spark needs Java 17 or later).
:func:`aggregate_transactions` does on a Spark DataFrame what
:func:`cashless.aggregate_transactions` does on files: the same checks, the same channel
aliases, months in Vietnam time, and the canonical monthly table as its result. Run it on the
cluster and write the result as Parquet: each part file Spark writes is a partial aggregate
whose keys no other part has, so :func:`cashless.merge` puts them together and checks that
nothing is counted twice::

    python -m cashless.spark 'switch/2024/*.parquet' --out monthly/
    # on a cluster, the same file: spark-submit "$(python -c 'import cashless.spark as s;
    #   print(s.__file__)')" ...
    # then, anywhere:
    parts = [pl.read_parquet(p) for p in sorted(glob.glob("monthly/*.parquet"))]
    monthly = cashless.merge(parts)

or, in Python: ``cashless.spark.aggregate_transactions(spark.read.parquet(...))``.

Good records are counted; bad ones are counted by check in :attr:`SparkAggregated.checks`
(listing them one by one is a ``filter`` on :func:`checked` away).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import polars as pl

import cashless
from cashless import _cashless

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame as SparkFrame

__all__ = ["SparkAggregated", "aggregate_transactions", "checked", "main", "to_polars"]

#: The check names, as :func:`cashless.aggregate_transactions` reports them.
CHECKS = (
    "good",
    "bad_time",
    "missing_region",
    "missing_amount",
    "not_a_number",
    "negative",
    "fractional",
    "other_side",
    "unknown_channel",
    "out_of_range",
)
#: The largest amount read (2^53 đồng: a float holds every whole number up to it exactly), the
#: engine's own constant.
LARGEST_AMOUNT = _cashless.LARGEST_AMOUNT
VIETNAM = "Asia/Ho_Chi_Minh"


def _text_amounts(column: Any) -> Any:
    """Text amounts as the polars engine reads them, by the library's own parser (Rust, through
    the Python module) on each Arrow batch: the two engines cannot read "1.000" differently.
    A text that is no amount is NaN, so the ``not_a_number`` check takes it."""
    import pandas as pd
    from pyspark.sql import functions as F

    def parse(texts: pd.Series) -> pd.Series:
        values = _cashless.parse_amounts([t if isinstance(t, str) else None for t in texts])
        return pd.Series(values, dtype="float64")

    # Spark reads the kind of UDF from the hints; with postponed annotations they are strings
    # naming a local import, which it cannot resolve.
    parse.__annotations__ = {"texts": pd.Series, "return": pd.Series}
    return F.pandas_udf(parse, "double")(column)  # type: ignore[call-overload]


@dataclass
class SparkAggregated:
    """The canonical monthly table as a Spark DataFrame, and the record count per check."""

    table: SparkFrame
    checks: dict[str, int] = field(default_factory=dict)

    @property
    def rows_read(self) -> int:
        """Every record, good or not."""
        return sum(self.checks.values())

    @property
    def rows_rejected(self) -> int:
        """Records that failed a check (the other side of a payment is skipped, not rejected)."""
        return sum(n for c, n in self.checks.items() if c not in ("good", "other_side"))


def _time_column(frame: SparkFrame, time: str | None) -> str:
    if time is not None:
        return time
    for name in ("timestamp", "datetime", "date", "time"):
        if name in frame.columns:
            return name
    raise cashless.InputError(
        f"missing column `timestamp` or `date` (columns present: {', '.join(frame.columns)})"
    )


def checked(
    frame: SparkFrame,
    *,
    time: str | None = None,
    channel: str = "channel",
    amount: str = "amount",
    region: str = "region_code",
    bank: str = "bank",
    side: str | None = None,
    side_column: str = "side",
    utc: bool = False,
) -> SparkFrame:
    """The records with ``__check`` (a name from :data:`CHECKS`), ``region_code``,
    ``period`` (first day of the month, Vietnam time), the canonical ``channel`` and the whole
    ``value``; ``bank`` when there is one. The Spark session's time zone must be Vietnam's
    (:func:`aggregate_transactions` sets it)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    time = _time_column(frame, time)
    for name in (time, channel, amount, region):
        if name not in frame.columns:
            raise cashless.InputError(
                f"missing column `{name}` (columns present: {', '.join(frame.columns)})"
            )
    if side_column in frame.columns and side is None:
        raise cashless.ArgumentError(
            f"column `{side_column}` says which side of a payment each record is; choose one "
            'side (side="payer" or side="merchant"), or each payment is counted twice'
        )
    spark = frame.sparkSession
    # Labels are few: map them on the driver with the library's own aliases.
    labels = [r[0] for r in frame.select(F.col(channel).cast("string")).distinct().collect()]
    known = []
    for label in labels:
        try:
            parsed = cashless.parse_channel(label) if label is not None else None
        except cashless.CashlessError:
            parsed = None
        if parsed is not None and parsed != "all":
            known.append((label, parsed))
    schema = T.StructType(
        [T.StructField("__label", T.StringType()), T.StructField("__channel", T.StringType())]
    )
    aliases = F.broadcast(spark.createDataFrame(known, schema))

    kind = dict(frame.dtypes)[time]
    t = F.col(time)
    if kind == "string":
        # ISO text, and the Vietnamese day-first form.
        t = F.coalesce(
            F.try_to_timestamp(t),
            F.try_to_timestamp(t, F.lit("dd/MM/yyyy HH:mm:ss")),
            F.try_to_timestamp(t, F.lit("dd/MM/yyyy")),
        )
    elif kind == "date":
        t = t.cast("timestamp")
    if utc and kind in ("string", "timestamp_ntz", "timestamp"):
        t = F.from_utc_timestamp(t, VIETNAM)
    if isinstance(frame.schema[amount].dataType, T.StringType):
        # Text amounts are read by the library's own rule ("1.000" is 1 000 đồng), not Spark's.
        value = _text_amounts(F.col(amount))
    else:
        value = F.col(amount).cast("double")
    region_text = F.col(region).cast("string")
    rule = (
        F.when(t.isNull(), "bad_time")
        .when(region_text.isNull() | (region_text == ""), "missing_region")
        .when(F.col(amount).isNull(), "missing_amount")
        .when(value.isNull() | F.isnan(value), "not_a_number")
        .when(F.abs(value) > LARGEST_AMOUNT, "out_of_range")
        .when(value < 0, "negative")
        .when(value != F.floor(value), "fractional")
    )
    if side is not None and side_column in frame.columns:
        rule = rule.when(~F.col(side_column).cast("string").eqNullSafe(side), "other_side")
    rule = rule.when(F.col("__channel").isNull(), "unknown_channel").otherwise("good")
    columns = [
        F.col("__check"),
        region_text.alias("region_code"),
        F.trunc(t, "month").alias("period"),
        F.col("__channel").alias("channel"),
        value.cast("long").alias("value"),
    ]
    if bank in frame.columns:
        columns.append(F.col(bank).cast("string").alias("bank"))
    labelled = frame.join(aliases, F.col(channel).cast("string") == F.col("__label"), "left")
    return labelled.withColumn("__check", rule).select(*columns)


def aggregate_transactions(frame: SparkFrame, **options: Any) -> SparkAggregated:
    """Raw records in Spark → the canonical monthly table in Spark, and counts per check.

    Takes the options of :func:`checked`. Raises :class:`cashless.IngestError` when records
    were rejected, unless ``keep_going=True``.
    """
    from pyspark.sql import functions as F

    keep_going = options.pop("keep_going", False)
    frame.sparkSession.conf.set("spark.sql.session.timeZone", VIETNAM)
    records = checked(frame, **options)
    checks = {
        r["__check"]: r["n"]
        for r in records.groupBy("__check").count().withColumnRenamed("count", "n").collect()
    }
    checks = {c: int(checks.get(c, 0)) for c in CHECKS}
    result = SparkAggregated(table=records, checks=checks)
    if result.rows_rejected and not keep_going:
        found = ", ".join(
            f"{c} {n}" for c, n in checks.items() if n and c not in ("good", "other_side")
        )
        raise cashless.IngestError(
            f"{result.rows_rejected} record(s) rejected ({found}); fix them, or keep the good "
            "records (keep_going=True)"
        )
    keys = ["region_code", "period", "channel"] + (["bank"] if "bank" in records.columns else [])
    result.table = (
        records.filter(F.col("__check") == "good")
        .groupBy(*keys)
        .agg(F.count(F.lit(1)).alias("count"), F.sum("value").alias("value"))
        .select("region_code", "period", "channel", "count", "value", *keys[3:])
    )
    return result


def to_polars(table: SparkFrame) -> pl.DataFrame:
    """A (small) Spark result collected into the canonical polars table, sorted by key."""
    # A table's Arrow form is always a DataFrame (a Series only comes from a bare array).
    frame = cast(pl.DataFrame, pl.from_arrow(table.toArrow()))
    keys = [c for c in ("region_code", "period", "channel", "bank") if c in frame.columns]
    return cashless.canonical(frame).sort(keys)


def main(argv: list[str] | None = None) -> None:
    """``python -m cashless.spark INPUT... --out DIR``: Parquet records in, the monthly
    table out as Parquet part files (each a partial aggregate for :func:`cashless.merge`)."""
    from pyspark.sql import SparkSession

    parser = argparse.ArgumentParser(prog="cashless.spark", description=main.__doc__)
    parser.add_argument("inputs", nargs="+", help="Parquet files or globs of records")
    parser.add_argument("--out", required=True, help="directory for the monthly table")
    parser.add_argument("--side", help="the side to count when records carry a side column")
    parser.add_argument("--utc", action="store_true", help="naive timestamps are UTC")
    parser.add_argument("--keep-going", action="store_true", help="keep the good records")
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("cashless").getOrCreate()
    out = aggregate_transactions(
        spark.read.parquet(*args.inputs), side=args.side, utc=args.utc, keep_going=args.keep_going
    )
    out.table.write.mode("overwrite").parquet(args.out)
    print(", ".join(f"{c}: {n}" for c, n in out.checks.items() if n))


if __name__ == "__main__":  # pragma: no cover
    main()
