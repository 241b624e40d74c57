"""Growth figures and target verdicts of Vietnam's 2021-2025 cashless-payment programme.

Every function takes and returns ``polars.DataFrame`` objects with stable column names. A
figure that cannot be computed honestly (a gap year, a zero base, a partial year set against a
full one) is null, with a note saying why. Errors are raised as :class:`CashlessError`
subclasses that name the row, column and value at fault.

>>> import cashless
>>> tx = cashless.sample_data()          # synthetic: Thanh Hoa's districts, by bank and month
>>> province = cashless.rollup(tx, cashless.sample_regions(), "province")
>>> years = cashless.annual(province)
>>> stage = cashless.average_growth(years, 2021, 2025)
>>> sorted(stage["channel"].unique().to_list())
['all', 'atm', 'internet', 'mobile', 'pos', 'qr']
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal, Union

import polars as pl

from cashless import _cashless
from cashless._boundary import boundary
from cashless._cashless import (
    MAP_2025,
    SAMPLE_MAP,
    ArgumentError,
    CashlessError,
    CatalogueError,
    IngestError,
    InputError,
    InternalError,
    UnknownChannelError,
    UnknownRegionError,
)
from cashless._frames import to_frame
from cashless._words import say as _say
from cashless.forms import AgencyForm, forms
from cashless.ingest import Read, explain, labels, read, read_indicators
from cashless.report import Report, report
from cashless.scale import Aggregated, aggregate_transactions, merge
from cashless.targets import (
    Attainment,
    Catalogue,
    _load_catalogue,
    attainment,
    catalogue,
    catalogue_ids,
    catalogue_source,
    indicator_list,
    sample_indicators,
)

__all__ = [
    "MAP_2025",
    "SAMPLE_MAP",
    "AgencyForm",
    "Aggregated",
    "ArgumentError",
    "Attainment",
    "CashlessError",
    "Catalogue",
    "CatalogueError",
    "IngestError",
    "InputError",
    "InternalError",
    "Read",
    "Report",
    "UnknownChannelError",
    "UnknownRegionError",
    "__version__",
    "aggregate_transactions",
    "annual",
    "apply_crosswalk",
    "attainment",
    "average_growth",
    "average_growth_from_rates",
    "by_period",
    "canonical",
    "catalogue",
    "catalogue_ids",
    "catalogue_source",
    "channels",
    "crosswalk",
    "estimate_year",
    "explain",
    "forms",
    "growth",
    "indicator_list",
    "labels",
    "language",
    "load_crosswalk",
    "load_regions",
    "maps",
    "merge",
    "parse_channel",
    "project",
    "read",
    "read_indicators",
    "regions",
    "report",
    "required_growth_for_average",
    "required_growth_to_level",
    "rollup",
    "same_period_growth",
    "sample_crosswalk",
    "sample_data",
    "sample_indicators",
    "sample_regions",
    "set_language",
    "with_all",
]

__version__: str = _cashless.version()

FrameLike = Union[pl.DataFrame, pl.LazyFrame]
Method = Literal["geometric", "arithmetic"]
Level = Literal["nation", "province", "district", "commune"]
Frequency = Literal["month", "quarter", "half", "year"]


def sample_data() -> pl.DataFrame:
    """The built-in **synthetic** sample: Thanh Hoa's 27 district-level units, by bank and month.

    December 2019 to October 2025, channels internet, mobile, qr, pos, atm and all, in the
    canonical layout. Generated from a fixed seed: the same on every machine. Shaped on the
    State Bank's published national rates, but no figure in it was reported by anybody.

    >>> tx = sample_data()
    >>> tx.columns
    ['region_code', 'period', 'channel', 'count', 'value', 'bank', 'region_map']
    >>> str(tx["period"].min()), str(tx["period"].max())
    ('2019-12-01', '2025-10-01')
    """
    return _cashless.sample_data()


def sample_regions() -> pl.DataFrame:
    """The sample's region table: Thanh Hoa (``38``) and its 27 district-level units.

    Columns ``code``, ``name``, ``level``, ``parent``: the format :func:`rollup` reads.

    >>> sample_regions().filter(level="district").height
    27
    """
    return _cashless.sample_regions()


def sample_crosswalk() -> pl.DataFrame:
    """The sample's crosswalk from the 2020 map (``vn-2020``) to the 2025 map (``vn-2025``).

    Thanh Hoa kept its code in the 2025 reform and districts were abolished, so each district
    maps onto the province. Columns ``old_code``, ``new_code``, ``share``.

    >>> sample_crosswalk().filter(old_code="380")["new_code"].to_list()
    ['38']
    """
    return _cashless.sample_crosswalk()


def parse_channel(label: str) -> str:
    """The canonical channel a label stands for (Vietnamese or English, any case or accents).

    >>> parse_channel("Điện thoại di động"), parse_channel("POS/mPOS"), parse_channel("Ví điện tử")
    ('mobile', 'pos', 'ewallet')
    >>> parse_channel("carrier pigeon")
    Traceback (most recent call last):
    ...
    cashless.UnknownChannelError: unknown channel label "carrier pigeon"; known channels: ...
    """
    return _cashless.parse_channel(label)


def channels() -> pl.DataFrame:
    """The canonical channels and whether each is summed when ``all`` is derived.

    >>> channels().filter(additive=True)["channel"].to_list()
    ['internet', 'mobile', 'pos', 'mobile_money', 'other']
    """
    names, additive = zip(*_cashless.channel_table())
    return pl.DataFrame({"channel": list(names), "additive": list(additive)})


def canonical(tx: FrameLike, source: str = "DataFrame") -> pl.DataFrame:
    """The canonical, checked form of a transaction table.

    Channel labels become canonical names, counts and values exact ``Int64``, periods ``Date``
    (first of the month; ``"2023-05"`` text is read too). Bad rows raise :class:`InputError`
    naming ``source``, row, column and value.

    >>> raw = pl.DataFrame({"region_code": [380], "period": ["2023-05"],
    ...                     "channel": ["Mobile Banking"], "count": [3.0], "value": [10]})
    >>> canonical(raw).row(0)
    ('380', datetime.date(2023, 5, 1), 'mobile', 3, 10)
    """
    return _cashless.canonical(to_frame(tx, "tx"), source)


def with_all(tx: FrameLike, additive: Sequence[str] | None = None) -> pl.DataFrame:
    """The table with a derived ``all`` row wherever the data does not report ``all`` itself.

    ``all`` is summed from the ``additive`` channels only (default: internet, mobile, pos,
    mobile_money, other; QR is inside mobile). A ``derived`` column marks those rows.

    >>> raw = pl.DataFrame({"region_code": ["38"] * 3, "period": ["2024-01"] * 3,
    ...                     "channel": ["internet", "mobile", "qr"],
    ...                     "count": [1, 2, 5], "value": [10, 20, 50]})
    >>> with_all(raw).filter(channel="all").select("count", "derived").row(0)
    (3, True)
    """
    return _cashless.with_all(to_frame(tx, "tx"), _labels(additive))


def annual(
    tx: FrameLike,
    year_start: str = "01-01",
    derive_all: bool = True,
    additive: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Counts and values per region x channel x reporting year.

    ``year_start`` is the first day of the reporting year as ``MM-DD``; a year is named after
    the calendar year it ends in (``"12-01"``: December 2022 belongs to 2023). Columns
    ``region_code, channel, year, count, value, months, partial, derived``; ``months`` counts the
    months present, ``partial`` is true when there are fewer than 12.

    >>> years = annual(sample_data(), year_start="12-01")
    >>> years.filter(region_code="380", channel="mobile")["months"].to_list()
    [12, 12, 12, 12, 12, 11]
    """
    return _cashless.annual(to_frame(tx, "tx"), year_start, derive_all, _labels(additive))


def by_period(
    tx: FrameLike,
    frequency: Frequency,
    year_start: str = "01-01",
    derive_all: bool = True,
    additive: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Like :func:`annual`, cut into ``"half"``, ``"quarter"`` or ``"month"`` periods.

    Adds ``period_index`` (1-2 for halves); ``partial`` when a period misses any month.

    >>> halves = by_period(sample_data(), "half")
    >>> halves.filter(region_code="380", channel="qr", year=2025)["months"].to_list()
    [6, 4]
    """
    return _cashless.by_period(
        to_frame(tx, "tx"), frequency, year_start, derive_all, _labels(additive)
    )


def growth(annual: FrameLike, allow_partial: bool = False) -> pl.DataFrame:
    """Year-on-year growth ``X_t / X_(t-1) - 1`` of an annual table.

    Adds ``count_growth`` and ``value_growth`` (fractions: 0.25 is 25 %), ``count_note`` and
    ``value_note`` (why a growth is null, or a caveat) and ``formula``. Null when the year
    before is missing (gaps are never bridged), zero or negative, or when either year is
    partial (unless ``allow_partial``).

    >>> years = pl.DataFrame({"region_code": ["38"] * 3, "channel": ["qr"] * 3,
    ...                       "year": [2021, 2022, 2024], "count": [100, 0, 50],
    ...                       "value": [10, 20, 30]})
    >>> growth(years)["count_growth"].to_list()
    [None, -1.0, None]
    >>> growth(years)["count_note"].to_list()[2]
    'no data for 2023: the gap is not bridged, 2024 is not compared with 2022'
    """
    return _cashless.growth(to_frame(annual, "annual"), allow_partial)


def average_growth(
    annual: FrameLike,
    start: int | None = None,
    end: int | None = None,
    method: Method = "geometric",
    catalogue: Catalogue | str | os.PathLike[str] = "decision-1813",
) -> pl.DataFrame:
    """Average annual growth over the stage ``start``-``end``, per region x channel x metric.

    The stage is the plan's (``catalogue``: a built-in id, a TOML file or a :class:`Catalogue`;
    the national programme, Decision 1813, 2021-2025, by default) unless ``start`` or
    ``end`` says otherwise.

    Geometric (default, the statistical definition): ``(X_end / X_(start-1))^(1/n) - 1``.
    When the stage is under way or its last year is partial, the average runs to the last full
    year and ``years`` states the n used. ``"arithmetic"`` is the mean of yearly rates,
    labelled as such.

    >>> years = pl.DataFrame({"region_code": ["38"] * 6, "channel": ["all"] * 6,
    ...                       "year": list(range(2020, 2026)),
    ...                       "count": [100_000, 120_000, 144_000, 172_800, 207_360, 248_832],
    ...                       "value": [1] * 6})
    >>> round(average_growth(years).filter(metric="count")["avg_growth"][0], 12)
    0.2
    >>> average_growth(years, end=2024).filter(metric="count")["years"][0]
    4
    """
    if start is None or end is None:
        # The plan is read only when it gives a year: explicit years cost no catalogue parse.
        cat = catalogue if isinstance(catalogue, Catalogue) else _load_catalogue(catalogue)
        start = cat.stage[0] if start is None else start
        end = cat.stage[1] if end is None else end
    return _cashless.average_growth(to_frame(annual, "annual"), start, end, method)


def average_growth_from_rates(rates: Sequence[float], method: Method = "geometric") -> float:
    """Average annual growth from yearly rates (fractions), as when only rates are published.

    Geometric: ``(prod(1 + g_i))^(1/n) - 1``; arithmetic: their mean.

    >>> round(average_growth_from_rates([0.5, 0.5]), 12)
    0.5
    >>> round(average_growth_from_rates([1.0, 0.0]), 6)
    0.414214
    >>> average_growth_from_rates([1.0, 0.0], "arithmetic")
    0.5
    """
    return _cashless.average_growth_from_rates([float(r) for r in rates], method)


def same_period_growth(
    tx: FrameLike,
    year: int,
    through_month: int,
    year_start: str = "01-01",
    derive_all: bool = True,
    additive: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Same-period growth (cung ky): months 1..``through_month`` of ``year`` against ``year - 1``.

    Only identical month sets are compared; a missing month makes the growth null and the note
    names it.

    >>> sp = same_period_growth(sample_data(), 2025, 10)
    >>> sp.filter(region_code="380", channel="mobile")["count_growth"][0] > 0
    True
    """
    return _cashless.same_period_growth(
        to_frame(tx, "tx"), year, through_month, year_start, derive_all, _labels(additive)
    )


def estimate_year(
    tx: FrameLike,
    year: int,
    method: Literal["same_period", "run_rate", "none"] = "same_period",
    min_months: int = 6,
    year_start: str = "01-01",
    derive_all: bool = True,
    additive: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The annual table with ``year`` estimated in full where the data has only part of it.

    The estimated full year (uoc thuc hien ca nam) of a report whose cut-off ends the year
    early: ``same_period`` scales last year's total by this year's growth on the same months,
    ``run_rate`` multiplies the months in the data by 12 / their number (no seasonality).
    Estimated rows carry ``estimate`` (the method) and ``estimate_note`` (its basis); a year
    with fewer than ``min_months`` months is left as it is, with the reason in the note.
    :func:`growth`, :func:`average_growth` and :func:`attainment` take an estimated row as a
    whole year.

    >>> months = [f"2024-{m:02}" for m in range(1, 13)] + [f"2025-{m:02}" for m in range(1, 12)]
    >>> tx = pl.DataFrame({
    ...     "region_code": ["38"] * 23,
    ...     "period": months,
    ...     "channel": ["mobile"] * 23,
    ...     "count": [10] * 12 + [12] * 11,
    ...     "value": [100] * 23,
    ... })
    >>> row = estimate_year(tx, 2025).filter(year=2025, channel="mobile")
    >>> row["count"][0], row["estimate"][0]  # 120 x 132 / 110
    (144, 'same_period')
    """
    return _cashless.estimate_year(
        to_frame(tx, "tx"), year, method, min_months, year_start, derive_all, _labels(additive)
    )


def required_growth_to_level(current: float, from_year: int, level: float, to_year: int) -> float:
    """Yearly growth needed to reach ``level`` by ``to_year``: ``(L / X_t)^(1/(T-t)) - 1``.

    >>> round(required_growth_to_level(100, 2023, 144, 2025), 12)
    0.2
    """
    return _cashless.required_growth_to_level(current, from_year, level, to_year)


def required_growth_for_average(lo: float, n: int, realised: Sequence[float]) -> float:
    """Yearly growth needed in the remaining years for a stage of ``n`` years to average ``lo``.

    ``((1+lo)^n / prod(1+g_i))^(1/remaining) - 1``.

    >>> round(required_growth_for_average(0.2, 2, [0.44]), 12)
    0.0
    """
    return _cashless.required_growth_for_average(lo, n, [float(r) for r in realised])


def set_language(lang: str) -> None:
    """Sets the language of messages (errors, ledger findings, warnings): ``"vi"`` or ``"en"``.

    Without it, ``CASHLESS_LANG`` decides, else the locale (Vietnamese when it is Vietnamese,
    English otherwise). Reports take their language from their own ``lang``.

    >>> set_language("vi"); language()
    'vi'
    >>> set_language("en"); language()
    'en'
    """
    _cashless.set_language(lang)


def language() -> str:
    """The language of messages, ``"vi"`` or ``"en"``."""
    return _cashless.language()


def project(level: float, average_growth: float, years_ahead: int) -> float:
    """Projection ``X_t * (1 + g)^(T - t)``.

    >>> round(project(100, 0.1, 2), 9)
    121.0
    """
    return _cashless.project(level, average_growth, years_ahead)


def rollup(tx: FrameLike, regions: FrameLike, level: Level) -> pl.DataFrame:
    """The transaction table summed up to ``level`` through the region table's parents.

    ``regions`` has columns ``code, name, level, parent``. Sums are exact integers; a unit and
    one of its sub-units both present for the same month and channel is refused (it would be
    counted twice).

    >>> province = rollup(sample_data(), sample_regions(), "province")
    >>> province["region_code"].unique().to_list()
    ['38']
    """
    return _cashless.rollup(to_frame(tx, "tx"), to_frame(regions, "regions"), level)


def apply_crosswalk(
    tx: FrameLike, crosswalk: FrameLike, from_map: str = SAMPLE_MAP, to_map: str = MAP_2025
) -> pl.DataFrame:
    """The transaction table moved from one administrative map onto another.

    ``crosswalk`` has ``old_code, new_code`` and optionally ``share`` (for split units; the
    pieces are apportioned exactly) and ``basis``. The result carries ``region_map`` =
    ``to_map``, and ``share_basis`` on the rows that rest on an approximate share.

    >>> moved = apply_crosswalk(sample_data(), sample_crosswalk())
    >>> moved["region_code"].unique().to_list(), moved["region_map"].unique().to_list()
    (['38'], ['vn-2025'])
    """
    return _cashless.apply_crosswalk(
        to_frame(tx, "tx"), to_frame(crosswalk, "crosswalk"), from_map, to_map
    )


def load_regions(path: str | os.PathLike[str]) -> pl.DataFrame:
    r"""A region table from a CSV file (``code, name, level, parent``), checked as a tree.

    Codes are read as text, so ``01`` stays ``01``; levels may be Vietnamese (``tỉnh``,
    ``huyện``, ``xã`` ...).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "regions.csv"
    >>> _ = path.write_text("code,name,level,parent\n01,Ha Noi,tinh,\n001,Ba Dinh,quan,01\n")
    >>> load_regions(path)["code"].to_list()
    ['001', '01']
    """
    return _cashless.load_regions(path)


def regions(name: str) -> pl.DataFrame:
    """A built-in administrative map as a region table: ``code, name, kind, level, parent,
    map``.

    ``"vn-2025"`` is the map from 1 July 2025 (34 provinces, 3,321 communes, no districts);
    ``"vn-2025-06"`` the map until 30 June 2025 (63 provinces, 696 districts, 10,035
    communes); ``":38"`` or ``":Thanh Hóa"`` after the name keeps one province. Source:
    ``vietnamadminunits`` (MIT), regenerated by ``scripts/admin_maps.py``. A CSV path works
    too, as in :func:`load_regions`.

    >>> new = regions("vn-2025")
    >>> new.filter(level="province").height, new.filter(level="commune").height
    (34, 3321)
    >>> regions("vn-2025-06:Thanh Hóa").filter(code="395")["name"].item()
    'Huyện Thọ Xuân'
    """
    return _cashless.load_regions(name)


def maps() -> list[str]:
    """Names of the built-in administrative maps.

    >>> maps()
    ['vn-2025-06', 'vn-2025']
    """
    return _cashless.builtin_maps()


def crosswalk(from_map: str, to_map: str, level: Level) -> pl.DataFrame:
    """The built-in crosswalk between the two maps: ``old_code, new_code, share, basis``.

    ``crosswalk("vn-2025-06", "vn-2025", "commune")`` carries every old commune onto the new
    commune it went to (old districts and provinces onto their new province);
    ``crosswalk("vn-2025", "vn-2025-06", "district")`` carries every new commune back onto the
    old district it came from, for a plan written for a district. ``basis`` says where a share
    comes from: ``given`` (a whole unit), or an approximation, ``new_commune_area`` (a divided
    commune by the areas of the new communes that received a part) or ``equal_parts`` (one
    part for each old commune); :func:`apply_crosswalk` marks the rows that rest on one.

    >>> back = crosswalk("vn-2025", "vn-2025-06", "district")
    >>> back.filter(old_code="26425").select("new_code", "share", "basis").rows()
    [('741', 1.0, 'given')]
    """
    return _cashless.builtin_crosswalk(from_map, to_map, level)


def load_crosswalk(
    path: str | os.PathLike[str], from_map: str = SAMPLE_MAP, to_map: str = MAP_2025
) -> pl.DataFrame:
    r"""A crosswalk from a CSV file (``old_code, new_code[, share]``), checked.

    The shares of each old code must add up to 1; ``0,5`` with a decimal comma is read too.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "cw.csv"
    >>> _ = path.write_text('old_code,new_code,share\n002,01,"0,5"\n002,02,"0,5"\n')
    >>> load_crosswalk(path)["share"].to_list()
    [0.5, 0.5]
    """
    return _cashless.load_crosswalk(path, from_map, to_map)


def _labels(labels: Sequence[str] | None) -> list[str] | None:
    if isinstance(labels, str):
        raise ArgumentError(
            _say(
                "additive là một danh sách tên kênh, không phải một chuỗi",
                "additive must be a list of channel labels, not one string",
            )
        )
    return None if labels is None else [str(x) for x in labels]


def _guard_public_functions() -> None:
    """Every public function and method leaves with the library's exceptions only (see
    ``_boundary``)."""
    import inspect

    scope = globals()
    for name in __all__:
        obj = scope[name]
        if inspect.isfunction(obj):
            scope[name] = boundary(obj)
        elif (
            inspect.isclass(obj)
            and obj.__module__.startswith("cashless")
            and not issubclass(obj, BaseException)
        ):
            for attr, member in list(vars(obj).items()):
                if attr.startswith("_"):
                    continue
                if inspect.isfunction(member):
                    setattr(obj, attr, boundary(member))
                elif isinstance(member, classmethod):
                    setattr(obj, attr, classmethod(boundary(member.__func__)))
                elif isinstance(member, property) and member.fget is not None:
                    setattr(obj, attr, property(boundary(member.fget), member.fset, member.fdel))


_guard_public_functions()
