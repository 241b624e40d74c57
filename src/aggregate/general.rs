//! [`super::by_period`] for tables whose dense cells would not fit: the keys of a checked
//! table summed into only the cells that have data (a hash map where the space is sparse).
//!
//! Slower than [`super::pass`] on the tables the programme's reports are made of, but its
//! memory follows the rows, not the span of years times the regions.

use super::columns::Plan;
use super::output::Output;
use super::{overflow, Acc, DeriveAll};
use crate::channels::{Channel, ALL_CHANNELS};
use crate::error::Result;
use crate::keys::{year_month, Cells, Keys};

/// One filled cell, before the cells are sorted into the output's order.
struct Row<'a> {
    region: &'a str,
    map: &'a str,
    channel: Channel,
    year: i32,
    /// 1-based period of the reporting year.
    period: u32,
    acc: Acc,
}

impl Row<'_> {
    /// The output's order: region, map, channel name, year, period.
    fn order(&self) -> (&str, &str, &str, i32, u32) {
        (
            self.region,
            self.map,
            self.channel.name(),
            self.year,
            self.period,
        )
    }
}

/// The filled cells of `keys`, in the output's order.
pub(super) fn output<'k>(keys: &'k Keys, plan: &Plan) -> Result<Output<'k>> {
    if keys.rows() == 0 {
        return Ok(Output::with_capacity(0, keys.has_map));
    }
    // Reporting year and month index (1–12) of every month in the data's span.
    let calendar: Vec<(i32, u32)> = (0..keys.months_span as i32)
        .map(|m| {
            let (y, month) = year_month(keys.first_month + m);
            (
                plan.year_start.reporting_year(y, month),
                plan.year_start.month_index(month),
            )
        })
        .collect();
    let first_year = calendar[0].0;
    let years = (calendar[calendar.len() - 1].0 - first_year + 1) as u64;
    let periods = u64::from(plan.frequency.periods_per_year());
    let n_channels = ALL_CHANNELS.len() as u64;
    let cell = |place: u64, channel: u64, year: i32, period: u32| -> u64 {
        ((place * n_channels + channel) * years + (year - first_year) as u64) * periods
            + u64::from(period - 1)
    };
    let maps = keys.map.names.len() as u64;
    let places = keys.region.names.len() as u64 * maps;
    let mut cells: Cells<Acc> = Cells::new(places * n_channels * years * periods, keys.rows());

    let all = Channel::All.index() as u64;
    let derive = plan
        .derive
        .map(|additive| DeriveAll::new(keys, additive))
        .transpose()?;
    for i in 0..keys.rows() {
        let (year, index) = calendar[(keys.month[i] - keys.first_month) as usize];
        let period = plan.frequency.period_of(index);
        let place = keys.place(i);
        let bit = 1u16 << (index - 1);
        let channel = u64::from(keys.channel[i]);
        let acc = cells.entry(cell(place, channel, year, period));
        if !acc.add(keys.count[i], keys.value[i], bit) {
            return Err(overflow(keys, i));
        }
        if derive.as_ref().is_some_and(|d| d.feeds(keys, i)) {
            let acc = cells.entry(cell(place, all, year, period));
            acc.derived = true;
            if !acc.add(keys.count[i], keys.value[i], bit) {
                return Err(overflow(keys, i));
            }
        }
    }

    let mut rows: Vec<Row> = cells
        .into_filled()
        .into_iter()
        .map(|(c, acc)| {
            let period = (c % periods) as u32 + 1;
            let rest = c / periods;
            let year = (rest % years) as i32 + first_year;
            let rest = rest / years;
            let channel = ALL_CHANNELS[(rest % n_channels) as usize];
            let place = rest / n_channels;
            Row {
                region: &keys.region.names[(place / maps) as usize],
                map: &keys.map.names[(place % maps) as usize],
                channel,
                year,
                period,
                acc,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.order().cmp(&b.order()));
    let mut out = Output::with_capacity(rows.len(), keys.has_map);
    for r in rows {
        out.push((r.region, r.map), r.channel, r.year, r.period, r.acc);
    }
    Ok(out)
}
