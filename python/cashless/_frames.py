"""Bringing user tables into a form that crosses into Rust safely."""

from __future__ import annotations

from typing import Any

import polars as pl

from cashless._cashless import ArgumentError


def to_frame(obj: Any, argument: str) -> pl.DataFrame:
    """An eager DataFrame whose column types all cross the bridge.

    LazyFrames are collected here: their plans only load into the very polars build that made
    them, so they never cross. Categorical and Enum columns become String, and Decimal columns
    Int64 (whole) or Float64, so the Rust side sees only types it reads in every polars version.

    >>> lf = pl.LazyFrame({"channel": ["qr"]}, schema={"channel": pl.Categorical})
    >>> to_frame(lf, "tx").schema["channel"]
    String
    """
    if isinstance(obj, pl.LazyFrame):
        obj = obj.collect()
    if not isinstance(obj, pl.DataFrame):
        kind = type(obj).__module__ + "." + type(obj).__qualname__
        if kind.startswith("pandas."):
            hint = "; convert it with polars.from_pandas(...)"
        else:
            hint = ""
        raise ArgumentError(f"`{argument}` must be a polars.DataFrame, got {kind}{hint}")
    casts = []
    for name, dtype in obj.schema.items():
        base = dtype.base_type()
        if base in (pl.Categorical, pl.Enum):
            casts.append(pl.col(name).cast(pl.String))
        elif base == pl.Decimal:
            scale = getattr(dtype, "scale", None)
            casts.append(pl.col(name).cast(pl.Int64 if scale == 0 else pl.Float64))
    return obj.with_columns(casts) if casts else obj
