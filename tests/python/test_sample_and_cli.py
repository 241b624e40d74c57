"""The sample, roll-ups, crosswalks and the command line, end to end."""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest

import cashless
from cashless.cli import main


def test_sample_is_the_same_every_time() -> None:
    a, b = cashless.sample_data(), cashless.sample_data()
    assert a.equals(b)
    assert a.height == a.unique(["region_code", "period", "channel", "bank"]).height


def test_rollup_equals_the_sum_of_districts_exactly() -> None:
    tx = cashless.sample_data()
    province = cashless.rollup(tx, cashless.sample_regions(), "province")
    assert province.columns == tx.columns
    for metric in ("count", "value"):
        assert province[metric].sum() == tx[metric].sum()
    moved = cashless.apply_crosswalk(tx, cashless.sample_crosswalk())
    assert moved["region_map"].unique().to_list() == [cashless.MAP_2025]
    assert moved["value"].sum() == tx["value"].sum()


def test_province_growth_agrees_with_a_hand_written_group_by() -> None:
    tx = cashless.sample_data()
    years = cashless.annual(cashless.rollup(tx, cashless.sample_regions(), "province"))
    mobile = years.filter(channel="mobile").sort("year")
    by_hand = (
        tx.filter(pl.col("channel") == "mobile")
        .group_by(pl.col("period").dt.year().alias("year"))
        .agg(pl.col("count").sum())
        .sort("year")
    )
    assert mobile["count"].to_list() == by_hand["count"].to_list()
    g = cashless.growth(years).filter(channel="mobile", year=2024)["count_growth"][0]
    c = dict(zip(by_hand["year"].to_list(), by_hand["count"].to_list()))
    assert g == pytest.approx(c[2024] / c[2023] - 1)


def test_cli_prints_growth_and_averages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["growth", "--sample", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC" in out
    assert "== 38 Tỉnh Thanh Hóa (province; map vn-2020)" in out
    assert "Average annual growth 2021-2025" in out
    assert "2025 is partial (10 of 12 months)" in out


def test_cli_output_is_byte_identical_between_runs() -> None:
    cmd = [sys.executable, "-m", "cashless", "growth", "--sample", "--year-start", "12-01"]
    first = subprocess.run(cmd, capture_output=True, check=True).stdout
    second = subprocess.run(cmd, capture_output=True, check=True).stdout
    assert first == second
    assert b"Reporting year starts 12-01" in first


def test_cli_reads_files_and_reports_errors(tmp_path: pytest.TempPathFactory, capsys) -> None:
    path = tmp_path / "tx.csv"  # type: ignore[operator]
    # Twelve months a year, 10 then 15 then 30 transactions a month: +50 %, then +100 %.
    months = [f"{y}-{m:02}-01" for y in (2023, 2024, 2025) for m in range(1, 13)]
    per_month = {"2023": 10, "2024": 15, "2025": 30}
    pl.DataFrame(
        {
            "region_code": ["380"] * 36,
            "period": months,
            "channel": ["QR Code"] * 36,
            "count": [per_month[p[:4]] for p in months],
            "value": [1] * 36,
        }
    ).write_csv(path)
    assert (
        main(["growth", "--data", str(path), "--start", "2024", "--end", "2025", "--lang", "en"])
        == 0
    )
    out = capsys.readouterr().out
    assert "50.00 %" in out and "100.00 %" in out
    bad = tmp_path / "bad.csv"  # type: ignore[operator]
    pl.DataFrame(
        {
            "region_code": ["380"],
            "period": ["2023-01-01"],
            "channel": ["Smoke"],
            "count": [1],
            "value": [1],
        }
    ).write_csv(bad)
    assert main(["growth", "--data", str(bad), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.startswith('cashless: unknown channel label "Smoke" at ')
    assert "bad.csv, row 0, column `channel`" in err


def test_cli_rolls_files_up_with_a_region_table(tmp_path, capsys) -> None:
    """Codes with leading zeros survive from CSV to report: "001" rolls up into "01"."""
    regions = tmp_path / "regions.csv"
    regions.write_text(
        "code,name,level,parent\n01,Thành phố Hà Nội,tỉnh,\n001,Quận Ba Đình,quận,01\n"
        "002,Quận Hoàn Kiếm,quận,01\n"
    )
    data = tmp_path / "nh01.csv"
    months = [f"{y}-{m:02}-01" for y in (2023, 2024) for m in range(1, 13)]
    pl.DataFrame(
        {
            "region_code": ["001"] * 24 + ["002"] * 24,
            "period": months * 2,
            "channel": ["Mobile banking"] * 48,
            # 2023: 3 + 1 a month; 2024: 5 + 3 a month: 48 -> 96, +100 %.
            "count": [3] * 12 + [5] * 12 + [1] * 12 + [3] * 12,
            "value": [1] * 48,
        }
    ).write_csv(data)
    args = ["growth", "--data", str(data), "--regions", str(regions), "--start", "2024"]
    assert main([*args, "--end", "2024"]) == 0
    out = capsys.readouterr().out
    assert "== 01 Thành phố Hà Nội (province)" in out
    assert "100.00 %" in out
    assert cashless.load_regions(regions)["code"].to_list() == ["001", "002", "01"]
