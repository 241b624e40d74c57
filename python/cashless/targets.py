r"""Targets of the plans and the verdicts on them.

A :class:`Catalogue` holds the targets of one plan, read from TOML: three are built in
(:func:`catalogues`), and an analyst's own file loads the same way. :func:`attainment` judges
every target for every unit and returns an :class:`Attainment`, a table that prints as a
short summary in Jupyter.

>>> import cashless
>>> cat = cashless.catalogue("thanh-hoa-106-2022")
>>> cat.targets.filter(id="water.revenue")["threshold", "conflict_threshold"].row(0)
('≥ 50 %', '≥ 80 %')
>>> tx = cashless.sample_data()
>>> ind, regions = cashless.sample_indicators(), cashless.sample_regions()
>>> v = cashless.attainment(tx, ind, cat, regions=regions)
>>> v.data.filter(target_id="water.revenue")["status"].item()
'met'
"""

from __future__ import annotations

import functools
import html
import os
from pathlib import Path
from typing import Any, Literal, Union

import polars as pl

from cashless import _cashless
from cashless._frames import region_table, to_frame
from cashless._words import say

FrameLike = Union[pl.DataFrame, pl.LazyFrame]
Reading = Literal["body", "alternative"]

#: Statuses in the order summaries list them (the library's own list).
STATUSES: tuple[str, ...] = tuple(_cashless.STATUSES)


class Catalogue:
    """The targets of one plan: its document, stage, reporting calendar and targets table.

    Build one with :func:`catalogue` (a built-in id or a TOML file) or
    :meth:`Catalogue.from_toml`.

    >>> c = catalogue("xuan-loc-83-2023")
    >>> c.number, c.level, c.stage, c.extends
    ('83/KH-UBND', 'district', (2021, 2025), ('decision-1813',))
    >>> c.reporting["due"]
    ['06-15', '12-01']
    >>> c.glossary.filter(vi="TTKDTM")["meaning_vi"].item()
    'thanh toán không dùng tiền mặt'
    """

    def __init__(self, text: str, origin: str, base_dir: str | None = None) -> None:
        #: The catalogue parsed, as the engine holds it: passed whole to every computation.
        builtin = base_dir is None and text == _cashless.catalogue_toml(origin)
        self._native = (
            _builtin(origin) if builtin else _cashless.Catalogue.parse(text, origin, base_dir)
        )
        meta = self._native.meta()
        self.text: str = text
        self.origin: str = origin
        self.base_dir: str | None = base_dir
        self.id: str = meta["id"]
        self.title_vi: str = meta["title_vi"]
        self.title_en: str = meta["title_en"]
        self.note: str | None = meta["note"]
        self.number: str = meta["number"]
        self.date: str = meta["date"]
        self.issuer: str = meta["issuer"]
        self.extends: tuple[str, ...] = tuple(meta["extends"])
        self.level: str = meta["level"]
        self.stage: tuple[int, int] = tuple(meta["stage"])  # type: ignore[assignment]
        self.reporting: dict[str, Any] = {
            k: meta[k] for k in ("year_start", "due", "final_due", "final_data_to")
        }
        self.required_indicators: list[str] = list(meta["required_indicators"])
        self._glossary_rows = meta["glossary"]

    # The two tables are made when first read: a computation given a catalogue by its id
    # reads neither, and making them was most of the catalogue's cost.
    @functools.cached_property
    def targets(self) -> pl.DataFrame:
        """The targets, one row each: ``id``, ``source``, ``rule``, ``threshold``, ``text_vi``…"""
        return self._native.targets()

    @functools.cached_property
    def glossary(self) -> pl.DataFrame:
        """The terms a report on this plan explains where it uses them: the library's and the
        plan's own (``[[glossary]]``), ``vi, en, meaning_vi, meaning_en``."""
        return pl.DataFrame(
            self._glossary_rows,
            schema=["vi", "en", "meaning_vi", "meaning_en"],
            orient="row",
        )

    @classmethod
    def from_toml(
        cls, text: str, origin: str = "<string>", base_dir: str | None = None
    ) -> Catalogue:
        """A catalogue from TOML text; ``base_dir`` resolves a relative ``extends`` path.

        >>> c = Catalogue.from_toml('''
        ... id = "mine"
        ... extends = "decision-1813"
        ... level = "district"
        ... document = { number = "7/KH", date = "2024-02-01", issuer = "UBND huyện X" }
        ... ''')
        >>> c.targets.height, c.targets["document"].unique().to_list()
        (9, ['1813/QĐ-TTg'])
        """
        return cls(text, origin, base_dir)

    def __len__(self) -> int:
        return self.targets.height

    def __repr__(self) -> str:
        return (
            f"Catalogue({self.id!r}: {self.number} of {self.date}, {self.issuer}; "
            f"{len(self)} targets, {self.level} level, stage {self.stage[0]}-{self.stage[1]})"
        )

    def _repr_html_(self) -> str:
        head = html.escape(repr(self))
        table = self.targets.select("id", "source", "agency", "rule", "threshold", "text_vi")
        return f"<p>{head}</p>" + table._repr_html_()


@functools.cache
def _builtin(key: str) -> _cashless.Catalogue:
    """A built-in catalogue parsed once: it cannot change while the library is loaded, and
    ``attainment(..., catalogue="decision-1813")`` parsed it for every call. A file is parsed
    each time, so an edited one (or one it extends) is read anew."""
    return _cashless.Catalogue.parse(_cashless.catalogue_toml(key) or "", key, None)


def catalogue_ids() -> list[str]:
    """Ids of the built-in catalogues.

    >>> catalogue_ids()
    ['decision-1813', 'thanh-hoa-106-2022', 'xuan-loc-83-2023']
    """
    return list(_cashless.catalogue_ids())


def catalogue(id_or_path: str | os.PathLike[str]) -> Catalogue:
    """A built-in catalogue by id, or a TOML catalogue file by path.

    >>> catalogue("decision-1813").number
    '1813/QĐ-TTg'
    """
    key = os.fspath(id_or_path)
    builtin = _cashless.catalogue_toml(key)
    if builtin is not None:
        return Catalogue(builtin, key)
    path = Path(key)
    if not path.is_file():
        ids = ", ".join(catalogue_ids())
        raise _cashless.ArgumentError(
            say(
                f"{key!r} không phải danh mục dựng sẵn ({ids}) cũng không phải một tệp",
                f"{key!r} is neither a built-in catalogue ({ids}) nor a file",
            )
        )
    return Catalogue(path.read_text(encoding="utf-8"), str(path), str(path.parent))


# `attainment` takes a parameter named `catalogue`; this name stays reachable inside it.
_load_catalogue = catalogue


def catalogue_source(id: str) -> str:
    """The TOML text of a built-in catalogue, to copy and edit.

    >>> catalogue_source("xuan-loc-83-2023").splitlines()[0][:40]
    '# Kế hoạch 83/KH-UBND (30/3/2023) of the'
    """
    text = _cashless.catalogue_toml(id)
    if text is None:
        ids = ", ".join(catalogue_ids())
        raise _cashless.ArgumentError(
            say(
                f"{id!r} không phải danh mục dựng sẵn ({ids})",
                f"{id!r} is not a built-in catalogue ({ids})",
            )
        )
    return text


class Attainment:
    """The verdicts: one row per target and unit in :attr:`data`, and a summary.

    Columns of :attr:`data`: ``target_id, region_code, rule, actual, lo, hi, status, gap_pp,
    ratio, required, projected, years_used, estimated, note, indicator, level, year,
    conflict``.
    """

    def __init__(self, data: pl.DataFrame, catalogue: Catalogue, year: int) -> None:
        self.data: pl.DataFrame = data
        self.catalogue: Catalogue = catalogue
        #: The year judged: the last year of data the verdicts rest on.
        self.year: int = year

    def summary(self) -> dict[str, int]:
        """How many verdicts have each status (every status listed, zeros included)."""
        counts = dict(self.data.group_by("status").len().iter_rows())
        return {s: int(counts.get(s, 0)) for s in STATUSES}

    def __len__(self) -> int:
        return self.data.height

    def _headline(self) -> str:
        """The catalogue, the year, the verdicts and their statuses counted, in the language of
        messages (worded by the library, as the command line's)."""
        return _cashless.attainment_headline(
            self.catalogue.id,
            self.year,
            self.catalogue.targets.height,
            self.data["region_code"].n_unique(),
            self.data["status"].to_list(),
        )

    def __repr__(self) -> str:
        return f"<Attainment {self._headline()}>"

    def _repr_html_(self) -> str:
        cols = ["target_id", "region_code", "status", "actual", "lo", "hi", "gap_pp", "note"]
        head = f"<p><b>{html.escape(self._headline())}</b></p>"
        return head + self.data.select(cols)._repr_html_()


def attainment(
    data: FrameLike,
    indicators: FrameLike | None = None,
    catalogue: Catalogue | str = "decision-1813",
    year: int | None = None,
    *,
    year_start: str | None = None,
    regions: FrameLike | None = None,
    reading: Reading = "body",
    progress: Literal["open_sdg", "remaining"] = "open_sdg",
    estimate: Literal["none", "same_period", "run_rate"] = "none",
) -> Attainment:
    """Judges every target of ``catalogue`` for every unit.

    ``data``: the monthly transaction table (summed into reporting years with the
    catalogue's calendar unless ``year_start`` is given) or an annual table. ``indicators``:
    ``region_code, year, indicator, value`` for share, coverage and rising targets. With
    ``regions``, each target is judged for the units of its level only, and monthly data is
    rolled up to that level. ``reading="alternative"`` judges self-contradicting targets
    against their other reading (Thanh Hóa's appendix).

    A stage under way is judged by the Eurostat / Open SDG progress measure: the target reached
    first, else the growth achieved since the base year over the constant growth from the base
    year that reaches the target in the end year (``ratio``; ≥ 0.95 on track, 0.60-0.95
    acceleration needed, 0-0.60 limited progress, < 0 deterioration). ``progress="remaining"``
    divides by the growth still required in the remaining years instead; that growth is the
    ``required`` column either way.

    ``year`` is the year judged, the last year of data the verdicts rest on (a year, where a
    report's ``as_of`` is a day); by default the plan's last (its stage's end).

    ``estimate`` completes the year judged when monthly data has only part of it (see
    :func:`cashless.estimate_year`): a stage ending that year then gets a final verdict with
    ``estimated`` true. A stage whose last year is partial and not estimated is
    ``not_evaluable``, never given a progress status.

    >>> import polars as pl
    >>> years = pl.DataFrame({"region_code": "38", "channel": "all", "year": [2020, 2025],
    ...                       "count": [100, 400], "value": [100, 200]})
    >>> v = attainment(years, catalogue="decision-1813").data
    >>> v.filter(pl.col("target_id").str.starts_with("growth.all"))["target_id", "status"].rows()
    [('growth.all.count', 'exceeded'), ('growth.all.value', 'below')]
    """
    cat = catalogue if isinstance(catalogue, Catalogue) else _load_catalogue(catalogue)
    frame, judged = _cashless.attainment(
        to_frame(data, "data"),
        None if indicators is None else to_frame(indicators, "indicators"),
        cat._native,
        year,
        year_start,
        region_table(regions),
        reading,
        progress,
        estimate,
    )
    return Attainment(frame, cat, judged)


def sample_indicators() -> pl.DataFrame:
    """The **synthetic** indicator table of the sample, 2020-2025.

    Thanh Hoa's province figures, its districts' figures, and invented acceptance points for
    the 30 real communes of Tho Xuan (``15493`` ...); Xa Nam Giang's (``15505``) fell in 2023.

    >>> ind = sample_indicators()
    >>> ind.columns
    ['region_code', 'year', 'indicator', 'value']
    """
    return _cashless.sample_indicators()


def indicator_list() -> pl.DataFrame:
    """The indicators the built-in catalogues read: ``indicator, unit, text_vi, text_en``.

    >>> indicator_list().filter(indicator="acceptance_points")["unit"].item()
    'points'
    """
    return _cashless.indicator_list()
