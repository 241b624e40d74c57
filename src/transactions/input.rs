//! The sources of records — files, globs, a table — as lazy scans with their columns resolved
//! and checked, and the expressions that turn a record into what is grouped: its local time,
//! its amount, its keys.

use std::path::Path;

use polars::prelude::*;

use super::amounts;
use super::times::parse_times;
use super::{Source, TransactionOptions, FILE, LABEL, ROW, TIME};
use crate::calendar::VIETNAM_OFFSET_HOURS;
use crate::error::{invalid_argument, Error, Result};
use crate::lang::say;
use crate::table::{self, BANK, IN_MEMORY, REGION_CODE, VALUE};

/// The columns of one source, resolved against its schema.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Columns {
    pub(super) time: String,
    pub(super) channel: String,
    pub(super) amount: String,
    pub(super) region: String,
    pub(super) bank: Option<String>,
    pub(super) side: Option<String>,
}

/// One input: a file, a glob or the table, as a lazy scan with its name for messages.
pub(super) struct Input {
    pub(super) name: String,
    /// CSV rows are reported as lines (header on line 1); others as 0-based indices.
    pub(super) csv: bool,
    pub(super) glob: bool,
    pub(super) frame: LazyFrame,
    pub(super) columns: Columns,
    pub(super) time_dtype: DataType,
    pub(super) integer_amount: bool,
    /// Unsigned integers: the ones past i64 are refused.
    pub(super) unsigned_amount: bool,
    /// Text: read with the Vietnamese rules.
    pub(super) text_amount: bool,
}

pub(super) fn inputs(source: &Source, o: &TransactionOptions) -> Result<Vec<Input>> {
    match source {
        Source::Frame(df) => Ok(vec![input(
            IN_MEMORY.into(),
            false,
            false,
            df.clone().lazy(),
            o,
        )?]),
        Source::Files(paths) if paths.is_empty() => Err(invalid_argument(say!(
            "chưa cho tệp nào".into(),
            "no files given".into(),
        ))),
        Source::Files(paths) => {
            // The same file twice would be summed twice.
            let mut seen = std::collections::BTreeMap::new();
            for (i, p) in paths.iter().enumerate() {
                let key = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                if let Some(first) = seen.insert(key, i) {
                    return Err(invalid_argument(say!(
                        format!("{} được liệt kê hai lần (vị trí {first} và {i}): các giao dịch của tệp sẽ bị cộng hai lần", p.display()),
                        format!("{} is listed twice (positions {first} and {i}): its records would be summed twice", p.display()),
                    )));
                }
            }
            paths.iter().map(|p| scan(p, o)).collect()
        }
    }
}

fn scan(path: &Path, o: &TransactionOptions) -> Result<Input> {
    let name = path.display().to_string();
    let glob = name.contains(['*', '?', '[']);
    // The file column is pruned from the main pass, which does not ask for it.
    let (frame, csv) = table::scan_file(
        path,
        &[o.region_column.as_str(), o.bank_column.as_str()],
        FILE,
    )?;
    input(name, csv, glob, frame, o)
}

fn input(
    name: String,
    csv: bool,
    glob: bool,
    mut frame: LazyFrame,
    o: &TransactionOptions,
) -> Result<Input> {
    let schema = frame
        .collect_schema()
        .map_err(|e| table::unreadable(&name, e))?;
    let present = || {
        schema
            .iter_names()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let missing = |column: &str| Error::MissingColumn {
        source_name: name.clone(),
        column: column.to_string(),
        present: present(),
    };
    let time = match &o.time_column {
        Some(t) => t.clone(),
        None => ["timestamp", "datetime", "date", "time"]
            .into_iter()
            .find(|c| schema.contains(c))
            .ok_or_else(|| missing("timestamp` or `date"))?
            .to_string(),
    };
    for c in [&time, &o.channel_column, &o.amount_column, &o.region_column] {
        if !schema.contains(c) {
            return Err(missing(c));
        }
    }
    let side = schema
        .contains(&o.side_column)
        .then(|| o.side_column.clone());
    if side.is_some() && o.side.is_none() {
        let column = &o.side_column;
        return Err(invalid_argument(say!(
            format!(
                "{name}: cột `{column}` cho biết mỗi bản ghi thuộc phía nào của giao dịch; hãy chọn \
                 một phía (side=\"payer\" hoặc side=\"merchant\"), nếu không mỗi giao dịch bị \
                 tính hai lần"
            ),
            format!(
                "{name}: column `{column}` says which side of a payment each record is; choose \
                 one side (side=\"payer\" or side=\"merchant\"), or each payment is counted twice"
            ),
        )));
    }
    let time_dtype = schema.get(&time).cloned().unwrap_or(DataType::Null);
    let amount_dtype = schema
        .get(&o.amount_column)
        .cloned()
        .unwrap_or(DataType::Null);
    let ok_time = matches!(
        time_dtype,
        DataType::Date | DataType::Datetime(_, _) | DataType::String
    );
    if !ok_time {
        return Err(Error::ColumnType {
            source_name: name,
            column: time,
            dtype: time_dtype.to_string(),
            expected: say!(
                "ngày, thời điểm hoặc chuỗi ISO (2024-01-31, 2024-01-31 20:30:00)".into(),
                "a date, a timestamp or ISO text (2024-01-31, 2024-01-31 20:30:00)".into(),
            ),
        });
    }
    if !(amount_dtype.is_primitive_numeric() || amount_dtype == DataType::String) {
        return Err(Error::ColumnType {
            source_name: name,
            column: o.amount_column.clone(),
            dtype: amount_dtype.to_string(),
            expected: say!("số (đồng, số nguyên)".into(), "numbers (whole đồng)".into()),
        });
    }
    Ok(Input {
        name,
        csv,
        glob,
        frame,
        columns: Columns {
            time,
            channel: o.channel_column.clone(),
            amount: o.amount_column.clone(),
            region: o.region_column.clone(),
            bank: schema
                .contains(&o.bank_column)
                .then(|| o.bank_column.clone()),
            side,
        },
        time_dtype,
        integer_amount: amount_dtype.is_integer(),
        unsigned_amount: amount_dtype.is_unsigned_integer(),
        text_amount: amount_dtype == DataType::String,
    })
}

impl Input {
    /// The time as a naive Vietnam-time timestamp or date, null when it cannot be read.
    pub(super) fn local_time(&self, o: &TransactionOptions) -> Expr {
        let t = col(self.columns.time.as_str());
        let shift = |t: Expr, unit: TimeUnit| {
            let per_hour: i64 = match unit {
                TimeUnit::Nanoseconds => 3_600_000_000_000,
                TimeUnit::Microseconds => 3_600_000_000,
                TimeUnit::Milliseconds => 3_600_000,
            };
            (t.cast(DataType::Int64) + lit(VIETNAM_OFFSET_HOURS * per_hour))
                .cast(DataType::Datetime(unit, None))
        };
        match &self.time_dtype {
            DataType::Date => t,
            // A zoned timestamp stores the UTC instant, whatever its zone.
            DataType::Datetime(unit, Some(_)) => shift(t, *unit),
            DataType::Datetime(unit, None) if o.utc => shift(t, *unit),
            DataType::String => {
                let utc = o.utc;
                t.map(
                    move |c| parse_times(c, utc),
                    |_, f| {
                        Ok(Field::new(
                            f.name().clone(),
                            DataType::Datetime(TimeUnit::Microseconds, None),
                        ))
                    },
                )
            }
            _ => t,
        }
    }

    /// The amount as a float, null when it is not a number (text included); integers as
    /// they are.
    pub(super) fn amount(&self) -> Expr {
        let a = col(self.columns.amount.as_str());
        if self.integer_amount {
            a
        } else if self.text_amount {
            a.map(amounts::parse_amounts, |_, f| {
                Ok(Field::new(f.name().clone(), DataType::Float64))
            })
        } else {
            a.cast(DataType::Float64)
        }
    }

    /// The records with their index (across a glob's files) and file name.
    pub(super) fn numbered(&self) -> LazyFrame {
        let frame = self.frame.clone().with_row_index(ROW, None);
        if self.glob {
            frame
        } else {
            frame.with_column(lit(self.name.as_str()).alias(FILE))
        }
    }

    /// The records as check code, keys and amount: what is grouped.
    pub(super) fn keyed(&self, o: &TransactionOptions) -> LazyFrame {
        let c = &self.columns;
        let time = self.local_time(o);
        let mut keys = vec![
            self.check(time.clone(), o),
            col(c.region.as_str())
                .cast(DataType::String)
                .alias(REGION_CODE),
            // The month is taken in the grouping, from a table of days: cheaper than two
            // calendar conversions per record.
            time.alias(TIME),
            col(c.channel.as_str()).cast(DataType::String).alias(LABEL),
            self.amount().cast(DataType::Int64).alias(VALUE),
        ];
        if let Some(b) = &c.bank {
            keys.push(col(b.as_str()).cast(DataType::String).alias(BANK));
        }
        self.frame.clone().select(keys)
    }
}
