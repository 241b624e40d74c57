"""The agencies' forms (issue 23, item 4): written for every agency of Thanh Hóa's plan,
filled by the test with the sample's own figures, read back through the indicator reader,
and the report built from them judges every share target as the built-in table does."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

import cashless

HEADER = ["Mã đơn vị", "Tên đơn vị", "Năm", "Chỉ tiêu", "Đơn vị tính", "Giá trị"]


def header_row(ws: openpyxl.worksheet.worksheet.Worksheet) -> int:
    return next(r for r in range(1, 12) if [ws.cell(r, c).value for c in range(1, 7)] == HEADER)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("forms")
    forms = cashless.forms("thanh-hoa-106-2022", 2025, regions=cashless.sample_regions())
    cat = cashless.catalogue("thanh-hoa-106-2022")
    agencies = {a for a in cat.targets["agency"].to_list() if a}
    # One form per agency whose targets read indicators (the State Bank's own are growth
    # targets on bank data, except the accounts).
    assert {f.agency for f in forms} <= agencies
    assert len(forms) >= 5
    sample = cashless.sample_indicators()
    value = {
        (r, y, i): v
        for r, y, i, v in sample.select("region_code", "year", "indicator", "value").rows()
    }
    label = {
        row["text_vi"]: row["indicator"] for row in cashless.indicator_list().iter_rows(named=True)
    }
    paths = []
    for form in forms:
        path = form.save(out)
        wb = openpyxl.load_workbook(path)
        ws = wb["Số liệu"]
        head = header_row(ws)
        assert ws.max_row - head == form.rows
        # The value column is validated: a number not below zero.
        rules = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
        assert rules and rules[0].operator == "greaterThanOrEqual" and rules[0].formula1 == "0"
        for r in range(head + 1, ws.max_row + 1):
            code, year, text = ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, 4).value
            v = value.get((code, int(year), label[text]))
            if v is not None:
                ws.cell(r, 6).value = v
        wb.save(path)
        paths.append(path)
    return paths


def test_forms_read_back_into_the_indicator_table(filled: list[Path]) -> None:
    read = cashless.read_indicators(filled)
    got = read.data.select("region_code", "year", "indicator", "value").sort(
        "region_code", "year", "indicator"
    )
    assert read.ledger.filter(pl.col("severity") == "error").height == 0
    sample = cashless.sample_indicators()
    want = (
        sample.join(
            got.select("region_code", "year", "indicator"), on=["region_code", "year", "indicator"]
        )
        .select("region_code", "year", "indicator", "value")
        .sort("region_code", "year", "indicator")
    )
    assert got.height == want.height > 0
    assert got["value"].to_list() == pytest.approx(want["value"].to_list(), rel=1e-12)


def test_the_report_from_the_forms_judges_every_share_target(filled: list[Path]) -> None:
    ind = cashless.read_indicators(filled).data
    options = dict(sample=True, catalogue="thanh-hoa-106-2022", year=2025, as_of="2025-10-31")
    from_forms = cashless.report(indicators=ind, **options).table("targets", 0)
    built_in = cashless.report(**options).table("targets", 0)
    status = from_forms.columns[6]
    assert from_forms[status].to_list() == built_in[status].to_list()
    assert "Không đánh giá được" not in from_forms[status].to_list()


def test_xuan_locs_forms_go_to_the_offices_of_part_iv() -> None:
    # Plan 83/KH-UBND, part IV: IV.2 Phòng Kinh tế và Hạ tầng (e-commerce, retail outlets),
    # IV.4 Phòng Lao động - TB&XH, IV.6 Phòng Giáo dục và Đào tạo, IV.7 Phòng Y tế, IV.16 the
    # banks (accounts, acceptance points, electronic payers).
    forms = cashless.forms(
        "xuan-loc-83-2023", 2025, regions=cashless.sample_regions(), region="395"
    )
    assert [f.agency for f in forms] == [
        "Phòng Kinh tế và Hạ tầng",
        "Các ngân hàng, tổ chức tín dụng trên địa bàn",
        "Phòng Giáo dục và Đào tạo",
        "Phòng Y tế, Trung tâm Y tế huyện",
        "Phòng Lao động - Thương binh và Xã hội",
    ]
    banks = forms[1]
    # In the catalogue's order: accounts and electronic payers at the district (two
    # indicators each), acceptance points in each of Thọ Xuân's 30 communes; 2020-2025.
    assert banks.indicators == [
        "population_15plus_with_account",
        "population_15plus",
        "payers_electronic",
        "payers",
        "acceptance_points",
    ]
    assert banks.rows == 6 * (2 + 2 + 30)
