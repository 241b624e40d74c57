"""Charts a reader understands (issue 23, item 3): a PNG beside each SVG at print resolution,
title, legend and units inside the file, every channel in the channel mix, the report year
drawn and marked as an estimate, text of 11 px or more at print size, one meaning per colour,
and the charts in the Word annex and the workbook."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import docx
import openpyxl
import polars as pl
import pytest

import cashless

GROWTH = [f"growth-{c}-{m}" for c in ("all", "mobile", "internet") for m in ("count", "value")]
# Okabe–Ito's colours for a figure, a figure below its target and the target band.
FIGURE, BELOW, TARGET = "#0072B2", "#D55E00", "#009E73"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[cashless.Report, Path]:
    r = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, as_of="2025-10-31")
    out = tmp_path_factory.mktemp("charts")
    r.save(out)
    return r, out


def fills(svg: str) -> set[str]:
    return set(re.findall(r'fill="(#[0-9A-F]{6})"', svg))


def test_one_chart_per_growth_target_besides_the_mix_and_the_ranking(
    sample: tuple[cashless.Report, Path],
) -> None:
    r, out = sample
    # Plan 106/KH-UBND's six growth targets: count and value of all, mobile and internet.
    assert [c.name for c in r.charts] == ["channel-mix", *GROWTH, "ranking"]
    for c in r.charts:
        svg = (out / f"bao-cao-2025-{c.name}.svg").read_text(encoding="utf-8")
        png = (out / f"bao-cao-2025-{c.name}.png").read_bytes()
        assert svg == c.svg and png == c.png
        assert 'viewBox="0 0 480 ' in svg  # scales to its box on a phone
        # PNG: signature, IHDR width three times the SVG's, pHYs 11,339 px/m (288 dpi).
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">I", png[16:20])[0] == 3 * 480
        at = png.index(b"pHYs")
        assert struct.unpack(">IIB", png[at + 4 : at + 13]) == (11_339, 11_339, 1)


def test_a_growth_chart_says_what_it_shows(sample: tuple[cashless.Report, Path]) -> None:
    r, _ = sample
    chart = next(c for c in r.charts if c.name == "growth-all-value")
    svg = chart.svg
    growth = r.table("channels", 1)
    row = growth.filter(
        (pl.col("Kênh") == "Tổng TTKDTM") & pl.col("Chỉ tiêu").str.starts_with("Giá trị")
    ).row(0, named=True)

    # Title, legend, target as the plan writes it (106/KH-UBND: 20–25 %/năm), the stage
    # average and each year's growth as the growth table has them, one decimal.
    def pct(x: float) -> str:
        return f"{x * 100:.1f}".replace(".", ",") + " %"

    for text in [
        "Tăng trưởng giá trị – Tổng TTKDTM",
        "Tăng trưởng so với năm trước",
        "Mục tiêu: 20–25 %/năm",
        f"Bình quân 2021–2025: {pct(row['BQ giai đoạn'])}",
        *(pct(row[str(y)]) for y in range(2021, 2025)),
        # The report year is drawn, from the full-year estimate, and marked as such.
        "2025 (ước)",
        "2025: ước tính cả năm từ 11 tháng",
        pct(row["2025 (ước cả năm)"]),
    ]:
        assert text in svg, text
    assert fills(svg) == {"#000000", "#FFFFFF", FIGURE, TARGET}
    # The estimate is the figure's colour, drawn pale.
    assert 'opacity="0.4" fill="#0072B2"' in svg


def test_the_channel_mix_shows_every_channel(sample: tuple[cashless.Report, Path]) -> None:
    r, _ = sample
    svg = r.charts[0].svg
    levels = r.table("channels")
    channels = [c for c in levels["Kênh"].unique(maintain_order=True) if c != "Tổng TTKDTM"]
    assert channels == ["Internet", "Điện thoại di động", "POS", "Mã QR", "ATM"]
    # QR and ATM overlap the others: drawn beside the stack, marked in the legend.
    for label in ["Internet", "Điện thoại di động", "POS", "Mã QR *", "ATM *"]:
        assert f">\n{label}\n</text>" in svg, label
    assert "11T/2025" in svg and "% tổng giá trị" in svg
    # No colour of a figure, a shortfall or a target in the mix.
    assert not fills(svg) & {FIGURE, BELOW, TARGET}


def test_below_target_has_one_colour_in_every_chart(sample: tuple[cashless.Report, Path]) -> None:
    r, _ = sample
    ranking = r.charts[-1].svg
    assert "Dưới mục tiêu" in ranking and "Mục tiêu: 20–25 %/năm" in ranking
    assert BELOW in fills(ranking)
    assert all(BELOW not in fills(c.svg) for c in r.charts[:-1])


def test_no_text_is_under_eleven_pixels_in_print(sample: tuple[cashless.Report, Path]) -> None:
    r, out = sample
    for c in r.charts:
        sizes = [float(s) for s in re.findall(r'font-size="([0-9.]+)"', c.svg)]
        assert sizes and min(sizes) >= 12.0, c.name
    # In Word: a picture's width in CSS px (96 per inch, 914,400 EMU per inch) over its PNG's
    # width in CSS px (a third of its pixels) scales the 12 px text; it must stay >= 11 px.
    d = docx.Document(str(out / "bao-cao-2025.docx"))
    shapes = d.inline_shapes
    assert len(shapes) == len(r.charts)
    for shape, chart in zip(shapes, r.charts):
        png_css = struct.unpack(">I", chart.png[16:20])[0] / 3
        scale = shape.width / 914_400 * 96 / png_css
        assert 12 * scale >= 11, (chart.name, scale)


def test_the_word_annex_and_the_workbook_carry_the_charts(
    sample: tuple[cashless.Report, Path],
) -> None:
    r, out = sample
    with zipfile.ZipFile(out / "bao-cao-2025.docx") as z:
        media = sorted(n for n in z.namelist() if n.endswith(".png"))
        images = [z.read(n) for n in media]
    assert sorted(images) == sorted(c.png for c in r.charts)
    d = docx.Document(str(out / "bao-cao-2025.docx"))
    captions = [p.text for p in d.paragraphs if p.text.startswith("Biểu đồ ")]
    captions += [
        p.text
        for t in d.tables
        for cell in t.rows[0].cells
        for p in cell.paragraphs
        if p.text.startswith("Biểu đồ ")
    ]
    assert sorted(captions) == sorted(f"Biểu đồ {i}. {c.title}" for i, c in enumerate(r.charts, 1))
    # openpyxl drops pictures without Pillow: the archive is read instead.
    wb = openpyxl.load_workbook(io.BytesIO((out / "bao-cao-2025.xlsx").read_bytes()))
    sheet = wb.sheetnames.index("Biểu đồ") + 1
    with zipfile.ZipFile(out / "bao-cao-2025.xlsx") as z:
        pictures = sorted(z.read(n) for n in z.namelist() if n.startswith("xl/media/"))
        rels = z.read(f"xl/worksheets/_rels/sheet{sheet}.xml.rels").decode()
    assert pictures == sorted(c.png for c in r.charts)
    assert "drawing" in rels


def test_the_page_lays_charts_out_for_the_screen(sample: tuple[cashless.Report, Path]) -> None:
    r, _ = sample
    html = r.html()
    assert '<div class="charts">' in html
    assert ".cashless-report figure svg { width: 100%; height: auto; }" in html
    assert html.count("<figure") == len(r.charts)
    md = r.markdown()
    assert "(bao-cao-2025-ranking.png)" in md
