//! The report as a Word document in the layout of Decree 30/2020/NĐ-CP (Phụ lục I): the
//! issuing body and the national motto side by side, number and symbol, place and date, the
//! type and subject, "Kính gửi", the body (results; shortfalls and their causes; the
//! recommendations, left as a marked place for the analyst's own words), "Nơi nhận" and the
//! signature, then the tables and the charts (as PNG) in an annex. Times New Roman 14 pt on A4 with the decree's
//! margins (top and bottom 20 mm, left 30 mm, right 15 mm), page numbers at the top centre
//! from the second page.
//!
//! Written with `docx-rs`; the archive's dates are fixed, so the same report gives the same
//! bytes.

use docx_rs::{
    AlignmentType, Docx, Header, LineSpacing, PageMargin, PageNum, PageOrientationType, PageSize,
    Paragraph, Pic, Run, RunFonts, Section, SpecialIndentType, Table as DocTable, TableCell,
    TableRow, WidthType,
};

use crate::error::{invalid_argument, Result};
use crate::lang::say;

mod letterhead;

use letterhead::{issuer, masthead, or_mark, signature};

use super::model::{Chart, Table};
use super::text::Lang;
use super::{Letterhead, Report};

const FONT: &str = "Times New Roman";
// Sizes in half-points.
const BODY: usize = 28;
const SMALL: usize = 24;
const TABLE: usize = 22;
// A4 and the margins, in twentieths of a point (1 mm = 56.7).
const A4: (u32, u32) = (11_906, 16_838);
const TEXT_WIDTH: usize = 11_906 - 1_701 - 850;
// The annex's width on landscape pages.
const WIDE_WIDTH: usize = 16_838 - 1_701 - 850;

fn run(text: &str) -> Run {
    Run::new().add_text(text)
}

fn para(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(LineSpacing::new().before(120).after(0))
}

fn centred(r: Run) -> Paragraph {
    Paragraph::new().add_run(r).align(AlignmentType::Center)
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text).bold())
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(LineSpacing::new().before(180).after(60))
        .keep_next(true)
}

/// A table cell without borders holding `lines`.
fn plain_cell(lines: Vec<Paragraph>, width: usize) -> TableCell {
    lines
        .into_iter()
        .fold(TableCell::new(), TableCell::add_paragraph)
        .width(width, WidthType::Dxa)
        .clear_all_border()
}

/// A report table with borders, the header row bold and repeated on each page.
fn figures(table: &Table, l: Lang) -> DocTable {
    let header = TableRow::new(
        table
            .columns
            .iter()
            .map(|c| {
                TableCell::new().add_paragraph(
                    Paragraph::new()
                        .add_run(run(c).bold().size(TABLE))
                        .align(AlignmentType::Center),
                )
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for r in &table.rows {
        rows.push(
            TableRow::new(
                r.iter()
                    .map(|cell| {
                        let align = if cell.class() == "num" {
                            AlignmentType::Right
                        } else {
                            AlignmentType::Left
                        };
                        TableCell::new().add_paragraph(
                            Paragraph::new()
                                .add_run(run(&cell.display(l)).size(TABLE))
                                .align(align),
                        )
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    DocTable::new(rows).width(WIDE_WIDTH, WidthType::Dxa)
}

/// The Word document of `report`, written on a thread of its own: `docx-rs` numbers
/// paragraphs from a per-thread counter that it does not let callers reset, so a second
/// document written on the same thread would carry other numbers (other bytes).
pub(super) fn document(report: &Report) -> Result<Vec<u8>> {
    std::thread::scope(|s| s.spawn(|| write(report)).join()).map_err(|_| {
        invalid_argument(say!(
            "không ghi được tệp Word".into(),
            "the Word document cannot be written".into(),
        ))
    })?
}

/// The letter on portrait pages, the annex on landscape pages so that wide tables keep every
/// column.
fn write(report: &Report) -> Result<Vec<u8>> {
    let l = report.lang;
    let lh = &report.letterhead;
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let page_number = || {
        Header::new().add_paragraph(
            Paragraph::new()
                .add_page_num(PageNum::new())
                .align(AlignmentType::Center),
        )
    };
    let body = letter(report, l, lh)?
        .page_size(PageSize::new().size(A4.0, A4.1))
        .page_margin(margins())
        // Page numbers at the top centre, none on the first page.
        .header(page_number())
        .first_header(Header::new())
        .title_pg();
    let doc = Docx::new()
        .default_fonts(fonts)
        .default_size(BODY)
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z")
        .add_section(body)
        .page_size(A4.1, A4.0)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(margins())
        .header(page_number());
    let doc = annex(doc, report, l, lh)?;
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| {
        invalid_argument(say!(
            format!("không ghi được tệp Word: {e}"),
            format!("the Word document cannot be written: {e}"),
        ))
    })?;
    Ok(out.into_inner())
}

/// The decree's margins: top and bottom 20 mm, left 30 mm, right 15 mm.
fn margins() -> PageMargin {
    PageMargin {
        top: 1134,
        left: 1701,
        bottom: 1134,
        right: 850,
        header: 567,
        footer: 567,
        gutter: 0,
    }
}

/// The letter: masthead, subject, recipients, results, shortfalls, recommendations, signature.
fn letter(report: &Report, l: Lang, lh: &Letterhead) -> Result<Section> {
    let mut body = Section::new()
        .add_table(masthead(lh, l)?)
        .add_paragraph(Paragraph::new())
        .add_paragraph(centred(run(l.pick("BÁO CÁO", "REPORT")).bold()))
        .add_paragraph(centred(run(&report.subject).bold()))
        .add_paragraph(centred(run("————")));
    let to = if lh.recipients.is_empty() {
        vec![or_mark(None, l, "Nơi nhận báo cáo", "Recipient")]
    } else {
        lh.recipients.clone()
    };
    let label = l.pick("Kính gửi", "To");
    body = match to.as_slice() {
        [one] => body.add_paragraph(centred(run(&format!("{label}: {one}")))),
        many => many.iter().fold(
            body.add_paragraph(centred(run(&format!("{label}:")))),
            |d, r| d.add_paragraph(centred(run(&format!("- {r};")))),
        ),
    };
    if let Some(b) = &report.banner {
        body = body.add_paragraph(centred(run(b).bold().color("C00000")));
    }
    body = body.add_paragraph(para(&format!(
        "{} {} {}:",
        issuer(lh, l),
        l.pick("báo cáo", "reports on"),
        lower_first(&report.subject, l)
    )));

    // I. Results: the sections' sentences; their tables are in the annex.
    body = body.add_paragraph(heading(l.pick("I. KẾT QUẢ THỰC HIỆN", "I. RESULTS")));
    // A sentence already said (the same laggards in two sections) is not said twice.
    let mut said = std::collections::BTreeSet::new();
    for (i, s) in report
        .sections
        .iter()
        .filter(|s| matches!(s.id, "summary" | "channels" | "targets" | "regions"))
        .enumerate()
    {
        body = body.add_paragraph(heading(&format!("{}. {}", i + 1, s.title)));
        for p in &s.paragraphs {
            if said.insert(p.as_str()) {
                body = body.add_paragraph(para(p));
            }
        }
    }
    body = body.add_paragraph(para(l.pick(
        "(Số liệu chi tiết tại Phụ lục kèm theo.)",
        "(The figures in detail are in the annex.)",
    )));

    // II. Shortfalls and their causes: the targets below, and a place for the causes.
    body = body.add_paragraph(heading(l.pick(
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "II. SHORTFALLS AND THEIR CAUSES",
    )));
    let shortfalls = report.section("summary").and_then(|s| {
        s.tables
            .iter()
            .find(|t| t.sheet == super::summary::shortfall_sheet(l))
    });
    match shortfalls {
        Some(t) => {
            for r in &t.rows {
                let cells: Vec<String> = r.iter().map(|c| c.display(l)).collect();
                let cell = |i: usize| cells.get(i).map_or("", String::as_str);
                body = body.add_paragraph(para(&format!(
                    "- {} ({}): {} {}; {} {}; {} {}.",
                    cell(0).trim_end_matches('.'),
                    cell(1),
                    l.pick("thực hiện", "achieved"),
                    cell(2),
                    l.pick("mục tiêu", "target"),
                    cell(3),
                    l.pick("chênh lệch", "gap"),
                    cell(4),
                )));
            }
        }
        None => {
            body = body.add_paragraph(para(l.pick(
                "Không có chỉ tiêu nào chưa đạt yêu cầu.",
                "No target falls short.",
            )))
        }
    }
    body = body
        .add_paragraph(marked(l.pick(
            "[Nguyên nhân: đơn vị nêu nguyên nhân của từng chỉ tiêu chưa đạt.]",
            "[Causes: the branch states the causes of each shortfall.]",
        )))
        .add_paragraph(heading(
            l.pick("III. KIẾN NGHỊ, ĐỀ XUẤT", "III. RECOMMENDATIONS"),
        ))
        .add_paragraph(marked(l.pick(
            "[Đơn vị ghi kiến nghị, đề xuất của mình.]",
            "[The branch writes its recommendations here.]",
        )))
        .add_paragraph(Paragraph::new())
        .add_table(signature(lh, l));
    Ok(body)
}

/// The annex: every table of the report, then the notes on the data and the method.
fn annex(mut doc: Docx, report: &Report, l: Lang, lh: &Letterhead) -> Result<Docx> {
    let date = lh
        .date
        .as_deref()
        .map(crate::calendar::parse_day)
        .transpose()?
        .map_or_else(|| "…".to_string(), |d| l.date(d));
    doc = doc
        .add_paragraph(centred(run(l.pick("Phụ lục", "Annex")).bold()))
        .add_paragraph(centred(run(&report.subject).bold()))
        .add_paragraph(centred(
            run(&format!(
                "({} {}/{} {} {date} {} {})",
                l.pick("Kèm theo Báo cáo số", "Attached to report No."),
                lh.number.as_deref().unwrap_or("…"),
                lh.symbol.as_deref().unwrap_or("BC-…"),
                l.pick("ngày", "of"),
                l.pick("của", "by"),
                issuer(lh, l),
            ))
            .italic(),
        ));
    let mut n = 0;
    for s in &report.sections {
        for t in &s.tables {
            n += 1;
            doc = doc
                .add_paragraph(heading(&format!(
                    "{} {n}. {}",
                    l.pick("Biểu", "Table"),
                    t.title
                )))
                .add_table(figures(t, l));
        }
    }
    // The growth charts two by two (each 12 cm wide), the others alone (up to 16 × 15 cm): at
    // either size no text of a chart is under 11 px (2.9 mm).
    let charts: Vec<&Chart> = report.charts().collect();
    let mut k = 0;
    let mut rest = charts.as_slice();
    while let Some(first) = rest.first() {
        let pair = rest.get(1).filter(|c| is_growth(first) && is_growth(c));
        // The caption stays on the page of its chart.
        let caption = |c: &Chart, k: usize| {
            let text = format!("{} {k}. {}", l.pick("Biểu đồ", "Chart"), c.title);
            centred(run(&text).bold()).keep_next(true)
        };
        if let Some(second) = pair {
            let cell = |c: &Chart, k: usize| {
                let pic = picture(c, k, 12.0);
                plain_cell(
                    vec![caption(c, k), centred(Run::new().add_image(pic))],
                    WIDE_WIDTH / 2,
                )
            };
            doc = doc.add_table(
                DocTable::without_borders(vec![TableRow::new(vec![
                    cell(first, k + 1),
                    cell(second, k + 2),
                ])
                .cant_split()])
                .width(WIDE_WIDTH, WidthType::Dxa),
            );
            k += 2;
            rest = &rest[2..];
        } else {
            k += 1;
            doc = doc
                .add_paragraph(caption(first, k))
                .add_paragraph(centred(Run::new().add_image(picture(first, k, 16.0))));
            rest = &rest[1..];
        }
    }
    doc = doc.add_paragraph(heading(l.pick(
        "Ghi chú về số liệu và phương pháp",
        "Notes on the data and the method",
    )));
    for s in report
        .sections
        .iter()
        .filter(|s| matches!(s.id, "quality" | "method"))
    {
        for p in &s.paragraphs {
            doc = doc.add_paragraph(para(p).size(SMALL));
        }
    }
    Ok(doc)
}

fn is_growth(c: &Chart) -> bool {
    c.name.starts_with("growth-")
}

/// A chart's PNG, at most `width` cm wide and 15 cm high (on the annex's landscape page, with its caption), but
/// never so small that its 12 px text prints under 11 px; numbered by the caller: `docx-rs`
/// numbers pictures from a counter shared by every document of the process, which would
/// change the bytes.
fn picture(chart: &Chart, number: usize, width: f64) -> Pic {
    const CM: f64 = 360_000.0; // EMU
                               // A PNG's width and height are the 4-byte big-endian numbers after its signature and the
                               // IHDR chunk's length and type (bytes 16..24).
    let dim = |at: usize| {
        chart
            .png
            .get(at..at + 4)
            .map_or(1, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (w, h) = (dim(16).max(1), dim(20).max(1));
    // A CSS pixel is 2.54 / 96 cm; the PNG has three pixels to one.
    let css = 2.54 / 96.0 / 3.0 * CM;
    let fit = (width * CM / f64::from(w)).min(15.0 * CM / f64::from(h));
    let fit = fit.max(css * 11.0 / 12.0);
    let (cx, cy) = ((f64::from(w) * fit) as u32, (f64::from(h) * fit) as u32);
    Pic::new_with_dimensions(chart.png.clone(), w, h)
        .size(cx, cy)
        .id(format!("rIdImage{number}"))
}

/// A marked place for the analyst's own words.
fn marked(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text).italic().highlight("yellow"))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(LineSpacing::new().before(120))
}

/// "Kết quả …" as it reads inside a sentence ("kết quả …"); English keeps its capital.
fn lower_first(s: &str, l: Lang) -> String {
    match l {
        Lang::En => s.to_string(),
        Lang::Vi => {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::letterhead::{number_and_symbol, place_and_date};
    use super::*;

    #[test]
    fn placeholders_say_what_to_fill_in() {
        let lh = Letterhead::default();
        assert_eq!(
            place_and_date(&lh, Lang::Vi).unwrap(),
            "[Địa danh], ngày … tháng … năm …"
        );
        assert_eq!(number_and_symbol(&lh, Lang::Vi), "Số: …/BC-…");
        let lh = Letterhead {
            place: Some("Thanh Hóa".into()),
            date: Some("2025-12-05".into()),
            ..Default::default()
        };
        assert_eq!(
            place_and_date(&lh, Lang::Vi).unwrap(),
            "Thanh Hóa, ngày 05 tháng 12 năm 2025"
        );
        let lh = Letterhead {
            date: Some("2026-02-09".into()),
            ..lh
        };
        assert_eq!(
            place_and_date(&lh, Lang::Vi).unwrap(),
            "Thanh Hóa, ngày 09 tháng 02 năm 2026"
        );
    }
}
