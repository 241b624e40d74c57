"""Regenerates the built-in administrative maps from the `vietnamadminunits` package.

    python scripts/admin_maps.py            # the pinned version, downloaded from PyPI
    python scripts/admin_maps.py --wheel W  # a wheel already on disk

Writes, under ``src/maps/data/``:

- ``vn-2025-06.tsv``: the map in force until 30 June 2025 (63 provinces, their districts and
  communes), one unit a line: ``level, code, parent, kind, name``;
- ``vn-2025.tsv``: the map from 1 July 2025 (34 provinces and their communes), the same way;
- ``vn-2025-06_vn-2025.tsv``: every old commune (and every old island district without
  communes) and the new commune it went to, ``old_code, new_code, area_km2``, with the new
  commune's published area only where the old commune was divided between several (``-`` for
  a division where the source gives one of the parts no area);
- ``SOURCE.md``: the source, its version, its licence.

When the map changes again, bump ``VERSION`` (or pass ``--wheel``) and rerun: nothing in these
files is typed by hand. The script refuses a source whose codes are not unique or whose
crosswalk names a unit that is not on its map, rather than writing a broken table.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
OUT = Path(__file__).resolve().parent.parent / "src" / "maps" / "data"
KINDS = ["Tỉnh", "Thành phố", "Huyện", "Thị xã", "Quận", "Xã", "Phường", "Thị trấn", "Đặc khu"]


def wheel_path(given: str | None, work: Path) -> Path:
    if given:
        return Path(given)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "-q",
            "-d",
            str(work),
            f"{PACKAGE}=={VERSION}",
        ],
        check=True,
    )
    return next(work.glob(f"{PACKAGE}-*.whl"))


def kind_of(full: str, kind: str | None) -> tuple[str, str]:
    """The unit's kind and its full name with the kind written as the plans write it.

    The source writes a few prefixes with other capitals ("Thành Phố Bắc Kạn"); the name is
    kept, only its prefix is set to the kind's own spelling.
    """
    if kind is None:
        kind = next(k for k in KINDS if full.lower().startswith(k.lower() + " "))
    if kind not in KINDS:
        raise SystemExit(f"unknown kind of unit {kind!r} for {full!r}")
    if full.lower().startswith(kind.lower() + " "):
        full = kind + full[len(kind) :]
    return kind, full


def check_unique(rows: list[tuple[str, str, str, str, str]], what: str) -> None:
    seen: set[str] = set()
    for r in rows:
        if r[1] in seen:
            raise SystemExit(f"{what}: code {r[1]} appears twice")
        seen.add(r[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="a downloaded vietnamadminunits wheel")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wheel = wheel_path(args.wheel, work)
        with zipfile.ZipFile(wheel) as z:
            z.extractall(work / "pkg")
        pkg = work / "pkg"
        version = wheel.name.split("-")[1]
        licence = next(pkg.glob("*.dist-info/licenses/LICENSE")).read_text()
        db = sqlite3.connect(pkg / PACKAGE / "data" / "dataset.db")
        converter = json.loads((pkg / PACKAGE / "data" / "converter_2025.json").read_text())

        old: list[tuple[str, str, str, str, str]] = []
        old_key: dict[str, str] = {}  # province_district_ward key -> code
        seen: set[str] = set()
        q = (
            "select provinceCode, province, provinceKey, districtCode, district, districtType,"
            " districtKey, wardCode, ward, wardType, wardKey from admin_units_legacy"
        )
        for pc, p, pk, dc, d, dt, dk, wc, w, wt, wk in db.execute(q):
            if pc not in seen:
                seen.add(pc)
                old.append(("p", pc, "", *kind_of(p, None)))
            if dc not in seen:
                seen.add(dc)
                old.append(("d", dc, pc, *kind_of(d, dt)))
            if wc is None:
                # An island district without communes (Bạch Long Vĩ, Côn Đảo, …).
                old_key[f"{pk}_{dk}_"] = dc
                continue
            old.append(("c", wc, dc, *kind_of(w, wt)))
            old_key[f"{pk}_{dk}_{wk}"] = wc

        new: list[tuple[str, str, str, str, str]] = []
        new_key: dict[tuple[str, str], str] = {}  # (province key, ward key) -> code
        seen = set()
        q = (
            "select provinceCode, province, provinceKey, wardCode, ward, wardType, wardKey"
            " from admin_units"
        )
        for pc, p, pk, wc, w, wt, wk in db.execute(q):
            if pc not in seen:
                seen.add(pc)
                new.append(("p", pc, "", *kind_of(p, None)))
            new.append(("c", wc, pc, *kind_of(w, wt)))
            new_key[(pk, wk)] = wc
        check_unique(old, "vn-2025-06")
        check_unique(new, "vn-2025")

        lines: list[tuple[str, str, str]] = []
        for pk, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for wk, olds in wards.items():
                for o in olds:
                    lines.append((old_key[o], new_key[(pk, wk)], ""))
        for pk, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for o, parts in divided.items():
                # Every part with its published area, or "-" for all of them when one has none
                # (the reader then splits that commune equally, and says so).
                areas = [part["newWardAreaKm2"] for part in parts]
                known = all(a and a > 0 for a in areas)
                for part, area in zip(parts, areas):
                    shown = f"{area:g}" if known else "-"
                    lines.append((old_key[o], new_key[(pk, part["newWardKey"])], shown))
        mapped = {line[0] for line in lines}
        unmapped = set(old_key.values()) - mapped
        if unmapped:
            raise SystemExit(f"old units the source does not map: {sorted(unmapped)[:10]}")

    header = (
        f"# {PACKAGE} {version} (MIT, Tran Ngoc Minh Hieu); regenerate: scripts/admin_maps.py\n"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in (("vn-2025-06", old), ("vn-2025", new)):
        rows.sort(key=lambda r: ("pdc".index(r[0]), r[1]))
        body = "".join("\t".join(r) + "\n" for r in rows)
        (OUT / f"{name}.tsv").write_text(header + body)
    lines.sort()
    body = "".join("\t".join(r) + "\n" for r in lines)
    (OUT / "vn-2025-06_vn-2025.tsv").write_text(header + body)
    (OUT / "SOURCE.md").write_text(
        f"# Source of the built-in administrative maps\n\n"
        f"Generated by `scripts/admin_maps.py` from the Python package `{PACKAGE}` {version}\n"
        f"(<https://github.com/tranngocminhhieu/vietnamadminunits>, PyPI `{PACKAGE}`), files\n"
        f"`data/dataset.db` (tables `admin_units_legacy` and `admin_units`) and\n"
        f"`data/converter_2025.json`. Only codes, names, kinds, parents, the old-to-new\n"
        f"conversion and the published areas of new communes that received part of a divided\n"
        f"old commune are kept. Kind prefixes written with other capitals are set to the kind's\n"
        f'spelling ("Thành Phố" → "Thành phố"); nothing else is changed.\n\n'
        f"- `vn-2025-06.tsv`: {sum(r[0] == 'p' for r in old)} provinces, "
        f"{sum(r[0] == 'd' for r in old)} district-level units, "
        f"{sum(r[0] == 'c' for r in old)} communes (the map until 30 June 2025).\n"
        f"- `vn-2025.tsv`: {sum(r[0] == 'p' for r in new)} provinces, "
        f"{sum(r[0] == 'c' for r in new)} communes (the map from 1 July 2025).\n"
        f"- `vn-2025-06_vn-2025.tsv`: {len(lines)} lines, "
        f"{len({line[0] for line in lines if line[2]})} old units divided.\n\n"
        f"## Licence of the source\n\n```\n{licence.strip()}\n```\n"
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
