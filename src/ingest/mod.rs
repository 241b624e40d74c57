//! Reading reports as they arrive: CSV and Excel files from each bank and agency, in
//! Vietnamese, in mixed units, with title blocks and merged headers, into the canonical
//! transactions table, with a [`Ledger`] of every row.
//!
//! ```
//! use cashless::ingest::{read_paths, ReadOptions};
//! let path = std::env::temp_dir().join("cashless-doc-ingest.csv");
//! std::fs::write(&path, "\u{feff}BÁO CÁO THANH TOÁN KHÔNG DÙNG TIỀN MẶT\n\
//!     Mã đơn vị;Kỳ báo cáo;Kênh;Số lượng (món);Giá trị (triệu đồng)\n\
//!     380;T5/2023;Mobile banking;1.234;2.345,5\n\
//!     380;T5/2023;Internet Banking;100;50\n").unwrap();
//! let read = read_paths(&[path], &ReadOptions::default()).unwrap();
//! assert_eq!(read.ledger.rows_kept, 2);
//! let value = read.data.column("value").unwrap().i64().unwrap();
//! assert_eq!(value.get(0), Some(2_345_500_000)); // 2.345,5 triệu đồng, exactly
//! ```
//!
//! The cells are read as what they are ([`grid`]) and parsed with the Vietnamese rules
//! ([`numbers`], [`periods`], [`units`]); the header is found and each column given a meaning
//! ([`header`]); region names are matched to codes ([`names`]). Every data row is then kept,
//! rejected with its errors, or skipped with the reason (an empty row, a total row), and the
//! checks across rows add warnings that never stop a read. [`lineage::explain`] finds the input
//! rows behind any figure.

pub mod findings;
pub mod grid;
pub mod header;
pub mod indicator_table;
pub mod labels;
pub mod ledger;
mod ledger_view;
pub use ledger_view::counts_sentence;
pub mod lineage;
pub mod names;
pub mod numbers;
pub mod periods;
pub mod units;

mod checks;
mod rows;
mod sheet;
mod title;

use std::path::PathBuf;

use polars::prelude::*;

use crate::calendar::days_from_civil;
use crate::channels::{Channel, DEFAULT_ADDITIVE};
use crate::error::{invalid_argument, Error, Result};
use crate::lang::{Lang, Words};
use crate::regions::Regions;
use crate::table::{BANK, CHANNEL, COUNT, PERIOD, REGION_CODE, REGION_MAP, VALUE};
use findings::Finding;
use header::Mapping;
use ledger::{Ledger, Severity};
use numbers::NumberStyle;

/// `source` column of a read: the file (or `DataFrame`) each record came from.
pub const SOURCE: &str = "source";
/// `sheet` column of a read: the workbook sheet, null for CSV and tables.
pub const SHEET: &str = "sheet";
/// `source_row` column of a read: the row as the analyst finds it (Excel row or CSV line,
/// 1-based; the 0-based index for a DataFrame or Parquet file).
pub const SOURCE_ROW: &str = "source_row";

/// How to read. The defaults read Vietnamese files whose headers name their units.
///
/// ```
/// let opts = cashless::ingest::ReadOptions::default();
/// assert!(!opts.keep_going && opts.regions.is_none());
/// ```
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Only this sheet of each workbook (every sheet with a table otherwise).
    pub sheet: Option<String>,
    /// How to read a lone `.` or `,` in text cells.
    pub style: NumberStyle,
    /// Headers the built-in words do not know.
    pub mapping: Mapping,
    /// The region table: region cells are then checked, and names matched to codes.
    pub regions: Option<Regions>,
    /// Món per count unit, for count headers that name no unit.
    pub count_unit: Option<i64>,
    /// Đồng per value unit, for value headers that name no unit.
    pub value_unit: Option<i64>,
    /// The month of every row, for files without a period column (year, month).
    pub period: Option<(i32, u32)>,
    /// The bank of every row, for files without a bank column.
    pub bank: Option<String>,
    /// The bank of each file, for files without a bank column: a branch receives one file a
    /// month from each of 20–40 banks. A file listed here takes its bank from here.
    pub file_banks: Vec<(PathBuf, String)>,
    /// Where a file without a bank column, and not given one, finds its bank.
    pub bank_from: Option<BankFrom>,
    /// The region of every row, for files without a region column.
    pub region: Option<String>,
    /// Keep the good rows when some have errors (the errors stay in the ledger).
    pub keep_going: bool,
    /// Channels that a reported `all` must not be smaller than.
    pub additive: Vec<Channel>,
    /// Plausible value per transaction, in đồng (default 1 000 – 10 000 000 000).
    pub per_transaction: (i64, i64),
    /// Print a line per file and sheet on standard error.
    pub progress: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            sheet: None,
            style: NumberStyle::Vietnamese,
            mapping: Mapping::default(),
            regions: None,
            count_unit: None,
            value_unit: None,
            period: None,
            bank: None,
            file_banks: Vec::new(),
            bank_from: None,
            region: None,
            keep_going: false,
            additive: DEFAULT_ADDITIVE.to_vec(),
            per_transaction: (1_000, 10_000_000_000),
            progress: false,
        }
    }
}

impl ReadOptions {
    /// Sets the units of headers that name none, from text ("nghìn món", "triệu đồng").
    ///
    /// ```
    /// let mut o = cashless::ingest::ReadOptions::default();
    /// o.set_units(Some("nghìn món"), Some("tỷ đồng")).unwrap();
    /// assert_eq!((o.count_unit, o.value_unit), (Some(1_000), Some(1_000_000_000)));
    /// assert!(o.set_units(Some("triệu đồng"), None).is_err()); // not a count unit
    /// ```
    pub fn set_units(&mut self, count: Option<&str>, value: Option<&str>) -> Result<()> {
        use crate::metrics::Metric;
        let parse = |text: &str, metric: Metric| -> Result<i64> {
            match units::unit_in(&format!("({text})")) {
                Some(u) if u.metric == metric => Ok(u.factor),
                _ => Err(invalid_argument(crate::say!(
                    format!(
                        "{text:?} không phải đơn vị {} (món, nghìn món, triệu món; đồng, nghìn đồng, triệu đồng, tỷ đồng)",
                        metric.word(Lang::Vi)
                    ),
                    format!(
                        "{text:?} is not a {} unit (món, nghìn món, triệu món; đồng, nghìn đồng, triệu đồng, tỷ đồng)",
                        metric.name()
                    ),
                ))),
            }
        };
        if let Some(c) = count {
            self.count_unit = Some(parse(c, Metric::Count)?);
        }
        if let Some(v) = value {
            self.value_unit = Some(parse(v, Metric::Value)?);
        }
        Ok(())
    }
}

impl ReadOptions {
    /// Sets the number style from text: `vi` reads `1.234,5`, `en` reads `1,234.5`.
    ///
    /// ```
    /// let mut o = cashless::ingest::ReadOptions::default();
    /// o.set_style("en").unwrap();
    /// assert_eq!(o.style, cashless::ingest::numbers::NumberStyle::English);
    /// assert!(o.set_style("fr").is_err());
    /// ```
    pub fn set_style(&mut self, style: &str) -> Result<()> {
        self.style = match style.trim() {
            "vi" => NumberStyle::Vietnamese,
            "en" => NumberStyle::English,
            other => {
                return Err(invalid_argument(crate::say!(
                    format!("kiểu số {other:?}: \"vi\" (1.234,5) hoặc \"en\" (1,234.5)"),
                    format!("style {other:?}: \"vi\" (1.234,5) or \"en\" (1,234.5)"),
                )))
            }
        };
        Ok(())
    }

    /// Sets the month of every row from text ("T5/2023", "2023-05"), for files without a
    /// period column.
    ///
    /// ```
    /// let mut o = cashless::ingest::ReadOptions::default();
    /// o.set_period("T5/2023").unwrap();
    /// assert_eq!(o.period, Some((2023, 5)));
    /// assert!(o.set_period("2023").is_err()); // a year, not a month
    /// ```
    pub fn set_period(&mut self, text: &str) -> Result<()> {
        self.period = match periods::parse_period(text) {
            Ok(periods::Period::Month { year, month }) => Some((year, month)),
            Ok(other) => {
                return Err(invalid_argument(crate::say!(
                    format!(
                        "kỳ {text:?} là {}: cần một tháng (\"T5/2023\", \"2023-05\")",
                        other.words(crate::lang::Lang::Vi)
                    ),
                    format!(
                        "period {text:?} is {other}: a month is needed (\"T5/2023\", \"2023-05\")"
                    ),
                )))
            }
            Err(why) => {
                return Err(invalid_argument(crate::say!(
                    format!("{text:?}: {why}"),
                    format!("{text:?}: {why}"),
                )))
            }
        };
        Ok(())
    }
}

/// A rule that finds a file's bank when nobody gives it.
///
/// ```
/// use cashless::ingest::BankFrom;
/// assert_eq!("name".parse::<BankFrom>().unwrap(), BankFrom::FileName);
/// assert_eq!(BankFrom::FileName.bank_of(std::path::Path::new("dir/NH07_2024-03.xlsx")), Some("NH07".into()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankFrom {
    /// The file name up to its first `_`, `-`, space or dot: `NH07_2024-03.xlsx` is NH07's.
    FileName,
    /// The title block's line that names the bank ("NGÂN HÀNG TMCP … - CHI NHÁNH THANH HÓA"),
    /// as written.
    Title,
}

impl BankFrom {
    /// The bank a file name gives (for [`BankFrom::FileName`]).
    pub fn bank_of(self, path: &std::path::Path) -> Option<String> {
        if self != BankFrom::FileName {
            return None;
        }
        let name = path.file_name()?.to_string_lossy().to_string();
        let first = name.split(['_', '-', ' ', '.']).next()?.trim();
        (!first.is_empty()).then(|| first.to_string())
    }
}

impl std::str::FromStr for BankFrom {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "name" | "file_name" | "filename" => Ok(BankFrom::FileName),
            "title" => Ok(BankFrom::Title),
            other => Err(invalid_argument(crate::say!(
                format!("cách tìm ngân hàng {other:?}: \"name\" (tên tệp) hoặc \"title\" (dòng tiêu đề)"),
                format!("bank rule {other:?}: \"name\" (the file name) or \"title\" (the title block)"),
            ))),
        }
    }
}

/// The result of a read: the canonical table, with the lineage columns `source`, `sheet` and
/// `source_row`, and the ledger.
#[derive(Debug, Clone)]
pub struct Read {
    /// `region_code, period, channel, count, value[, bank], source, sheet, source_row`: the
    /// kept records in the order of the files and rows. The canonical functions ignore the
    /// lineage columns; [`lineage::explain`] uses them.
    pub data: DataFrame,
    /// Every row accounted for.
    pub ledger: Ledger,
}

/// Reads files: `.csv` (`,` or `;`, with or without BOM), `.xlsx` (every sheet, or
/// `options.sheet`), `.parquet`. Errors stop the read (the error carries the ledger) unless
/// `options.keep_going`.
///
/// Files without a bank column take theirs from `options.file_banks` (one file per bank and
/// month, as branches receive them), else from `options.bank`.
///
/// ```
/// use cashless::ingest::{read_paths, ReadOptions};
/// let dir = std::env::temp_dir();
/// let (a, b) = (dir.join("cashless-doc-nh01.csv"), dir.join("cashless-doc-nh02.csv"));
/// for p in [&a, &b] {
///     std::fs::write(p, "region_code,period,channel,count,value (đồng)\n380,2024-03,mobile,2,50000\n").unwrap();
/// }
/// let options = ReadOptions {
///     file_banks: vec![(a.clone(), "NH01".into()), (b.clone(), "NH02".into())],
///     ..Default::default()
/// };
/// let read = read_paths(&[a, b], &options).unwrap();
/// let banks = read.data.column("bank").unwrap().str().unwrap();
/// assert_eq!((banks.get(0), banks.get(1)), (Some("NH01"), Some("NH02")));
/// ```
pub fn read_paths(paths: &[PathBuf], options: &ReadOptions) -> Result<Read> {
    let mut grids = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        if options.progress {
            let (n, of, file) = (i + 1, paths.len(), path.display());
            eprintln!(
                "{}",
                crate::say!(
                    format!("[{n}/{of}] đang đọc {file}"),
                    format!("[{n}/{of}] reading {file}")
                )
            );
        }
        let bank = options
            .file_banks
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.clone())
            .or_else(|| options.bank_from.and_then(|rule| rule.bank_of(path)));
        for mut g in grid::read_path(path, options.sheet.as_deref())? {
            g.bank.clone_from(&bank);
            grids.push(g);
        }
    }
    read_grids(&grids, options)
}

/// A file argument as the command line takes it: `NH01=nh01-2024-03.xlsx` gives the file its
/// bank, a plain path gives none. An argument that is an existing file is a plain path, even
/// with a `=` in its name.
///
/// ```
/// use std::path::PathBuf;
/// use cashless::ingest::bank_and_path;
/// assert_eq!(bank_and_path("NH01=a.xlsx"), (Some("NH01".into()), PathBuf::from("a.xlsx")));
/// assert_eq!(bank_and_path("a.xlsx"), (None, PathBuf::from("a.xlsx")));
/// ```
pub fn bank_and_path(arg: &str) -> (Option<String>, PathBuf) {
    let whole = PathBuf::from(arg);
    if whole.exists() {
        return (None, whole);
    }
    match arg.split_once('=') {
        Some((bank, path))
            if !bank.trim().is_empty() && !path.is_empty() && !bank.contains(['/', '\\', '.']) =>
        {
            (Some(bank.trim().to_string()), PathBuf::from(path))
        }
        _ => (None, whole),
    }
}

/// Files and their banks from command-line arguments (see [`bank_and_path`]): the paths to
/// read, and the entries of [`ReadOptions::file_banks`].
pub fn bank_files(args: &[String]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut paths = Vec::new();
    let mut banks = Vec::new();
    for arg in args {
        let (bank, path) = bank_and_path(arg);
        if let Some(b) = bank {
            banks.push((path.clone(), b));
        }
        paths.push(path);
    }
    (paths, banks)
}

/// Reads an in-memory table, long or wide, with headers as a file would have them. `source`
/// names it in the ledger.
///
/// ```
/// use polars::prelude::*;
/// let raw = df!(
///     "Mã đơn vị" => ["380"], "Kỳ" => ["2023-05"],
///     "Số lượng GD Mobile banking (nghìn món)" => [1.5],
///     "Giá trị GD Mobile banking (tỷ đồng)" => [2.25],
/// ).unwrap();
/// let read = cashless::ingest::read_frame(&raw, "DataFrame", &Default::default()).unwrap();
/// let count = read.data.column("count").unwrap().i64().unwrap().get(0);
/// assert_eq!(count, Some(1_500));
/// ```
pub fn read_frame(df: &DataFrame, source: &str, options: &ReadOptions) -> Result<Read> {
    read_grids(&grid::frame_grid(df, source, None)?, options)
}

fn read_grids(grids: &[grid::Grid], options: &ReadOptions) -> Result<Read> {
    let matcher = names::RegionMatcher::new(options.regions.as_ref());
    let mut batch = rows::Batch::default();
    for g in grids {
        if options.progress {
            let sheet = g
                .sheet
                .as_deref()
                .map(|s| crate::say!(format!(", trang tính {s:?}"), format!(", sheet {s:?}")))
                .unwrap_or_default();
            let (source, rows) = (&g.source, g.rows.len());
            eprintln!(
                "{}",
                crate::say!(
                    format!("  {source}{sheet}: {rows} dòng"),
                    format!("  {source}{sheet}: {rows} rows")
                )
            );
        }
        sheet::read_grid(g, options, &matcher, &mut batch);
    }
    if batch.records.iter().any(|r| r.bank.is_some())
        && batch.records.iter().any(|r| r.bank.is_none())
    {
        let without: Vec<usize> = batch
            .records
            .iter()
            .filter(|r| r.bank.is_none())
            .map(|r| r.origin)
            .collect();
        for o in without {
            if !batch.origins[o].rejected {
                batch.origins[o].rejected = true;
                let e = batch.entry_at(o, Severity::Error, Finding::NoBank, "", String::new(),
                    Words::new(
                        "các dòng khác ghi ngân hàng còn dòng này thì không: hãy cho biết ngân hàng (một cột, hoặc tùy chọn --bank)",
                        "other rows name their bank and this one does not: give the bank (a column, or the bank option)",
                    ));
                batch.ledger.push(e);
            }
        }
    }
    checks::duplicates(&mut batch);
    checks::all_below_channel(&mut batch, &options.additive);
    checks::missing_months(&mut batch);
    checks::unit_jumps(&mut batch);
    checks::per_transaction(&mut batch, options.per_transaction);
    // Rows rejected by the checks across rows leave the result and move to `rejected`.
    let late = batch.origins.iter().filter(|o| o.rejected).count();
    batch.ledger.rows_kept -= late;
    batch.ledger.rows_rejected += late;
    let data = frame(&batch)?;
    let mut ledger = batch.ledger;
    ledger.records = data.height();
    if !options.keep_going && ledger.count(Severity::Error) > 0 {
        return Err(Error::Rejected(Box::new(ledger)));
    }
    Ok(Read { data, ledger })
}

fn frame(batch: &rows::Batch) -> Result<DataFrame> {
    let kept: Vec<&rows::Record> = batch
        .records
        .iter()
        .filter(|r| !batch.origins[r.origin].rejected)
        .collect();
    let origin = |r: &&rows::Record| &batch.origins[r.origin];
    let period: Vec<i32> = kept
        .iter()
        .map(|r| days_from_civil(r.month.div_euclid(12), r.month.rem_euclid(12) as u32 + 1, 1))
        .collect();
    let mut columns = vec![
        Column::new(
            REGION_CODE.into(),
            kept.iter().map(|r| r.region.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(PERIOD.into(), period).cast(&DataType::Date)?,
        Column::new(
            CHANNEL.into(),
            kept.iter().map(|r| r.channel.name()).collect::<Vec<_>>(),
        ),
        Column::new(
            COUNT.into(),
            kept.iter().map(|r| r.count).collect::<Vec<_>>(),
        ),
        Column::new(
            VALUE.into(),
            kept.iter().map(|r| r.value).collect::<Vec<_>>(),
        ),
    ];
    if kept.iter().any(|r| r.bank.is_some()) {
        columns.push(Column::new(
            BANK.into(),
            kept.iter().map(|r| r.bank.as_deref()).collect::<Vec<_>>(),
        ));
    }
    if kept.iter().any(|r| r.map.is_some()) {
        columns.push(Column::new(
            REGION_MAP.into(),
            kept.iter().map(|r| r.map.as_deref()).collect::<Vec<_>>(),
        ));
    }
    columns.push(Column::new(
        SOURCE.into(),
        kept.iter()
            .map(|r| origin(r).source.as_str())
            .collect::<Vec<_>>(),
    ));
    columns.push(Column::new(
        SHEET.into(),
        kept.iter()
            .map(|r| origin(r).sheet.as_deref())
            .collect::<Vec<_>>(),
    ));
    columns.push(Column::new(
        SOURCE_ROW.into(),
        kept.iter()
            .map(|r| origin(r).row as i64)
            .collect::<Vec<_>>(),
    ));
    Ok(DataFrame::new(kept.len(), columns)?)
}
