//! [`super::by_period`]'s table, written column by column as its cells are found in the
//! output's order.
//!
//! The cells were first gathered as rows and the rows then read into columns: on the
//! benchmark's 43,200 annual rows, moving rows of 72 bytes twice cost as much as building
//! the table.

use polars::prelude::*;

use super::{Acc, DERIVED, MONTHS, PARTIAL, PERIOD_INDEX, YEAR};
use crate::calendar::Frequency;
use crate::channels::Channel;
use crate::error::Result;
use crate::keys::Runs;
use crate::table::{CHANNEL, COUNT, REGION_CODE, REGION_MAP, VALUE};

/// The rows of [`super::by_period`]'s table, column by column, pushed in the output's order
/// (region, map, channel name, year, period).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Output<'a> {
    region: Runs<'a>,
    /// None for a table without maps: its rows push no map.
    map: Option<Runs<'a>>,
    channel: Runs<'static>,
    year: Vec<i32>,
    /// 1-based period of the reporting year.
    period: Vec<i32>,
    count: Vec<i64>,
    value: Vec<i64>,
    /// Months of the period with data.
    months: Vec<i32>,
    derived: Vec<bool>,
}

impl<'a> Output<'a> {
    /// Room for `rows` rows, of a table with maps or without.
    pub fn with_capacity(rows: usize, has_map: bool) -> Self {
        Self {
            region: Runs::with_capacity(rows),
            map: has_map.then(|| Runs::with_capacity(rows)),
            channel: Runs::with_capacity(rows),
            year: Vec::with_capacity(rows),
            period: Vec::with_capacity(rows),
            count: Vec::with_capacity(rows),
            value: Vec::with_capacity(rows),
            months: Vec::with_capacity(rows),
            derived: Vec::with_capacity(rows),
        }
    }

    /// Adds the row of one cell, after the rows before it in the output's order.
    #[inline]
    pub fn push(
        &mut self,
        (region, map): (&'a str, &'a str),
        channel: Channel,
        year: i32,
        period: u32,
        acc: Acc,
    ) {
        self.region.push(region);
        if let Some(maps) = &mut self.map {
            maps.push(map);
        }
        self.channel.push(channel.name());
        self.year.push(year);
        self.period.push(period as i32);
        self.count.push(acc.count);
        self.value.push(acc.value);
        self.months.push(acc.months.count_ones() as i32);
        self.derived.push(acc.derived);
    }

    /// The table: `region_code`, (`region_map`,) `channel`, `year`, (`period_index`,)
    /// `count`, `value`, `months`, `partial`, `derived`.
    pub fn frame(self, frequency: Frequency) -> Result<DataFrame> {
        let height = self.year.len();
        let per = frequency.months_per_period() as i32;
        let mut columns = vec![self.region.into_column(REGION_CODE)?];
        if let Some(maps) = self.map {
            columns.push(maps.into_column(REGION_MAP)?);
        }
        columns.push(self.channel.into_column(CHANNEL)?);
        columns.push(Column::new(YEAR.into(), self.year));
        if frequency != Frequency::Year {
            columns.push(Column::new(PERIOD_INDEX.into(), self.period));
        }
        let partial: Vec<bool> = self.months.iter().map(|m| *m < per).collect();
        columns.extend([
            Column::new(COUNT.into(), self.count),
            Column::new(VALUE.into(), self.value),
            Column::new(MONTHS.into(), self.months),
            Column::new(PARTIAL.into(), partial),
            Column::new(DERIVED.into(), self.derived),
        ]);
        Ok(DataFrame::new(height, columns)?)
    }

    /// Each row's channel, year, period, count, value, months and whether derived (tests read
    /// the rows they expect).
    #[cfg(test)]
    pub fn rows(&self) -> Vec<(&'static str, i32, i32, i64, i64, i32, bool)> {
        (0..self.year.len())
            .map(|i| {
                (
                    self.channel.text(i),
                    self.year[i],
                    self.period[i],
                    self.count[i],
                    self.value[i],
                    self.months[i],
                    self.derived[i],
                )
            })
            .collect()
    }
}
