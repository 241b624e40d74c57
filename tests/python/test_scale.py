"""aggregate_transactions and merge from Python: checked against the same aggregation written
by hand in polars (hypothesis draws the records), zoned timestamps, files and globs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cashless

LABELS = {"qr": "qr", "QR code": "qr", "Mobile banking": "mobile", "POS": "pos", "atm": "atm"}


def by_hand(records: pl.DataFrame) -> pl.DataFrame:
    """The reference: a plain polars group-by on records known to be good."""
    return (
        records.with_columns(
            pl.col("channel").replace_strict(LABELS),
            pl.col("date").dt.truncate("1mo").alias("period"),
        )
        .group_by("region_code", "period", "channel", "bank")
        .agg(pl.len().cast(pl.Int64).alias("count"), pl.col("amount").sum().alias("value"))
        .select("region_code", "period", "channel", "count", "value", "bank")
        .sort("region_code", "period", "channel", "bank")
    )


record = st.fixed_dictionaries(
    {
        "date": st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
        "channel": st.sampled_from(sorted(LABELS)),
        "amount": st.integers(0, 10**12),
        "region_code": st.sampled_from(["380", "381", "38"]),
        "bank": st.sampled_from(["VCB", "BIDV"]),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(record, min_size=1, max_size=60), st.integers(1, 59))
def test_matches_a_hand_written_group_by_and_merges_back_from_shards(rows, cut):
    records = pl.DataFrame(rows, schema={"date": pl.Date, "channel": pl.String,
                                         "amount": pl.Int64, "region_code": pl.String,
                                         "bank": pl.String})  # fmt: skip
    out = cashless.aggregate_transactions(records)
    assert out.data.equals(by_hand(records))
    assert (out.rows_read, out.rows_kept, out.records) == (len(rows), len(rows), out.data.height)
    # Shards of the records, aggregated apart, sum back to the whole when declared disjoint.
    cut = min(cut, len(rows))
    shards = [records[:cut], records[cut:]] if cut < len(rows) else [records]
    parts = [cashless.aggregate_transactions(s).data for s in shards]
    assert cashless.merge(parts, disjoint=True).equals(out.data)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh", "Europe/Paris"])
def test_zoned_timestamps_are_counted_in_vietnam_time(zone):
    # 2024-01-31 17:30 UTC is 00:30 on 1 February in Hà Nội, whatever zone it is written in.
    instant = dt.datetime(2024, 1, 31, 17, 30, tzinfo=dt.timezone.utc)
    early = dt.datetime(2024, 1, 31, 16, 30, tzinfo=dt.timezone.utc)  # 23:30 on the 31st
    records = pl.DataFrame(
        {
            "timestamp": [instant, early],
            "channel": ["qr", "qr"],
            "amount": [5, 7],
            "region_code": ["38", "38"],
        }
    ).with_columns(pl.col("timestamp").dt.convert_time_zone(zone))
    out = cashless.aggregate_transactions(records)
    assert out.data.select("period", "value").rows() == [
        (dt.date(2024, 1, 1), 7),
        (dt.date(2024, 2, 1), 5),
    ]
    # A rejected record among zoned times is listed, its time shown as the UTC instant (polars
    # cannot write a zoned time as text: the whole call used to fail).
    bad = records.with_columns(pl.Series("amount", [5, -7]))
    out = cashless.aggregate_transactions(bad, keep_going=True)
    assert out.rejected.select("check", "value").rows() == [("negative", "-7")]
    assert out.rejected["record"].item().startswith("timestamp=2024-01-31 16:30:00")
    assert " UTC, region_code=38" in out.rejected["record"].item()


@pytest.mark.parametrize("zone", [None, "UTC", "Asia/Ho_Chi_Minh"])
@pytest.mark.parametrize("unit", ["ms", "us", "ns"])
def test_parquet_files_read_from_their_codes_sum_as_the_table_does(tmp_path: Path, zone, unit):
    # Files as Python polars writes them (dictionary pages for the strings, several row groups
    # and files): the file path, which reads them from their codes, sums as the table path.
    n = 3_000
    start = dt.datetime(2024, 1, 31, 12, 0)
    records = pl.DataFrame(
        {
            "timestamp": pl.datetime_range(
                start, start + dt.timedelta(minutes=17 * (n - 1)), "17m", eager=True,
                time_unit=unit,
            ),
            "channel": [sorted(LABELS)[i % 5] for i in range(n)],
            "amount": [i * 1_000 for i in range(n)],
            "region_code": [["380", "381", "38"][i % 3] for i in range(n)],
            "bank": [["VCB", "BIDV"][i // 7 % 2] for i in range(n)],
        }
    )  # fmt: skip
    if zone is not None:
        records = records.with_columns(pl.col("timestamp").dt.replace_time_zone(zone))
    for i in range(3):
        records[i * 1_000 : (i + 1) * 1_000].write_parquet(
            tmp_path / f"part-{i}.parquet", row_group_size=256
        )
    from_files = cashless.aggregate_transactions(str(tmp_path / "part-*.parquet"))
    from_table = cashless.aggregate_transactions(records)
    assert from_files.data.equals(from_table.data)
    assert (from_files.rows_read, from_files.rows_kept) == (n, n)
    # A negative amount in the last file: the records go through the checks, which name it.
    bad = records[2_000:].with_columns(
        pl.when(pl.int_range(pl.len()) == 5).then(-1).otherwise(pl.col("amount")).alias("amount")
    )
    bad.write_parquet(tmp_path / "part-2.parquet", row_group_size=256)
    out = cashless.aggregate_transactions(str(tmp_path / "part-*.parquet"), keep_going=True)
    assert (out.rows_rejected, out.rejected["row"].to_list()) == (1, [5])
    assert out.rejected["check"].to_list() == ["negative"]
    assert out.rejected["source"].to_list() == [str(tmp_path / "part-2.parquet")]


def test_files_globs_and_errors(tmp_path: Path):
    records = pl.DataFrame(
        {
            "date": ["2024-01-05", "2024-01-06", "2024-02-01", "bad"],
            "channel": ["qr"] * 4,
            "amount": [1, 2, 3, 4],
            "region_code": ["38"] * 4,
        }
    )
    records[:2].write_parquet(tmp_path / "a.parquet")
    records[2:].write_parquet(tmp_path / "b.parquet")
    records.write_csv(tmp_path / "all.csv")
    with pytest.raises(cashless.IngestError) as err:
        cashless.aggregate_transactions(tmp_path / "*.parquet")
    assert err.value.row == 1 and err.value.column == "date"
    assert err.value.source.endswith("b.parquet")
    for source in (str(tmp_path / "*.parquet"), [tmp_path / "a.parquet", tmp_path / "b.parquet"],
                   tmp_path / "all.csv"):  # fmt: skip
        out = cashless.aggregate_transactions(source, keep_going=True)
        assert out.data["value"].to_list() == [1 + 2, 3]
        assert out.rejected["check"].to_list() == ["bad_time"]
    csv = cashless.aggregate_transactions(tmp_path / "all.csv", keep_going=True)
    assert csv.rejected["row"].to_list() == [5]  # header on line 1, the 4th record on line 5
    with pytest.raises(cashless.ArgumentError, match="no such file"):
        cashless.aggregate_transactions(tmp_path / "nope.parquet")
    with pytest.raises(cashless.ArgumentError, match=r"not both|DataFrame"):
        cashless.aggregate_transactions(42)  # type: ignore[arg-type]


def test_merge_names_the_parts_it_refuses():
    a = pl.DataFrame({"region_code": ["38"], "period": ["2024-01"], "channel": ["qr"],
                      "count": [1], "value": [10]})  # fmt: skip
    b = a.with_columns(pl.lit("39").alias("region_code"))
    assert cashless.merge([a, b])["region_code"].to_list() == ["38", "39"]
    with pytest.raises(cashless.InputError) as err:
        cashless.merge([a, b, a])
    assert err.value.source == "part 2" and err.value.row == 0
    with pytest.raises(cashless.ArgumentError, match="at least one"):
        cashless.merge([])


def test_columns_of_other_names_are_named_by_their_column_arguments():
    # A bank's export in its own words: the four columns the records need, under other names.
    raw = pl.DataFrame(
        {
            "ngay_gd": ["2024-01-05", "2024-01-20", "2024-02-01"],
            "kenh": ["Mobile banking", "Mobile banking", "QR code"],
            "so_tien": [1_000, 2_500, 700],
            "ma_huyen": ["380", "380", "381"],
            "ngan_hang": ["VCB", "VCB", "BIDV"],
        }
    )
    out = cashless.aggregate_transactions(
        raw,
        time_column="ngay_gd",
        channel_column="kenh",
        amount_column="so_tien",
        region_column="ma_huyen",
        bank_column="ngan_hang",
    )
    rows = out.data.select("region_code", "channel", "bank", "count", "value").rows()
    # Two mobile payments of January in 380 (1 000 + 2 500 đồng), one QR payment in 381.
    assert sorted(rows) == [("380", "mobile", "VCB", 2, 3_500), ("381", "qr", "BIDV", 1, 700)]
    with pytest.raises(cashless.InputError, match="so_tien"):
        cashless.aggregate_transactions(
            raw.drop("so_tien"),
            time_column="ngay_gd",
            channel_column="kenh",
            amount_column="so_tien",
            region_column="ma_huyen",
        )


def test_the_spark_jobs_help_and_check_names_are_in_the_language_of_messages(capsys):
    # --help is read before Spark starts: no pyspark needed.
    from cashless import spark

    try:
        for lang, words in [
            ("vi", ["cách dùng: cashless.spark", "tùy chọn", "thư mục ghi bảng tháng"]),
            ("en", ["usage: cashless.spark", "options", "directory for the monthly table"]),
        ]:
            cashless.set_language(lang)
            with pytest.raises(SystemExit):
                spark.main(["--help"])
            shown = capsys.readouterr().out
            assert all(w in shown for w in words), shown
        cashless.set_language("vi")
        assert cashless._cashless.check_label("not_a_number") == "Không phải số"
        cashless.set_language("en")
        assert cashless._cashless.check_label("not_a_number") == "Not a number"
        assert cashless._cashless.check_label("no_such_check") == "no_such_check"
    finally:
        cashless.set_language("en")
