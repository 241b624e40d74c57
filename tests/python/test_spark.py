"""The Spark job in Spark local mode: the same table and counts as the polars engine, and its
part files merged without double counting."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

import cashless

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:  # pragma: no cover
    pytest.skip("Spark needs Java", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

from cashless import spark as cs  # noqa: E402

RECORDS = pl.DataFrame(
    {
        "timestamp": [
            "2024-01-02 08:00:00", "2024-01-15 12:30:00", "2024-01-31 23:59:59",
            "2024-01-31 20:00:00", "2024-02-01 00:00:00", "2024-02-10 10:10:10",
            "2024-01-05 09:00:00", "2024-01-06 09:00:00", "2024-02-07 09:00:00",
            "2024-02-08 09:00:00", "March", "2024-02-09 09:00:00", "2024-02-09 09:00:00",
            "2024-02-09 09:00:00", "2024-02-09 09:00:00",
        ],
        "channel": [
            "Mobile banking", "mobile", "QR code", "Điện thoại di động", "mobile", "qr", "POS",
            "pos", "POS/mPOS", "Mobile Banking", "qr", "fax", "qr", "qr", "all",
        ],
        "amount": ["100", "200", "50", "400", "1000", "70", "5", "6", "7", "8", "1", "1", "-1",
                   "2.5", "1"],
        "region_code": ["380"] * 6 + ["381"] * 9,
        "bank": ["A", "A", "A", "B"] + ["A"] * 11,
    }
)  # fmt: skip


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[1]")
        .appName("cashless-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "3")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "records.parquet"
    RECORDS.write_parquet(path)
    return path


@pytest.mark.parametrize("utc", [False, True])
def test_spark_gives_the_polars_engines_table_and_counts(spark, records: Path, utc: bool):
    local = cashless.aggregate_transactions(records, keep_going=True, utc=utc)
    out = cs.aggregate_transactions(spark.read.parquet(str(records)), keep_going=True, utc=utc)
    assert cs.to_polars(out.table).equals(local.data)
    # Counted by hand: 10 good, and one each of bad_time, unknown_channel (fax and all: 2),
    # negative and fractional.
    assert out.checks["good"] == local.rows_kept == 10
    assert out.rows_rejected == local.rows_rejected == 5
    by_check = local.rejected.group_by("check").len()
    assert dict(by_check.iter_rows()) == {c: n for c, n in out.checks.items() if n and c != "good"}


def test_spark_part_files_merge_into_the_whole(spark, records: Path, tmp_path: Path):
    out = cs.aggregate_transactions(spark.read.parquet(str(records)), keep_going=True)
    target = tmp_path / "monthly"
    out.table.repartition(3).write.parquet(str(target))
    parts = [pl.read_parquet(p) for p in sorted(target.glob("*.parquet"))]
    assert len(parts) >= 2
    # Spark's group-by puts each key in one part: no declaration needed, nothing double counted.
    merged = cashless.merge(parts)
    assert merged.equals(cashless.aggregate_transactions(records, keep_going=True).data)
    # The same parts twice would be: merge refuses.
    with pytest.raises(cashless.InputError, match="double count"):
        cashless.merge(parts + parts)
    # And the merged table feeds the rest of the library unchanged.
    years = cashless.annual(merged)
    assert years.filter(pl.col("region_code") == "380", pl.col("channel") == "mobile")[
        "value"
    ].to_list() == [100 + 200 + 400 + 1000]


def test_spark_stops_on_bad_records_and_asks_for_a_side(spark, records: Path):
    with pytest.raises(cashless.IngestError, match="5 record"):
        cs.aggregate_transactions(spark.read.parquet(str(records)))
    sided = spark.createDataFrame(
        [("2024-01-01", "qr", 1, "38", "payer"), ("2024-01-01", "qr", 1, "38", "merchant")],
        ["date", "channel", "amount", "region_code", "side"],
    )
    with pytest.raises(cashless.ArgumentError, match="counted twice"):
        cs.aggregate_transactions(sided)
    one = cs.aggregate_transactions(sided, side="payer")
    assert one.checks["other_side"] == 1
    assert cs.to_polars(one.table)["count"].to_list() == [1]


def test_spark_reads_text_amounts_by_the_librarys_rule(spark, tmp_path: Path):
    # "1.000" is one thousand đồng (Vietnamese grouping), "1.000,5" is not whole, "inf" and
    # "NaN" are not numbers, 1e20 đồng is out of range: the polars engine and Spark agree.
    amounts = ["1.000", "250000", "1.000,5", "inf", "NaN", "100000000000000000000", "-3"]
    raw = pl.DataFrame(
        {
            "timestamp": ["2024-01-15 10:00:00"] * len(amounts),
            "channel": ["pos"] * len(amounts),
            "amount": amounts,
            "region_code": ["38"] * len(amounts),
        }
    )
    path = tmp_path / "amounts.parquet"
    raw.write_parquet(path)
    local = cashless.aggregate_transactions(path, keep_going=True)
    out = cs.aggregate_transactions(spark.read.parquet(str(path)), keep_going=True)
    assert local.data["value"].to_list() == [251_000]
    assert cs.to_polars(out.table).equals(local.data)
    expected = {"not_a_number": 2, "out_of_range": 1, "fractional": 1, "negative": 1}
    assert {c: n for c, n in out.checks.items() if n and c != "good"} == expected
    assert dict(local.rejected.group_by("check").len().iter_rows()) == expected
