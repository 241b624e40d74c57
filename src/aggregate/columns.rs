//! The columns [`super::pass`] reads, and its table of days.

use polars::prelude::*;

use super::pass::Plan;
use crate::calendar::civil_from_days;
use crate::error::Result;
use crate::table::{self, BANK, CHANNEL, COUNT, PERIOD, REGION_CODE, REGION_MAP, VALUE};

/// The columns, each one contiguous array, in canonical types.
pub(super) struct Columns {
    pub region: StringChunked,
    pub map: Option<StringChunked>,
    pub bank: Option<StringChunked>,
    pub channel: StringChunked,
    pub days: Int32Chunked,
    pub count: Int64Chunked,
    pub value: Int64Chunked,
}

impl Columns {
    /// The columns of `tx`, converted by the canonical readers where they are not already in
    /// canonical types. Their errors (a wrong type, a missing value) are the caller's errors.
    pub fn of(tx: &DataFrame) -> Result<Self> {
        let src = table::IN_MEMORY;
        let text = |name: &str| -> Result<StringChunked> {
            Ok(table::text_column(tx, src, name)?.str()?.clone())
        };
        let optional = |name: &str| -> Result<Option<StringChunked>> {
            tx.schema().contains(name).then(|| text(name)).transpose()
        };
        let period = || -> Result<Column> {
            let period = table::require(tx, src, PERIOD)?;
            Ok(match period.dtype() {
                DataType::Date if period.null_count() == 0 => period.clone(),
                _ => table::period_column(tx, src)?,
            })
        };
        let amount = |name: &str| -> Result<Int64Chunked> {
            let column = table::require(tx, src, name)?;
            let column = match column.dtype() {
                DataType::Int64 if column.null_count() == 0 => column.clone(),
                _ => table::amount_column(tx, src, name)?,
            };
            Ok(column.i64()?.rechunk().into_owned())
        };
        // In the order of `table::checked`, so that a table with several faults gets the
        // same first error from both.
        let region = text(REGION_CODE)?;
        let days = period()?.date()?.physical().rechunk().into_owned();
        let channel = text(CHANNEL)?;
        let count = amount(COUNT)?;
        let value = amount(VALUE)?;
        Ok(Self {
            region,
            bank: optional(BANK)?,
            map: optional(REGION_MAP)?,
            channel,
            days,
            count,
            value,
        })
    }
}

/// For each day the data spans: the reporting year (as an offset) and the month index (1–12)
/// of a first day of a month, 0 for other days.
pub(super) struct DayTable {
    pub first_day: i32,
    pub first_year: i32,
    pub years: usize,
    /// `year offset × 16 + month index`, or 0.
    pub slots: Vec<u16>,
}

impl DayTable {
    /// The table for `days`, the period column of `tx` read as days.
    pub fn of(days: &Int32Chunked, plan: &Plan, tx: &DataFrame) -> Result<Self> {
        let (Some(first_day), Some(last_day)) = (days.min(), days.max()) else {
            return Ok(Self {
                first_day: 0,
                first_year: 0,
                years: 0,
                slots: vec![],
            });
        };
        let year_of = |d: i32| {
            let (y, m, _) = civil_from_days(d);
            plan.year_start.reporting_year(y, m)
        };
        let first_year = year_of(first_day);
        let years = (year_of(last_day) - first_year + 1) as usize;
        // Offsets are stored in 12 bits; more than 4 000 years of data is not monthly data.
        if years >= MAX_YEARS {
            // Faults of single rows first, as everywhere else.
            table::checked(tx, table::IN_MEMORY)?;
            return Err(too_long(tx, days, first_day, last_day, years));
        }
        let slots = (first_day..=last_day)
            .map(|d| {
                let (y, m, day) = civil_from_days(d);
                if day != 1 {
                    return 0;
                }
                let offset = (plan.year_start.reporting_year(y, m) - first_year) as u16;
                offset * 16 + plan.year_start.month_index(m) as u16
            })
            .collect();
        Ok(Self {
            first_day,
            first_year,
            years,
            slots,
        })
    }
}

/// Reporting years a table may span: a year offset is kept in 12 bits of a slot.
const MAX_YEARS: usize = 1 << 12;

/// The error for a table whose periods span `years` reporting years, more than
/// [`MAX_YEARS`]: it names the row of the last period and the row of the first.
fn too_long(
    tx: &DataFrame,
    days: &Int32Chunked,
    first_day: i32,
    last_day: i32,
    years: usize,
) -> crate::Error {
    let row_of = |day: i32| days.iter().position(|d| d == Some(day)).unwrap_or(0);
    let raw = |row: usize| {
        tx.column(PERIOD)
            .ok()
            .and_then(|c| c.as_materialized_series().str_value(row).ok())
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let (first, last) = (row_of(first_day), row_of(last_day));
    crate::Error::InvalidValue {
        location: crate::Location::new(table::IN_MEMORY, last, PERIOD, raw(last)).into(),
        reason: format!(
            "makes the table span {years} reporting years from the first period ({:?}, row \
             {first}); at most {} are allowed: is the year mistyped?",
            raw(first),
            MAX_YEARS - 1
        ),
    }
}
