"""The yearly report from Python: sections, figures equal to the API's and to the workbook's,
the same bytes as the command, inert hostile names, and the ledger of a real read."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

import cashless
from cashless.cli import main

openpyxl = pytest.importorskip("openpyxl")

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("x")'


@pytest.fixture(scope="module")
def sample_report() -> cashless.Report:
    return cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, lang="en")


def test_every_section_and_its_findings(sample_report: cashless.Report) -> None:
    ids = [s.id for s in sample_report.sections]
    assert ids == ["summary", "channels", "targets", "regions", "quality", "method"]
    # Coverage, the year, the targets counted, the shortfalls named, the laggards.
    assert len(sample_report.findings) == 5
    assert sample_report.findings[2] == (
        "The plan has 23 targets: 17 met or exceeded, 6 below target. "
        "6 growth targets are judged on the full-year estimate."
    )
    assert sample_report.table("summary")["Targets"].sum() == 23
    growth = [f"growth-{c}-{m}" for c in ("all", "mobile", "internet") for m in ("count", "value")]
    assert [c.name for c in sample_report.charts] == ["channel-mix", *growth, "ranking"]
    html = sample_report._repr_html_()
    assert "<style>" in html and "cashless-report" in html


def test_report_levels_are_the_annual_figures(sample_report: cashless.Report) -> None:
    province = cashless.rollup(cashless.sample_data(), cashless.sample_regions(), "province")
    years = cashless.annual(province, year_start="12-01").filter(pl.col("channel") == "all")
    levels = sample_report.table("channels")
    count = levels.filter((pl.col("Channel") == "All cashless") & (pl.col("Measure") == "Count"))
    value = levels.filter((pl.col("Channel") == "All cashless") & (pl.col("Measure") != "Count"))
    for year, c, v in years.select("year", "count", "value").iter_rows():
        if 2020 <= year <= 2024:
            assert count[str(year)][0] == c
            assert value[str(year)][0] == pytest.approx(v / 1e9, rel=1e-12)


def test_excel_numbers_equal_the_reports(sample_report: cashless.Report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(sample_report.xlsx()))
    sheet = wb["Levels by channel"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Channel")
    table = sample_report.table("channels")
    for i, expected in enumerate(table.iter_rows()):
        got = rows[header + 1 + i][: len(expected)]
        for g, e in zip(got, expected):
            if isinstance(e, float):
                assert g == pytest.approx(e, rel=1e-15)
            else:
                assert g == e
    # Percentages are fractions with a percent format, headers frozen.
    growth = wb["Growth by channel"]
    assert growth.freeze_panes is not None
    cells = [c for row in growth.iter_rows() for c in row if isinstance(c.value, float)]
    assert cells and all(c.number_format == "0.00%" for c in cells)


def test_command_and_function_write_the_same_bytes(tmp_path: Path) -> None:
    args = ["--catalogue", "thanh-hoa-106-2022", "--year", "2025", "--as-of", "2025-10-31"]
    assert main(["report", "--sample", *args, "--out", str(tmp_path / "a")]) == 0
    assert main(["report", "--sample", *args, "--out", str(tmp_path / "b")]) == 0
    r = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, as_of="2025-10-31")
    saved = r.save(tmp_path / "c")
    names = sorted(p.name for p in saved)
    assert names[:2] == ["bao-cao-2025-channel-mix.png", "bao-cao-2025-channel-mix.svg"]
    assert "bao-cao-2025.xlsx" in names
    for name in names:
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes() == (tmp_path / "c" / name).read_bytes()


def hostile() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Two districts of Thanh Hóa named to break things; mobile only, Dec 2019 - Nov 2025."""
    rows = []
    for year in range(2020, 2026):
        for k in range(12):
            y, m = (year - 1, 12) if k == 0 else (year, k)
            rows.append(("380", f"{y}-{m:02d}", 100 * 2 ** (year - 2020)))
            rows.append(("381", f"{y}-{m:02d}", 100))
    tx = pl.DataFrame(rows, schema=["region_code", "period", "count"], orient="row").with_columns(
        channel=pl.lit("mobile"), value=pl.col("count") * 1_000_000
    )
    regions = pl.DataFrame(
        {
            "code": ["38", "380", "381"],
            "name": ["Tỉnh Thanh Hóa", SCRIPT, FORMULA],
            "level": ["province", "district", "district"],
            "parent": [None, "38", "38"],
        }
    )
    return tx, regions


def test_hostile_names_are_inert_in_html_and_excel() -> None:
    tx, regions = hostile()
    r = cashless.report(tx, catalogue="thanh-hoa-106-2022", year=2025, regions=regions)
    html = r.html()
    assert "<script" not in html and "&lt;script&gt;" in html
    wb = openpyxl.load_workbook(io.BytesIO(r.xlsx()))
    found = []
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in (SCRIPT, FORMULA):
                    found.append(cell.value)
                    assert cell.data_type == "s"
    assert set(found) == {SCRIPT, FORMULA}
    # By hand: province count 2025 = 12 * (3200 + 100); the stage average (39600/2400)^(1/5) - 1.
    growth = r.table("channels", 1)
    assert r.table("channels")["2025"][0] == 39_600
    assert growth["BQ giai đoạn"][0] == pytest.approx(16.5 ** (1 / 5) - 1, rel=1e-12)


def test_a_read_brings_its_ledger(tmp_path: Path) -> None:
    path = tmp_path / "nh01.csv"
    lines = ["Mã địa bàn;Kỳ;Kênh;Số lượng (món);Giá trị (đồng)"]
    for year in range(2020, 2026):
        for k in range(12):
            y, m = (year - 1, 12) if k == 0 else (year, k)
            lines.append(f"38;{m:02d}/{y};Mobile;{100 * (year - 2018)};{100_000 * (year - 2018)}")
    lines.append("38;05/2025;Fax;1;1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = cashless.read(path, keep_going=True)
    assert read.rows_rejected == 1
    r = cashless.report(read, catalogue="thanh-hoa-106-2022", year=2025, lang="en")
    quality = r.table("quality")
    assert dict(quality.iter_rows())["Rows rejected (errors)"] == 1
    # The method names the file the read's rows came from, not "DataFrame".
    assert "nh01.csv. Counts are" in r.markdown() and "Data: DataFrame" not in r.markdown()
    assert r.table("quality", 1)["Check"].to_list() == ["Unknown channel"]
    wb = openpyxl.load_workbook(io.BytesIO(r.xlsx()))
    ledger = wb["Ledger"]
    assert [c.value for c in ledger[3]][:2] == ["Error", "Unknown channel"]
    # In a Vietnamese report the sheet speaks Vietnamese whatever the process speaks, the
    # kind of finding included (its code is in the ledger's table, for programs).
    vi = openpyxl.load_workbook(
        io.BytesIO(cashless.report(read, catalogue="thanh-hoa-106-2022", year=2025).xlsx())
    )
    sheet = vi["Sổ kiểm tra"]
    assert sheet["A1"].value == (
        f"{read.rows_read} dòng đã đọc: giữ {read.rows_kept}, loại 1, bỏ qua "
        f"{read.rows_skipped}; 1 lỗi, 0 cảnh báo"
    )
    assert [c.value for c in sheet[3]][:2] == ["Lỗi", "Kênh không rõ"]
    # The read was made in English; its finding is shown in the report's language all the
    # same (the channel error as the reader words it, names of the channels kept).
    assert read.ledger["message"].item().startswith('unknown channel label "Fax"; known channels:')
    assert sheet.cell(row=3, column=8).value.startswith('không rõ kênh "Fax"; các kênh:')
    assert "nh01.csv" in r.section("method").paragraphs[2]


def test_clear_errors() -> None:
    with pytest.raises(cashless.ArgumentError, match="before reporting year 2025 starts"):
        cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, as_of="2024-11-30")
    with pytest.raises(cashless.ArgumentError, match="YYYY-MM-DD"):
        cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, as_of="31/10")
    with pytest.raises(cashless.ArgumentError, match="sample=True"):
        cashless.report(catalogue="thanh-hoa-106-2022", year=2025)
    with pytest.raises(cashless.ArgumentError, match="no transactions of region"):
        cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2030)


def test_the_first_six_months_have_a_report_of_their_own(tmp_path: Path) -> None:
    r = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, period="h1")
    assert r.file_stem == "bao-cao-6-thang-2025"
    assert r.findings[1].startswith("6 tháng đầu năm 2025 (6 tháng có số liệu, đến 31/05/2025)")
    args = ["report", "--sample", "--catalogue", "thanh-hoa-106-2022", "--year", "2025"]
    assert main([*args, "--half", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "bao-cao-6-thang-2025.md").read_text(encoding="utf-8") == r.markdown()


def test_a_table_displays_as_the_report_prints_it() -> None:
    """Issue 23, item 7: in a notebook a table shows counts with separators and growth as
    percentages, in the report's language, and keeps its own alignment under Jupyter's."""
    vi = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025)
    view = vi.view("channels", 0)
    html = view._repr_html_()
    count_2020 = int(view.data.row(0)[2])
    assert f"{count_2020:,}".replace(",", ".") in html  # 73.146.680
    assert ".cashless-report table td.num { text-align: right; }" in html
    assert view.data.equals(vi.table("channels", 0))
    growth = vi.view("channels", 1)._repr_html_()
    assert " %</td>" in growth and "," in growth
    en = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, lang="en")
    assert f"{count_2020:,}" in en.view("channels", 0)._repr_html_()  # 73,146,680
    with pytest.raises(cashless.CashlessError):
        vi.view("channels", 9)
