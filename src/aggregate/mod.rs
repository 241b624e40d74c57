//! From monthly rows to reporting years, halves and quarters, with `all` taken from the data
//! or derived.

use polars::prelude::*;

mod columns;
mod general;
mod output;
mod pass;
#[cfg(test)]
mod tests;

use crate::calendar::{Frequency, YearStart};
use crate::channels::{Channel, ALL_CHANNELS, DEFAULT_ADDITIVE};
use crate::error::Result;
use crate::keys::{code_order, year_month, Cells, KeySet, Keys};
use crate::table::{self, CHANNEL, COUNT, REGION_CODE, REGION_MAP, VALUE};
use output::Output;

/// `derived` column: true where an `all` figure was summed from additive channels instead of
/// being reported.
pub const DERIVED: &str = "derived";

/// Options of [`annual`] and [`by_period`].
///
/// ```
/// let opts = cashless::AggregateOptions { year_start: "12-01".parse().unwrap(), ..Default::default() };
/// assert!(opts.derive_all);
/// ```
#[derive(Debug, Clone)]
pub struct AggregateOptions {
    /// First day of the reporting year (default 1 January).
    pub year_start: YearStart,
    /// Derive `all` from the additive channels where the data does not report it.
    pub derive_all: bool,
    /// The channels summed when deriving `all`.
    pub additive: Vec<Channel>,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        Self {
            year_start: YearStart::JANUARY,
            derive_all: true,
            additive: DEFAULT_ADDITIVE.to_vec(),
        }
    }
}

/// The canonical table with an `all` row added, summed from the `additive` channels, for each
/// region × month (× bank) that does not report `all` itself; and a `derived` column that marks
/// those rows. A reported `all` is always kept as reported.
///
/// ```
/// use polars::prelude::*;
/// use cashless::Channel;
/// let tx = df!(
///     "region_code" => ["380", "380", "380"],
///     "period" => ["2024-01", "2024-01", "2024-01"],
///     "channel" => ["internet", "mobile", "qr"],
///     "count" => [10i64, 20, 5],
///     "value" => [100i64, 200, 50],
/// ).unwrap();
/// let out = cashless::with_all(&tx, &cashless::channels::DEFAULT_ADDITIVE).unwrap();
/// let all = out.lazy().filter(col("channel").eq(lit("all"))).collect().unwrap();
/// // qr is inside mobile, so it is not added again.
/// assert_eq!(all.column("count").unwrap().i64().unwrap().get(0), Some(30));
/// assert_eq!(all.column("derived").unwrap().bool().unwrap().get(0), Some(true));
/// ```
pub fn with_all(tx: &DataFrame, additive: &[Channel]) -> Result<DataFrame> {
    let checked = table::checked(tx, table::IN_MEMORY)?;
    let keys = &checked.keys;
    let rule = DeriveAll::new(keys, additive)?;
    // Per group, the sums and one of its rows, whose region, month and bank the new row takes.
    let mut groups: Cells<(i64, i64, usize)> = Cells::new(keys.group_space()?, keys.rows());
    for i in (0..keys.rows()).filter(|&i| rule.feeds(keys, i)) {
        let g = groups.entry(keys.group(i));
        g.0 =
            g.0.checked_add(keys.count[i])
                .ok_or_else(|| overflow(keys, i))?;
        g.1 =
            g.1.checked_add(keys.value[i])
                .ok_or_else(|| overflow(keys, i))?;
        g.2 = i;
    }
    let mut groups = groups.into_filled();
    groups.sort_by_key(|(g, _)| *g);
    let rows = IdxCa::from_vec(
        "".into(),
        groups.iter().map(|(_, s)| s.2 as IdxSize).collect(),
    );
    let mut derived = checked.frame.take(&rows)?;
    let n = derived.height();
    derived.with_column(Column::new(CHANNEL.into(), vec![Channel::All.name(); n]))?;
    derived.with_column(Column::new(
        COUNT.into(),
        groups.iter().map(|(_, s)| s.0).collect::<Vec<_>>(),
    ))?;
    derived.with_column(Column::new(
        VALUE.into(),
        groups.iter().map(|(_, s)| s.1).collect::<Vec<_>>(),
    ))?;
    derived.with_column(Column::new(DERIVED.into(), vec![true; n]))?;
    let mut out = checked.frame;
    out.with_column(Column::new(DERIVED.into(), vec![false; out.height()]))?;
    Ok(out.vstack(&derived)?)
}

/// The rule for a derived `all`: rows of additive channels feed it, in the groups (region ×
/// map × bank × month) that do not report `all` themselves.
struct DeriveAll {
    reported: KeySet,
    additive: [bool; ALL_CHANNELS.len()],
}

impl DeriveAll {
    fn new(keys: &Keys, additive: &[Channel]) -> Result<Self> {
        let mut reported = KeySet::new(keys.group_space()?, keys.rows());
        for i in (0..keys.rows()).filter(|&i| keys.channel(i) == Channel::All) {
            reported.insert(keys.group(i));
        }
        let mut mask = [false; ALL_CHANNELS.len()];
        for c in additive.iter().filter(|c| **c != Channel::All) {
            mask[c.index()] = true;
        }
        Ok(Self {
            reported,
            additive: mask,
        })
    }

    /// Whether row `i` is summed into a derived `all`.
    fn feeds(&self, keys: &Keys, i: usize) -> bool {
        self.additive[usize::from(keys.channel[i])] && !self.reported.contains(keys.group(i))
    }
}

/// `year` column of aggregated tables: the reporting year.
pub const YEAR: &str = "year";
/// `months` column: how many months of the period have data.
pub const MONTHS: &str = "months";
/// The `months` of each row of an annual table: a table without the column (a table of
/// published annual figures) is taken as full years, and so is a row whose count is null.
pub(crate) fn months_of(annual: &DataFrame) -> Result<Vec<i32>> {
    Ok(match annual.column(MONTHS) {
        Ok(m) => table::optional_values(m.strict_cast(&DataType::Int32)?.i32()?)
            .into_iter()
            .map(|v| v.unwrap_or(12))
            .collect(),
        Err(_) => vec![12; annual.height()],
    })
}

/// `partial` column: true when months are missing from the period.
pub const PARTIAL: &str = "partial";
/// `period_index` column of [`by_period`]: the half (1–2), quarter (1–4) or month (1–12) of
/// the reporting year.
pub const PERIOD_INDEX: &str = "period_index";

/// Counts and values per region × channel × reporting year.
///
/// Columns: `region_code`, (`region_map`,) `channel`, `year`, `count`, `value`, `months`
/// (months of that reporting year present in the data), `partial` (fewer than 12) and
/// `derived` (see [`with_all`]). Sorted by region, channel and year. Totals are exact
/// integer sums.
///
/// ```
/// use polars::prelude::*;
/// let tx = df!(
///     "region_code" => ["380", "380", "380"],
///     "period" => ["2022-11", "2022-12", "2023-01"],
///     "channel" => ["mobile", "mobile", "mobile"],
///     "count" => [1i64, 2, 4],
///     "value" => [10i64, 20, 40],
/// ).unwrap();
/// // Thanh Hóa's reporting year starts on 1 December: December 2022 counts for 2023.
/// let opts = cashless::AggregateOptions { year_start: "12-01".parse().unwrap(), ..Default::default() };
/// let years = cashless::annual(&tx, &opts).unwrap();
/// let mobile = years.lazy().filter(col("channel").eq(lit("mobile"))).collect().unwrap();
/// assert_eq!(mobile.column("year").unwrap().i32().unwrap().get(1), Some(2023));
/// assert_eq!(mobile.column("count").unwrap().i64().unwrap().get(1), Some(6));
/// assert_eq!(mobile.column("months").unwrap().i32().unwrap().get(1), Some(2));
/// ```
pub fn annual(tx: &DataFrame, options: &AggregateOptions) -> Result<DataFrame> {
    by_period(tx, Frequency::Year, options)
}

/// Like [`annual`], cut into halves, quarters or months of the reporting year: one more column,
/// `period_index`, and `partial` when the period misses any of its months.
///
/// ```
/// use polars::prelude::*;
/// let tx = df!(
///     "region_code" => ["753", "753"],
///     "period" => ["2023-03", "2023-08"],
///     "channel" => ["pos", "pos"],
///     "count" => [3i64, 5],
///     "value" => [30i64, 50],
/// ).unwrap();
/// let opts = cashless::AggregateOptions { derive_all: false, ..Default::default() };
/// let halves = cashless::by_period(&tx, cashless::Frequency::Half, &opts).unwrap();
/// assert_eq!(halves.column("period_index").unwrap().i32().unwrap().get(1), Some(2));
/// assert_eq!(halves.column("partial").unwrap().bool().unwrap().get(0), Some(true));
/// ```
pub fn by_period(
    tx: &DataFrame,
    frequency: Frequency,
    options: &AggregateOptions,
) -> Result<DataFrame> {
    let year_start = options.year_start.require_month_boundary()?;
    if tx.height() == 0 {
        let checked = table::checked(tx, table::IN_MEMORY)?;
        return empty_result(checked.keys.has_map, frequency);
    }
    let plan = columns::Plan {
        frequency,
        year_start,
        derive: options.derive_all.then_some(&options.additive[..]),
    };
    match pass::sums(tx, &plan)? {
        pass::Outcome::Sums(sums) => dense(&sums).frame(frequency),
        pass::Outcome::Sparse => {
            let checked = table::checked(tx, table::IN_MEMORY)?;
            general::output(&checked.keys, &plan)?.frame(frequency)
        }
        pass::Outcome::Refused => {
            // The pass refused a row without saying why: the careful checks say it.
            table::checked(tx, table::IN_MEMORY)?;
            Err(crate::Error::Internal(
                "a row refused by the aggregation passed the table checks".into(),
            ))
        }
    }
}

/// Sums of one output cell.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
struct Acc {
    count: i64,
    value: i64,
    /// Bit m−1 set when month m of the reporting year has data.
    months: u16,
    derived: bool,
}

impl Acc {
    /// Adds one row's amounts (or another cell's, with its months); false when a sum leaves
    /// the 64-bit range.
    #[inline]
    fn add(&mut self, count: i64, value: i64, months: u16) -> bool {
        match (self.count.checked_add(count), self.value.checked_add(value)) {
            (Some(c), Some(v)) => {
                self.count = c;
                self.value = v;
                self.months |= months;
                true
            }
            _ => false,
        }
    }
}

/// The filled cells of the dense pass, in the output's order.
fn dense(sums: &pass::Sums) -> Output<'_> {
    let mut places: Vec<usize> = (0..sums.places.len()).collect();
    let names = |p: usize| {
        let (region, map) = sums.places[p];
        (
            sums.regions[region as usize].as_str(),
            sums.maps[map as usize].as_str(),
        )
    };
    places.sort_by(|a, b| {
        let ((ra, ma), (rb, mb)) = (names(*a), names(*b));
        code_order(ra, rb).then_with(|| code_order(ma, mb))
    });
    let mut channels: Vec<Channel> = ALL_CHANNELS.to_vec();
    channels.sort_by_key(|c| c.name());

    let filled = sums.cells.iter().filter(|acc| acc.months != 0).count();
    let mut out = Output::with_capacity(filled, sums.has_map);
    for &p in &places {
        let place = names(p);
        for &channel in &channels {
            for y in 0..sums.years {
                for i in 0..sums.periods {
                    let acc = sums.cells[sums.cell(p, channel.index(), y, i)];
                    if acc.months != 0 {
                        let year = sums.first_year + y as i32;
                        out.push(place, channel, year, i as u32 + 1, acc);
                    }
                }
            }
        }
    }
    out
}

fn overflow(keys: &Keys, row: usize) -> crate::Error {
    let (year, month) = year_month(keys.month[row]);
    let region = &keys.region.names[keys.region.index[row] as usize];
    overflow_error(keys.channel(row), region, year, month)
}

/// The error for a sum of `channel` in `region` that leaves the 64-bit range at a month.
pub(crate) fn overflow_error(
    channel: Channel,
    region: &str,
    year: i32,
    month: u32,
) -> crate::Error {
    crate::error::invalid_argument(crate::say!(
        format!(
            "tổng số lượng hoặc giá trị {channel} của đơn vị {region:?} đến {month:02}/{year} vượt \
             quá giới hạn số nguyên 64 bit (khoảng 9,2 × 10^18): có dòng nào sai đơn vị tính không?"
        ),
        format!(
            "the {channel} count or value of region {region:?} up to {year}-{month:02} does not fit \
             in a 64-bit integer (about 9.2 × 10^18): are some rows in the wrong unit?"
        ),
    ))
}

fn empty_result(has_map: bool, frequency: Frequency) -> Result<DataFrame> {
    let mut columns = vec![Column::new_empty(REGION_CODE.into(), &DataType::String)];
    if has_map {
        columns.push(Column::new_empty(REGION_MAP.into(), &DataType::String));
    }
    columns.push(Column::new_empty(CHANNEL.into(), &DataType::String));
    columns.push(Column::new_empty(YEAR.into(), &DataType::Int32));
    if frequency != Frequency::Year {
        columns.push(Column::new_empty(PERIOD_INDEX.into(), &DataType::Int32));
    }
    columns.extend([
        Column::new_empty(COUNT.into(), &DataType::Int64),
        Column::new_empty(VALUE.into(), &DataType::Int64),
        Column::new_empty(MONTHS.into(), &DataType::Int32),
        Column::new_empty(PARTIAL.into(), &DataType::Boolean),
        Column::new_empty(DERIVED.into(), &DataType::Boolean),
    ]);
    Ok(DataFrame::new(0, columns)?)
}
