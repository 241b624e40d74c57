r"""Reading reports as they arrive, with a ledger of every row, and the rows behind a figure.

:func:`read` takes CSV (``,`` or ``;``, with or without a byte-order mark), Excel ``.xlsx``
(every sheet, or one), Parquet files, or a DataFrame, in the long layout (a row per channel)
or the wide one (a column per channel and measure, "Số lượng GD qua Internet Banking (món)").
Units come from the headers, numbers and periods are read the Vietnamese way, region names
are matched to codes. It returns a :class:`Read`: the canonical table with where each row came
from, and the ledger.

>>> import polars as pl, cashless
>>> raw = pl.DataFrame({"Mã đơn vị": ["380", "380"], "Kỳ": ["T5/2023", "T6/2023"],
...                     "Số lượng GD Mobile banking (nghìn món)": ["1,5", "2"],
...                     "Giá trị GD Mobile banking (tỷ đồng)": ["2,25", "3"]})
>>> r = cashless.read(raw)
>>> r.data["count"].to_list(), r.data["value"].to_list()
([1500, 2000], [2250000000, 3000000000])
>>> r
<Read 2 rows read: 2 kept, 0 rejected, 0 skipped; 0 errors, 0 warnings>
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Union

import polars as pl

from cashless import _cashless
from cashless._cashless import Read
from cashless._frames import region_table, to_frame
from cashless._words import say

PathLike = Union[str, "os.PathLike[str]"]
Source = Union[
    PathLike,
    Sequence[PathLike],
    Mapping[str, Union[PathLike, Sequence[PathLike]]],
    pl.DataFrame,
    pl.LazyFrame,
]


def _bank_files(source: Mapping[str, Any]) -> tuple[list[str], list[tuple[str, str]]]:
    """``{"NH01": "a.xlsx", "NH02": ["b.xlsx", "c.xlsx"]}``: the files, and each one's bank."""
    paths: list[str] = []
    banks: list[tuple[str, str]] = []
    for bank, files in source.items():
        files = [files] if isinstance(files, (str, os.PathLike)) else list(files)
        for f in files:
            if not isinstance(f, (str, os.PathLike)) or not isinstance(bank, str):
                raise _cashless.ArgumentError(
                    say(
                        f"tệp của ngân hàng ghi dạng {{ngân hàng: tệp hoặc các tệp}}, không phải "
                        f"{bank!r}: {f!r}",
                        f"banks' files are given as {{bank: file or files}}, got {bank!r}: {f!r}",
                    )
                )
            paths.append(os.fspath(f))
            banks.append((os.fspath(f), bank))
    return paths, banks


def _source(
    source: Source, style: str
) -> tuple[list[str] | None, pl.DataFrame | None, list[tuple[str, str]] | None]:
    """Files (with each one's bank, for ``{bank: files}``) or a table to read."""
    if isinstance(source, Mapping):
        paths, banks = _bank_files(source)
        return paths, None, banks
    paths = _paths(source)
    if paths is not None:
        return paths, None, None
    # Decimals that are not whole cross as text in the style being read, so they stay exact.
    mark = "," if style == "vi" else "."
    return None, to_frame(source, "source", decimal_mark=mark), None


def _paths(source: Source) -> list[str] | None:
    # Any table (a pandas or pyarrow one too) goes to `to_frame`, which names its type; a
    # table iterated would give its column names as file names.
    if isinstance(source, (pl.DataFrame, pl.LazyFrame)) or hasattr(source, "columns"):
        return None
    if isinstance(source, (str, os.PathLike)):
        return [os.fspath(source)]
    try:
        paths = list(source)
        if not all(isinstance(p, (str, os.PathLike)) for p in paths):
            raise TypeError
        return [os.fspath(p) for p in paths]
    except TypeError:
        raise _cashless.ArgumentError(
            say(
                f"`source` là một tệp, một danh sách tệp hoặc một polars.DataFrame, không phải "
                f"{source!r}",
                f"`source` must be a file, a list of files or a polars.DataFrame, got {source!r}",
            )
        ) from None


def read(
    source: Source,
    *,
    sheet: str | None = None,
    style: Literal["vi", "en"] = "vi",
    mapping: PathLike | str | None = None,
    regions: pl.DataFrame | str | os.PathLike[str] | None = None,
    count_unit: str | None = None,
    value_unit: str | None = None,
    period: str | None = None,
    bank: str | None = None,
    bank_from: Literal["name", "title"] | None = None,
    region: str | None = None,
    keep_going: bool = False,
    additive: Sequence[str] | None = None,
    per_transaction: tuple[int, int] | None = None,
    progress: bool = False,
    name: str = "DataFrame",
) -> Read:
    r"""Reads files or a table into the canonical transactions table, with a ledger.

    ``source``: a path, a list of paths (``.csv``, ``.xlsx``, ``.parquet``) or a DataFrame
    (``name`` then names it in the ledger). Banks' files without a bank column take their
    bank from ``{"NH01": "nh01-03.xlsx", "NH02": ["nh02-03.xlsx", "nh02-04.xlsx"]}``, or from
    a path written ``"NH01=nh01-03.xlsx"`` as on the command line; or, when asked with
    ``bank_from``, from the file name (``"name"``: ``NH07_2024-03.xlsx`` is NH07's) or the title
    block (``"title"``: the line "NGÂN HÀNG TMCP … - CHI NHÁNH …" as written). ``sheet``: only
    this sheet of each workbook.
    ``style``: ``"vi"`` reads ``1.234,5``, ``"en"`` reads ``1,234.5``. ``mapping``: a TOML file
    (or TOML text) for headers the built-in words do not know. ``regions``: the region table
    (a DataFrame, a CSV path, or a built-in map: ``"vn-2025"``, ``"vn-2025-06:Thanh Hóa"``);
    region cells are then checked and names matched to codes, and with a built-in map every
    row carries its ``region_map``. ``count_unit`` /
    ``value_unit``: the units of headers that name none ("nghìn món", "triệu đồng").
    ``period``, ``bank``, ``region``: the same for every row, for files without that column
    (a file per bank and month). ``additive``: channels a reported ``all`` must not be smaller
    than. ``per_transaction``: the plausible value per transaction in đồng.

    Errors (a cell that is not a number, an unknown channel or region, a duplicate key …)
    raise :class:`IngestError`, whose ``ledger`` lists them all, unless ``keep_going``: the
    good rows are then kept and the errors stay in :attr:`Read.ledger`. Warnings never stop
    a read.

    >>> import cashless
    >>> bad = pl.DataFrame({"region_code": ["380", "380"], "period": ["2023-01", "2023-02"],
    ...                     "channel": ["mobile", "fax"], "count": [1, 2], "value": [5000, 9000]})
    >>> try:
    ...     cashless.read(bad)
    ... except cashless.IngestError as e:
    ...     print(e.row, e.column, e.value, e.ledger["check"].to_list())
    1 channel fax ['unknown_channel']
    >>> cashless.read(bad, keep_going=True).data.height
    1
    """
    paths, table, file_banks = _source(source, style)
    mapping_path = mapping_toml = None
    if mapping is not None:
        text = os.fspath(mapping)
        if "\n" in text:
            mapping_toml = text
        else:
            mapping_path = text
    return _cashless.read(
        paths=paths,
        table=table,
        source=name,
        sheet=sheet,
        style=style,
        mapping=mapping_path,
        mapping_toml=mapping_toml,
        regions=region_table(regions),
        count_unit=count_unit,
        value_unit=value_unit,
        period=period,
        bank=bank,
        region=region,
        keep_going=keep_going,
        additive=None if additive is None else list(additive),
        per_transaction=per_transaction,
        progress=progress,
        file_banks=file_banks,
        bank_from=bank_from,
    )


def labels(kind: str | None = None) -> pl.DataFrame:
    """Every label the reader accepts: ``kind, label, means``.

    Kinds: ``channel`` (the labels banks write for each channel), ``refused`` (labels that
    name no one channel, with the reason), ``column`` and ``measure`` (header words),
    ``unit``, ``region_kind`` (Tỉnh, TP, Huyện, Xã … and their abbreviations), ``indicator``
    and ``period``. Labels are compared without case, diacritics or punctuation.

    >>> labels("channel").filter(label="tong cong ttkdtm")["means"].item()
    'all'
    """
    table = _cashless.labels()
    return table if kind is None else table.filter(pl.col("kind") == kind)


def read_indicators(
    source: Source,
    *,
    sheet: str | None = None,
    style: Literal["vi", "en"] = "vi",
    regions: pl.DataFrame | str | os.PathLike[str] | None = None,
    region: str | None = None,
    keep_going: bool = False,
    name: str = "DataFrame",
) -> Read:
    """Reads indicator tables as agencies send them, with a ledger: the table
    ``region_code, year, indicator, value`` that share and coverage targets read.

    Long tables (a row per unit, year and indicator: "Chỉ tiêu", "Đơn vị tính", "Giá trị") and
    wide ones (a column per indicator, "Dân số từ 15 tuổi trở lên (người)") are read with the
    Vietnamese rules for numbers, region names and title blocks. Labels are matched, with or
    without diacritics, to the names :func:`cashless.indicators` lists; one it does not list is
    an error with its row. Amounts in đồng take their unit ("triệu đồng"); a percentage for a
    figure that counts is refused. The library's own CSV (``region_code,year,indicator,value``)
    reads as it is.

    >>> table = pl.DataFrame({"Mã đơn vị": ["38"], "Năm": [2025], "Chỉ tiêu": ["Cơ sở giáo dục"],
    ...                       "Giá trị": ["2.150"]})
    >>> read_indicators(table).data.select("indicator", "value").row(0)
    ('schools', 2150.0)
    """
    paths, table, _ = _source(source, style)
    return _cashless.read(
        paths=paths,
        table=table,
        source=name,
        sheet=sheet,
        style=style,
        regions=region_table(regions),
        region=region,
        keep_going=keep_going,
        indicators=True,
    )


def _years(row: Mapping[str, Any]) -> tuple[int, int]:
    if "base_year" in row and "end_year" in row:  # average_growth
        return int(row["base_year"]), int(row["end_year"])
    if "years_used" in row and row.get("years_used") is not None:  # attainment
        return int(row["year"]) - int(row["years_used"]), int(row["year"])
    year = int(row["year"])
    if any(k.endswith("_growth") for k in row):  # growth: this year and the one before
        return year - 1, year
    return year, year


def explain(
    data: pl.DataFrame | Read,
    row: Mapping[str, Any] | pl.DataFrame,
    *,
    year_start: str = "01-01",
    regions: pl.DataFrame | str | os.PathLike[str] | None = None,
    additive: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The input rows — file, sheet, row, bank — behind one row of a result.

    ``row``: a row of :func:`annual` (its year), :func:`growth` (its year and the one
    before), :func:`average_growth` (base year to end year) or :func:`attainment` (a growth
    target: the stage's base year to its last year), as a dict (``df.row(i, named=True)``)
    or a one-row DataFrame. Give the ``year_start``, ``regions`` (for a rolled-up unit) and
    ``additive`` the result was computed with. The rows' counts and values sum to the
    figure's.

    >>> import cashless
    >>> r = cashless.read(pl.DataFrame({"region_code": ["380", "381", "380"],
    ...     "period": ["2023-01", "2023-01", "2023-02"], "channel": "mobile",
    ...     "count": [1, 2, 4], "value": [5000, 9000, 20000]}), name="a.csv")
    >>> years = cashless.annual(r.data)
    >>> explain(r, years.row(0, named=True))["source_row"].to_list()
    [0, 2]
    """
    frame = data.data if isinstance(data, Read) else to_frame(data, "data")
    if isinstance(row, pl.DataFrame):
        if row.height != 1:
            raise _cashless.ArgumentError(
                say(
                    f"explain nhận một dòng, không phải {row.height} dòng",
                    f"explain takes one row, got {row.height}",
                )
            )
        row = row.row(0, named=True)
    if row.get("region_code") is None or (row.get("year") is None and "base_year" not in row):
        raise _cashless.ArgumentError(
            say(
                f"dòng này không có số liệu để giải thích (không có đơn vị hay năm): {dict(row)!r}",
                f"this row has no figure to explain (no region or year): {dict(row)!r}",
            )
        )
    if "target_id" in row:
        indicator = str(row.get("indicator") or "")
        parts = indicator.split(" ")
        if len(parts) != 2 or parts[1] not in ("count", "value"):
            raise _cashless.ArgumentError(
                say(
                    f"chỉ tiêu {row['target_id']!r} được đánh giá theo {indicator!r}, không theo "
                    "giao dịch: số liệu của nó lấy từ bảng chỉ tiêu",
                    f"target {row['target_id']!r} is judged on {indicator!r}, not on "
                    "transactions: its figures come from the indicator table",
                )
            )
        channel = parts[0]
    else:
        channel = row["channel"]
    first, last = _years(row)
    return _cashless.explain(
        frame,
        region_code=str(row["region_code"]),
        channel=channel,
        first=first,
        last=last,
        bank=row.get("bank"),
        year_start=year_start,
        regions=region_table(regions),
        additive=None if additive is None else list(additive),
    )
