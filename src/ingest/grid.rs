//! Files as grids of cells, each cell what the file says it is.
//!
//! Nothing is guessed here: a text cell stays text (it is parsed later with the Vietnamese
//! rules, and a cell that does not parse is reported), a number stays a number whatever the
//! cells above it were, an empty row stays in the grid (the ledger says it was empty), and a
//! formula keeps both its cached result and the fact that it is a formula.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use polars::prelude::*;

use crate::calendar::civil_from_days;
use crate::error::{invalid_argument, Result};

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
    /// or the CSV line, 1-based; the 0-based index for a DataFrame or Parquet file).
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// Cells that hold a formula, by (position in `rows`, column): the formula text.
    pub formulas: BTreeMap<(usize, usize), String>,
    /// Whether the first row is the header by construction (a DataFrame's column names).
    pub header_given: bool,
    /// Whether a grid without a table is skipped rather than an error: a notes sheet of a
    /// workbook read whole.
    pub optional: bool,
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
}

/// The grids of a file, by its extension: `.csv`/`.txt`, `.xlsx`/`.xlsm`, `.parquet`. For a
/// workbook, every sheet that has cells, or only `sheet` when it is given.
pub fn read_path(path: &Path, sheet: Option<&str>) -> Result<Vec<Grid>> {
    if !path.is_file() {
        return Err(invalid_argument(format!(
            "{}: no such file",
            path.display()
        )));
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
            let file = std::fs::File::open(path)
                .map_err(|e| invalid_argument(format!("{}: {e}", path.display())))?;
            let df = ParquetReader::new(file)
                .finish()
                .map_err(|e| invalid_argument(format!("{}: {e}", path.display())))?;
            frame_grid(&df, &path.display().to_string(), None)
        }
        _ => Err(invalid_argument(format!(
            "{}: expected a .csv, .xlsx or .parquet file",
            path.display()
        ))),
    }
}

/// A CSV file, `,` or `;` separated (whichever the first lines use more), with or without a
/// UTF-8 byte-order mark; every field is text.
pub fn read_csv(path: &Path) -> Result<Grid> {
    let fail = |e: &dyn std::fmt::Display| invalid_argument(format!("{}: {e}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| fail(&e))?;
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let head = &body[..body.len().min(4096)];
    let count = |b: u8| head.iter().filter(|&&c| c == b).count();
    let separator = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(body);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| fail(&e))?;
        let line = record
            .position()
            .map_or(rows.len() + 1, |p| p.line() as usize);
        let cells = record
            .iter()
            .map(|f| {
                if f.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(f.to_string())
                }
            })
            .collect();
        rows.push((line, cells));
    }
    Ok(Grid {
        source: path.display().to_string(),
        rows,
        ..Grid::default()
    })
}

/// The sheets of an `.xlsx` workbook. Merged cells carry the merged value in every cell they
/// cover (a bank's two-row header, a district merged over its banks' rows).
pub fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<Vec<Grid>> {
    let fail = |e: &dyn std::fmt::Display| invalid_argument(format!("{}: {e}", path.display()));
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| fail(&e))?;
    let names = book.sheet_names();
    let optional = sheet.is_none() && names.len() > 1;
    let wanted: Vec<String> = match sheet {
        Some(s) if names.iter().any(|n| n == s) => vec![s.to_string()],
        Some(s) => {
            return Err(invalid_argument(format!(
                "{}: no sheet {s:?}; sheets: {}",
                path.display(),
                names.join(", ")
            )))
        }
        None => names,
    };
    let mut grids = Vec::new();
    for name in wanted {
        let range = book.worksheet_range(&name).map_err(|e| fail(&e))?;
        let Some((top, left)) = range.start() else {
            continue; // a sheet with no cells at all
        };
        let (top, left) = (top as usize, left as usize);
        let mut rows: Vec<(usize, Vec<Cell>)> = range
            .rows()
            .enumerate()
            .map(|(i, r)| (top + i + 1, r.iter().map(excel_cell).collect()))
            .collect();
        // The columns left of the used range are empty: keep positions as in the sheet.
        for (_, cells) in rows.iter_mut() {
            cells.splice(0..0, std::iter::repeat_n(Cell::Empty, left));
        }
        for merged in book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| fail(&e))?
        {
            let (r0, c0) = (merged.start.0 as usize, merged.start.1 as usize);
            let (r1, c1) = (merged.end.0 as usize, merged.end.1 as usize);
            let Some(value) = r0
                .checked_sub(top)
                .and_then(|r| rows.get(r))
                .and_then(|(_, cells)| cells.get(c0))
                .cloned()
            else {
                continue;
            };
            for r in r0.max(top)..=r1 {
                let Some((_, cells)) = rows.get_mut(r - top) else {
                    break;
                };
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
        let mut formulas = BTreeMap::new();
        if let Ok(f) = book.worksheet_formula(&name) {
            if let Some((ftop, fleft)) = f.start() {
                for (i, row) in f.rows().enumerate() {
                    for (j, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                        let r = ftop as usize + i;
                        if let Some(pos) = r.checked_sub(top) {
                            formulas.insert((pos, fleft as usize + j), format!("={text}"));
                        }
                    }
                }
            }
        }
        grids.push(Grid {
            source: path.display().to_string(),
            sheet: Some(name),
            rows,
            formulas,
            header_given: false,
            optional,
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
        formulas: BTreeMap::new(),
        header_given: true,
        optional: false,
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
    } else {
        let cast = column.cast(&DataType::String)?;
        cast.str()?
            .iter()
            .map(|v| v.map_or(Cell::Empty, |s| Cell::Text(s.to_string())))
            .collect()
    })
}
