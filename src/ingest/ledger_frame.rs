//! The ledger as a table and back: the edge where it meets DataFrames (Python's `Read`, the
//! workbook's sheet). Apart from `ledger.rs` so that the ledger itself, which the errors carry,
//! depends on no error type.

use std::borrow::Cow;

use polars::prelude::*;

use super::ledger::{Entry, Ledger, Severity};
use crate::error::{invalid_argument, Result};
use crate::lang::say;

impl Ledger {
    /// The entries as a table: `severity, check, source, sheet, row, column, value, message`.
    ///
    /// ```
    /// let ledger = cashless::ingest::ledger::Ledger::default();
    /// assert_eq!(ledger.to_frame().unwrap().width(), 8);
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let e = &self.entries;
        let text = |f: &dyn Fn(&Entry) -> String| e.iter().map(f).collect::<Vec<String>>();
        Ok(df!(
            "severity" => text(&|x| x.severity.name().to_string()),
            "check" => text(&|x| x.check.to_string()),
            "source" => text(&|x| x.source.clone()),
            "sheet" => e.iter().map(|x| x.sheet.clone()).collect::<Vec<_>>(),
            "row" => e.iter().map(|x| x.row.map(|r| r as i64)).collect::<Vec<_>>(),
            "column" => text(&|x| x.column.clone()),
            "value" => text(&|x| x.value.clone()),
            "message" => text(&|x| x.message.clone()),
        )?)
    }

    /// A ledger read back from [`Ledger::to_frame`]'s table and its counts `(rows_read,
    /// rows_kept, rows_rejected, rows_skipped, records)`: what Python hands back to Rust.
    ///
    /// ```
    /// use cashless::ingest::ledger::{Entry, Ledger, Severity};
    /// let mut l = Ledger { rows_read: 3, rows_kept: 2, rows_rejected: 1, ..Default::default() };
    /// l.entries.push(Entry::new(Severity::Error, "negative", "a.csv", "count", "-1", "is negative").at_row(4));
    /// let back = Ledger::from_frame(&l.to_frame().unwrap(), (3, 2, 1, 0, 0)).unwrap();
    /// assert_eq!(back, l);
    /// ```
    pub fn from_frame(df: &DataFrame, counts: (usize, usize, usize, usize, usize)) -> Result<Self> {
        let text = |name: &str| -> Result<Vec<Option<String>>> {
            let c = df.column(name)?.cast(&DataType::String)?;
            Ok(c.str()?.iter().map(|s| s.map(str::to_string)).collect())
        };
        let rows = df.column("row")?.cast(&DataType::Int64)?;
        let rows: Vec<Option<i64>> = rows.i64()?.iter().collect();
        let (severity, check, source, sheet) = (
            text("severity")?,
            text("check")?,
            text("source")?,
            text("sheet")?,
        );
        let (column, value, message) = (text("column")?, text("value")?, text("message")?);
        let mut entries = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let severity = match severity[i].as_deref() {
                Some("error") => Severity::Error,
                Some("warning") => Severity::Warning,
                Some("info") => Severity::Info,
                other => {
                    return Err(invalid_argument(say(
                        format!("dòng {i} của sổ kiểm tra: mức {other:?} không phải error, warning hoặc info"),
                        format!("ledger row {i}: severity {other:?} is not error, warning or info"),
                    )))
                }
            };
            let take = |v: &[Option<String>]| v[i].clone().unwrap_or_default();
            entries.push(Entry {
                severity,
                check: Cow::Owned(take(&check)),
                source: take(&source),
                sheet: sheet[i].clone(),
                row: rows[i].map(|r| r as usize),
                column: take(&column),
                value: take(&value),
                message: take(&message),
            });
        }
        let (rows_read, rows_kept, rows_rejected, rows_skipped, records) = counts;
        Ok(Ledger {
            rows_read,
            rows_kept,
            rows_rejected,
            rows_skipped,
            records,
            entries,
        })
    }
}
