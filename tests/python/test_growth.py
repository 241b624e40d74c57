"""Growth figures through the Python API, against hand calculations and published rates."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cashless


def annual_table(rows: list[tuple[int, int, int]], months: list[int] | None = None) -> pl.DataFrame:
    data = {
        "region_code": ["38"] * len(rows),
        "channel": ["all"] * len(rows),
        "year": [r[0] for r in rows],
        "count": [r[1] for r in rows],
        "value": [r[2] for r in rows],
    }
    if months is not None:
        data["months"] = months
    return pl.DataFrame(data)


def test_twenty_percent_a_year() -> None:
    # 100 -> 248.832 over 2020-2025 is 1.2^5, so the geometric average is exactly 20 %.
    years = annual_table(
        [
            (2020 + i, c, 1)
            for i, c in enumerate([100_000, 120_000, 144_000, 172_800, 207_360, 248_832])
        ]
    )
    avg = cashless.average_growth(years, 2021, 2025).filter(metric="count").row(0, named=True)
    assert avg["avg_growth"] == pytest.approx(0.20, abs=1e-12)
    assert (avg["base_year"], avg["end_year"], avg["years"]) == (2020, 2025, 5)
    assert avg["method"] == "geometric"
    assert avg["formula"] == "(X_2025 / X_2020)^(1/5) - 1"
    g = cashless.growth(years)["count_growth"].to_list()
    assert g[0] is None
    assert g[1:] == pytest.approx([0.2] * 5)


def test_gap_zero_and_partial() -> None:
    years = annual_table(
        [(2020, 0, 10), (2021, 50, 15), (2023, 80, 30), (2024, 60, 20)], months=[12, 12, 12, 9]
    )
    g = cashless.growth(years)
    assert g["count_growth"].to_list() == [None, None, None, None]
    notes = g["count_note"].to_list()
    assert notes[1] == "the base (year before) is zero (2021 against 2020)"
    assert notes[2] == "no data for 2022: the gap is not bridged, 2023 is not compared with 2021"
    assert notes[3].startswith("partial year: 2024 has 9 of 12 months, 2023 has 12")
    # Value 2021 against 2020: 15 / 10 - 1.
    assert g["value_growth"][1] == pytest.approx(0.5)


def test_stage_under_way_states_n() -> None:
    years = annual_table(
        [(2020, 100, 1), (2021, 150, 1), (2022, 225, 1), (2023, 50, 1)], months=[12, 12, 12, 4]
    )
    row = cashless.average_growth(years, 2021, 2025).filter(metric="count").row(0, named=True)
    # Last full year 2022: (225 / 100)^(1/2) - 1 = 0.5.
    assert row["avg_growth"] == pytest.approx(0.5)
    assert row["years"] == 2
    assert row["note"] == (
        "stage not complete: 2025 has no data yet; average over 2021-2022, n = 2"
    )


def test_published_sbv_rates() -> None:
    # SBV full-year growth of `all` transactions by count: 2023 50 %, 2024 56 %, 2025 42.21 %
    # (data/published/sbv_published_growth.csv). By hand: 1.5 * 1.56 * 1.4221 = 3.327714;
    # ln 3.327714 = 1.202288, / 3 = 0.400763, exp = 1.492962, so 49.2962 %.
    g = cashless.average_growth_from_rates([0.50, 0.56, 0.4221])
    assert g == pytest.approx(0.492962, abs=1e-6)
    assert cashless.average_growth_from_rates([0.50, 0.56, 0.4221], "arithmetic") == pytest.approx(
        (0.50 + 0.56 + 0.4221) / 3
    )
    # SBV's own 2021-2025 average for all transactions, 58.86 %, implies
    # 1.5886^5 = 10.11749 overall; the three published years leave 10.11749 / 3.327714 =
    # 3.040373 for 2021-2022, i.e. sqrt = 1.743666, 74.37 % a year; chained back, the five
    # rates must give 58.86 % again (an arithmetic mean would give 59.39 %).
    implied = math.sqrt(1.5886**5 / (1.5 * 1.56 * 1.4221)) - 1
    assert implied == pytest.approx(0.7437, abs=1e-4)
    five = [implied, implied, 0.50, 0.56, 0.4221]
    assert cashless.average_growth_from_rates(five) == pytest.approx(0.5886, abs=1e-12)
    assert cashless.average_growth_from_rates(five, "arithmetic") == pytest.approx(0.5939, abs=1e-4)


def test_required_growth_and_projection() -> None:
    assert cashless.required_growth_for_average(0.2, 5, [0.1, 0.1]) == pytest.approx(
        (1.2**5 / 1.1**2) ** (1 / 3) - 1
    )
    assert cashless.required_growth_to_level(64, 2023, 80, 2025) == pytest.approx(
        math.sqrt(1.25) - 1
    )
    assert cashless.project(200, 0.5, 2) == pytest.approx(450)


def test_same_period_on_sample_is_consistent_with_sums() -> None:
    tx = cashless.sample_data()
    sp = cashless.same_period_growth(tx, 2025, 9).filter(region_code="380", channel="mobile")
    sums = (
        tx.filter(
            pl.col("region_code") == "380",
            pl.col("channel") == "mobile",
            pl.col("period").dt.month() <= 9,
        )
        .group_by(pl.col("period").dt.year().alias("y"))
        .agg(pl.col("count").sum())
    )
    by_year = dict(zip(sums["y"].to_list(), sums["count"].to_list()))
    row = sp.row(0, named=True)
    assert (row["count"], row["count_prev"]) == (by_year[2025], by_year[2024])
    assert row["count_growth"] == pytest.approx(by_year[2025] / by_year[2024] - 1)


positive = st.integers(min_value=1, max_value=10**15)


@given(st.lists(positive, min_size=2, max_size=8))
def test_geometric_average_is_the_end_to_end_ratio(levels: list[int]) -> None:
    years = annual_table([(2020 + i, c, c) for i, c in enumerate(levels)])
    end = 2020 + len(levels) - 1
    row = cashless.average_growth(years, 2021, end).filter(metric="count").row(0, named=True)
    n = len(levels) - 1
    assert row["avg_growth"] == pytest.approx((levels[-1] / levels[0]) ** (1 / n) - 1, rel=1e-9)


@given(st.lists(st.integers(min_value=-(10**12), max_value=10**12), min_size=1, max_size=8))
def test_growth_is_never_inf_or_nan(levels: list[int]) -> None:
    years = annual_table([(2020 + i, c, c) for i, c in enumerate(levels)])
    g = cashless.growth(years)
    for x, note in zip(g["count_growth"].to_list(), g["count_note"].to_list()):
        if x is None:
            assert note
        else:
            assert math.isfinite(x)


@given(st.lists(st.floats(min_value=-0.99, max_value=5.0), min_size=1, max_size=10))
def test_rates_average_matches_the_product_formula(rates: list[float]) -> None:
    product = math.prod(1 + r for r in rates)
    expected = product ** (1 / len(rates)) - 1
    assert cashless.average_growth_from_rates(rates) == pytest.approx(expected, rel=1e-9, abs=1e-12)
