"""Catalogues and verdicts from Python: the same figures as by hand, errors of our own classes."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cashless


def annual(rows: list[tuple[int, int, int]], channel: str = "all") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "region_code": ["38"] * len(rows),
            "channel": [channel] * len(rows),
            "year": [r[0] for r in rows],
            "count": [r[1] for r in rows],
            "value": [r[2] for r in rows],
        }
    )


def verdict(result: cashless.Attainment, target: str, region: str = "38") -> dict:
    rows = result.data.filter(target_id=target, region_code=region)
    assert rows.height == 1, rows
    return rows.row(0, named=True)


def test_catalogues_are_listed_and_described() -> None:
    assert cashless.catalogue_ids() == ["decision-1813", "thanh-hoa-106-2022", "xuan-loc-83-2023"]
    c = cashless.catalogue("thanh-hoa-106-2022")
    assert (c.number, c.date, c.issuer) == ("106/KH-UBND", "2022-04-12", "UBND tỉnh Thanh Hóa")
    assert c.extends == ("decision-1813",)
    assert c.reporting == {
        "year_start": "12-01",
        "due": ["12-05"],
        "final_due": "2025-11-20",
        "final_data_to": "2025-10-31",
    }
    assert len(c) == 23
    assert "water_revenue_cashless" in c.required_indicators
    assert repr(c).startswith("Catalogue('thanh-hoa-106-2022': 106/KH-UBND of 2022-04-12")
    assert "<table" in c._repr_html_()
    water = c.targets.filter(id="water.revenue").row(0, named=True)
    assert (water["lo"], water["conflict_source"]) == (0.5, "appendix row 14")
    assert water["agency"] == "Công ty CP Cấp nước Thanh Hoá"


def test_stage_under_way_two_years_in_matches_the_hand_figures() -> None:
    # 10 %/yr in 2021-2022; a 20 % average over 2021-2025 needs ((1.2^5)/1.21)^(1/3) - 1.
    years = annual([(2020, 1_000, 1_000), (2021, 1_100, 1_100), (2022, 1_210, 1_210)])
    v = verdict(cashless.attainment(years, year=2022), "growth.all.value")
    required = (1.2**5 / 1.21) ** (1 / 3) - 1
    assert v["status"] == "limited_progress"
    assert v["required"] == pytest.approx(required, rel=1e-12)
    # Open SDG's ratio (sdg/ProgressMeasure.py): 10 % achieved over the 20 % a steady path
    # from 2020 to the 2025 target level needs.
    assert v["ratio"] == pytest.approx(0.1 / 0.2, rel=1e-12)
    assert v["projected"] == pytest.approx(1_210 * 1.1**3, rel=1e-12)
    assert v["years_used"] == 2
    # The earlier ratio, over the growth still required, on request.
    remaining = cashless.attainment(years, year=2022, progress="remaining")
    assert verdict(remaining, "growth.all.value")["ratio"] == pytest.approx(
        0.1 / required, rel=1e-12
    )


def test_exactly_the_lower_bound_is_met_and_above_the_range_exceeded() -> None:
    years = annual([(2020, 100_000, 1_000), (2025, 248_832, 1_000 * 31)])
    result = cashless.attainment(years)
    count = verdict(result, "growth.all.count")
    assert count["status"] == "met"
    assert count["actual"] == pytest.approx(0.2, rel=1e-12)
    value = verdict(result, "growth.all.value")
    assert value["status"] == "exceeded"  # 31^(1/5) - 1 = 98.7 %/yr, above 25 %
    assert value["actual"] == pytest.approx(31 ** (1 / 5) - 1, rel=1e-12)


def test_a_missing_denominator_is_named() -> None:
    ind = pl.DataFrame(
        {"region_code": "38", "year": 2025, "indicator": "ecommerce_cashless_value", "value": 5.0}
    )
    v = verdict(cashless.attainment(annual([(2020, 1, 1)]), ind), "ecommerce")
    assert v["status"] == "not_evaluable"
    assert v["note"] == "missing ecommerce_value for region 38, year 2025"


def test_the_water_conflict_in_both_readings() -> None:
    ind = pl.DataFrame(
        {
            "region_code": "38",
            "year": 2025,
            "indicator": ["water_revenue", "water_revenue_cashless"],
            "value": [1_000, 620],
        }
    )
    data = annual([(2020, 1, 1)])
    body = verdict(cashless.attainment(data, ind, "thanh-hoa-106-2022"), "water.revenue")
    assert (body["status"], body["lo"], body["conflict"]) == ("met", 0.5, True)
    assert body["note"].startswith("conflicting reading (appendix row 14, ≥ 80 %): Below")
    alt = cashless.attainment(data, ind, "thanh-hoa-106-2022", reading="alternative")
    assert verdict(alt, "water.revenue")["status"] == "below"


def test_the_sample_summary_prints_in_jupyter() -> None:
    result = cashless.attainment(
        cashless.sample_data(),
        cashless.sample_indicators(),
        "xuan-loc-83-2023",
        regions=cashless.sample_regions(),
        estimate="same_period",
    )
    summary = result.summary()
    # Tho Xuan's 30 communes and their district on the rising target, 27 districts on the
    # other 13.
    assert sum(summary.values()) == result.data.height == 30 + 1 + 27 * 13
    assert summary["not_evaluable"] == 0
    assert repr(result).startswith("<Attainment xuan-loc-83-2023 as of 2025: 382 verdicts")
    # The same headline in Vietnamese: 57 units (the 27 districts and Tho Xuan's 30 communes),
    # the statuses counted in the order of STATUSES, named as the report names them.
    assert {s for s, n in summary.items() if n} == {"exceeded", "met", "below"}
    cashless.set_language("vi")
    try:
        vi = repr(result)
    finally:
        cashless.set_language("en")
    assert vi == (
        "<Attainment xuan-loc-83-2023 đến năm 2025: 382 kết quả đánh giá 14 chỉ tiêu ở 57 đơn vị: "
        f"{summary['exceeded']} vượt, {summary['met']} đạt, {summary['below']} không đạt>"
    )
    assert "<table" in result._repr_html_()
    # Xa Nam Giang (15505), the fourth commune by code, fell.
    fell = verdict(result, "acceptance_points.rising", "15505")
    assert fell["status"] == "below" and fell["note"].startswith("did not rise in 2023")
    # Rising in every other commune of the sample.
    rising = result.data.filter(target_id="acceptance_points.rising", status="met")
    assert rising.height == 29


def test_verdicts_are_the_same_every_time() -> None:
    args = (cashless.sample_data(), cashless.sample_indicators(), "thanh-hoa-106-2022")
    a = cashless.attainment(*args, regions=cashless.sample_regions()).data
    b = cashless.attainment(*args, regions=cashless.sample_regions()).data
    assert a.equals(b)
    assert a.height == 23 and a["region_code"].unique().to_list() == ["38"]


def test_growth_verdicts_equal_the_stage_averages() -> None:
    # The province, December reporting years: the same figure average_growth gives.
    tx = cashless.sample_data()
    province = cashless.rollup(tx, cashless.sample_regions(), "province")
    years = cashless.annual(province, year_start="12-01")
    stage = cashless.average_growth(years).filter(channel="mobile", metric="value")
    # As of 2024, the stage under way (2025 is partial in the sample).
    result = cashless.attainment(
        tx, None, "thanh-hoa-106-2022", year=2024, regions=cashless.sample_regions()
    )
    v = verdict(result, "growth.mobile.value")
    assert v["actual"] == pytest.approx(stage["avg_growth"].item(), rel=1e-12)
    assert v["years_used"] == stage["years"].item() == 4
    base, end = stage["base_level"].item(), stage["end_level"].item()
    required = math.exp((5 * math.log1p(0.8) - math.log(end / base)) / 1) - 1
    assert v["required"] == pytest.approx(required, rel=1e-9)


def test_a_users_catalogue_file(tmp_path: Path) -> None:
    path = tmp_path / "district.toml"
    path.write_text(
        cashless.catalogue_source("decision-1813")
        .replace('id = "decision-1813"', 'id = "district-x"')
        .replace('level = "nation"', 'level = "district"'),
        encoding="utf-8",
    )
    c = cashless.catalogue(path)
    assert c.id == "district-x" and c.level == "district" and len(c) == 9


def test_a_built_in_catalogue_is_parsed_once_and_a_file_each_time(tmp_path: Path) -> None:
    # A built-in cannot change: every Catalogue of it shares one parse.
    first, again = cashless.catalogue("decision-1813"), cashless.catalogue("decision-1813")
    assert first._native is again._native
    assert first.targets.height == 9 and first.glossary.height > 0
    # A file is read anew, so an edit shows.
    path = tmp_path / "plan.toml"
    source = cashless.catalogue_source("decision-1813").replace(
        'id = "decision-1813"', 'id = "plan-a"'
    )
    path.write_text(source, encoding="utf-8")
    assert cashless.catalogue(path).id == "plan-a"
    path.write_text(source.replace('id = "plan-a"', 'id = "plan-b"'), encoding="utf-8")
    assert cashless.catalogue(path).id == "plan-b"


def test_catalogue_errors_carry_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'id = "bad"\nlevel = "province"\n'
        'document = { number = "1/KH", date = "2024-01-02", issuer = "UBND" }\n'
        "[[targets]]\n"
        'id = "x"\ntext_vi = "a"\ntext_en = "a"\n'
        'rule = { kind = "share", numerator = "a", denominator = "b", lo = 50 }\n',
        encoding="utf-8",
    )
    with pytest.raises(cashless.CatalogueError) as info:
        cashless.catalogue(path)
    e = info.value
    assert isinstance(e, cashless.InputError)
    assert (e.source, e.line, e.key) == (str(path), 8, "rule.lo")
    assert "write 0.5 for 50 %" in str(e)
    with pytest.raises(cashless.ArgumentError, match="neither a built-in catalogue"):
        cashless.catalogue("no-such-plan")


def test_bad_indicator_rows_raise_input_errors() -> None:
    ind = pl.DataFrame(
        {"region_code": "38", "year": [2025, 2025], "indicator": "schools", "value": [1.0, 2.0]}
    )
    with pytest.raises(cashless.InputError) as info:
        cashless.attainment(annual([(2020, 1, 1)]), ind)
    assert (info.value.row, info.value.column) == (1, "indicator")  # type: ignore[attr-defined]
    with pytest.raises(cashless.ArgumentError, match="reading"):
        cashless.attainment(annual([(2020, 1, 1)]), reading="footnote")  # type: ignore[arg-type]


def test_indicator_list_covers_every_built_in_need() -> None:
    known = set(cashless.indicator_list()["indicator"].to_list())
    for cid in cashless.catalogue_ids():
        assert set(cashless.catalogue(cid).required_indicators) <= known, cid


@given(
    base=st.integers(min_value=1, max_value=10**12),
    factor=st.floats(min_value=0.01, max_value=50.0),
)
@settings(max_examples=60, deadline=None)
def test_finished_verdicts_follow_the_bounds(base: int, factor: float) -> None:
    end = max(1, round(base * factor))
    result = cashless.attainment(annual([(2020, base, base), (2025, end, end)], "mobile"))
    v = verdict(result, "growth.mobile.count")
    g = (end / base) ** (1 / 5) - 1
    assert v["actual"] == pytest.approx(g, rel=1e-9, abs=1e-12)
    want = "exceeded" if g > 0.8 + 1e-9 else "met" if g >= 0.5 - 1e-9 else "below"
    assert v["status"] == want
    assert v["gap_pp"] == pytest.approx((g - 0.5) * 100, rel=1e-9, abs=1e-9)


def test_targets_command_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    from cashless.cli import main

    args = ["targets", "--sample", "--catalogue", "xuan-loc-83-2023", "--year", "2024"]
    args += ["--lang", "en"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "targets of xuan-loc-83-2023 (83/KH-UBND, 2023-03-30, UBND huyện Xuân Lộc)" in out
    line = next(x for x in out.splitlines() if x.startswith("acceptance_points.rising  15505"))
    # A fall is final: below, and the target can no longer be met.
    assert "Below" in line and "did not rise in 2023" in line and "no longer be met" in line
    # Same input, same bytes.
    assert main(args) == 0
    assert capsys.readouterr().out == out


def test_targets_command_on_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cashless.cli import main

    data = tmp_path / "tx.csv"
    data.write_text(
        "region_code,period,channel,count,value\n"
        + "".join(
            f"01,{y}-{m:02d},all,{100 * 2 ** (y - 2020)},1000\n"
            for y in (2020, 2025)
            for m in range(1, 13)
        ),
        encoding="utf-8",
    )
    ind = tmp_path / "ind.csv"
    ind.write_text(
        "region_code,year,indicator,value\n01,2025,ecommerce_value,100\n", encoding="utf-8"
    )
    assert (
        main(
            [
                "targets",
                "--data",
                str(data),
                "--indicators",
                str(ind),
                "--catalogue",
                "decision-1813",
                "--lang",
                "en",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    # 2^5 in five years: exactly 100 %/yr, above the 20-25 % range.
    assert any(
        x.startswith("growth.all.count") and "Exceeded" in x and "100.00 %" in x
        for x in out.splitlines()
    )
    assert "missing ecommerce_cashless_value for region 01, year 2025" in out


def monthly_stage() -> pl.DataFrame:
    """Mobile, region 38: each month of a year the same; 2025 has 11 months.

    Per month 16, 24, 36, 54, 81 in 2020-2024 and 121 in 2025.
    """
    per_month = {2020: 16, 2021: 24, 2022: 36, 2023: 54, 2024: 81, 2025: 121}
    rows = [
        (f"{y}-{m:02}", x) for y, x in per_month.items() for m in range(1, 12 if y == 2025 else 13)
    ]
    return pl.DataFrame(
        {
            "region_code": "38",
            "period": [r[0] for r in rows],
            "channel": "mobile",
            "count": [r[1] for r in rows],
            "value": [r[1] for r in rows],
        }
    )


def test_a_partial_last_year_is_judged_on_the_estimate_only() -> None:
    tx = monthly_stage()
    # 2024 = 972; 2025 ≈ 972 x 1,331 / 891 = 1,452; 2020 = 192: (1452/192)^(1/5) - 1.
    est = cashless.estimate_year(tx, 2025).filter(year=2025)
    assert (est["count"][0], est["estimate"][0]) == (1452, "same_period")
    plain = verdict(cashless.attainment(tx, catalogue="decision-1813"), "growth.mobile.value")
    assert (plain["status"], plain["actual"], plain["estimated"]) == ("not_evaluable", None, False)
    v = verdict(
        cashless.attainment(tx, catalogue="decision-1813", estimate="same_period"),
        "growth.mobile.value",
    )
    assert (v["status"], v["estimated"]) == ("below", True)
    assert v["actual"] == pytest.approx((1452 / 192) ** 0.2 - 1, rel=1e-12)
    with pytest.raises(cashless.ArgumentError, match="run_rate"):
        cashless.attainment(tx, catalogue="decision-1813", estimate="guess")  # type: ignore[arg-type]


def test_published_averages_are_judged() -> None:
    averages = pl.DataFrame(
        {
            "region_code": "VN",
            "channel": ["all", "all"],
            "metric": ["count", "value"],
            "avg_growth": [0.5886, 0.2436],
        }
    )
    v = cashless.attainment(averages, catalogue="decision-1813")
    assert verdict(v, "growth.all.count", "VN")["status"] == "exceeded"
    assert verdict(v, "growth.all.value", "VN")["status"] == "met"
