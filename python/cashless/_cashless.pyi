"""Type stub of the native module; checked against it with ``mypy.stubtest``."""

import os
from collections.abc import Mapping
from typing import Any, final

import polars as pl
from typing_extensions import disjoint_base

__all__ = [
    "MAP_2025",
    "SAMPLE_MAP",
    "STATUSES",
    "TRANSACTION_CHECKS",
    "Aggregated",
    "ArgumentError",
    "CashlessError",
    "Catalogue",
    "CatalogueError",
    "IngestError",
    "InputError",
    "InternalError",
    "Ledger",
    "NativeReport",
    "Read",
    "UnknownChannelError",
    "UnknownRegionError",
    "agency_forms",
    "aggregate_transactions",
    "annual",
    "apply_crosswalk",
    "attainment",
    "attainment_headline",
    "average_growth",
    "average_growth_from_rates",
    "builtin_crosswalk",
    "builtin_maps",
    "by_period",
    "canonical",
    "catalogue_ids",
    "catalogue_toml",
    "channel_table",
    "check_label",
    "estimate_year",
    "explain",
    "growth",
    "indicator_list",
    "labels",
    "language",
    "load_crosswalk",
    "load_regions",
    "merge",
    "parse_channel",
    "project",
    "read",
    "report",
    "required_growth_for_average",
    "required_growth_to_level",
    "rollup",
    "run_command",
    "same_period_growth",
    "sample_crosswalk",
    "sample_data",
    "sample_indicators",
    "sample_regions",
    "set_language",
    "version",
    "with_all",
]

SAMPLE_MAP: str
TRANSACTION_CHECKS: list[str]
MAP_2025: str
STATUSES: list[str]

class CashlessError(Exception): ...

class InputError(CashlessError):
    """Input data that cannot be used: the file (or ``DataFrame``), row, column and value."""

    source: str | None
    row: int | None
    column: str | None
    value: str | None

class UnknownChannelError(InputError): ...
class UnknownRegionError(InputError): ...

class CatalogueError(InputError):
    """A catalogue, mapping or letterhead that cannot be used: ``source`` is the file, and
    ``line`` and ``key`` say where in it."""

    line: int | None
    key: str | None

class IngestError(InputError):
    """A read whose ledger has errors: the location is the first error's, ``sheet`` its
    sheet, ``ledger`` every finding as a table."""

    sheet: str | None
    ledger: pl.DataFrame | None

class ArgumentError(CashlessError): ...
class InternalError(CashlessError): ...

def version() -> str: ...
def sample_data() -> pl.DataFrame: ...
def sample_regions() -> pl.DataFrame: ...
def sample_crosswalk() -> pl.DataFrame: ...
def parse_channel(label: str) -> str: ...
def check_label(code: str) -> str: ...
def channel_table() -> list[tuple[str, bool]]: ...
def canonical(tx: pl.DataFrame, source: str = "DataFrame") -> pl.DataFrame: ...
def annual(
    tx: pl.DataFrame,
    year_start: str = "01-01",
    derive_all: bool = True,
    additive: list[str] | None = None,
) -> pl.DataFrame: ...
def by_period(
    tx: pl.DataFrame,
    frequency: str,
    year_start: str = "01-01",
    derive_all: bool = True,
    additive: list[str] | None = None,
) -> pl.DataFrame: ...
def with_all(tx: pl.DataFrame, additive: list[str] | None = None) -> pl.DataFrame: ...
def growth(annual: pl.DataFrame, allow_partial: bool = False) -> pl.DataFrame: ...
def average_growth(
    annual: pl.DataFrame, start: int, end: int, method: str = "geometric"
) -> pl.DataFrame: ...
def average_growth_from_rates(rates: list[float], method: str = "geometric") -> float: ...
def same_period_growth(
    tx: pl.DataFrame,
    year: int,
    through_month: int,
    year_start: str = "01-01",
    derive_all: bool = True,
    additive: list[str] | None = None,
) -> pl.DataFrame: ...
def estimate_year(
    tx: pl.DataFrame,
    year: int,
    method: str = "same_period",
    min_months: int = 6,
    year_start: str = "01-01",
    derive_all: bool = True,
    additive: list[str] | None = None,
) -> pl.DataFrame: ...
def required_growth_to_level(
    current: float, from_year: int, level: float, to_year: int
) -> float: ...
def required_growth_for_average(lo: float, n: int, realised: list[float]) -> float: ...
def project(level: float, average_growth: float, years_ahead: int) -> float: ...
def set_language(lang: str) -> None: ...
def attainment_headline(
    catalogue: str, year: int, targets: int, units: int, statuses: list[str]
) -> str: ...
def language() -> str: ...
def rollup(tx: pl.DataFrame, regions: pl.DataFrame, level: str) -> pl.DataFrame: ...
def run_command(args: list[str]) -> tuple[int, str, str]: ...
def apply_crosswalk(
    tx: pl.DataFrame, crosswalk: pl.DataFrame, from_map: str, to_map: str
) -> pl.DataFrame: ...
def load_regions(path: str | os.PathLike[str]) -> pl.DataFrame: ...
def builtin_crosswalk(from_map: str, to_map: str, level: str) -> pl.DataFrame: ...
def builtin_maps() -> list[str]: ...
def agency_forms(
    catalogue: Catalogue,
    year: int,
    regions: pl.DataFrame,
    region: str | None = None,
) -> list[tuple[str, str, list[str], int, bytes]]: ...
def load_crosswalk(path: str | os.PathLike[str], from_map: str, to_map: str) -> pl.DataFrame: ...
def sample_indicators() -> pl.DataFrame: ...
def indicator_list() -> pl.DataFrame: ...
def catalogue_ids() -> list[str]: ...
def catalogue_toml(id: str) -> str | None: ...
def attainment(
    data: pl.DataFrame,
    indicators: pl.DataFrame | None,
    catalogue: Catalogue,
    year: int | None = None,
    year_start: str | None = None,
    regions: pl.DataFrame | None = None,
    reading: str = "body",
    progress: str = "open_sdg",
    estimate: str = "none",
) -> tuple[pl.DataFrame, int]: ...
def labels() -> pl.DataFrame: ...
def read(
    paths: list[str] | None = None,
    table: pl.DataFrame | None = None,
    source: str = "DataFrame",
    sheet: str | None = None,
    style: str = "vi",
    mapping: str | None = None,
    mapping_toml: str | None = None,
    regions: pl.DataFrame | None = None,
    count_unit: str | None = None,
    value_unit: str | None = None,
    period: str | None = None,
    bank: str | None = None,
    region: str | None = None,
    keep_going: bool = False,
    additive: list[str] | None = None,
    per_transaction: tuple[int, int] | None = None,
    progress: bool = False,
    file_banks: list[tuple[str, str]] | None = None,
    bank_from: str | None = None,
    indicators: bool = False,
) -> Read: ...
def aggregate_transactions(
    paths: list[str] | None = None,
    table: pl.DataFrame | None = None,
    time_column: str | None = None,
    channel_column: str = "channel",
    amount_column: str = "amount",
    region_column: str = "region_code",
    bank_column: str = "bank",
    side: str | None = None,
    side_column: str = "side",
    utc: bool = False,
    keep_going: bool = False,
    examples: int = 5,
) -> Aggregated: ...
def merge(parts: list[pl.DataFrame], disjoint: bool = False) -> pl.DataFrame: ...
def explain(
    data: pl.DataFrame,
    region_code: str,
    channel: str,
    first: int,
    last: int,
    bank: str | None = None,
    year_start: str = "01-01",
    regions: pl.DataFrame | None = None,
    additive: list[str] | None = None,
) -> pl.DataFrame: ...

@final
class Catalogue:
    @staticmethod
    def parse(
        text: str, origin: str, base_dir: str | os.PathLike[str] | None = None
    ) -> Catalogue: ...
    def meta(self) -> dict[str, Any]: ...
    def targets(self) -> pl.DataFrame: ...

@final
class Ledger:
    def __new__(cls) -> Ledger: ...
    @property
    def rows_read(self) -> int: ...
    @property
    def rows_kept(self) -> int: ...
    @property
    def rows_rejected(self) -> int: ...
    @property
    def rows_skipped(self) -> int: ...
    @property
    def records(self) -> int: ...
    def frame(self, lang: str | None = None) -> pl.DataFrame: ...
    def summary(self) -> str: ...
    def __len__(self) -> int: ...

@disjoint_base
class Read:
    def __new__(cls, data: pl.DataFrame, ledger: Ledger) -> Read: ...
    @property
    def data(self) -> pl.DataFrame: ...
    @property
    def ledger(self) -> pl.DataFrame: ...
    @property
    def errors(self) -> pl.DataFrame: ...
    @property
    def warnings(self) -> pl.DataFrame: ...
    @property
    def rows_read(self) -> int: ...
    @property
    def rows_kept(self) -> int: ...
    @property
    def rows_rejected(self) -> int: ...
    @property
    def rows_skipped(self) -> int: ...
    @property
    def records(self) -> int: ...
    def summary(self) -> str: ...
    def explain(self, row: Mapping[str, Any] | pl.DataFrame, **options: Any) -> pl.DataFrame: ...
    def _repr_html_(self) -> str: ...

@final
class Aggregated(Read):
    @property
    def rejected(self) -> pl.DataFrame: ...

@final
class NativeReport:
    @property
    def title(self) -> str: ...
    @property
    def file_stem(self) -> str: ...
    def sections(
        self,
    ) -> list[tuple[str, str, list[str], list[str], list[tuple[str, str, str, bytes]]]]: ...
    def table(self, id: str, index: int) -> pl.DataFrame: ...
    def table_html(self, id: str, index: int) -> str: ...
    def html(self) -> str: ...
    def html_fragment(self) -> str: ...
    def markdown(self) -> str: ...
    def xlsx(self) -> bytes: ...
    def docx(self) -> bytes: ...
    def save(self, dir: str | os.PathLike[str]) -> list[str]: ...

def report(
    catalogue: Catalogue,
    year: int,
    *,
    sample: bool = False,
    data: pl.DataFrame | None = None,
    read: Read | None = None,
    paths: list[str] | None = None,
    regions: pl.DataFrame | None = None,
    indicators: pl.DataFrame | None = None,
    indicators_path: str | None = None,
    as_of: str | None = None,
    estimate: str | None = None,
    period: str = "year",
    region: str | None = None,
    lang: str = "vi",
    keep_going: bool = False,
    letterhead: str | None = None,
) -> NativeReport: ...
