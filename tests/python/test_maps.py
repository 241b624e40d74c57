"""Vietnam's administrative maps from Python (issue 21): the built-in tables, the crosswalk,
names read against the real map, and a district plan judged across the 2025 reform."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import cashless
from cashless.cli import main


def test_both_maps_are_built_in() -> None:
    assert cashless.maps() == ["vn-2025-06", "vn-2025"]
    old = cashless.regions("vn-2025-06")
    assert old.columns == ["code", "name", "kind", "level", "parent", "map"]
    counts = old.group_by("level").len().sort("level").rows()
    assert counts == [("commune", 10_035), ("district", 696), ("province", 63)]
    new = cashless.regions("vn-2025")
    assert new.filter(level="province").height == 34
    assert new.filter(level="commune").height == 3_321
    # Thanh Hoa on the new map: the province and its 166 communes and wards.
    th = cashless.regions("vn-2025:Thanh Hóa")
    assert th.height == 167
    assert th.filter(code="14797").row(0, named=True) == {
        "code": "14797",
        "name": "Phường Hạc Thành",
        "kind": "Phường",
        "level": "commune",
        "parent": "38",
        "map": "vn-2025",
    }


def test_an_unknown_map_teaches(tmp_path: Path) -> None:
    with pytest.raises(cashless.CashlessError) as e:
        cashless.crosswalk("vn-2025", "vn-1999", "district")
    assert "vn-2025-06" in str(e.value)


def test_new_commune_figures_go_back_to_the_old_district() -> None:
    back = cashless.crosswalk("vn-2025", "vn-2025-06", "district")
    # Xa Xuan Bac (new) = Xuan Bac (Xuan Loc) + Suoi Nho (Dinh Quan): half each, approximated.
    xb = back.filter(old_code="26428").sort("new_code").rows()
    assert xb == [("26428", "736", 0.5, "equal_parts"), ("26428", "741", 0.5, "equal_parts")]
    tx = pl.DataFrame(
        {
            "region_code": ["26428", "26425"],
            "period": ["2025-08", "2025-08"],
            "channel": ["mobile", "mobile"],
            "count": [11, 7],
            "value": [1_001, 700],
            "region_map": ["vn-2025", "vn-2025"],
        }
    )
    moved = cashless.apply_crosswalk(tx, back, "vn-2025", "vn-2025-06")
    got = moved.select("region_code", "count", "value", "share_basis").sort("region_code").rows()
    # 11 and 1,001 split in halves: the odd unit to the earlier code, the parts add up.
    assert got == [("736", 6, 501, "equal_parts"), ("741", 5 + 7, 500 + 700, "equal_parts")]


BANK_FILE = (
    "Đơn vị;Kỳ;Số lượng GD Mobile banking (món);Giá trị GD Mobile banking (triệu đồng)\n"
    "H. Thọ Xuân;T11/2024;1.000;2.000\n"
    "TP Thanh Hoá;T11/2024;3.000;4.000\n"
    "Huyện Như Xuân;T11/2024;5;6\n"
)


def test_a_bank_file_reads_against_the_real_map(tmp_path: Path) -> None:
    path = tmp_path / "nh01-11-2024.csv"
    path.write_text(BANK_FILE, encoding="utf-8")
    r = cashless.read(path, regions="vn-2025-06:Thanh Hóa", bank="NH01")
    got = r.data.select("region_code", "count", "value", "region_map").rows()
    assert got == [
        ("395", 1_000, 2_000_000_000, "vn-2025-06"),
        ("380", 3_000, 4_000_000_000, "vn-2025-06"),
        ("402", 5, 6_000_000, "vn-2025-06"),
    ]
    # Across the whole country "Xã Xuân Hòa" is several communes: they are named.
    amb = tmp_path / "amb.csv"
    amb.write_text(BANK_FILE.replace("H. Thọ Xuân", "Xã Xuân Hòa"), encoding="utf-8")
    with pytest.raises(cashless.IngestError) as e:
        cashless.read(amb, regions="vn-2025-06", bank="NH01")
    assert "15517 (Xã Xuân Hòa" in str(e.value.ledger["message"].to_list())
    assert "Tỉnh Thanh Hóa" in str(e.value.ledger["message"].to_list())


def test_the_command_line_takes_a_built_in_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nh01-11-2024.csv"
    path.write_text(BANK_FILE, encoding="utf-8")
    assert main(["check", str(path), "--regions", "vn-2025-06:38", "--bank", "NH01"]) == 0
    out = capsys.readouterr().out
    assert "3 rows read: 3 kept" in out or "3 dòng" in out, out
