"""``annual`` against the same sums written as a plain polars group-by (the reference)."""

from __future__ import annotations

import datetime as dt

import polars as pl
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
