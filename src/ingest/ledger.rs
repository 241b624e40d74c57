//! The ledger of a read: how many rows came in, how many were kept, and every row or cell that
//! was not used or looks wrong, with where it is and why.

use std::borrow::Cow;

use super::findings::Finding;
use crate::lang::Words;

/// How much an entry matters.
///
/// ```
/// use cashless::ingest::ledger::Severity;
/// assert_eq!(Severity::Error.name(), "error");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The row cannot be used; it is rejected. Errors stop a read unless the caller asked to
    /// keep the good rows.
    Error,
    /// The row is used but looks wrong (a ×1000 jump, a month missing …). Never stops a read.
    Warning,
    /// Something the analyst should know that is not wrong: an empty row or a total row left
    /// out, a column not used, a period taken from the title.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding, with where it is.
///
/// ```
/// use cashless::ingest::{findings::Finding, ledger::{Entry, Severity}};
/// use cashless::lang::{in_language, Lang, Words};
/// let why = Words::new("không phải một số", "is not a number");
/// let e = Entry::new(Severity::Error, Finding::NotANumber, "nh01.csv", "Giá trị", "12a", why).at_row(7);
/// let en = in_language(Lang::En, || e.to_string());
/// assert_eq!(en, "Error [not_a_number] nh01.csv, row 7, column `Giá trị`, value \"12a\": is not a number");
/// let vi = in_language(Lang::Vi, || e.to_string());
/// assert_eq!(vi, "Lỗi [not_a_number] nh01.csv, dòng 7, cột `Giá trị`, giá trị \"12a\": không phải một số");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Error, warning or info.
    pub severity: Severity,
    /// The stable code of the check ([`Finding::code`]: `duplicate_key`, `unit_jump` …), to
    /// filter on. Borrowed for the library's own findings, owned when a ledger is read back
    /// from a table.
    pub check: Cow<'static, str>,
    /// File name, or `DataFrame`.
    pub source: String,
    /// Sheet, for workbooks.
    pub sheet: Option<String>,
    /// Row as the analyst finds it (Excel row or CSV line, 1-based; 0-based index for a
    /// DataFrame or Parquet file); none for a finding about a whole file or column.
    pub row: Option<usize>,
    /// The column's header as written; empty when the finding is about a whole row.
    pub column: String,
    /// The raw value; empty when there is none.
    pub value: String,
    /// What is wrong, or what was done, in a sentence in both languages: shown in the
    /// language of whoever shows it.
    pub message: Words,
}

impl Entry {
    /// An entry without a row; add one with [`Entry::at_row`] and a sheet with
    /// [`Entry::in_sheet`].
    pub fn new(
        severity: Severity,
        check: Finding,
        source: impl Into<String>,
        column: impl Into<String>,
        value: impl Into<String>,
        message: Words,
    ) -> Self {
        Self {
            severity,
            check: Cow::Borrowed(check.code()),
            source: source.into(),
            sheet: None,
            row: None,
            column: column.into(),
            value: value.into(),
            message,
        }
    }

    /// The same entry at a row.
    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }

    /// The same entry in a sheet.
    pub fn in_sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = sheet.map(str::to_string);
        self
    }
}

/// Counts and findings of a read. Every data row under a header is counted once:
/// `rows_read == rows_kept + rows_rejected + rows_skipped`.
///
/// ```
/// let ledger = cashless::ingest::ledger::Ledger::default();
/// assert!(ledger.is_clean());
/// assert_eq!(ledger.to_string(), "0 rows read: 0 kept, 0 rejected, 0 skipped; 0 errors, 0 warnings");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Data rows under the header(s), every file and sheet together.
    pub rows_read: usize,
    /// Rows whose every figure is in the result.
    pub rows_kept: usize,
    /// Rows left out because of an error (each has an error entry).
    pub rows_rejected: usize,
    /// Rows left out on purpose: empty rows, total rows, notes under the table (each has an
    /// info entry).
    pub rows_skipped: usize,
    /// Transactions records (region × month × channel × bank) in the result.
    pub records: usize,
    /// The findings, in the order of the files, then of the cross-row checks.
    pub entries: Vec<Entry>,
}

impl Ledger {
    /// How many entries of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.entries
            .iter()
            .filter(|e| e.severity == severity)
            .count()
    }

    /// No errors and no warnings.
    pub fn is_clean(&self) -> bool {
        self.count(Severity::Error) == 0 && self.count(Severity::Warning) == 0
    }

    pub(crate) fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
    }
}

/// A field of a ledger entry: a column of [`Ledger::to_frame`]'s table, and a heading with the
/// same words wherever the ledger is shown (the workbook's sheet, the report, the terminal).
///
/// ```
/// use cashless::{ingest::ledger::Field, lang::Lang};
/// assert_eq!(Field::Source.name(), "source");
/// assert_eq!(Field::Source.heading(Lang::Vi), "Tệp");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `error`, `warning` or `info`.
    Severity,
    /// The check's code.
    Check,
    /// The file (or `DataFrame`).
    Source,
    /// The sheet of a workbook.
    Sheet,
    /// The row in the file.
    Row,
    /// The column, as headed in the file.
    Column,
    /// The value, as written in the file.
    Value,
    /// What is wrong, or what was done.
    Message,
}

impl Field {
    /// Every field, in the table's order.
    pub const ALL: [Field; 8] = [
        Field::Severity,
        Field::Check,
        Field::Source,
        Field::Sheet,
        Field::Row,
        Field::Column,
        Field::Value,
        Field::Message,
    ];

    /// The column's name in the ledger's table (stable: programs read it).
    pub fn name(self) -> &'static str {
        match self {
            Field::Severity => "severity",
            Field::Check => "check",
            Field::Source => "source",
            Field::Sheet => "sheet",
            Field::Row => "row",
            Field::Column => "column",
            Field::Value => "value",
            Field::Message => "message",
        }
    }
}
