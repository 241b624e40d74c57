//! Files as grids of cells, each cell what the file says it is.
//!
//! Nothing is guessed here: a text cell stays text (it is parsed later with the Vietnamese
//! rules, and a cell that does not parse is reported), a number stays a number whatever the
//! cells above it were, an empty row stays in the grid (the ledger says it was empty), and a
//! formula keeps both its cached result and the fact that it is a formula.

use super::findings::Finding;
use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
use polars::prelude::*;

use super::ledger::{Entry, Severity};
use crate::calendar::civil_from_days;
use crate::error::{invalid_argument, Result};
use crate::lang::{say, Words};

/// One cell, as the file stores it.
///
/// ```
/// use cashless::ingest::grid::Cell;
/// assert_eq!(Cell::Text("1.234".into()).text(), "1.234");
/// assert_eq!(Cell::Int(7).text(), "7");
/// assert!(Cell::Text("  ".into()).is_empty());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text, exactly as written.
    Text(String),
    /// A whole number stored as such.
    Int(i64),
    /// A number stored as a float (Excel stores every number this way).
    Float(f64),
    /// A date: year, month, day.
    Date(i32, u32, u32),
    /// True or false.
    Bool(bool),
    /// An error value of the spreadsheet (`#DIV/0!`, `#REF!` …).
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing (or only spaces).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for messages and for labels (a float in its shortest exact form).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A table of cells from one file (or one sheet of a workbook).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The file name, or `DataFrame`.
    pub source: String,
    /// The sheet, for workbooks.
    pub sheet: Option<String>,
    /// The rows, top to bottom, each with the number an analyst finds it under (the Excel row
    /// or the CSV line, 1-based; the 0-based index for a DataFrame or Parquet file). A row is
    /// only as long as its last cell that holds something.
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// Cells that hold a formula, by (position in `rows`, column): the formula text.
    pub formulas: BTreeMap<(usize, usize), String>,
    /// Merged ranges that span more than one row, as (first, last position in `rows`, first,
    /// last column): a figure in one of them belongs to no single row.
    pub merged: Vec<(usize, usize, usize, usize)>,
    /// Rows the reader could not split into cells, by position in `rows`, with the finding
    /// that rejects them (an unclosed quote in a CSV line).
    pub broken: BTreeMap<usize, Entry>,
    /// Findings about the file itself that reject no row (a merged range too large to fill).
    pub findings: Vec<Entry>,
    /// Whether the first row is the header by construction (a DataFrame's column names).
    pub header_given: bool,
    /// Whether a grid without a table is skipped rather than an error: a notes sheet of a
    /// workbook read whole.
    pub optional: bool,
    /// Whether the sheet is hidden in the workbook (hidden or very hidden) and was not named:
    /// its cells are not read, and the ledger says so.
    pub hidden: bool,
    /// The bank that sent the file, when the caller says ([`super::ReadOptions::file_banks`]).
    pub bank: Option<String>,
}

impl Grid {
    /// The cell at (position in `rows`, column), empty when the row is shorter.
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|(_, cells)| cells.get(column))
            .unwrap_or(&Cell::Empty)
    }

    /// The widest row's length.
    pub fn width(&self) -> usize {
        self.rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0)
    }

    /// The rows (as the analyst numbers them) of a merged range over several rows that covers
    /// this cell.
    pub fn merged_rows(&self, row: usize, column: usize) -> Option<(usize, usize)> {
        self.merged
            .iter()
            .find(|&&(r0, r1, c0, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&column))
            .map(|&(r0, r1, ..)| (self.rows[r0].0, self.rows[r1].0))
    }
}

/// The grids of a file, by its extension: `.csv`/`.txt`, `.xlsx`/`.xlsm`, `.parquet`. For a
/// workbook, every sheet that has cells, or only `sheet` when it is given.
pub fn read_path(path: &Path, sheet: Option<&str>) -> Result<Vec<Grid>> {
    if !path.is_file() {
        return Err(crate::error::no_such_file(path));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => Ok(vec![read_csv(path)?]),
        "xlsx" | "xlsm" => read_xlsx(path, sheet),
        "parquet" => {
            let file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
            let df = ParquetReader::new(file)
                .finish()
                .map_err(|e| unreadable(path, &e))?;
            frame_grid(&df, &path.display().to_string(), None)
        }
        _ => Err(invalid_argument(say!(
            format!("{}: cần một tệp .csv, .xlsx hoặc .parquet", path.display()),
            format!(
                "{}: expected a .csv, .xlsx or .parquet file",
                path.display()
            ),
        ))),
    }
}

/// A file that cannot be opened or decoded, with the reader's own reason (the system's or
/// the format library's words, which are English).
fn unreadable(path: &Path, e: &dyn std::fmt::Display) -> crate::Error {
    invalid_argument(say!(
        format!("{}: không đọc được tệp ({e})", path.display()),
        format!("{}: cannot be read ({e})", path.display()),
    ))
}

/// A CSV file, `,` or `;` separated (whichever the first lines use more), with or without a
/// UTF-8 byte-order mark; every field is text.
///
/// A quote that is never closed would swallow every later line into one cell; a quoted cell
/// that runs over several lines and holds the separator is taken to be that, so its first
/// line is rejected by name and the lines after it are read on their own. (A quoted header
/// broken over two lines, as Excel saves "Số lượng⏎(món)", holds no separator and stays one
/// cell.)
pub fn read_csv(path: &Path) -> Result<Grid> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let head = &body[..body.len().min(4096)];
    let count = |b: u8| head.iter().filter(|&&c| c == b).count();
    let separator = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let source = path.display().to_string();
    let mut grid = Grid {
        source: source.clone(),
        ..Grid::default()
    };
    // Lines before `offset` are read; `line` is the number of the line at `offset`.
    let (mut offset, mut line) = (0usize, 1usize);
    'parts: while offset < body.len() {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .from_reader(&body[offset..]);
        let mut record = csv::ByteRecord::new();
        loop {
            let start = reader.position().clone();
            match reader.read_byte_record(&mut record) {
                Ok(false) => break 'parts,
                Ok(true) => {}
                Err(e) => return Err(unreadable(path, &e)),
            }
            let first = record.position().map_or(start.line(), |p| p.line()) as usize;
            let at = line + first - 1;
            let runaway = record
                .iter()
                .any(|f| f.contains(&b'\n') && f.contains(&separator));
            if runaway {
                // Reject the line that opened the quote, then read on from the next one.
                let from = offset + record.position().map_or(start.byte(), |p| p.byte()) as usize;
                let end = body[from..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(body.len(), |i| from + i + 1);
                let text = String::from_utf8_lossy(&body[from..end])
                    .trim_end()
                    .to_string();
                let cells = text
                    .split(separator as char)
                    .map(|f| {
                        if f.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(f.to_string())
                        }
                    })
                    .collect();
                grid.broken.insert(
                    grid.rows.len(),
                    Entry::new(
                        Severity::Error,
                        Finding::UnclosedQuote,
                        source.as_str(),
                        "",
                        text,
                        Words::new(
                            "dấu ngoặc kép mở ở dòng này không được đóng; các dòng sau được đọc riêng. Hãy đóng hoặc bỏ dấu ngoặc kép".to_string(),
                            "a quote opened on this line is never closed; the lines after it are read on their own. Close the quote or remove it".to_string(),
                        ),
                    )
                    .at_row(at),
                );
                grid.rows.push((at, cells));
                line = at + 1;
                offset = end;
                continue 'parts;
            }
            let cells = record
                .iter()
                .map(|f| {
                    let f = String::from_utf8_lossy(f);
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.into_owned())
                    }
                })
                .collect();
            if std::str::from_utf8(record.as_slice()).is_err() {
                return Err(invalid_argument(say!(
                    format!(
                        "{}: dòng {at} không phải văn bản UTF-8; hãy lưu tệp dưới dạng CSV UTF-8",
                        path.display()
                    ),
                    format!(
                        "{}: line {at} is not UTF-8 text; save the file as CSV UTF-8",
                        path.display()
                    ),
                )));
            }
            grid.rows.push((at, cells));
        }
    }
    Ok(grid)
}

/// A merged range larger than this is not copied into every cell it covers: a sheet that
/// merges a whole column would otherwise hold a billion cells.
const MERGE_FILL_LIMIT: usize = 65_536;

/// The sheets of an `.xlsx` workbook. Merged cells carry the merged value in every cell they
/// cover (a bank's two-row header, a district merged over its banks' rows).
///
/// Cells are streamed as the file stores them, so memory follows the cells present, not the
/// range the sheet declares (a stray cell at `XFD1048576` costs one cell). Hidden sheets are
/// read only when named: an old copy kept hidden would otherwise be counted again.
pub fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<Vec<Grid>> {
    let fail = |e: &dyn std::fmt::Display| unreadable(path, e);
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| fail(&e))?;
    let sheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let optional = sheet.is_none() && sheets.len() > 1;
    let wanted: Vec<(String, bool)> = match sheet {
        Some(s) if sheets.iter().any(|(n, _)| n == s) => vec![(s.to_string(), false)],
        Some(s) => {
            let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
            return Err(invalid_argument(say!(
                format!(
                    "{}: không có trang tính {s:?}; các trang tính: {}",
                    path.display(),
                    names.join(", ")
                ),
                format!(
                    "{}: no sheet {s:?}; sheets: {}",
                    path.display(),
                    names.join(", ")
                ),
            )));
        }
        None => sheets,
    };
    let mut grids = Vec::new();
    for (name, hidden) in wanted {
        let source = path.display().to_string();
        let mut cells: Vec<((u32, u32), Cell, Option<String>)> = Vec::new();
        {
            let mut reader = book.worksheet_cells_reader(&name).map_err(|e| fail(&e))?;
            while let Some(c) = reader.next_cell_with_formula().map_err(|e| fail(&e))? {
                let value = excel_cell(&Data::from(c.value));
                let formula = c.formula.filter(|f| !f.is_empty());
                if !value.is_empty() || formula.is_some() {
                    cells.push((c.pos, value, formula));
                }
            }
        }
        let Some(top) = cells.iter().map(|c| c.0 .0).min() else {
            continue; // a sheet with no cells at all
        };
        let bottom = cells.iter().map(|c| c.0 .0).max().unwrap_or(top);
        let top = top as usize;
        let mut rows: Vec<(usize, Vec<Cell>)> = (top..=bottom as usize)
            .map(|r| (r + 1, Vec::new()))
            .collect();
        let mut formulas = BTreeMap::new();
        for ((r, c), value, formula) in cells {
            let (pos, c) = (r as usize - top, c as usize);
            let row = &mut rows[pos].1;
            if row.len() <= c {
                row.resize(c + 1, Cell::Empty);
            }
            row[c] = value;
            if let Some(f) = formula {
                formulas.insert((pos, c), format!("={f}"));
            }
        }
        let mut merged = Vec::new();
        let mut findings = Vec::new();
        for m in book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| fail(&e))?
        {
            let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
            let (r1, c1) = (m.end.0 as usize, m.end.1 as usize);
            let Some(value) = r0
                .checked_sub(top)
                .and_then(|r| rows.get(r))
                .and_then(|(_, cells)| cells.get(c0))
                .cloned()
                .filter(|v| !v.is_empty())
            else {
                continue;
            };
            let last = (r1 - top).min(rows.len() - 1);
            let first = r0 - top;
            if (last - first + 1).saturating_mul(c1 - c0 + 1) > MERGE_FILL_LIMIT {
                findings.push(
                    Entry::new(
                        Severity::Warning,
                        Finding::MergeTooLarge,
                        source.as_str(),
                        "",
                        value.text(),
                        Words::new(
                            format!("ô gộp từ dòng {} đến dòng {} quá lớn: giá trị chỉ nằm ở ô đầu", r0 + 1, r1 + 1),
                            format!("a merged range over rows {}–{} is too large to copy its value into: it stays in the first cell only", r0 + 1, r1 + 1),
                        ),
                    )
                    .in_sheet(Some(&name))
                    .at_row(r0 + 1),
                );
                continue;
            }
            if last > first {
                merged.push((first, last, c0, c1));
            }
            for (_, cells) in &mut rows[first..=last] {
                if cells.len() <= c1 {
                    cells.resize(c1 + 1, Cell::Empty);
                }
                for cell in &mut cells[c0..=c1] {
                    if cell.is_empty() {
                        *cell = value.clone();
                    }
                }
            }
        }
        grids.push(Grid {
            source,
            sheet: Some(name),
            rows,
            formulas,
            merged,
            findings,
            header_given: false,
            optional,
            hidden,
            ..Grid::default()
        });
    }
    Ok(grids)
}

fn excel_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Cell::Date(i32::from(y), u32::from(m), u32::from(day))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("#{e:?}")),
    }
}

/// A DataFrame as a grid: the column names are the header, each value keeps its type.
pub fn frame_grid(df: &DataFrame, source: &str, sheet: Option<&str>) -> Result<Vec<Grid>> {
    let names: Vec<Cell> = df
        .get_column_names()
        .iter()
        .map(|n| Cell::Text(n.to_string()))
        .collect();
    let mut columns: Vec<Vec<Cell>> = Vec::with_capacity(df.width());
    for column in df.columns() {
        columns.push(column_cells(column)?);
    }
    let mut rows = Vec::with_capacity(df.height() + 1);
    rows.push((0, names));
    // Cells move from columns into rows: each is built once, never copied.
    let mut cells: Vec<_> = columns.into_iter().map(Vec::into_iter).collect();
    for i in 0..df.height() {
        rows.push((
            i,
            cells
                .iter_mut()
                .map(|c| c.next().unwrap_or(Cell::Empty))
                .collect(),
        ));
    }
    Ok(vec![Grid {
        source: source.to_string(),
        sheet: sheet.map(str::to_string),
        rows,
        header_given: true,
        ..Grid::default()
    }])
}

fn column_cells(column: &Column) -> Result<Vec<Cell>> {
    let dtype = column.dtype();
    Ok(if dtype.is_integer() {
        let cast = column.cast(&DataType::Int64)?;
        let ints = cast.i64()?;
        let raw = column.as_materialized_series();
        ints.iter()
            .enumerate()
            .map(|(i, v)| match v {
                Some(v) => Cell::Int(v),
                // An unsigned value past i64: keep its text, the parser refuses it by name.
                None if raw.get(i).is_ok_and(|a| !a.is_null()) => {
                    Cell::Text(raw.str_value(i).map(|s| s.to_string()).unwrap_or_default())
                }
                None => Cell::Empty,
            })
            .collect()
    } else if dtype.is_float() {
        let cast = column.cast(&DataType::Float64)?;
        cast.f64()?
            .iter()
            .map(|v| v.map_or(Cell::Empty, Cell::Float))
            .collect()
    } else if let DataType::Datetime(unit, Some(_)) = dtype {
        // An instant: its month is the one in Vietnam (UTC+7, no daylight saving), not the
        // one in UTC, where Vietnam's midnight on the 1st is still the last day before.
        let per_day: i64 = match unit {
            TimeUnit::Nanoseconds => 86_400_000_000_000,
            TimeUnit::Microseconds => 86_400_000_000,
            TimeUnit::Milliseconds => 86_400_000,
        };
        let offset = per_day / 24 * crate::calendar::VIETNAM_OFFSET_HOURS;
        let cast = column.to_physical_repr();
        cast.i64()?
            .iter()
            .map(|v| {
                v.map_or(Cell::Empty, |t| {
                    let day = t.saturating_add(offset).div_euclid(per_day);
                    let (y, m, d) = civil_from_days(day as i32);
                    Cell::Date(y, m, d)
                })
            })
            .collect()
    } else if matches!(dtype, DataType::Date | DataType::Datetime(..)) {
        let cast = column.cast(&DataType::Date)?.cast(&DataType::Int32)?;
        cast.i32()?
            .iter()
            .map(|v| {
                v.map_or(Cell::Empty, |d| {
                    let (y, m, day) = civil_from_days(d);
                    Cell::Date(y, m, day)
                })
            })
            .collect()
    } else if matches!(dtype, DataType::Boolean) {
        column
            .bool()?
            .iter()
            .map(|v| v.map_or(Cell::Empty, Cell::Bool))
            .collect()
    } else if let Ok(cast) = column.cast(&DataType::String) {
        cast.str()?
            .iter()
            .map(|v| v.map_or(Cell::Empty, |s| Cell::Text(s.to_string())))
            .collect()
    } else {
        // A type with no text form in polars (a list, binary that is not UTF-8, an object):
        // its cells are shown as polars prints them. A column nobody reads costs nothing, and
        // a needed one is refused by name when its cells are parsed.
        (0..column.len())
            .map(|i| match column.get(i) {
                Ok(AnyValue::Null) | Err(_) => Cell::Empty,
                Ok(v) => Cell::Text(format!("{v}")),
            })
            .collect()
    })
}
