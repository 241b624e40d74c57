"""Bringing user tables into a form that crosses into Rust safely."""

from __future__ import annotations

import os
from typing import Any

import polars as pl

from cashless._cashless import ArgumentError
from cashless._words import say


def to_frame(obj: Any, argument: str, decimal_mark: str | None = None) -> pl.DataFrame:
    """An eager DataFrame whose column types all cross the bridge.

    LazyFrames are collected here: their plans only load into the very polars build that made
    them, so they never cross. Categorical and Enum columns become String. Decimal columns
    become Int64 when every value is whole (exactly: never through a float, which holds whole
    numbers only up to 2^53); otherwise text with ``decimal_mark`` when the reader is given
    one (it then parses them exactly), or Float64.

    >>> lf = pl.LazyFrame({"channel": ["qr"]}, schema={"channel": pl.Categorical})
    >>> to_frame(lf, "tx").schema["channel"]
    String
    >>> from decimal import Decimal
    >>> big = pl.DataFrame({"count": [Decimal("9007199254740993.00")]})
    >>> to_frame(big, "tx")["count"].to_list()
    [9007199254740993]
    >>> half = pl.DataFrame({"value": [Decimal("1234.50")]})
    >>> to_frame(half, "table", decimal_mark=",")["value"].to_list()
    ['1234,50']
    """
    if isinstance(obj, pl.LazyFrame):
        obj = obj.collect()
    if not isinstance(obj, pl.DataFrame):
        kind = type(obj).__module__ + "." + type(obj).__qualname__
        if kind.startswith("pandas."):
            hint = say(
                "; đổi bằng polars.from_pandas(...)", "; convert it with polars.from_pandas(...)"
            )
        else:
            hint = ""
        raise ArgumentError(
            say(
                f"`{argument}` phải là một polars.DataFrame, không phải {kind}{hint}",
                f"`{argument}` must be a polars.DataFrame, got {kind}{hint}",
            )
        )
    casts = []
    for name, dtype in obj.schema.items():
        base = dtype.base_type()
        if base in (pl.Categorical, pl.Enum):
            casts.append(pl.col(name).cast(pl.String))
        elif base == pl.Object:
            # Python objects do not cross; their text does (a note column nobody reads).
            casts.append(
                pl.col(name).map_elements(
                    lambda v: None if v is None else str(v), return_dtype=pl.String
                )
            )
        elif base == pl.Decimal:
            column = obj.get_column(name)
            whole = column.cast(pl.Int64, strict=False)
            if whole.null_count() == column.null_count() and (whole.cast(dtype) == column).all():
                casts.append(pl.col(name).cast(pl.Int64))
            elif decimal_mark is not None:
                casts.append(
                    pl.col(name).cast(pl.String).str.replace(".", decimal_mark, literal=True)
                )
            else:
                casts.append(pl.col(name).cast(pl.Float64))
    return obj.with_columns(casts) if casts else obj


def region_table(regions: Any) -> pl.DataFrame | None:
    """A region table from a DataFrame, a built-in map's name (``"vn-2025"``, with
    ``":38"`` or ``":Thanh Hóa"`` for one province) or a CSV path; ``None`` stays ``None``.

    >>> region_table("vn-2025:38").height
    167
    """
    if regions is None:
        return None
    if isinstance(regions, (str, os.PathLike)):
        from cashless._cashless import load_regions

        return load_regions(regions)
    return to_frame(regions, "regions")
