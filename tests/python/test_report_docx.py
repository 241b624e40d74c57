"""The report as a Word document (issue 23, item 1): read back with python-docx, its layout
elements, its figures against the API's tables, its page setup, the same bytes every time,
and (where LibreOffice is installed) its conversion to PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT

import cashless

LETTERHEAD = """
co_quan_chu_quan = "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM"
co_quan_ban_hanh = "NGÂN HÀNG NHÀ NƯỚC CHI NHÁNH KHU VỰC 7"
so = "215"
ky_hieu = "BC-KV7"
dia_danh = "Thanh Hóa"
ngay = "2025-12-05"
kinh_gui = ["Ủy ban nhân dân tỉnh Thanh Hóa"]
noi_nhan = ["Như trên", "Ngân hàng Nhà nước Việt Nam (để b/c)", "Lưu: VT, TTKDTM"]
quyen_han = "KT. GIÁM ĐỐC"
chuc_vu = "PHÓ GIÁM ĐỐC"
nguoi_ky = "Nguyễn Văn An"
"""

SUBJECT = (
    "Kết quả thực hiện thanh toán không dùng tiền mặt năm 2025 trên địa bàn Tỉnh Thanh Hóa "
    "(theo Kế hoạch số 106/KH-UBND ngày 12/04/2022 của UBND tỉnh Thanh Hóa)"
)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[cashless.Report, Path]:
    tmp = tmp_path_factory.mktemp("docx")
    (tmp / "letterhead.toml").write_text(LETTERHEAD, encoding="utf-8")
    r = cashless.report(
        sample=True,
        catalogue="thanh-hoa-106-2022",
        year=2025,
        as_of="2025-10-31",
        letterhead=tmp / "letterhead.toml",
    )
    names = {p.name for p in r.save(tmp / "out")}
    assert {"bao-cao-2025.docx", "bao-cao-2025.xlsx", "bao-cao-2025.html"} <= names
    return r, tmp / "out" / "bao-cao-2025.docx"


def texts(d: docx.document.Document) -> list[str]:
    return [p.text for p in d.paragraphs]


def test_the_letter_has_the_decrees_layout(saved: tuple[cashless.Report, Path]) -> None:
    _, path = saved
    d = docx.Document(str(path))
    masthead = d.tables[0].rows[0].cells
    assert [p.text for p in masthead[0].paragraphs] == [
        "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM",
        "NGÂN HÀNG NHÀ NƯỚC CHI NHÁNH KHU VỰC 7",
        "———",
        "Số: 215/BC-KV7",
    ]
    assert [p.text for p in masthead[1].paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "———————",
        "Thanh Hóa, ngày 05 tháng 12 năm 2025",
    ]
    t = texts(d)
    i = t.index("BÁO CÁO")
    assert t[i + 1] == SUBJECT
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa" in t
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. KIẾN NGHỊ, ĐỀ XUẤT",
    ):
        assert heading in t
    # The places for the analyst's own words are marked.
    assert "[Đơn vị ghi kiến nghị, đề xuất của mình.]" in t
    signature = d.tables[1].rows[0].cells
    assert [p.text for p in signature[0].paragraphs] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Ngân hàng Nhà nước Việt Nam (để b/c);",
        "- Lưu: VT, TTKDTM.",
    ]
    right = [p.text for p in signature[1].paragraphs if p.text]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    # The annex, headed as the decree heads it.
    attached = "(Kèm theo Báo cáo số 215/BC-KV7 ngày 05/12/2025 của NGÂN HÀNG NHÀ NƯỚC CHI NHÁNH"
    assert attached + " KHU VỰC 7)" in t
    # Times New Roman 14 pt by default.
    rpr = d.styles.element.xpath("//w:docDefaults//w:rFonts")[0]
    assert rpr.get(docx.oxml.ns.qn("w:ascii")) == "Times New Roman"
    sz = d.styles.element.xpath("//w:docDefaults//w:sz")[0]
    assert sz.get(docx.oxml.ns.qn("w:val")) == "28"


def test_pages_are_a4_with_the_decrees_margins(saved: tuple[cashless.Report, Path]) -> None:
    _, path = saved
    d = docx.Document(str(path))
    letter, annex = d.sections[0], d.sections[-1]
    assert (round(letter.page_width.mm), round(letter.page_height.mm)) == (210, 297)
    assert letter.orientation == WD_ORIENT.PORTRAIT
    assert [round(m.mm) for m in (letter.top_margin, letter.bottom_margin)] == [20, 20]
    assert [round(m.mm) for m in (letter.left_margin, letter.right_margin)] == [30, 15]
    assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)
    assert annex.orientation == WD_ORIENT.LANDSCAPE


def test_the_shortfalls_and_the_annex_carry_the_apis_figures(
    saved: tuple[cashless.Report, Path],
) -> None:
    r, path = saved
    d = docx.Document(str(path))
    t = texts(d)
    # Every target that falls short is named in part II with its figure.
    short = r.table("summary", 1)
    assert short.height == 6
    for name, actual in short.select("Chỉ tiêu", "Thực hiện").rows():
        line = next(x for x in t if x.startswith("- " + name.rstrip(".")))
        assert f"thực hiện {actual * 100:.2f} %".replace(".", ",") in line
    # The annex's level table (its third) is the API's channels table, to the món.
    levels = r.table("channels", 0)
    annex = d.tables[2 + 2]  # masthead, signature, then the summary's two tables
    header = [c.text for c in annex.rows[0].cells]
    assert header == levels.columns
    for row, want in zip(annex.rows[1:], levels.rows()):
        cells = [c.text for c in row.cells]
        assert cells[:2] == list(want[:2])
        if want[1] == "Số lượng (món)":
            assert [int(c.replace(".", "")) for c in cells[2:]] == [int(v) for v in want[2:]]


def test_the_same_report_gives_the_same_bytes(saved: tuple[cashless.Report, Path]) -> None:
    r, path = saved
    assert r.docx() == path.read_bytes()
    again = cashless.report(
        sample=True, catalogue="thanh-hoa-106-2022", year=2025, as_of="2025-10-31"
    )
    assert again.docx() == again.docx()


def test_a_missing_letterhead_leaves_placeholders(tmp_path: Path) -> None:
    r = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2024, lang="en")
    path = tmp_path / "report-2024.docx"
    path.write_bytes(r.docx())
    d = docx.Document(str(path))
    left = [p.text for p in d.tables[0].rows[0].cells[0].paragraphs]
    assert left == ["[PARENT BODY]", "[ISSUING BODY]", "———", "No.: …/BC-…"]
    assert "SOCIALIST REPUBLIC OF VIET NAM" in d.tables[0].rows[0].cells[1].text
    bad = tmp_path / "bad.toml"
    bad.write_text('so_hieu = "1"\n', encoding="utf-8")
    with pytest.raises(cashless.CashlessError) as e:
        cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2024, letterhead=bad)
    assert "so_hieu" in str(e.value)


def times_metrics() -> bool:
    """Whether LibreOffice sets Times New Roman in a font of its metrics, by fontconfig."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return False
    family = subprocess.run(
        [fc_match, "-f", "%{family}", "Times New Roman"], capture_output=True, text=True
    ).stdout
    return any(f in family for f in ("Times New Roman", "Liberation Serif", "Tinos"))


@pytest.fixture(scope="module")
def pdf(saved: tuple[cashless.Report, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Word report printed to PDF by LibreOffice, once for the tests that read it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("needs LibreOffice (soffice) to convert the .docx to PDF; .ci/run installs it")
    _, path = saved
    out = tmp_path_factory.mktemp("pdf")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / "bao-cao-2025.pdf"


def pdf_text(pdf: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("needs pdftotext (Debian: poppler-utils) to read the PDF; .ci/run installs it")
    return subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_it_converts_to_pdf(pdf: Path) -> None:
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(pdf)
    assert "Nguyễn Văn An" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in text


def test_the_motto_keeps_its_line_in_times_metrics(pdf: Path) -> None:
    # Decree 30 sets the motto on one line in Times New Roman; a wider stand-in (DejaVu Serif,
    # where no font of its metrics is installed) breaks it in two, as Word would not.
    if not times_metrics():
        pytest.skip(
            "needs Times New Roman or a font of its metrics (Debian: fonts-liberation, which "
            ".ci/run installs) to lay the report out as Word does"
        )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(pdf)
