"""Whatever a user passes is accepted or refused with the library's own exception."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cashless


def tx(**overrides: object) -> pl.DataFrame:
    base: dict[str, object] = {
        "region_code": ["380", "380"],
        "period": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)],
        "channel": ["Mobile Banking", "mobile"],
        "count": [10, 20],
        "value": [100, 200],
    }
    base.update(overrides)
    return pl.DataFrame(base)


def test_categorical_enum_and_float_inputs_are_accepted() -> None:
    df = tx().with_columns(
        pl.col("region_code").cast(pl.Categorical),
        pl.col("channel").cast(pl.Enum(["Mobile Banking", "mobile"])),
        pl.col("count").cast(pl.Float64),
        pl.col("value").cast(pl.Int16),
    )
    out = cashless.canonical(df)
    assert out.schema["count"] == pl.Int64
    assert out["channel"].to_list() == ["mobile", "mobile"]
    assert out["count"].to_list() == [10, 20]


def test_lazyframe_is_collected_before_crossing() -> None:
    years = cashless.annual(tx().lazy())
    assert years.filter(channel="mobile")["count"].to_list() == [30]


def test_unknown_channel_names_row_column_and_value() -> None:
    with pytest.raises(cashless.UnknownChannelError) as info:
        cashless.canonical(tx(channel=["mobile", "Tiền mặt"]), source="nh01.csv")
    e = info.value
    assert (e.source, e.row, e.column, e.value) == ("nh01.csv", 1, "channel", "Tiền mặt")
    assert isinstance(e, cashless.InputError)
    assert isinstance(e, Exception)


def test_bad_values_name_where_they_are() -> None:
    with pytest.raises(cashless.InputError) as info:
        cashless.annual(tx(count=[10, -3]))
    assert (info.value.row, info.value.column, info.value.value) == (1, "count", "-3")
    with pytest.raises(cashless.InputError, match="not a whole number"):
        cashless.annual(tx(count=[10.0, 2.5]))
    with pytest.raises(cashless.InputError, match="is missing"):
        cashless.annual(tx(count=[10, None]))
    with pytest.raises(cashless.InputError, match="has type bool"):
        cashless.annual(tx(count=[True, False]))
    with pytest.raises(cashless.InputError, match="missing column `value`"):
        cashless.annual(tx().drop("value"))
    with pytest.raises(cashless.InputError, match="duplicate key"):
        cashless.annual(tx(period=[dt.date(2024, 1, 1)] * 2))


def test_wrong_arguments() -> None:
    with pytest.raises(cashless.ArgumentError, match=r"must be a polars\.DataFrame"):
        cashless.annual({"region_code": ["1"]})  # type: ignore[arg-type]
    with pytest.raises(cashless.ArgumentError, match="MM-DD"):
        cashless.annual(tx(), year_start="December")
    with pytest.raises(cashless.ArgumentError, match="method"):
        cashless.average_growth(cashless.annual(tx()), method="harmonic")  # type: ignore[arg-type]
    with pytest.raises(cashless.ArgumentError):
        cashless.average_growth_from_rates([])
    with pytest.raises(cashless.UnknownChannelError):
        cashless.annual(tx(), additive=["internet", "telepathy"])


DTYPES = [
    pl.Int8,
    pl.Int32,
    pl.Int64,
    pl.UInt32,
    pl.UInt64,
    pl.Float32,
    pl.Float64,
    pl.String,
    pl.Boolean,
    pl.Categorical,
    pl.Date,
    pl.Datetime("us"),
    pl.Null,
]


def retyped(df: pl.DataFrame, dtypes: list[pl.DataType]) -> pl.DataFrame:
    """Each column cast to the matching dtype, or all-null where polars cannot cast it."""
    cols = []
    for name, dtype in zip(df.columns, dtypes):
        try:
            cols.append(df[name].cast(dtype, strict=False))
        except Exception:
            cols.append(pl.Series(name, [None] * df.height, dtype=pl.Null))
    return pl.DataFrame(cols)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(DTYPES), min_size=5, max_size=5))
def test_no_dtype_escapes_as_anything_but_our_errors(dtypes: list[pl.DataType]) -> None:
    """Any column types: a result or a CashlessError, never a panic or a foreign exception."""
    try:
        cashless.annual(retyped(tx(channel=["mobile", "qr"]), dtypes))
    except cashless.CashlessError:
        pass


def test_native_module_reads_categorical_without_the_python_layer() -> None:
    """Even bypassing the typed API, a Categorical column is read, never a PanicException."""
    from cashless import _cashless

    df = tx(channel=["mobile", "qr"]).with_columns(
        pl.col("channel").cast(pl.Categorical), pl.col("region_code").cast(pl.Categorical)
    )
    out = _cashless.canonical(df)
    assert out["channel"].to_list() == ["mobile", "qr"]
    assert out.schema["region_code"] == pl.String


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(DTYPES), min_size=4, max_size=4))
def test_indicator_tables_of_any_dtype_give_our_errors(dtypes: list[pl.DataType]) -> None:
    """The indicator table too: any column types give verdicts or a CashlessError."""
    ind = pl.DataFrame(
        {
            "region_code": ["380", "380"],
            "year": [2025, 2025],
            "indicator": ["schools", "schools_accepting_cashless"],
            "value": [10.0, 9.0],
        }
    )
    try:
        result = cashless.attainment(tx(channel=["mobile", "qr"]), retyped(ind, dtypes))
    except cashless.CashlessError:
        return
    assert set(result.data["status"].unique()) <= set(cashless.targets.STATUSES)
