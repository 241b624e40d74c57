"""``annual`` against the same sums written as a plain polars group-by (the reference)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cashless

rows = st.lists(
    st.tuples(
        st.sampled_from(["380", "381", "384"]),
        st.integers(min_value=0, max_value=35),  # month offset from January 2022
        st.sampled_from(["internet", "mobile", "qr", "pos", "atm", "all"]),
        st.sampled_from(["NH01", "NH02"]),
        st.integers(min_value=0, max_value=10**12),
        st.integers(min_value=0, max_value=10**15),
    ),
    min_size=1,
    max_size=200,
    unique_by=lambda r: (r[0], r[1], r[2], r[3]),
)


def frame(data: list[tuple[str, int, str, str, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "region_code": [r[0] for r in data],
            "period": [dt.date(2022 + r[1] // 12, r[1] % 12 + 1, 1) for r in data],
            "channel": [r[2] for r in data],
            "bank": [r[3] for r in data],
            "count": [r[4] for r in data],
            "value": [r[5] for r in data],
        }
    )


@settings(max_examples=80, deadline=None)
@given(rows, st.sampled_from(["01-01", "12-01", "07-01"]))
def test_annual_equals_a_plain_group_by(data, year_start: str) -> None:
    tx = frame(data)
    start_month = int(year_start[:2])
    year = pl.col("period").dt.year() + (
        (pl.col("period").dt.month() >= start_month) & (start_month != 1)
    ).cast(pl.Int32)
    expected = (
        tx.group_by("region_code", "channel", year.alias("year"))
        .agg(
            pl.col("count").sum(),
            pl.col("value").sum(),
            pl.col("period").n_unique().cast(pl.Int32).alias("months"),
        )
        .sort("region_code", "channel", "year")
    )
    got = cashless.annual(tx, year_start=year_start, derive_all=False)
    assert got.select(expected.columns).rows() == expected.rows()


@settings(max_examples=60, deadline=None)
@given(rows)
def test_derived_all_is_the_same_through_with_all_and_annual(data) -> None:
    """The derivation rule serves both: annual's own `all` equals annual of with_all's rows."""
    tx = frame(data)
    direct = cashless.annual(tx)
    via_rows = cashless.annual(cashless.with_all(tx).drop("derived"), derive_all=False)
    cols = ["region_code", "channel", "year", "count", "value", "months"]
    assert direct.select(cols).rows() == via_rows.select(cols).rows()
    # And with_all is deterministic: the same rows in the same order every time.
    assert cashless.with_all(tx).equals(cashless.with_all(tx))


# Series with gaps, zeros and partial years: a year is full when all 12 months are there.
series = st.lists(
    st.tuples(
        st.sampled_from(["380", "381"]),
        st.integers(min_value=2020, max_value=2024),
        st.sets(st.integers(min_value=1, max_value=12), min_size=1, max_size=12),
        st.integers(min_value=0, max_value=10**6),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda r: (r[0], r[1]),
)


def monthly(data: list[tuple[str, int, set[int], int]]) -> pl.DataFrame:
    rows = [(r, dt.date(y, m, 1), n) for r, y, months, n in data for m in sorted(months)]
    return pl.DataFrame(
        {
            "region_code": [r[0] for r in rows],
            "period": [r[1] for r in rows],
            "channel": ["qr"] * len(rows),
            "count": [r[2] for r in rows],
            "value": [r[2] * 1000 for r in rows],
        }
    )


def reference_growth(
    data: list[tuple[str, int, set[int], int]],
) -> dict[tuple[str, int], float | None]:
    """Year-on-year growth of the count, by hand: null unless both years are full and the year
    before is positive (method §2)."""
    years = {(r, y): (len(months), n * len(months)) for r, y, months, n in data}
    out: dict[tuple[str, int], float | None] = {}
    for (r, y), (months, total) in years.items():
        before = years.get((r, y - 1))
        if before is None or months < 12 or before[0] < 12 or before[1] <= 0:
            out[(r, y)] = None
        else:
            out[(r, y)] = total / before[1] - 1
    return out


@settings(max_examples=80, deadline=None)
@given(series)
def test_growth_equals_the_formula_by_hand(data) -> None:
    years = cashless.annual(monthly(data), derive_all=False)
    got = cashless.growth(years)
    expected = reference_growth(data)
    assert got.height == len(expected)
    for row in got.iter_rows(named=True):
        want = expected[(row["region_code"], row["year"])]
        if want is None:
            assert row["count_growth"] is None
            assert row["count_note"], row  # a null always says why
        else:
            assert row["count_growth"] == pytest.approx(want, rel=1e-12, abs=1e-12)


def reference_same_period(
    data: list[tuple[str, int, set[int], int]], year: int, through: int
) -> dict[str, float | None]:
    """Months 1..through of `year` against the same months of the year before, by hand."""
    by = {(r, y): (months, n) for r, y, months, n in data}
    out: dict[str, float | None] = {}
    for region in {r for r, *_ in data}:
        cur, prev = by.get((region, year)), by.get((region, year - 1))
        if cur is None and prev is None:
            continue
        wanted = set(range(1, through + 1))
        if cur is None or prev is None or not wanted <= cur[0] or not wanted <= prev[0]:
            out[region] = None
            continue
        base = prev[1] * through
        out[region] = None if base <= 0 else cur[1] * through / base - 1
    return out


@settings(max_examples=80, deadline=None)
@given(series, st.integers(min_value=2021, max_value=2024), st.integers(min_value=1, max_value=12))
def test_same_period_growth_equals_the_formula_by_hand(data, year: int, through: int) -> None:
    expected = reference_same_period(data, year, through)
    got = cashless.same_period_growth(monthly(data), year, through, derive_all=False)
    got_by = {r["region_code"]: r for r in got.iter_rows(named=True)}
    for region, want in expected.items():
        if region not in got_by:
            # Nothing of either year's first months: no row, and nothing to compare.
            assert want is None
            continue
        row = got_by[region]
        if want is None:
            assert row["count_growth"] is None and row["count_note"]
        else:
            assert row["count_growth"] == pytest.approx(want, rel=1e-12, abs=1e-12)


def reference_average(data: list[tuple[str, int, set[int], int]], start: int, end: int):
    """The stage average of the count by hand (method §2): the base year full and positive, the
    last full year of the stage, ``(X_last / X_base)^(1/n) - 1``; null otherwise."""
    years = {(r, y): (len(months), n * len(months)) for r, y, months, n in data}
    out = {}
    for region in {r for r, *_ in data}:
        base = years.get((region, start - 1))
        full = [y for y in range(start, end + 1) if years.get((region, y), (0, 0))[0] == 12]
        if base is None or base[0] < 12 or base[1] <= 0 or not full:
            out[region] = None
            continue
        last = max(full)
        out[region] = (years[(region, last)][1] / base[1]) ** (1 / (last - start + 1)) - 1
    return out


@settings(max_examples=80, deadline=None)
@given(series)
def test_average_growth_equals_the_formula_by_hand(data) -> None:
    years = cashless.annual(monthly(data), derive_all=False)
    got = cashless.average_growth(years, 2021, 2024).filter(metric="count")
    expected = reference_average(data, 2021, 2024)
    assert sorted(got["region_code"].to_list()) == sorted(expected)
    for row in got.iter_rows(named=True):
        want = expected[row["region_code"]]
        if want is None:
            assert row["avg_growth"] is None and row["note"], row
        else:
            assert row["avg_growth"] == pytest.approx(want, rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(rows)
def test_rollup_equals_the_sums_by_hand(data) -> None:
    tx = frame(data)
    got = cashless.rollup(tx, cashless.sample_regions(), "province")
    sums: dict[tuple, list[int]] = {}
    for _, month, channel, bank, count, value in data:
        key = (dt.date(2022 + month // 12, month % 12 + 1, 1), channel, bank)
        s = sums.setdefault(key, [0, 0])
        s[0] += count
        s[1] += value
    assert set(got["region_code"].to_list()) == {"38"}
    rolled = {
        (r["period"], r["channel"], r["bank"]): [r["count"], r["value"]]
        for r in got.iter_rows(named=True)
    }
    assert rolled == sums
