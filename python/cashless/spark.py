r"""The transaction aggregation as an Apache Spark job, for when one machine is not enough.

Install with ``pip install 'cashless[spark]'`` (PySpark and pyarrow; Spark needs Java 17 or
later). :func:`aggregate_transactions` does on a Spark DataFrame what
:func:`cashless.aggregate_transactions` does on files, by running it: each Arrow batch of
records goes through the library's own engine (Rust, through the Python module) on the
executors, which checks the records and sums them by region, month, channel (and bank); Spark
then adds up the batches' partial sums. The checks, the channel aliases, the time formats
("31/01/2024 20:30" too), the amounts ("1.000" is one thousand đồng) and the time zones are the
engine's, so Spark and the polars engine cannot disagree. A Spark ``TimestampType`` column is
an instant: it is taken to Vietnam time once, with ``utc=True`` or without; ``utc=True`` says
that naive times (``TimestampNTZType``, text without a zone) are UTC.

Run it on the cluster and write the result as Parquet: each part file Spark writes is a partial
aggregate whose keys no other part has, so :func:`cashless.merge` puts them together and checks
that nothing is counted twice::

    python -m cashless.spark 'switch/2024/*.parquet' --out monthly/
    # on a cluster, the same file: spark-submit "$(python -c 'import cashless.spark as s;
    #   print(s.__file__)')" ...
    # then, anywhere:
    parts = [pl.read_parquet(p) for p in sorted(glob.glob("monthly/*.parquet"))]
    monthly = cashless.merge(parts)

or, in Python: ``cashless.spark.aggregate_transactions(spark.read.parquet(...))``.

Good records are counted; bad ones are counted by check in :attr:`SparkAggregated.checks`
(the polars engine on the same files lists them one by one).
"""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import polars as pl

import cashless
from cashless import _cashless
from cashless._words import say as _say

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    from pyspark.sql import DataFrame as SparkFrame

__all__ = ["CHECKS", "SparkAggregated", "aggregate_transactions", "main", "to_polars"]

#: The check names, in the order the engine tries them (``good`` first): the ``check`` codes
#: of :func:`cashless.aggregate_transactions`' ledger.
CHECKS: tuple[str, ...] = tuple(_cashless.TRANSACTION_CHECKS)

# The options of `cashless.aggregate_transactions` that say how records are read: its own
# keyword arguments, but for what the job decides (every batch keeps going, lists no example).
_READING = tuple(
    name
    for name, p in inspect.signature(cashless.aggregate_transactions).parameters.items()
    if p.kind is p.KEYWORD_ONLY and name not in ("keep_going", "examples")
)


# Records counted but not rejected: kept, or left out on purpose (the payment's other side).
_NOT_REJECTED = ("good", "other_side")


@dataclass
class SparkAggregated:
    """The canonical monthly table as a Spark DataFrame, and the record count per check."""

    data: SparkFrame
    checks: dict[str, int] = field(default_factory=dict)

    @property
    def rows_read(self) -> int:
        """Every record, good or not."""
        return sum(self.checks.values())

    @property
    def rows_rejected(self) -> int:
        """Records that failed a check (the other side of a payment is skipped, not rejected)."""
        return sum(n for c, n in self.rejected_by_check().items())

    def rejected_by_check(self) -> dict[str, int]:
        """The rejected records' count by check, checks without any left out."""
        return {c: n for c, n in self.checks.items() if n and c not in _NOT_REJECTED}


def _engine(frame: pl.DataFrame, options: dict[str, Any]) -> cashless.Aggregated:
    return cashless.aggregate_transactions(frame, keep_going=True, examples=0, **options)


def _partial_sums(
    options: dict[str, Any], has_bank: bool
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function each executor runs on its Arrow batches: the engine's monthly table of the
    batch (``check`` = ``good``) and one row per other check with its record count."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            out = _engine(cast(pl.DataFrame, pl.from_arrow(batch)), options)
            tally = out.rejected.group_by("check").len("count")
            if out.rows_skipped:
                tally = pl.concat(
                    [tally, pl.DataFrame({"check": ["other_side"], "count": [out.rows_skipped]})],
                    how="vertical_relaxed",
                )
            keys = ["region_code", "period", "channel"] + (["bank"] if has_bank else [])
            parts = pl.concat(
                [
                    out.data.select(pl.lit("good").alias("check"), *keys, "count", "value"),
                    tally.select("check", pl.col("count").cast(pl.Int64)),
                ],
                how="diagonal_relaxed",
            )
            yield from parts.to_arrow().to_batches()

    return run


def aggregate_transactions(frame: SparkFrame, **options: Any) -> SparkAggregated:
    """Raw records in Spark → the canonical monthly table in Spark, and counts per check.

    Takes the reading options of :func:`cashless.aggregate_transactions` (``time``,
    ``channel``, ``amount``, ``region``, ``bank``, ``side``, ``side_column``, ``utc``) and
    ``keep_going``. A missing column or a side column without ``side`` is refused before the
    job runs, with the engine's own error; records that fail a check raise
    :class:`cashless.IngestError` unless ``keep_going=True``.

    The batches' partial sums are kept (``persist``) while the counts are taken, so the records
    are read once; they are an aggregate, far smaller than the records.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    keep_going = options.pop("keep_going", False)
    unknown = sorted(set(options) - set(_READING))
    if unknown:
        raise cashless.ArgumentError(
            _say("tùy chọn không có: ", "unknown option(s): ") + ", ".join(unknown)
        )
    # The engine on no records checks the columns and the options, on the driver.
    empty = _engine(cast(pl.DataFrame, pl.from_arrow(frame.limit(0).toArrow())), options)
    has_bank = "bank" in empty.data.columns
    fields = [
        T.StructField("check", T.StringType()),
        T.StructField("region_code", T.StringType()),
        T.StructField("period", T.DateType()),
        T.StructField("channel", T.StringType()),
    ]
    if has_bank:
        fields.append(T.StructField("bank", T.StringType()))
    fields += [T.StructField("count", T.LongType()), T.StructField("value", T.LongType())]
    parts = frame.mapInArrow(_partial_sums(options, has_bank), T.StructType(fields)).persist()

    found = {
        r["check"]: int(r["n"])
        for r in parts.groupBy("check").agg(F.sum("count").alias("n")).collect()
    }
    result = SparkAggregated(data=parts, checks={c: found.get(c, 0) for c in CHECKS})
    if result.rows_rejected and not keep_going:
        parts.unpersist()
        named = ", ".join(f"{c} {n}" for c, n in result.rejected_by_check().items())
        raise cashless.IngestError(
            _say(
                f"{result.rows_rejected} bản ghi bị loại ({named}); sửa các bản ghi đó, hoặc "
                "giữ các bản ghi đúng (keep_going=True)",
                f"{result.rows_rejected} record(s) rejected ({named}); fix them, or keep the "
                "good records (keep_going=True)",
            )
        )
    keys = ["region_code", "period", "channel"] + (["bank"] if has_bank else [])
    result.data = (
        parts.filter(F.col("check") == "good")
        .groupBy(*keys)
        .agg(F.sum("count").alias("count"), F.sum("value").alias("value"))
        .select("region_code", "period", "channel", "count", "value", *keys[3:])
    )
    return result


def to_polars(table: SparkFrame) -> pl.DataFrame:
    """A (small) Spark result collected into the canonical polars table, sorted by key."""
    # A table's Arrow form is always a DataFrame (a Series only comes from a bare array).
    frame = cast(pl.DataFrame, pl.from_arrow(table.toArrow()))
    keys = [c for c in ("region_code", "period", "channel", "bank") if c in frame.columns]
    return cashless.canonical(frame).sort(keys)


# The job's help in the language of messages (cashless.set_language, CASHLESS_LANG, the locale).
_HELP = {
    "vi": {
        "description": "Bản ghi giao dịch (Parquet) vào, bảng tháng ra dạng các tệp Parquet "
        "(mỗi tệp là một phần tổng hợp, ghép lại bằng cashless.merge).",
        "inputs": "các tệp Parquet hoặc mẫu tên tệp (glob) của bản ghi",
        "out": "thư mục ghi bảng tháng",
        "side": "bên được tính khi bản ghi có cột bên (nợ/có)",
        "utc": "thời điểm không có múi giờ là giờ UTC",
        "keep_going": "giữ các bản ghi đúng, đếm các bản ghi sai theo loại kiểm tra",
        "usage": "cách dùng: ",
        "positionals": "đối số",
        "options": "tùy chọn",
        "help": "in hướng dẫn này",
    },
    "en": {
        "description": "Parquet records in, the monthly table out as Parquet part files "
        "(each a partial aggregate for cashless.merge).",
        "inputs": "Parquet files or globs of records",
        "out": "directory for the monthly table",
        "side": "the side to count when records carry a side column",
        "utc": "naive timestamps are UTC",
        "keep_going": "keep the good records, counting the bad ones by check",
        "usage": "usage: ",
        "positionals": "arguments",
        "options": "options",
        "help": "show this help",
    },
}


def main(argv: list[str] | None = None) -> None:
    """``python -m cashless.spark INPUT... --out DIR``: Parquet records in, the monthly
    table out as Parquet part files (each a partial aggregate for :func:`cashless.merge`)."""
    words = _HELP[cashless.language()]

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
            super().add_usage(usage, actions, groups, prefix or words["usage"])

    parser = argparse.ArgumentParser(
        prog="cashless.spark",
        description=words["description"],
        formatter_class=Formatter,
        add_help=False,
    )
    parser._positionals.title = words["positionals"]
    parser._optionals.title = words["options"]
    parser.add_argument("-h", "--help", action="help", help=words["help"])
    parser.add_argument("inputs", nargs="+", help=words["inputs"])
    parser.add_argument("--out", required=True, help=words["out"])
    parser.add_argument("--side", help=words["side"])
    parser.add_argument("--utc", action="store_true", help=words["utc"])
    parser.add_argument("--keep-going", action="store_true", help=words["keep_going"])
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("cashless").getOrCreate()
    out = aggregate_transactions(
        spark.read.parquet(*args.inputs), side=args.side, utc=args.utc, keep_going=args.keep_going
    )
    out.data.write.mode("overwrite").parquet(args.out)
    print(", ".join(f"{_cashless.check_label(c)}: {n}" for c, n in out.checks.items() if n))


if __name__ == "__main__":  # pragma: no cover
    main()
