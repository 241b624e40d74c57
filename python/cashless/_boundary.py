"""The package's edge: no exception but the library's own leaves a public function.

Errors raised while Python prepares a call (an argument of the wrong type, an integer too
large for the engine, a polars operation on a table it cannot apply to) are the caller's
errors like any other: they leave as :class:`cashless.ArgumentError` or
:class:`cashless.InputError`, with the original chained as ``__cause__``.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

import polars as pl

from cashless._cashless import ArgumentError, CashlessError, InputError, InternalError
from cashless._words import say

F = TypeVar("F", bound=Callable[..., Any])

# polars' errors that the input causes (a missing column, a type it cannot cast), as polars
# itself sorts them.
_INPUT = tuple(
    getattr(pl.exceptions, name)
    for name in (
        "ColumnNotFoundError",
        "ComputeError",
        "DuplicateError",
        "InvalidOperationError",
        "NoDataError",
        "OutOfBoundsError",
        "SchemaError",
        "SchemaFieldNotFoundError",
        "ShapeError",
        "StructFieldNotFoundError",
    )
    if hasattr(pl.exceptions, name)
)


def boundary(fn: F) -> F:
    """``fn`` with every foreign exception turned into the library's.

    >>> @boundary
    ... def year(as_of: int) -> int:
    ...     return int.to_bytes(as_of, 4, "big")[0]
    >>> import cashless; cashless.set_language("vi")
    >>> year(2**40)
    Traceback (most recent call last):
    ...
    cashless.ArgumentError: lỗi (OverflowError): int too big to convert
    >>> cashless.set_language("en")
    """

    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CashlessError:
            raise
        except _INPUT as e:
            raise InputError(_foreign(e)) from e
        except (TypeError, ValueError, OverflowError, KeyError, IndexError) as e:
            raise ArgumentError(_foreign(e)) from e
        except OSError as e:
            raise InputError(_foreign(e)) from e
        except MemoryError:
            raise
        except Exception as e:
            raise InternalError(
                say(
                    "lỗi bên trong cashless (xin báo cho người phát triển)",
                    "internal error in cashless (please report it)",
                )
                + f": {type(e).__name__}: {e}"
            ) from e

    return guarded  # type: ignore[return-value]


def _foreign(e: BaseException) -> str:
    """Another library's error, framed in the language of messages (its own words are its
    own)."""
    kind = type(e).__name__
    module = type(e).__module__
    if module != "builtins":
        kind = f"{module.split('.')[0]} {kind}"
    return say("lỗi", "error") + f" ({kind}): {e}"
