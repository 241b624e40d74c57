//! The figures a report prints, read once out of the library's tables (annual, growth, stage
//! averages, same period) into maps keyed by channel, metric and year.

use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;

use crate::aggregate::{annual, AggregateOptions, MONTHS, YEAR};
use crate::channels::Channel;
use crate::error::Result;
use crate::estimate::{estimate_year, Estimate, ESTIMATE, ESTIMATE_NOTE, MIN_MONTHS};
use crate::growth::{stage_averages, yearly_growth, Method, StageAverage};
use crate::metrics::Metric;
use crate::same_period::same_period_rows;
use crate::table::{CHANNEL, COUNT, VALUE};
use crate::targets::Stage;

/// One column of a frame as `i64`s.
pub(super) fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    let c = df.column(name)?.cast(&DataType::Int64)?;
    Ok(c.i64()?.iter().collect())
}

/// One text column of a frame.
pub(super) fn texts(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.map(str::to_string))
        .collect())
}

fn channels_of(df: &DataFrame) -> Result<Vec<Channel>> {
    texts(df, CHANNEL)?
        .into_iter()
        .map(|c| Channel::parse(c.as_deref().unwrap_or_default()))
        .collect()
}

/// A reporting year's totals of one channel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct YearFigure {
    pub count: i64,
    pub value: i64,
    pub months: i32,
    pub partial: bool,
}

/// Every figure of one unit: years, year-on-year growth, same period, stage averages.
#[derive(Debug, Clone, Default)]
pub(super) struct UnitFigures {
    /// Channels in the data, in report order (`all` first).
    pub channels: Vec<Channel>,
    pub years: HashMap<(Channel, i32), YearFigure>,
    pub yoy: HashMap<(Channel, Metric, i32), f64>,
    /// Months 1..m of the report year against the same months a year earlier, when partial.
    pub same_period: HashMap<(Channel, Metric), f64>,
    pub stage: HashMap<(Channel, Metric), StageAverage>,
    /// Months of the report year in the data (12 when whole).
    pub months: u32,
    /// How the report year is completed: [`Estimate::None`] unless it is partial and an
    /// estimate was asked for or chosen (see [`UnitFigures::compute`]).
    pub estimate: Estimate,
    /// The report year's estimated totals by channel, when estimated.
    pub estimated: HashMap<Channel, YearFigure>,
    /// The estimate's basis for `all` (or the first channel), or why it was refused.
    pub estimate_note: Option<String>,
}

/// The estimate a report uses when the caller does not choose: by the same period when the
/// report year is the stage's last and at least half of it is in the data (the final
/// 2021–2025 report, data to 31/10/2025), none otherwise.
///
/// ```text
/// auto_estimate(None, 2025, stage 2021–2025, 11 months) = SamePeriod
/// auto_estimate(None, 2024, stage 2021–2025, 11 months) = None
/// ```
pub(super) fn auto_estimate(
    choice: Option<Estimate>,
    year: i32,
    stage: Stage,
    months: u32,
) -> Estimate {
    match choice {
        _ if months >= 12 || months == 0 => Estimate::None,
        Some(e) => e,
        None if year == stage.end && months >= MIN_MONTHS => Estimate::SamePeriod,
        None => Estimate::None,
    }
}

impl UnitFigures {
    /// The figures of `tx` (monthly transactions of one unit) for the stage up to `year`.
    ///
    /// `estimate` completes a partial report year ([`auto_estimate`] when `None`): the levels
    /// stay as observed, the estimated totals are kept apart, and year-on-year growth and stage
    /// averages use them.
    pub fn compute(
        tx: &DataFrame,
        year: i32,
        stage: Stage,
        estimate: Option<Estimate>,
        options: &AggregateOptions,
    ) -> Result<Self> {
        let years = annual(tx, options)?;
        let mut out = UnitFigures::default();
        let chans = channels_of(&years)?;
        let ys = ints(&years, YEAR)?;
        let counts = ints(&years, COUNT)?;
        let values = ints(&years, VALUE)?;
        let months = ints(&years, MONTHS)?;
        let mut seen = BTreeSet::new();
        for i in 0..years.height() {
            let fig = YearFigure {
                count: counts[i].unwrap_or(0),
                value: values[i].unwrap_or(0),
                months: months[i].unwrap_or(0) as i32,
                partial: months[i].unwrap_or(0) < 12,
            };
            let y = ys[i].unwrap_or(0) as i32;
            out.years.insert((chans[i], y), fig);
            seen.insert(chans[i]);
        }
        out.channels = report_order(seen);
        out.months = out
            .years
            .iter()
            .filter(|((_, y), _)| *y == year)
            .map(|(_, f)| f.months.max(0) as u32)
            .max()
            .unwrap_or(0);

        out.estimate = auto_estimate(estimate, year, stage, out.months);
        let years = if out.estimate == Estimate::None {
            years
        } else {
            let est = estimate_year(tx, year, out.estimate, MIN_MONTHS, options)?;
            out.read_estimates(&est, year)?;
            est
        };

        let (series, rates) = yearly_growth(&years, false)?;
        for ((_, _, channel), rows) in &series.series {
            let channel = Channel::parse(channel)?;
            for (row, year) in rows.clone().zip(series.years(rows).iter()) {
                for (metric, rates) in [Metric::Count, Metric::Value].iter().zip(&rates) {
                    if let Some(rate) = rates.rate(row) {
                        out.yoy.insert((channel, *metric, year), rate);
                    }
                }
            }
        }

        if (1..12).contains(&out.months) {
            let (_, rows) = same_period_rows(tx, year, out.months, options)?;
            for ((_, _, channel), row) in rows {
                let channel = Channel::parse(&channel)?;
                for (metric, g) in [Metric::Count, Metric::Value].into_iter().zip(row.growth) {
                    if let Some(rate) = g.rate {
                        out.same_period.insert((channel, metric), rate);
                    }
                }
            }
        }

        let end = stage.end.min(year);
        if end >= stage.start {
            let (_, averages) = stage_averages(&years, stage.start, end, Method::Geometric)?;
            for ((_, _, channel), metric, average) in averages {
                out.stage
                    .insert((Channel::parse(&channel)?, metric), average);
            }
        }
        Ok(out)
    }

    /// The estimated rows of `year` in `est` (from [`estimate_year`]), and the note of `all`.
    fn read_estimates(&mut self, est: &DataFrame, year: i32) -> Result<()> {
        let chans = channels_of(est)?;
        let (ys, counts, values) = (ints(est, YEAR)?, ints(est, COUNT)?, ints(est, VALUE)?);
        let (methods, notes) = (texts(est, ESTIMATE)?, texts(est, ESTIMATE_NOTE)?);
        for i in 0..est.height() {
            if ys[i] != Some(i64::from(year)) {
                continue;
            }
            if self.estimate_note.is_none() || chans[i] == Channel::All {
                self.estimate_note.clone_from(&notes[i]);
            }
            if methods[i].is_some() {
                let fig = YearFigure {
                    count: counts[i].unwrap_or(0),
                    value: values[i].unwrap_or(0),
                    months: 12,
                    partial: false,
                };
                self.estimated.insert(chans[i], fig);
            }
        }
        Ok(())
    }

    /// Count or value of a channel in a year.
    pub fn level(&self, channel: Channel, metric: Metric, year: i32) -> Option<i64> {
        self.years.get(&(channel, year)).map(|f| match metric {
            Metric::Count => f.count,
            Metric::Value => f.value,
        })
    }

    /// The report year's growth: year on year when the year is whole, same period when not.
    pub fn latest_growth(&self, channel: Channel, metric: Metric, year: i32) -> Option<f64> {
        if self.months == 12 {
            self.yoy.get(&(channel, metric, year)).copied()
        } else {
            self.same_period.get(&(channel, metric)).copied()
        }
    }
}

/// `all` first, then the channels in the library's order.
fn report_order(seen: BTreeSet<Channel>) -> Vec<Channel> {
    let mut out: Vec<Channel> = seen
        .iter()
        .copied()
        .filter(|c| *c == Channel::All)
        .collect();
    out.extend(
        crate::channels::ALL_CHANNELS
            .iter()
            .copied()
            .filter(|c| *c != Channel::All && seen.contains(c)),
    );
    out
}
