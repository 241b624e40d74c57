"""Every word of the sample report, in the workbook's cells, the page's text and the Word
document's runs, is in the report's language (issue 22).

The Vietnamese report may hold no English word: a word written in ASCII letters only must be
one of the Vietnamese syllables that have no diacritics, or a term the plans themselves use
(ATM, POS, Internet, UBND …), a proper name (the units' names, Eurostat) or a code the analyst
typed (the catalogue's id, the map's id). The English report may hold no Vietnamese outside
the units' names, the plan's own title and issuer, labels quoted from the documents, the
glossary's own terms and meanings (món; cùng kỳ; UBND, Ủy ban nhân dân), đồng and the clause
letter đ. The lists below are the whole allowance: a new English word in the Vietnamese
report, or a Vietnamese one in the English report, fails until it is translated or, if it
belongs here, added with its reason.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from html.parser import HTMLParser

import openpyxl
import pytest

import cashless

# Vietnamese syllables without diacritics that the report writes ("theo", "cho", "khi" …) and
# upper-case words of the Word template ("CƠ QUAN BAN HÀNH", "VIỆT NAM").
VIETNAMESE_WITHOUT_DIACRITICS = {
    "an", "ban", "cao", "chi", "chia", "cho", "danh", "di", "do", "doanh", "dung", "ghi",
    "gia", "giai", "giao", "hai", "hay", "in", "khai", "khi", "khu", "kia", "kinh", "lang",
    "mang", "nam", "nay", "nga", "nghi", "qua", "quan", "quy", "ra", "sinh", "so", "thanh",
    "theo", "thu", "trong", "trung", "vi", "y",
}  # fmt: skip
# Terms and abbreviations of the plans and of administrative writing: TTKDTM, UBND, KH (kế
# hoạch), BC (báo cáo), VT (văn thư), STT (số thứ tự), BQ (bình quân), the channels the plans
# name in English (Internet, POS, ATM, QR), Roman numerals of the plan's parts.
TERMS = {"atm", "bc", "bq", "internet", "kh", "pos", "qr", "stt", "ttkdtm", "ubnd", "vt"}
NUMERALS = {"i", "ii", "iii"}
# The method's proper names and the formulas' symbols (X_t, a, g_i, k, m, n; point a, b, c of
# a clause).
PROPER_NAMES = {"eurostat", "open", "sdg", "cashless"}
SYMBOLS = {"a", "b", "c", "g", "k", "m", "n", "t", "x"}

# Kept in Vietnamese in the English report: the unit of value and the clause letter (the
# glossary's own terms and meanings are allowed too, read from the catalogue).
KEPT = {"đồng", "đ"}

WORD = re.compile(r"[^\W\d_]+")


def texts(r: cashless.Report) -> list[tuple[str, str]]:
    """(where, text) for every text cell of the workbook (sheet names too), every text node of
    the page and every run of the Word document."""
    out: list[tuple[str, str]] = []
    wb = openpyxl.load_workbook(io.BytesIO(r.xlsx()))
    for ws in wb.worksheets:
        out.append(("xlsx sheet name", ws.title))
        for row in ws.iter_rows():
            out.extend(
                (f"xlsx {ws.title}!{c.coordinate}", c.value)
                for c in row
                if isinstance(c.value, str)
            )

    class Text(HTMLParser):
        hidden = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.hidden += tag in ("style", "script")

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("style", "script")

        def handle_data(self, data: str) -> None:
            if not self.hidden and data.strip():
                out.append(("html", data))

    Text().feed(r.html())
    document = zipfile.ZipFile(io.BytesIO(r.docx())).read("word/document.xml").decode()
    out.extend(("docx", html.unescape(t)) for t in re.findall(r"<w:t[^>]*>([^<]*)</w:t>", document))
    return out


def without(text: str, codes: list[str]) -> str:
    for code in codes:
        text = text.replace(code, " ")
    return text


@pytest.fixture(scope="module")
def names() -> set[str]:
    """The words of the units' names (proper names in either report)."""
    return {w.lower() for n in cashless.sample_regions()["name"] for w in WORD.findall(n)}


def test_the_vietnamese_report_has_no_english_word(names: set[str]) -> None:
    r = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, lang="vi")
    allowed = VIETNAMESE_WITHOUT_DIACRITICS | TERMS | NUMERALS | PROPER_NAMES | SYMBOLS | names
    # Codes: the catalogue the analyst named and the map the report names.
    codes = ["thanh-hoa-106-2022", "vn-2020"]
    english = sorted(
        {
            (w, where, text[:80])
            for where, text in texts(r)
            for w in WORD.findall(without(text, codes))
            if w.isascii() and w.lower() not in allowed
        }
    )
    assert english == []


def test_the_english_report_has_no_vietnamese_outside_names_and_quotes(names: set[str]) -> None:
    r = cashless.report(sample=True, catalogue="thanh-hoa-106-2022", year=2025, lang="en")
    catalogue = cashless.catalogue("thanh-hoa-106-2022")
    # The plan's issuer as the document writes it ("UBND tỉnh Thanh Hóa").
    issuer = {w.lower() for w in WORD.findall(catalogue.issuer)}
    glossary = {
        w.lower()
        for term, meaning in catalogue.glossary.select("en", "meaning_en").iter_rows()
        for w in WORD.findall(f"{term} {meaning}")
    }
    allowed = names | issuer | glossary | KEPT
    # Labels quoted from the documents, in single quotes.
    quoted = re.compile(r"'[^']*'")
    vietnamese = sorted(
        {
            (w, where, text[:80])
            for where, text in texts(r)
            for w in WORD.findall(quoted.sub(" ", text))
            if not w.isascii() and w.lower() not in allowed and w != "Π"
        }
    )
    assert vietnamese == []
