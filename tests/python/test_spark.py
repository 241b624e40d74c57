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
    assert cs.to_polars(out.data).equals(local.data)
    # Counted by hand: 10 good, and one each of bad_time, unknown_channel (fax and all: 2),
    # negative and fractional.
    assert out.checks["good"] == local.rows_kept == 10
    assert out.rows_rejected == local.rows_rejected == 5
    by_check = local.rejected.group_by("check").len()
    assert dict(by_check.iter_rows()) == {c: n for c, n in out.checks.items() if n and c != "good"}


def test_spark_part_files_merge_into_the_whole(spark, records: Path, tmp_path: Path):
    out = cs.aggregate_transactions(spark.read.parquet(str(records)), keep_going=True)
    target = tmp_path / "monthly"
    out.data.repartition(3).write.parquet(str(target))
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
    assert cs.to_polars(one.data)["count"].to_list() == [1]


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
    assert cs.to_polars(out.data).equals(local.data)
    expected = {"not_a_number": 2, "out_of_range": 1, "fractional": 1, "negative": 1}
    assert {c: n for c, n in out.checks.items() if n and c != "good"} == expected
    assert dict(local.rejected.group_by("check").len().iter_rows()) == expected


def _months(table: pl.DataFrame) -> list[str]:
    return [d.strftime("%Y-%m") for d in table.sort("period")["period"].to_list()]


def test_spark_reads_day_first_times_as_the_engine_does(spark, tmp_path: Path):
    # The Vietnamese day-first forms, with and without seconds, and an ISO time with a zone:
    # 2024-01-31T17:30:00Z is 00:30 on 1 February in Vietnam (UTC+7).
    times = ["31/01/2024 20:30", "31/01/2024 20:30:15", "31/01/2024", "2024-01-31T17:30:00Z"]
    raw = pl.DataFrame(
        {
            "timestamp": times,
            "channel": ["pos"] * 4,
            "amount": [1, 10, 100, 1000],
            "region_code": ["38"] * 4,
        }
    )
    path = tmp_path / "days.parquet"
    raw.write_parquet(path)
    local = cashless.aggregate_transactions(path)
    out = cs.aggregate_transactions(spark.read.parquet(str(path)))
    got = cs.to_polars(out.data)
    assert got.equals(local.data)
    assert _months(got) == ["2024-01", "2024-02"]
    assert got["value"].to_list() == [111, 1000]


@pytest.mark.parametrize("utc", [False, True])
def test_spark_takes_zoned_and_naive_timestamps_to_vietnam_time_once(spark, tmp_path, utc):
    # An instant (a zoned timestamp, Spark's TimestampType) is the same instant with or
    # without utc: 10:00 UTC on 31 January is 17:00 in Vietnam, January. A naive time
    # (TimestampNTZType) is Vietnam time, or UTC with utc=True: 20:00 on 31 January naive is
    # January, or 03:00 on 1 February in Vietnam when it is UTC.
    from datetime import datetime

    zoned = pl.DataFrame(
        {
            "timestamp": pl.Series([datetime(2024, 1, 31, 10)], dtype=pl.Datetime("us", "UTC")),
            "channel": ["qr"],
            "amount": [5],
            "region_code": ["38"],
        }
    )
    naive = zoned.with_columns(
        pl.Series("timestamp", [datetime(2024, 1, 31, 20)], dtype=pl.Datetime("us"))
    )
    for frame, name, kind, month in [
        (zoned, "zoned", "timestamp", "2024-01"),
        (naive, "naive", "timestamp_ntz", "2024-02" if utc else "2024-01"),
    ]:
        path = tmp_path / f"{name}.parquet"
        frame.write_parquet(path)
        records = spark.read.parquet(str(path))
        assert dict(records.dtypes)["timestamp"] == kind
        local = cashless.aggregate_transactions(path, utc=utc)
        got = cs.to_polars(cs.aggregate_transactions(records, utc=utc).data)
        assert got.equals(local.data), name
        assert _months(got) == [month], name


def test_spark_counts_every_check_as_the_engine_does(spark, tmp_path: Path):
    # One record failing each check, in the engine's order, and two good ones (payer side).
    rows = [
        ("2024-03-01", "qr", "7", "38", "payer"),  # good
        ("2024-03-02", "Mobile banking", "1.000", "38", "payer"),  # good: 1 000 đồng
        ("March", "qr", "1", "38", "payer"),  # bad_time
        ("2024-03-01", "qr", "1", "", "payer"),  # missing_region
        ("2024-03-01", "qr", None, "38", "payer"),  # missing_amount
        ("2024-03-01", "qr", "một", "38", "payer"),  # not_a_number
        ("2024-03-01", "qr", "-1", "38", "payer"),  # negative
        ("2024-03-01", "qr", "1,5", "38", "payer"),  # fractional
        ("2024-03-01", "qr", "1", "38", "merchant"),  # other_side
        ("2024-03-01", "fax", "1", "38", "payer"),  # unknown_channel
        ("2024-03-01", "qr", "1" + "0" * 20, "38", "payer"),  # out_of_range: 10^20 đồng
    ]
    raw = pl.DataFrame(
        rows, schema=["date", "channel", "amount", "region_code", "side"], orient="row"
    )
    path = tmp_path / "checks.parquet"
    raw.write_parquet(path)
    local = cashless.aggregate_transactions(path, side="payer", keep_going=True)
    out = cs.aggregate_transactions(spark.read.parquet(str(path)), side="payer", keep_going=True)
    assert out.checks == {c: (2 if c == "good" else 1) for c in cs.CHECKS}
    assert len(cs.CHECKS) == 10
    assert (out.rows_read, out.rows_rejected) == (11, 8)
    assert (local.rows_kept, local.rows_rejected, local.rows_skipped) == (2, 8, 1)
    engine = dict(local.rejected.group_by("check").len().iter_rows())
    assert engine == {c: 1 for c in cs.CHECKS if c not in ("good", "other_side")}
    got = cs.to_polars(out.data)
    assert got.equals(local.data)
    assert got.select("channel", "value").rows() == [("mobile", 1000), ("qr", 7)]
    # A column the engine needs is refused before the job runs, with the engine's words.
    with pytest.raises(cashless.InputError, match="amount"):
        cs.aggregate_transactions(spark.read.parquet(str(path)).drop("amount"), side="payer")
