"""Invariants every suite checks on whatever the library returns.

Every public function of :mod:`cashless` is wrapped for the test session: each table it returns
(a DataFrame, or the frame of a result object) must hold only finite floats or nulls, and each
exception it raises must be a :class:`cashless.CashlessError`. A test that calls the library
checks both without saying so.
"""

from __future__ import annotations

import functools
import inspect
import math
from typing import Any

import polars as pl
import pytest

import cashless

# Result objects and the attributes that hold their tables.
_TABLES = ("data", "frame", "ledger", "rejected", "table")


def floats_are_finite(frame: pl.DataFrame, where: str) -> None:
    """Fails when a float column of ``frame`` holds NaN or an infinity."""
    for name, dtype in frame.schema.items():
        if dtype in (pl.Float32, pl.Float64):
            bad = frame.filter(pl.col(name).is_nan() | pl.col(name).is_infinite())
            assert bad.height == 0, f"{where}: column {name!r} holds {bad[name].to_list()[:5]}"


def _check_result(result: Any, where: str) -> None:
    if isinstance(result, pl.DataFrame):
        floats_are_finite(result, where)
    elif isinstance(result, float):
        assert math.isfinite(result), f"{where} returned {result}"
    else:
        for attribute in _TABLES:
            table = getattr(result, attribute, None)
            if isinstance(table, pl.DataFrame):
                floats_are_finite(table, f"{where}.{attribute}")


def _checked(fn: Any) -> Any:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
        except cashless.CashlessError:
            raise
        except Exception as e:  # pragma: no cover - the invariant failing
            pytest.fail(f"cashless.{fn.__name__} raised {type(e).__name__}: {e}")
        _check_result(result, f"cashless.{fn.__name__}")
        return result

    return call


@pytest.fixture(autouse=True, scope="session")
def _library_invariants() -> Any:
    # The check itself must be able to fail.
    with pytest.raises(AssertionError, match="holds"):
        floats_are_finite(pl.DataFrame({"g": [0.1, float("nan")]}), "self-check")
    saved = {}
    for name in cashless.__all__:
        fn = getattr(cashless, name)
        if inspect.isfunction(fn):
            saved[name] = fn
            setattr(cashless, name, _checked(fn))
    yield
    for name, fn in saved.items():
        setattr(cashless, name, fn)
