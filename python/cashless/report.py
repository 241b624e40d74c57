"""The yearly report: from the data to Excel, HTML, Markdown and SVG charts.

:func:`report` computes every figure in the Rust core, the same code as the ``cashless report``
command, so a notebook, the command and a Rust service write the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal, NamedTuple, Union

import polars as pl

from cashless import _cashless
from cashless._frames import region_table, to_frame
from cashless._words import say
from cashless.ingest import Read
from cashless.targets import Catalogue, _load_catalogue

PathLike = Union[str, "os.PathLike[str]"]
Data = Union[
    Read,
    pl.DataFrame,
    pl.LazyFrame,
    PathLike,
    Sequence[PathLike],
    Mapping[str, Union[PathLike, Sequence[PathLike]]],
    None,
]


class Chart(NamedTuple):
    """A chart of the report: its file-name part, caption, SVG markup and PNG image (three
    pixels per pixel of the SVG, for Word and print). Both carry the title, legend and units.

    >>> import cashless
    >>> chart = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025).charts[0]
    >>> chart.name, chart.png[:4]
    ('channel-mix', b'\\x89PNG')
    """

    name: str
    title: str
    svg: str
    png: bytes

    def _repr_svg_(self) -> str:
        return self.svg


class Section(NamedTuple):
    """A section: id, heading, sentences, table titles and charts."""

    id: str
    title: str
    paragraphs: list[str]
    tables: list[str]
    charts: list[Chart]


class Report:
    """A computed yearly report. It shows itself in Jupyter; :meth:`save` writes its files.

    >>> r = report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, lang="en")
    >>> [s.id for s in r.sections]
    ['summary', 'channels', 'targets', 'regions', 'quality', 'method']
    >>> r.table("summary").columns
    ['Kind', 'Status', 'Targets']
    """

    def __init__(self, native: _cashless.NativeReport) -> None:
        self._native = native
        self.title: str = native.title
        self.file_stem: str = native.file_stem
        self.sections: list[Section] = [
            Section(id, title, paragraphs, tables, [Chart(*c) for c in charts])
            for id, title, paragraphs, tables, charts in native.sections()
        ]

    def section(self, id: str) -> Section:
        """The section with this id (``summary``, ``channels``, ``targets``, ``regions``,
        ``quality``, ``method``)."""
        for s in self.sections:
            if s.id == id:
                return s
        ids = ", ".join(s.id for s in self.sections)
        raise _cashless.ArgumentError(
            say(
                f"không có phần {id!r}; các phần là {ids}",
                f"no section {id!r}; the sections are {ids}",
            )
        )

    def table(self, section: str, index: int = 0) -> pl.DataFrame:
        """Table ``index`` of a section as a DataFrame: figures are numbers (percentages as
        fractions, values in billions of đồng), other cells the report's text."""
        return self._native.table(section, index)

    def view(self, section: str, index: int = 0) -> TableView:
        """Table ``index`` of a section as the report prints it, for a notebook: counts with
        separators, growth as percentages, statuses in words, in the report's language, with
        the report's own alignment. :meth:`table` gives the numbers to compute with.

        >>> r = report(sample=True, catalogue="thanh-hoa-106-2022", year=2025)
        >>> "73.146.680" in r.view("channels")._repr_html_()
        True
        """
        return TableView(self._native.table_html(section, index), self.table(section, index))

    @property
    def findings(self) -> list[str]:
        """The summary's sentences: coverage (and warnings), the year's volume, the targets
        counted, those that fall short by name, the laggards."""
        return self.section("summary").paragraphs

    @property
    def charts(self) -> list[Chart]:
        """Every chart, in section order."""
        return [c for s in self.sections for c in s.charts]

    def html(self) -> str:
        """The self-contained page: inline CSS and SVG, every text escaped."""
        return self._native.html()

    def markdown(self) -> str:
        """The report as Markdown; charts are linked as the PNG files :meth:`save` writes."""
        return self._native.markdown()

    def xlsx(self) -> bytes:
        """The Excel workbook's bytes."""
        return bytes(self._native.xlsx())

    def docx(self) -> bytes:
        """The Word document's bytes: the layout of Decree 30/2020/NĐ-CP, the tables and charts
        in an annex (see :func:`report`'s ``letterhead``)."""
        return bytes(self._native.docx())

    def save(self, out: PathLike = ".") -> list[Path]:
        """Writes ``.xlsx``, ``.docx``, ``.html``, ``.md`` and, per chart, an ``.svg`` and a
        ``.png`` into ``out``."""
        return [Path(p) for p in self._native.save(os.fspath(out))]

    def __repr__(self) -> str:
        return f"<cashless.Report {self.title!r}: {', '.join(s.id for s in self.sections)}>"

    def _repr_html_(self) -> str:
        return self._native.html_fragment()


class TableView:
    """One report table formatted for display; ``data`` holds its numbers."""

    def __init__(self, html: str, data: pl.DataFrame) -> None:
        self._html = html
        self.data = data

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return repr(self.data)


def report(
    data: Data = None,
    *,
    catalogue: Catalogue | str,
    year: int,
    sample: bool = False,
    as_of: str | None = None,
    estimate: Literal["same_period", "run_rate", "none"] | None = None,
    period: Literal["year", "h1"] = "year",
    region: str | None = None,
    lang: Literal["vi", "en"] = "vi",
    regions: pl.DataFrame | PathLike | None = None,
    indicators: pl.DataFrame | PathLike | None = None,
    keep_going: bool = False,
    letterhead: PathLike | None = None,
) -> Report:
    """The yearly report of ``year`` against a plan's ``catalogue`` (id or TOML path).

    ``data`` is one of: the result of :func:`cashless.read` (its ledger fills the data-quality
    section), a canonical monthly DataFrame, or files to read as :func:`cashless.read` does.
    ``sample=True`` takes the built-in synthetic sample with its regions and indicators.
    ``as_of`` (``"2025-10-31"``) leaves out later months and dates the report. ``estimate``
    completes a partial report year (see :func:`cashless.estimate_year`); by default the
    report estimates by the same period when the year is the stage's last and at least half of
    it is in the data (the final report of a stage), and says so. ``period="h1"`` gives the
    report on the first six months (báo cáo 6 tháng đầu năm): data to the end of the sixth
    month (or ``as_of``, if earlier), growth against the same months of the year before, no
    estimate. ``region``
    picks the unit when the data has several; ``regions`` (a table or CSV) names units, rolls
    districts up and ranks them; ``indicators`` (a table or CSV) feeds the share targets.
    ``letterhead``: the branch's TOML file for the Word document (issuing body, number and
    symbol, place and date, recipients, signer); what it leaves out is a placeholder.

    >>> r = report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, as_of="2025-10-31")
    >>> r.file_stem
    'bao-cao-2025'
    >>> r.findings[1][:40]
    'Năm 2025 (11 tháng, đến 31/10/2025): Tỉn'
    >>> r.findings[2].split(". ")[0]
    'Kế hoạch có 23 chỉ tiêu: 17 chỉ tiêu đạt hoặc vượt, 6 chỉ tiêu không đạt'
    """
    cat = catalogue if isinstance(catalogue, Catalogue) else _load_catalogue(catalogue)
    kwargs: dict[str, object] = {}
    if sample:
        if data is not None:
            raise _cashless.ArgumentError(
                say(
                    "đưa vào data hoặc sample=True, không phải cả hai",
                    "give data or sample=True, not both",
                )
            )
    elif isinstance(data, Read):
        kwargs["read"] = data
    elif isinstance(data, (pl.DataFrame, pl.LazyFrame)):
        kwargs["data"] = to_frame(data, "data")
    elif isinstance(data, (str, os.PathLike)):
        kwargs["paths"] = [os.fspath(data)]
    elif isinstance(data, Mapping):
        # {bank: file or files}: written "BANK=file" as on the command line.
        kwargs["paths"] = [
            f"{bank}={os.fspath(f)}"
            for bank, files in data.items()
            for f in ([files] if isinstance(files, (str, os.PathLike)) else files)
        ]
    elif data is not None:
        kwargs["paths"] = [os.fspath(p) for p in data]
    else:
        raise _cashless.ArgumentError(
            say(
                "đưa vào data (kết quả read, một bảng hoặc các tệp) hoặc sample=True",
                "give data (a read, a table or files) or sample=True",
            )
        )
    if isinstance(indicators, (str, os.PathLike)):
        kwargs["indicators_path"] = os.fspath(indicators)
    elif indicators is not None:
        kwargs["indicators"] = to_frame(indicators, "indicators")
    native = _cashless.report(
        cat._native,
        year,
        sample=sample,
        regions=region_table(regions),
        as_of=as_of,
        estimate=estimate,
        period=period,
        region=region,
        lang=lang,
        keep_going=keep_going,
        letterhead=None if letterhead is None else os.fspath(letterhead),
        **kwargs,
    )
    return Report(native)
