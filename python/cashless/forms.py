"""The data forms a branch sends the agencies, one workbook per agency the plan names.

>>> import cashless, tempfile
>>> forms = cashless.forms("thanh-hoa-106-2022", 2025, regions=cashless.sample_regions())
>>> len(forms), forms[0].file_name, forms[0].rows
(10, 'bieu-so-lieu-so-cong-thuong.xlsx', 12)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from cashless import _cashless
from cashless._frames import region_table
from cashless._words import say
from cashless.targets import Catalogue, _load_catalogue

# Union, not "|": this alias is evaluated at import, and the package supports Python 3.9.
PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class AgencyForm:
    """One agency's form: the agency, its file name, the indicators asked for, the rows to
    fill, and the workbook's bytes."""

    agency: str
    file_name: str
    indicators: list[str]
    rows: int
    xlsx: bytes

    def save(self, out: PathLike = ".") -> Path:
        """Writes the workbook into ``out`` (created if missing); returns its path."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.file_name
        path.write_bytes(self.xlsx)
        return path


def forms(
    catalogue: Catalogue | str,
    year: int,
    *,
    regions: object,
    region: str | None = None,
) -> list[AgencyForm]:
    """A form for every agency the plan names, asking for the indicators of its share,
    coverage and rising targets, for each unit of the targets' level in ``regions`` (a table,
    a CSV path or a built-in map; inside ``region`` when given) and each year from the stage's
    base year to ``year``. Each form has a "Giá trị" column validated as a number not below
    zero, and reads back with :func:`cashless.read_indicators` once filled.
    """
    cat = catalogue if isinstance(catalogue, Catalogue) else _load_catalogue(catalogue)
    table = region_table(regions)
    if table is None:
        raise _cashless.ArgumentError(
            say(
                "biểu cần bảng đơn vị hành chính: regions=... (bảng, tệp CSV hoặc bản đồ dựng sẵn)",
                "forms need the region table: regions=... (a table, a CSV or a built-in map)",
            )
        )
    return [
        AgencyForm(agency, name, indicators, rows, bytes(xlsx))
        for agency, name, indicators, rows, xlsx in _cashless.agency_forms(
            cat._native, year, table, region
        )
    ]
