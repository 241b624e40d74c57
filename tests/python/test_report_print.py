"""The report prints (issue 23, item 2): the workbook's page setup read back with openpyxl,
and, where LibreOffice is installed, the workbook printed to PDF with no column cut."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import cashless


@pytest.fixture(scope="module")
def sample() -> cashless.Report:
    return cashless.report(
        sample=True, catalogue="thanh-hoa-106-2022", year=2025, as_of="2025-10-31"
    )


def test_every_sheet_is_set_up_for_a4(sample: cashless.Report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(sample.xlsx()))
    assert len(wb.worksheets) >= 6
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.paperSize == 9, ws.title  # A4
        # Fitted to one page across (1 is the file format's default, left unwritten).
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.oddFooter.center.text == "Trang &P/&N", ws.title
        # The header row repeats on every page (the charts' sheet has none).
        assert (ws.print_title_rows is None) == (ws.title == "Biểu đồ"), ws.title
    # The widest sheet (the attainment table, 13 columns) prints landscape; the first, the
    # count of verdicts, fits a portrait page.
    targets = max(wb.worksheets, key=lambda w: w.max_column)
    assert targets.max_column >= 10
    assert targets.page_setup.orientation == "landscape"
    first = wb.worksheets[0]
    assert first.max_column <= 4
    assert first.page_setup.orientation in (None, "portrait")
    # Table cells have borders and wrap.
    header_row = int(str(targets.print_title_rows).split(":")[0].lstrip("$"))
    cell = targets.cell(row=header_row + 1, column=1)
    assert cell.border.left.style == "thin" and cell.alignment.wrap_text


def test_the_workbook_prints_without_cutting_a_column(
    sample: cashless.Report, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("needs LibreOffice and pdftotext to print the workbook; .ci/run installs them")
    xlsx = tmp_path / "bao-cao-2025.xlsx"
    xlsx.write_bytes(sample.xlsx())
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / "bao-cao-2025.pdf"
    pages = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    # Every sheet's last column header is printed, on the same page as its first: fitted to
    # the width, nothing spills to a page of its own.
    wb = openpyxl.load_workbook(io.BytesIO(sample.xlsx()))
    for ws in wb.worksheets:
        if ws.print_title_rows is None:
            continue
        row = int(str(ws.print_title_rows).split(":")[0].lstrip("$"))
        first = str(ws.cell(row=row, column=1).value).split()[0]
        last = str(ws.cell(row=row, column=ws.max_column).value).split()[0]
        assert any(first in p and last in p for p in pages), (ws.title, first, last)


def test_the_channel_sheet_has_a_native_chart(sample: cashless.Report) -> None:
    import zipfile

    z = zipfile.ZipFile(io.BytesIO(sample.xlsx()))
    charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert charts == ["xl/charts/chart1.xml"]
    xml = z.read(charts[0]).decode()
    # One line per channel other than the total, drawn from the sheet's own count rows.
    levels = sample.table("channels", 0)
    counted = levels.filter(
        (levels["Chỉ tiêu"] == "Số lượng (món)") & (levels["Kênh"] != "Tổng TTKDTM")
    )
    assert xml.count("<c:ser>") == counted.height == 5
    assert "Số lượng giao dịch theo kênh (món)" in xml
