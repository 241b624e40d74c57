//! Indicator tables as agencies send them: the figures that share and coverage targets divide
//! (people aged 15+ and those with an account, taxpayers, water customers, schools …), read
//! through the same cells, numbers and region names as transactions, with a ledger.
//!
//! Two layouts are read:
//! - long: a row per unit, year and indicator, with an indicator column ("Chỉ tiêu") naming it
//!   in Vietnamese or English, with or without diacritics, or by its name; a value column
//!   ("Giá trị", "Số liệu"); optionally a unit column ("Đơn vị tính");
//! - wide: a row per unit and year, a column per indicator headed by its label ("Dân số từ 15
//!   tuổi trở lên (người)").
//!
//! Units: amounts in đồng take a money unit ("triệu đồng") from the unit column or the header
//! and become exact đồng; counts take their own words ("người", "khách hàng") or none; a
//! percentage is refused for an indicator that counts or sums (a share is computed from its
//! two indicators). An indicator the library does not list is a finding with its row, never
//! ignored.

mod columns;

use crate::ingest::findings::Finding;
use columns::{columns, factor, unit_of};
use std::collections::{HashMap, HashSet};
use std::path::Path;

use polars::prelude::*;

use crate::channels::normalize;
use crate::error::{Error, Result};
use crate::indicators::{IndicatorInfo, INDICATOR, INDICATORS, YEAR};
use crate::ingest::grid::{Cell, Grid};
use crate::ingest::header::HEADER_SEARCH_ROWS;
use crate::ingest::ledger::{Entry, Ledger, Severity};
use crate::ingest::names::RegionMatcher;
use crate::ingest::numbers::{parse_number, Decimal, NumberStyle};
use crate::ingest::{Read, ReadOptions, SHEET, SOURCE, SOURCE_ROW};
use crate::lang::Words;
use crate::regions::Regions;
use crate::table::{REGION_CODE, VALUE};

/// The indicator a label names: its name, or its Vietnamese or English text, compared
/// without case, diacritics or punctuation.
///
/// ```
/// use cashless::ingest::indicator_table::indicator_named;
/// assert_eq!(indicator_named("Dân số từ 15 tuổi trở lên").unwrap().name, "population_15plus");
/// assert_eq!(indicator_named("dan so tu 15 tuoi tro len").unwrap().name, "population_15plus");
/// assert_eq!(indicator_named("water_revenue").unwrap().name, "water_revenue");
/// assert!(indicator_named("Số con mèo").is_none());
/// ```
pub fn indicator_named(label: &str) -> Option<&'static IndicatorInfo> {
    let wanted = normalize(label);
    if wanted.is_empty() {
        return None;
    }
    INDICATORS.iter().find(|i| {
        [i.name, i.text_vi, i.text_en]
            .iter()
            .any(|t| normalize(t) == wanted)
    })
}

/// Reads indicator files (`.csv`, `.xlsx`, `.parquet`) into the table `region_code, year,
/// indicator, value` (with `source, sheet, source_row`), and the ledger. Errors stop the
/// read unless `options.keep_going`.
///
/// ```
/// use cashless::ingest::{indicator_table::read_indicator_paths, ReadOptions};
/// let path = std::env::temp_dir().join("cashless-doc-indicators-vi.csv");
/// std::fs::write(&path, "SỐ LIỆU CỦA CÔNG TY CẤP NƯỚC\n\
///     Mã đơn vị;Năm;Chỉ tiêu;Đơn vị tính;Giá trị\n\
///     38;2025;Doanh số tiền nước;triệu đồng;2.800.000\n\
///     38;2025;Doanh số tiền nước thanh toán bằng TTKDTM;triệu đồng;1.540.000,5\n").unwrap();
/// let read = read_indicator_paths(&[path], &ReadOptions::default()).unwrap();
/// let value = read.data.column("value").unwrap().f64().unwrap();
/// assert_eq!(value.get(0), Some(2_800_000_000_000.0));
/// assert_eq!(value.get(1), Some(1_540_000_500_000.0));
/// ```
pub fn read_indicator_paths(paths: &[std::path::PathBuf], options: &ReadOptions) -> Result<Read> {
    let mut grids = Vec::new();
    for path in paths {
        grids.extend(crate::ingest::grid::read_path(
            path,
            options.sheet.as_deref(),
        )?);
    }
    read_grids(&grids, options)
}

/// Reads an indicator table given as a DataFrame, as [`read_indicator_paths`] reads files.
pub fn read_indicator_frame(df: &DataFrame, source: &str, options: &ReadOptions) -> Result<Read> {
    read_grids(&crate::ingest::grid::frame_grid(df, source, None)?, options)
}

/// One value read, with where it came from.
struct Row {
    region: String,
    year: i32,
    indicator: String,
    value: f64,
    source: String,
    sheet: Option<String>,
    row: usize,
}

/// The input row a value came from: file, sheet, row.
type Origin<'a> = (&'a str, Option<&'a str>, usize);

fn origin(r: &Row) -> Origin<'_> {
    (r.source.as_str(), r.sheet.as_deref(), r.row)
}

fn read_grids(grids: &[Grid], options: &ReadOptions) -> Result<Read> {
    let matcher = RegionMatcher::new(options.regions.as_ref());
    let mut ledger = Ledger::default();
    let mut rows: Vec<Row> = Vec::new();
    for grid in grids {
        read_grid(grid, options, &matcher, &mut ledger, &mut rows);
    }
    // The same unit, year and indicator twice: neither is used.
    let mut first: HashMap<(&str, i32, &str), usize> = HashMap::new();
    let mut twice = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(&j) = first.get(&(r.region.as_str(), r.year, r.indicator.as_str())) {
            twice.push((j, i));
        } else {
            first.insert((r.region.as_str(), r.year, r.indicator.as_str()), i);
        }
    }
    // A duplicate rejects its whole input row (a wide row holds several indicators), as an
    // error in a transactions row rejects all its records, so read = kept + rejected + skipped.
    let mut rejected: HashSet<Origin<'_>> = HashSet::new();
    for (j, i) in twice {
        for (this, other) in [(j, i), (i, j)] {
            let (a, b) = (&rows[this], &rows[other]);
            ledger.push(
                Entry::new(Severity::Error, Finding::DuplicateKey, a.source.as_str(), "", format!("{} {} {}", a.region, a.year, a.indicator),
                    Words::new(format!("đơn vị, năm và chỉ tiêu này đã có ở {}, dòng {}: không dùng cả hai", b.source, b.row),
                        format!("the same unit, year and indicator is also at {}, row {}: neither is used", b.source, b.row)))
                .in_sheet(a.sheet.as_deref())
                .at_row(a.row),
            );
            if rejected.insert(origin(a)) {
                ledger.rows_kept -= 1;
                ledger.rows_rejected += 1;
            }
        }
    }
    let kept: Vec<&Row> = rows
        .iter()
        .filter(|r| !rejected.contains(&origin(r)))
        .collect();
    let data = DataFrame::new(
        kept.len(),
        vec![
            Column::new(
                REGION_CODE.into(),
                kept.iter().map(|r| r.region.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(YEAR.into(), kept.iter().map(|r| r.year).collect::<Vec<_>>()),
            Column::new(
                INDICATOR.into(),
                kept.iter()
                    .map(|r| r.indicator.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                VALUE.into(),
                kept.iter().map(|r| r.value).collect::<Vec<_>>(),
            ),
            Column::new(
                SOURCE.into(),
                kept.iter().map(|r| r.source.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                SHEET.into(),
                kept.iter().map(|r| r.sheet.as_deref()).collect::<Vec<_>>(),
            ),
            Column::new(
                SOURCE_ROW.into(),
                kept.iter().map(|r| r.row as i64).collect::<Vec<_>>(),
            ),
        ],
    )?;
    ledger.records = data.height();
    if !options.keep_going && ledger.count(Severity::Error) > 0 {
        return Err(Error::Rejected(Box::new(ledger)));
    }
    Ok(Read { data, ledger })
}

fn read_grid(
    grid: &Grid,
    options: &ReadOptions,
    matcher: &RegionMatcher,
    ledger: &mut Ledger,
    out: &mut Vec<Row>,
) {
    let sheet = grid.sheet.as_deref();
    let entry = |severity, check, column: &str, value: String, message: Words, row: usize| {
        Entry::new(
            severity,
            check,
            grid.source.as_str(),
            column,
            value,
            message,
        )
        .in_sheet(sheet)
        .at_row(row)
    };
    let Some((at, cols)) = (0..grid.rows.len().min(HEADER_SEARCH_ROWS))
        .map(|p| (p, columns(grid, p, options)))
        .find(|(_, c)| c.is_table(options))
    else {
        let non_empty = grid
            .rows
            .iter()
            .filter(|(_, c)| c.iter().any(|x| !x.is_empty()))
            .count();
        ledger.rows_read += non_empty;
        if grid.optional {
            ledger.rows_skipped += non_empty;
            ledger.push(
                Entry::new(
                    Severity::Info,
                    Finding::SheetSkipped,
                    grid.source.as_str(),
                    "",
                    "",
                    Words::new(
                        format!("trang tính không có bảng chỉ tiêu ({non_empty} dòng không đọc)"),
                        format!("no indicator table in this sheet ({non_empty} rows not read)"),
                    ),
                )
                .in_sheet(sheet),
            );
        } else {
            ledger.rows_rejected += non_empty;
            ledger.push(Entry::new(Severity::Error, Finding::NoHeader, grid.source.as_str(), "", "",
                Words::new(format!("không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu: cần cột đơn vị, cột năm, và cột chỉ tiêu với cột giá trị (hoặc mỗi chỉ tiêu một cột)"),
                    format!("no header row in the first {HEADER_SEARCH_ROWS} rows: it needs a unit column, a year column, and an indicator column with a value column (or a column per indicator)"))).in_sheet(sheet));
        }
        return;
    };
    // The library's own table, "region_code,year,indicator,value", is written with '.' decimals.
    let canonical = ["region_code", "year", "indicator", "value"]
        .iter()
        .all(|h| grid.rows[at].1.iter().any(|c| c.text().trim() == *h));
    let style = if canonical {
        NumberStyle::English
    } else {
        options.style
    };
    for (number, cells) in &grid.rows[at + 1..] {
        if cells.iter().all(Cell::is_empty) {
            ledger.rows_read += 1;
            ledger.rows_skipped += 1;
            ledger.push(entry(
                Severity::Info,
                Finding::EmptyRow,
                "",
                String::new(),
                Words::new("dòng trống", "an empty row"),
                *number,
            ));
            continue;
        }
        ledger.rows_read += 1;
        let unit_cell = cols
            .unit
            .as_ref()
            .map(|(i, _)| cells.get(*i).map(Cell::text).unwrap_or_default());
        let numbers = |c: &Cell| match c {
            Cell::Int(_) | Cell::Float(_) => true,
            Cell::Text(t) => parse_number(t, style).is_ok(),
            _ => false,
        };
        let figure_cells: Vec<usize> = match &cols.value {
            Some((i, _)) => vec![*i],
            None => cols.wide.iter().map(|w| w.0).collect(),
        };
        if figure_cells
            .iter()
            .all(|i| !cells.get(*i).is_some_and(numbers))
        {
            ledger.rows_skipped += 1;
            let shown = cells
                .iter()
                .find(|c| !c.is_empty())
                .map(Cell::text)
                .unwrap_or_default();
            ledger.push(entry(
                Severity::Info,
                Finding::NotData,
                "",
                shown,
                Words::new(
                    "dòng không có số liệu: một ghi chú, dòng tổng hoặc chữ ký",
                    "no figures in this row: a note, a total or a signature",
                ),
                *number,
            ));
            continue;
        }
        let mut errors = Vec::new();
        let region = match (&cols.region, &options.region) {
            (Some((i, h)), _) => {
                let text = cells.get(*i).map(Cell::text).unwrap_or_default();
                match matcher.resolve(&text) {
                    Ok(code) if !code.is_empty() => Some(code),
                    Ok(_) => {
                        errors.push(entry(
                            Severity::Error,
                            Finding::UnknownRegion,
                            h,
                            text,
                            Words::new("thiếu đơn vị", "the unit is missing"),
                            *number,
                        ));
                        None
                    }
                    Err(why) => {
                        errors.push(entry(
                            Severity::Error,
                            Finding::UnknownRegion,
                            h,
                            text,
                            why,
                            *number,
                        ));
                        None
                    }
                }
            }
            (None, fixed) => fixed.clone(),
        };
        let year = match (&cols.year, options.period) {
            (Some((i, h)), _) => {
                let c = cells.get(*i).cloned().unwrap_or(Cell::Empty);
                match crate::ingest::rows::whole(&c).filter(|y| (1900..=2100).contains(y)) {
                    Some(y) => Some(y as i32),
                    None => {
                        errors.push(entry(
                            Severity::Error,
                            Finding::BadYear,
                            h,
                            c.text(),
                            Words::new("không phải một năm", "is not a year"),
                            *number,
                        ));
                        None
                    }
                }
            }
            (None, Some((y, _))) => Some(y),
            (None, None) => {
                errors.push(entry(
                    Severity::Error,
                    Finding::NoYear,
                    "",
                    String::new(),
                    Words::new("bảng không có cột năm", "the table has no year column"),
                    *number,
                ));
                None
            }
        };
        // (indicator, what the library knows of it, header of its value, the value cell, the
        // unit text)
        let mut values: Vec<(String, Option<&'static IndicatorInfo>, String, Cell, String)> =
            Vec::new();
        match (&cols.indicator, &cols.value) {
            (Some((ii, ih)), Some((vi, vh))) => {
                let label = cells.get(*ii).map(Cell::text).unwrap_or_default();
                match indicator_named(&label) {
                    Some(info) => {
                        // The library's own table is in the indicators' own units.
                        let unit = match (&unit_cell, canonical) {
                            (Some(u), _) => u.clone(),
                            (None, true) => info.unit.to_string(),
                            (None, false) => unit_of(vh),
                        };
                        values.push((info.name.into(), Some(info), vh.clone(), cells.get(*vi).cloned().unwrap_or(Cell::Empty), unit));
                    }
                    // The library's own table may carry a catalogue's own indicators.
                    None if canonical && !label.trim().is_empty() => values.push((
                        label.trim().into(),
                        None,
                        vh.clone(),
                        cells.get(*vi).cloned().unwrap_or(Cell::Empty),
                        String::new(),
                    )),
                    None => errors.push(entry(Severity::Error, Finding::UnknownIndicator, ih, label.clone(),
                        Words::new(format!("chỉ tiêu {label:?} không có trong danh sách (lệnh cashless labels, hoặc cashless.indicator_list() trong Python): ghi đúng tên hoặc nội dung chỉ tiêu"),
                            format!("the indicator {label:?} is not one the library lists (cashless labels, or cashless.indicator_list() in Python): write its name or its text"),
                        ), *number)),
                }
            }
            _ => {
                for (i, header, info) in &cols.wide {
                    values.push((
                        info.name.into(),
                        Some(*info),
                        header.clone(),
                        cells.get(*i).cloned().unwrap_or(Cell::Empty),
                        unit_of(header),
                    ));
                }
            }
        }
        let mut read = Vec::new();
        for (name, info, header, c, unit) in values {
            let parsed = match &c {
                Cell::Empty => continue,
                Cell::Text(t) if t.trim().is_empty() => continue,
                Cell::Int(i) => Ok((
                    Decimal {
                        mantissa: i128::from(*i),
                        scale: 0,
                    },
                    false,
                )),
                Cell::Float(f) => {
                    parse_number(&f.to_string(), NumberStyle::English).map(|n| (n.value, n.percent))
                }
                Cell::Text(t) => parse_number(t, style).map(|n| (n.value, n.percent)),
                _ => Err(Words::new("không phải một số", "is not a number")),
            };
            let value = parsed.and_then(|(d, percent)| {
                if d.mantissa < 0 {
                    return Err(Words::new("là số âm", "is negative"));
                }
                let f = match info {
                    Some(info) => factor(&unit, info, percent)?,
                    None => 1.0,
                };
                Ok(d.mantissa as f64 / 10f64.powi(d.scale as i32) * f)
            });
            match value {
                Ok(v) if v.is_finite() => read.push((name, v)),
                Ok(_) => errors.push(entry(
                    Severity::Error,
                    Finding::NotANumber,
                    &header,
                    c.text(),
                    Words::new("vượt quá phạm vi số thực", "is beyond the range of a float"),
                    *number,
                )),
                Err(why) => errors.push(entry(
                    Severity::Error,
                    Finding::NotANumber,
                    &header,
                    c.text(),
                    why,
                    *number,
                )),
            }
        }
        let rejected = !errors.is_empty();
        for e in errors {
            ledger.push(e);
        }
        if rejected {
            ledger.rows_rejected += 1;
            continue;
        }
        ledger.rows_kept += 1;
        if let (Some(region), Some(year)) = (region, year) {
            for (indicator, value) in read {
                out.push(Row {
                    region: region.clone(),
                    year,
                    indicator,
                    value,
                    source: grid.source.clone(),
                    sheet: grid.sheet.clone(),
                    row: *number,
                });
            }
        }
    }
}

/// Reads an indicator table from a file (CSV, Excel, Parquet) as agencies send it, through
/// [`read_indicator_paths`]: the library's own `region_code, year, indicator, value`, or a
/// table with Vietnamese headers, labels, numbers and units. Any row it cannot read is an
/// error that names it.
///
/// ```
/// let path = std::env::temp_dir().join("cashless-doc-indicators.csv");
/// std::fs::write(&path, "region_code,year,indicator,value\n38,2025,schools,120\n").unwrap();
/// let df = cashless::ingest::indicator_table::read_indicators(&path, None).unwrap();
/// assert_eq!(df.column("value").unwrap().f64().unwrap().get(0), Some(120.0));
/// ```
///
/// With `regions`, units named rather than coded ("Huyện Thọ Xuân") are found in it.
pub fn read_indicators(path: &Path, regions: Option<&Regions>) -> Result<DataFrame> {
    let options = ReadOptions {
        regions: regions.cloned(),
        ..Default::default()
    };
    let read = read_indicator_paths(&[path.to_path_buf()], &options)?;
    Ok(read
        .data
        .select(["region_code", "year", "indicator", "value"])?)
}
