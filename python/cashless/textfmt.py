"""Plain-text tables for the terminal: fixed formats, so output is identical run to run."""

from __future__ import annotations

import re
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


def inert(text: str) -> str:
    r"""Text safe to print on a terminal: control characters (escape sequences among them)
    are shown as ``\xNN`` / ``\uNNNN`` instead of being sent to the terminal.

    >>> inert("Thọ Xuân\x1b[2J")
    'Thọ Xuân\\x1b[2J'
    """
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0 or code in (0x2028, 0x2029):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def spreadsheet_safe(text: str | None) -> str | None:
    """A cell that a spreadsheet opens as text or a number, never as a formula: a leading ``=``,
    ``+``, ``-``, ``@``, tab or carriage return gets a ``'`` before it (OWASP's advice on CSV
    injection), unless the cell is a plain number (``-5``, ``+1.234,5``), which runs nothing.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("+cmd|x"), spreadsheet_safe("-5")
    ("'=HYPERLINK(1)", "'+cmd|x", '-5')
    >>> spreadsheet_safe("-2+3+cmd|'/C calc'!A0"), spreadsheet_safe("Thọ Xuân")
    ("'-2+3+cmd|'/C calc'!A0", 'Thọ Xuân')
    """
    if text and text[0] in "=+-@\t\r" and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9.,\s]*%?")


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
    rows = [[inert(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])
