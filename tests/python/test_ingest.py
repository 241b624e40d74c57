"""Reading files as they arrive, from Python: totals to the đồng, the ledger's messages, the
command line, and the rows behind a figure. Every fixture is written by the test."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cashless
from cashless.cli import main

# A district finance office's wide CSV: ';', a byte-order mark, a title line with the month,
# district names, Vietnamese numbers, a total row.
WIDE = (
    "\ufeffBÁO CÁO THANH TOÁN KHÔNG DÙNG TIỀN MẶT THÁNG 11/2024\n"
    "Đơn vị;Số lượng GD qua Internet Banking (món);Giá trị GD Internet Banking (triệu đồng);"
    "Số lượng GD Mobile banking (nghìn món);Giá trị GD Mobile banking (tỷ đồng)\n"
    "Huyện Thọ Xuân;1.234;5.678,9;12,5;34,25\n"
    "tho xuan dummy;;;;\n"
    "Thành phố Sầm Sơn;10;20;0,1;0,2\n"
    "Tổng cộng;1.244;5.698,9;12,6;34,45\n"
)


@pytest.fixture
def wide_csv(tmp_path: Path) -> Path:
    path = tmp_path / "xuan-loc-11-2024.csv"
    path.write_text(WIDE, encoding="utf-8")
    return path


def test_a_wide_vietnamese_csv_reads_to_exact_figures(wide_csv: Path) -> None:
    r = cashless.read(wide_csv, regions=cashless.sample_regions(), bank="NH05")
    got = r.data.select("region_code", "channel", "count", "value").rows()
    assert got == [
        ("395", "internet", 1_234, 5_678_900_000),  # 5.678,9 triệu đồng
        ("395", "mobile", 12_500, 34_250_000_000),  # 12,5 nghìn món; 34,25 tỷ đồng
        ("382", "internet", 10, 20_000_000),
        ("382", "mobile", 100, 200_000_000),
    ]
    assert r.data["period"].cast(pl.String).unique().to_list() == ["2024-11-01"]
    assert r.data["source_row"].to_list() == [3, 3, 5, 5]
    # Lines 3-6: two kept, the row with no figures and the total row skipped.
    assert (r.rows_read, r.rows_kept, r.rows_rejected, r.rows_skipped) == (4, 2, 0, 2)
    assert r.ledger.filter(check="total_row")["row"].to_list() == [6]
    assert r.ledger.filter(check="period_from_title")["row"].to_list() == [1]
    assert r.errors.height == 0 and r.warnings.height == 0


def test_errors_raise_with_the_whole_ledger(tmp_path: Path) -> None:
    path = tmp_path / "nh02.csv"
    path.write_text(
        "region_code,period,channel,count,value\n"
        "380,2023-01,mobile,10,100000\n"
        "380,2023-01,mobile,11,110000\n"
        "380,Quý 1/2023,internet,5,50000\n",
        encoding="utf-8",
    )
    with pytest.raises(cashless.IngestError) as info:
        cashless.read(path)
    e = info.value
    assert isinstance(e, cashless.InputError)
    # The first error in file order: line 4's quarter.
    assert (e.source, e.row, e.column, e.value) == (str(path), 4, "period", "Quý 1/2023")
    assert e.ledger.filter(severity="error")["check"].to_list() == [
        "bad_period",
        "duplicate_key",
        "duplicate_key",
    ]
    message = e.ledger.filter(check="bad_period")["message"].item()
    assert message == (
        "is 2023-Q1, not a month: the transactions table is monthly; give the months"
    )
    kept = cashless.read(path, keep_going=True)
    assert (kept.rows_kept, kept.rows_rejected, kept.data.height) == (0, 3, 0)


def test_units_can_be_given_when_headers_name_none() -> None:
    raw = pl.DataFrame(
        {
            "Mã đơn vị": ["380"],
            "Kỳ": ["2023-05"],
            "Kênh": ["QR"],
            "Số lượng": ["2"],
            "Giá trị": ["1,5"],
        }
    )
    with pytest.raises(cashless.IngestError, match="names no unit"):
        cashless.read(raw)
    r = cashless.read(raw, count_unit="nghìn món", value_unit="tỷ đồng")
    assert r.data.select("count", "value").row(0) == (2_000, 1_500_000_000)
    with pytest.raises(cashless.ArgumentError, match="not a count unit"):
        cashless.read(raw, count_unit="tỷ đồng")


def test_a_mapping_names_headers_the_built_in_words_do_not_know() -> None:
    raw = pl.DataFrame({"MaDV": ["380"], "Thang": ["T3/2024"], "SLIB": [7], "GTIB": [70]})
    mapping = (
        '[columns]\nMaDV = "region_code"\nSLIB = "internet.count"\nGTIB = "internet.value"\n'
        '[units]\nGTIB = "triệu đồng"\nSLIB = "món"\n'
    )
    r = cashless.read(raw, mapping=mapping)
    assert r.data.select("region_code", "channel", "count", "value").row(0) == (
        "380",
        "internet",
        7,
        70_000_000,
    )
    with pytest.raises(cashless.CatalogueError, match="unknown field"):
        cashless.read(raw, mapping='[columns]\nMaDV = "district"\n')


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 10**12), min_size=1, max_size=12),
    millis=st.lists(st.integers(0, 10**15), min_size=12, max_size=12),
)
def test_vietnamese_numbers_read_back_exactly(counts: list[int], millis: list[int]) -> None:
    # Values written in nghìn đồng with three decimals ("1.234,567") are whole đồng.
    months = [f"T{i + 1}/2024" for i in range(len(counts))]
    values = [f"{_dotted(v // 1000)},{v % 1000:03d}" for v in millis[: len(counts)]]
    raw = pl.DataFrame(
        {
            "Mã đơn vị": "380",
            "Kỳ": months,
            "Kênh": "mobile",
            "Số lượng (món)": [_dotted(c) for c in counts],
            "Giá trị (nghìn đồng)": values,
        }
    )
    r = cashless.read(raw, per_transaction=(0, 10**18), keep_going=True)
    assert r.data["count"].to_list() == counts
    assert r.data["value"].to_list() == millis[: len(counts)]
    assert r.errors.height == 0


def test_explain_gives_the_rows_behind_annual_growth_and_attainment() -> None:
    tx = cashless.sample_data()
    regions = cashless.sample_regions()
    r = cashless.read(tx, name="sample")
    province = cashless.rollup(r.data, regions, "province")
    years = cashless.annual(province, year_start="12-01")
    row = years.filter(channel="mobile", year=2024).row(0, named=True)
    rows = r.explain(row, year_start="12-01", regions=regions)
    assert (rows["count"].sum(), rows["value"].sum()) == (row["count"], row["value"])
    assert rows["year"].unique().to_list() == [2024]

    growth = cashless.growth(years).filter(channel="qr", year=2024).row(0, named=True)
    both = cashless.explain(r, growth, year_start="12-01", regions=regions)
    per_year = dict(both.group_by("year").agg(pl.col("count").sum()).iter_rows())
    qr = years.filter(channel="qr")
    assert per_year == dict(
        qr.filter(pl.col("year").is_in([2023, 2024])).select("year", "count").iter_rows()
    )

    # As of 2024: the stage average runs 2020-2024 (2025 is partial in the sample).
    verdicts = cashless.attainment(
        r.data, catalogue="thanh-hoa-106-2022", year=2024, regions=regions
    ).data
    judged = pl.col("years_used").is_not_null()
    target = verdicts.filter(judged, pl.col("indicator") == "all count").row(0, named=True)
    behind = r.explain(target, year_start="12-01", regions=regions)
    base, end = target["year"] - target["years_used"], target["year"]
    assert behind["year"].min() == base and behind["year"].max() == end
    share = verdicts.filter(pl.col("rule") == "share").row(0, named=True)
    with pytest.raises(cashless.ArgumentError, match="indicator table"):
        r.explain(share)
    # A target with no unit of its level has a verdict row with no region and no year.
    unjudged = {**target, "region_code": None, "year": None, "years_used": None}
    with pytest.raises(cashless.ArgumentError, match="no figure to explain"):
        r.explain(unjudged)


def test_check_prints_the_ledger_and_writes_the_rejected_rows(
    tmp_path: Path, wide_csv: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(wide_csv), "--sample-regions", "--bank", "NH05", "--quiet"]) == 0
    out = capfd.readouterr().out
    assert out.startswith("4 rows read: 2 kept, 0 rejected, 2 skipped; 0 errors, 0 warnings")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "region_code;period;channel;count;value\n380;2023-01;mobile;-5;100\n380;2023-02;mobile;5;100000\n",
        encoding="utf-8",
    )
    rejected = tmp_path / "rejected.csv"
    assert main(["check", str(bad), "--rejected", str(rejected)]) == 1
    captured = capfd.readouterr()
    assert "[1/1] reading" in captured.err  # progress, written by the Rust core to fd 2
    assert (
        "error     Negative  bad.csv:2  count   -5     is negative: a count cannot be"
        in captured.out
    )
    written = pl.read_csv(rejected)
    assert written.select("check", "row", "column", "value").rows() == [
        ("negative", 2, "count", -5)
    ]


def test_each_banks_file_takes_its_bank(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    files = {}
    for bank, count in [("NH01", 3), ("NH02", 4)]:
        f = tmp_path / f"{bank.lower()}-t3.csv"
        f.write_text(
            f"Mã đơn vị,Kỳ,Kênh,Số lượng (món),Giá trị (đồng)\n380,T3/2024,Mobile,{count},9000\n",
            encoding="utf-8",
        )
        files[bank] = f
    r = cashless.read(files)
    assert r.data.select("bank", "count").rows() == [("NH01", 3), ("NH02", 4)]
    # The same from the command line, "BANK=file".
    args = ["check", *(f"{b}={f}" for b, f in files.items()), "--quiet"]
    assert main(args) == 0
    assert capfd.readouterr().out.startswith("2 rows read: 2 kept, 0 rejected")
    # The report reads them the same way, with check's options.
    out = tmp_path / "out"
    report_args = ["report", "--catalogue", "thanh-hoa-106-2022", "--year", "2024"]
    assert (
        main(
            [
                *report_args,
                "--lang",
                "en",
                "--style",
                "vi",
                "--out",
                str(out),
                "--data",
                *(f"{b}={f}" for b, f in files.items()),
            ]
        )
        == 0
    )
    r2 = cashless.report(files, catalogue="thanh-hoa-106-2022", year=2024, lang="en")
    assert "reported by 2 banks" in r2.findings[0]
    assert (out / "report-2024.md").read_text(encoding="utf-8") == r2.markdown()
    # Without the banks the two files repeat each other's keys, and the ledger says why.
    bare = cashless.read(list(files.values()), keep_going=True)
    assert any("give each file its bank" in m for m in bare.errors["message"].to_list())


def test_a_read_is_one_object_held_by_rust() -> None:
    r = cashless.read(
        pl.DataFrame(
            {
                "region_code": ["38", "38"],
                "period": ["2024-01", "2024-02"],
                "channel": "pos",
                "count": [1, -1],
                "value": [200_000, 200_000],
            }
        ),
        keep_going=True,
    )
    assert type(r).__module__ == "cashless._cashless"
    # The same table each time, the ledger's table built once per language.
    assert r.data is r.data and r.ledger is r.ledger
    assert (r.rows_read, r.rows_kept, r.rows_rejected) == (2, 1, 1)
    assert r.errors["check"].to_list() == ["negative"] and r.warnings.height == 0
    with pytest.raises(AttributeError):
        r.data = pl.DataFrame()  # type: ignore[misc]
