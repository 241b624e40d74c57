//! The data forms a branch sends the agencies: one workbook per agency the plan names, with the
//! indicators its targets need (Vietnamese labels and units), a row for each unit and year,
//! and a "Giá trị" column to fill in, validated as a number not below zero. The filled forms
//! read back through the indicator reader ([`crate::ingest::indicator_table`]) into the
//! indicator table, with a ledger, as any agency file does.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::catalogue::Catalogue;
use crate::channels::normalize;
use crate::error::{invalid_argument, Result};
use crate::indicators::INDICATORS;
use crate::lang::say;
use crate::regions::Regions;
use crate::targets::Reading;

/// One agency's form.
#[derive(Debug, Clone)]
pub struct Form {
    /// The agency, as the plan names it (`Sở Công Thương`).
    pub agency: String,
    /// `bieu-so-lieu-so-cong-thuong.xlsx`.
    pub file_name: String,
    /// Indicators asked for, by name.
    pub indicators: Vec<String>,
    /// Rows to fill (units × years × indicators).
    pub rows: usize,
    /// The workbook.
    pub bytes: Vec<u8>,
}

/// The header the forms write and the indicator reader reads.
const COLUMNS: [&str; 6] = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Năm",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Giá trị",
];

/// A form for every agency the catalogue names, asking for the indicators of its share,
/// coverage and rising targets (both readings where the plan contradicts itself), for the units
/// of each target's level in `regions` (inside `region` when given) and the years from the
/// stage's base year to `year`. An indicator needed by several agencies is asked of the first
/// one in the plan's order, so that the forms never report the same figure twice.
///
/// ```
/// let cat = cashless::Catalogue::builtin("thanh-hoa-106-2022").unwrap();
/// let forms = cashless::forms::agency_forms(&cat, 2025, &cashless::sample::sample_regions(), None).unwrap();
/// let trade = forms.iter().find(|f| f.agency == "Sở Công Thương").unwrap();
/// assert_eq!(trade.file_name, "bieu-so-lieu-so-cong-thuong.xlsx");
/// assert_eq!(trade.indicators, ["ecommerce_cashless_value", "ecommerce_value"]);
/// ```
pub fn agency_forms(
    catalogue: &Catalogue,
    year: i32,
    regions: &Regions,
    region: Option<&str>,
) -> Result<Vec<Form>> {
    let scope = match region {
        Some(code) => regions.within(code)?,
        None => regions.clone(),
    };
    let base = catalogue.stage.start - 1;
    if year < base {
        return Err(invalid_argument(say!(
            format!("năm {year} trước năm gốc {base} của giai đoạn"),
            format!("year {year} is before the stage's base year {base}"),
        )));
    }
    // Agency → (indicator → level), in the plan's order; each indicator asked once.
    let mut asked: BTreeSet<String> = BTreeSet::new();
    let mut by_agency: Vec<(String, Vec<(String, crate::Level)>)> = Vec::new();
    for t in &catalogue.targets {
        // The forms are Vietnamese documents, whatever the analyst's language.
        let agency = t
            .agency
            .clone()
            .unwrap_or_else(|| "Cơ quan chưa được giao (kế hoạch không ghi)".into());
        let mut wanted = Vec::new();
        for reading in [Reading::Body, Reading::Alternative] {
            for i in t.rule_for(reading).indicators() {
                if asked.insert(i.to_string()) {
                    wanted.push((i.to_string(), t.level));
                }
            }
        }
        if wanted.is_empty() {
            continue;
        }
        match by_agency.iter_mut().find(|(a, _)| *a == agency) {
            Some((_, list)) => list.extend(wanted),
            None => by_agency.push((agency, wanted)),
        }
    }
    let mut names = BTreeMap::new();
    let mut out = Vec::new();
    for (agency, indicators) in by_agency {
        let mut rows = Vec::new();
        for (indicator, level) in &indicators {
            for u in scope.iter().filter(|u| u.level == *level) {
                for y in base..=year {
                    rows.push((u.code.clone(), u.name.clone(), y, indicator.clone()));
                }
            }
        }
        let mut file_name = format!("bieu-so-lieu-{}.xlsx", slug(&agency));
        // Two agencies whose names fold to the same words get numbered files.
        let n = names.entry(file_name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            file_name = file_name.replace(".xlsx", &format!("-{n}.xlsx"));
        }
        let bytes = workbook(catalogue, &agency, year, &rows).map_err(|e| {
            invalid_argument(say!(
                format!("không ghi được biểu {file_name}: {e}"),
                format!("the form {file_name} cannot be written: {e}"),
            ))
        })?;
        out.push(Form {
            agency,
            file_name,
            indicators: indicators.into_iter().map(|(i, _)| i).collect(),
            rows: rows.len(),
            bytes,
        });
    }
    Ok(out)
}

/// `Sở Công Thương` → `so-cong-thuong`.
fn slug(text: &str) -> String {
    normalize(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn workbook(
    catalogue: &Catalogue,
    agency: &str,
    year: i32,
    rows: &[(String, String, i32, String)],
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date (1 January of the year asked for), not the clock: same bytes.
    let created = ExcelDateTime::from_ymd(year.clamp(1900, 9999) as u16, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Biểu thu thập số liệu thanh toán không dùng tiền mặt")
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name("Số liệu")?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let plain = Format::new();
    let fill = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0.##")
        .set_unlocked();
    let doc = &catalogue.document;
    let lines = [
        (
            "BIỂU THU THẬP SỐ LIỆU THANH TOÁN KHÔNG DÙNG TIỀN MẶT".to_string(),
            &title,
        ),
        (format!("Kính gửi: {agency}"), &bold),
        (
            format!(
                "Phục vụ đánh giá các chỉ tiêu của {} ({}) giai đoạn {}–{}, số liệu các năm {}–{year}.",
                doc.number,
                doc.issuer,
                catalogue.stage.start,
                catalogue.stage.end,
                catalogue.stage.start - 1
            ),
            &plain,
        ),
        (
            "Cách ghi: chỉ ghi số vào cột “Giá trị” (số không âm; theo đơn vị ở cột “Đơn vị tính”, có thể đổi thành triệu đồng hoặc tỷ đồng với chỉ tiêu tính bằng đồng); để trống ô chưa có số liệu; không sửa, không xóa các cột khác và không thêm dòng.".to_string(),
            &plain,
        ),
    ];
    // Each line across the table's six columns, wrapped, so that printing fits the table
    // rather than the longest sentence.
    for (r, (text, format)) in lines.iter().enumerate() {
        let wrapped = (*format)
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        ws.merge_range(r as u32, 0, r as u32, 5, text, &wrapped)?;
        if text.chars().count() > 120 {
            ws.set_row_height(r as u32, 15.0 * (text.chars().count() / 120 + 1) as f64)?;
        }
    }
    let head = lines.len() as u32 + 1;
    for (c, name) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(head, c as u16, *name, &header)?;
    }
    for (i, (code, name, y, indicator)) in rows.iter().enumerate() {
        let r = head + 1 + i as u32;
        let info = INDICATORS.iter().find(|x| x.name == *indicator);
        ws.write_string_with_format(r, 0, code, &cell)?;
        ws.write_string_with_format(r, 1, name, &cell)?;
        ws.write_number_with_format(r, 2, *y, &cell)?;
        ws.write_string_with_format(r, 3, info.map_or(indicator.as_str(), |x| x.text_vi), &cell)?;
        // An amount's unit may be changed (triệu đồng, tỷ đồng): the reader converts it.
        let money = info.is_some_and(|x| x.unit == "đồng");
        let unit_format = if money { &fill } else { &cell };
        ws.write_string_with_format(r, 4, info.map_or("", |x| x.unit_vi()), unit_format)?;
        ws.write_blank(r, 5, &fill)?;
    }
    if !rows.is_empty() {
        let last = head + rows.len() as u32;
        let number = DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_title("Giá trị không hợp lệ")?
            .set_error_message("Chỉ ghi một số không âm.")?;
        ws.add_data_validation(head + 1, 5, last, 5, &number)?;
        let money = DataValidation::new()
            .allow_list_strings(&["đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"])?
            .ignore_blank(true);
        for (i, (_, _, _, indicator)) in rows.iter().enumerate() {
            let r = head + 1 + i as u32;
            if INDICATORS
                .iter()
                .any(|x| x.name == *indicator && x.unit == "đồng")
            {
                ws.add_data_validation(r, 4, r, 4, &money)?;
            }
        }
    }
    layout(ws, head)?;
    wb.save_to_buffer()
}

fn layout(ws: &mut Worksheet, head: u32) -> std::result::Result<(), XlsxError> {
    for (c, w) in [12.0, 28.0, 8.0, 60.0, 14.0, 18.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(head + 1, 0)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(head, head)?;
    ws.set_footer("&CTrang &P/&N");
    Ok(())
}
