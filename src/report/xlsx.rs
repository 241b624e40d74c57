//! The Excel workbook, written with rust_xlsxwriter: a sheet per table, numbers as numbers with
//! their formats, frozen header rows, column widths, the full ledger on its own sheet; ready to
//! print: A4, landscape for wide sheets, fitted to the page's width, the header row repeated on
//! every page, page numbers, wrapped text and borders.
//!
//! Every text is written as a string cell, never as a formula, so a region named
//! `=HYPERLINK("x")` stays text. The creation date is the data cut-off, not the clock, so the
//! same input gives the same bytes.

use std::collections::BTreeSet;

use rust_xlsxwriter::{
    Chart, ChartLegendPosition, Color, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Image, Workbook, Worksheet, XlsxError,
};

use crate::error::{invalid_argument, Result};
use crate::ingest::ledger::Field;
use crate::ingest::ledger::Ledger;

use super::model::{status_class, Cell, Table};
use super::text::Lang;
use super::Report;

fn fail(e: XlsxError) -> crate::error::Error {
    invalid_argument(crate::say!(
        format!("không ghi được tệp Excel: {e}"),
        format!("the workbook cannot be written: {e}"),
    ))
}

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    integer: Format,
    year: Format,
    billions: Format,
    percent: Format,
    points: Format,
    good: Format,
    warn: Format,
    bad: Format,
    none: Format,
}

impl Formats {
    fn new() -> Self {
        // Every table cell has a thin border and wraps, top-aligned, so a printed table reads
        // as one and a long note stays inside its column.
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
        };
        let fill = |rgb: u32| cell().set_background_color(Color::RGB(rgb));
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xEEF3F8))
                .set_border(FormatBorder::Thin),
            text: cell(),
            integer: cell().set_num_format("#,##0"),
            year: cell().set_num_format("0"),
            billions: cell().set_num_format("#,##0.0"),
            percent: cell().set_num_format("0.00%"),
            points: cell().set_num_format("+0.00;-0.00;0.00"),
            good: fill(0xD4EDDA),
            warn: fill(0xFFF3CD),
            bad: fill(0xF8D7DA),
            none: fill(0xE9ECEF),
        }
    }
}

pub(super) fn workbook(report: &Report) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let (y, m, d) = report.cut_off;
    let created = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8).map_err(fail)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&report.title)
            .set_creation_datetime(&created),
    );
    let f = Formats::new();
    let mut names = BTreeSet::new();
    for section in &report.sections {
        for (k, table) in section.tables.iter().enumerate() {
            let ws = wb.add_worksheet();
            ws.set_name(sheet_name(&table.sheet, &mut names))
                .map_err(fail)?;
            // The first sheet of a section carries its sentences; the first of all, the title.
            let mut lines = Vec::new();
            if names.len() == 1 {
                lines.push(report.title.clone());
                lines.push(report.subtitle.clone());
                lines.extend(report.banner.clone());
            }
            if k == 0 {
                lines.extend(section.paragraphs.iter().cloned());
            }
            let header = write_table(ws, &f, report.lang, &lines, table)?;
            if section.id == "channels" && k == 0 {
                let name = ws.name();
                let chart = channel_chart(&name, header, table, report.lang);
                ws.insert_chart(header + table.rows.len() as u32 + 2, 0, &chart)
                    .map_err(fail)?;
            }
        }
    }
    if report.charts().next().is_some() {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(
            report.lang.pick("Biểu đồ", "Charts"),
            &mut names,
        ))
        .map_err(fail)?;
        charts_sheet(ws, report)?;
    }
    if let Some(ledger) = &report.ledger {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(
            report.lang.pick("Sổ kiểm tra", "Ledger"),
            &mut names,
        ))
        .map_err(fail)?;
        write_ledger(ws, &f, report.lang, ledger)?;
    }
    wb.save_to_buffer().map_err(fail)
}

/// The report's charts as pictures, one under another at their own size (the PNG says its
/// resolution, 288 dpi, so Excel places it at the SVG's size), a row of space between them.
fn charts_sheet(ws: &mut Worksheet, report: &Report) -> Result<()> {
    let mut row = 0u32;
    for chart in report.charts() {
        let image = Image::new_from_buffer(&chart.png)
            .map_err(fail)?
            .set_alt_text(chart.title.as_str());
        ws.insert_image(row, 0, &image).map_err(fail)?;
        // Rows are 20 px high by default.
        row += (image.height() * 96.0 / image.height_dpi() / 20.0).ceil() as u32 + 1;
    }
    print_setup(ws, report.lang, None, false)
}

/// A sheet name Excel accepts (≤ 31 characters, none of `[]:*?/\`), unique in the workbook.
fn sheet_name(wanted: &str, taken: &mut BTreeSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut i = 2;
    while taken.contains(&name.to_lowercase()) {
        name = format!("{clean} {i}");
        i += 1;
    }
    taken.insert(name.to_lowercase());
    name
}

/// Writes the sentences, the title and the table; returns the header's row.
fn write_table(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    lines: &[String],
    t: &Table,
) -> Result<u32> {
    let mut row = 0u32;
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            ws.write_string_with_format(row, 0, line, &f.title)
                .map_err(fail)?;
        } else {
            ws.write_string(row, 0, line).map_err(fail)?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, &t.title, &f.title)
        .map_err(fail)?;
    row += 1;
    let header = row;
    let mut widths: Vec<usize> = t
        .columns
        .iter()
        .map(|c| c.chars().count().min(24))
        .collect();
    for (c, name) in t.columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, name, &f.header)
            .map_err(fail)?;
    }
    for cells in &t.rows {
        row += 1;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            widths[c] = widths[c].max(cell.display(lang).chars().count());
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    ws.write_string_with_format(row, col, s, &f.text)
                        .map_err(fail)?;
                }
                Cell::Int(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &f.integer)
                        .map_err(fail)?;
                }
                Cell::Year(y) => {
                    ws.write_number_with_format(row, col, *y, &f.year)
                        .map_err(fail)?;
                }
                Cell::Billions(x) => {
                    ws.write_number_with_format(row, col, *x, &f.billions)
                        .map_err(fail)?;
                }
                Cell::Percent(x) => {
                    ws.write_number_with_format(row, col, *x, &f.percent)
                        .map_err(fail)?;
                }
                Cell::Points(x) => {
                    ws.write_number_with_format(row, col, *x, &f.points)
                        .map_err(fail)?;
                }
                Cell::Status(s) | Cell::Estimated(s) => {
                    let format = match status_class(*s) {
                        "good" => &f.good,
                        "warn" => &f.warn,
                        "bad" => &f.bad,
                        _ => &f.none,
                    };
                    ws.write_string_with_format(row, col, cell.display(lang), format)
                        .map_err(fail)?;
                }
            }
        }
    }
    ws.set_freeze_panes(header + 1, 0).map_err(fail)?;
    // Long texts wrap at 40 characters rather than widen the page.
    let widths: Vec<f64> = widths
        .iter()
        .map(|w| (*w as f64 + 2.0).clamp(8.0, 42.0))
        .collect();
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(fail)?;
    }
    // Portrait A4 holds about 90 characters across; wider tables print landscape.
    print_setup(ws, lang, Some(header), widths.iter().sum::<f64>() > 90.0)?;
    Ok(header)
}

/// A native Excel line chart of the yearly counts of each channel (the total apart: it would
/// flatten the others), drawn from the sheet's own cells so that it follows any correction.
fn channel_chart(sheet: &str, header: u32, t: &Table, lang: Lang) -> Chart {
    let mut chart = Chart::new_line();
    chart.title().set_name(lang.pick(
        "Số lượng giao dịch theo kênh (món)",
        "Transactions by channel (count)",
    ));
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.y_axis().set_name(lang.pick("món", "transactions"));
    let last_col = t.columns.len().saturating_sub(1) as u16;
    let total = crate::channels::Channel::All.word(lang);
    for (i, row) in t.rows.iter().enumerate() {
        let counts = row.iter().skip(2).any(|c| matches!(c, Cell::Int(_)));
        if !counts || row.first() == Some(&Cell::Text(total.into())) {
            continue;
        }
        let r = header + 1 + i as u32;
        chart
            .add_series()
            .set_name((sheet, r, 0))
            .set_categories((sheet, header, 2, header, last_col))
            .set_values((sheet, r, 2, r, last_col));
    }
    chart.set_width(720).set_height(360);
    chart
}

/// A4, fitted to the page's width (as many pages down as needed), the header row (if any) on
/// every page, "Trang 1/3" at the foot, centred.
fn print_setup(ws: &mut Worksheet, lang: Lang, header: Option<u32>, wide: bool) -> Result<()> {
    const A4: u8 = 9;
    ws.set_paper_size(A4);
    if wide {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.6, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(format!("&C{} &P/&N", lang.pick("Trang", "Page")));
    if let Some(header) = header {
        ws.set_repeat_rows(header, header).map_err(fail)?;
    }
    Ok(())
}

fn write_ledger(ws: &mut Worksheet, f: &Formats, lang: Lang, ledger: &Ledger) -> Result<()> {
    let counts = crate::lang::in_language(lang, || ledger.to_string());
    ws.write_string_with_format(0, 0, counts, &f.title)
        .map_err(fail)?;
    let columns = Field::ALL.map(|field| field.heading(lang));
    for (c, name) in columns.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *name, &f.header)
            .map_err(fail)?;
    }
    for (i, e) in ledger.entries.iter().enumerate() {
        let r = i as u32 + 2;
        let texts = [
            (0, e.severity.label(lang)),
            (1, e.check_label(lang)),
            (2, e.source.as_str()),
            (3, e.sheet.as_deref().unwrap_or("")),
            (5, e.column.as_str()),
            (6, e.value.as_str()),
            (7, e.message.get(lang)),
        ];
        for (c, text) in texts {
            ws.write_string_with_format(r, c, text, &f.text)
                .map_err(fail)?;
        }
        if let Some(row) = e.row {
            ws.write_number_with_format(r, 4, row as f64, &f.year)
                .map_err(fail)?;
        }
    }
    ws.set_freeze_panes(2, 0).map_err(fail)?;
    for (c, w) in [10, 18, 30, 14, 8, 24, 20, 60].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(fail)?;
    }
    print_setup(ws, lang, Some(1), true)
}
