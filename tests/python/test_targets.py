"""Catalogues and verdicts from Python: the same figures as by hand, errors of our own classes."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

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
    rows = result.frame.filter(target_id=target, region_code=region)
    assert rows.height == 1, rows
    return rows.row(0, named=True)


def test_catalogues_are_listed_and_described() -> None:
    assert cashless.catalogues() == ["decision-1813", "thanh-hoa-106-2022", "xuan-loc-83-2023"]
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
    v = verdict(cashless.attainment(years, as_of=2022), "growth.all.value")
    required = (1.2**5 / 1.21) ** (1 / 3) - 1
    assert v["status"] == "limited_progress"
    assert v["required"] == pytest.approx(required, rel=1e-12)
    assert v["ratio"] == pytest.approx(0.1 / required, rel=1e-12)
    assert v["projected"] == pytest.approx(1_210 * 1.1**3, rel=1e-12)
    assert v["years_used"] == 2


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
    assert body["note"].startswith("conflicting reading (appendix row 14, ≥ 80 %): below")
    alt = cashless.attainment(data, ind, "thanh-hoa-106-2022", reading="alternative")
    assert verdict(alt, "water.revenue")["status"] == "below"


def test_the_sample_summary_prints_in_jupyter() -> None:
    result = cashless.attainment(
        cashless.sample_data(),
        cashless.sample_indicators(),
        "xuan-loc-83-2023",
        regions=cashless.sample_regions(),
    )
    summary = result.summary()
    assert sum(summary.values()) == result.frame.height == 10 + 27 * 13
    assert summary["not_evaluable"] == 0
    assert repr(result).startswith("<Attainment xuan-loc-83-2023 as of 2025: 361 verdicts")
    assert "<table" in result._repr_html_()
    fell = verdict(result, "acceptance_points.rising", "395-04")
    assert fell["status"] == "below" and fell["note"].startswith("did not rise in 2023")
    # Rising in every other commune of the sample.
    rising = result.frame.filter(target_id="acceptance_points.rising", status="met")
    assert rising.height == 9


def test_verdicts_are_the_same_every_time() -> None:
    args = (cashless.sample_data(), cashless.sample_indicators(), "thanh-hoa-106-2022")
    a = cashless.attainment(*args, regions=cashless.sample_regions()).frame
    b = cashless.attainment(*args, regions=cashless.sample_regions()).frame
    assert a.equals(b)
    assert a.height == 23 and a["region_code"].unique().to_list() == ["38"]


def test_growth_verdicts_equal_the_stage_averages() -> None:
    # The province, December reporting years: the same figure average_growth gives.
    tx = cashless.sample_data()
    province = cashless.rollup(tx, cashless.sample_regions(), "province")
    years = cashless.annual(province, year_start="12-01")
    stage = cashless.average_growth(years).filter(channel="mobile", metric="value")
    result = cashless.attainment(tx, None, "thanh-hoa-106-2022", regions=cashless.sample_regions())
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
    assert (e.source, e.line, e.key) == (str(path), 8, "rule.lo")  # type: ignore[attr-defined]
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
    known = set(cashless.indicators()["indicator"].to_list())
    for cid in cashless.catalogues():
        assert set(cashless.catalogue(cid).required_indicators) <= known, cid
