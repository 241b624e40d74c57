"""Plain-text tables for the terminal: fixed formats, so output is identical run to run."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def integer(x: int | None) -> str:
    """Thousands-separated integer, or an em dash for a missing figure.

    >>> integer(1234567), integer(None)
    ('1,234,567', '—')
    """
    return "—" if x is None else f"{x:,}"


def growth_rate(g: float | None) -> str:
    """A growth fraction as a percentage with two decimals.

    >>> growth_rate(0.58861), growth_rate(-0.0884), growth_rate(None)
    ('58.86 %', '-8.84 %', '—')
    """
    return "—" if g is None else f"{g * 100:.2f} %"


def render_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int] = ()
) -> str:
    """Columns padded to their widest cell; the columns in ``right`` right-aligned.

    >>> print(render_table(["a", "bb"], [["x", "1"], ["yyy", "22"]], right={1}))
    a    bb
    ---  --
    x     1
    yyy  22
    """
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])
