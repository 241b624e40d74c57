//! From monthly rows to reporting years, halves and quarters, with `all` taken from the data
//! or derived.

use polars::prelude::*;

use crate::calendar::{Frequency, YearStart};
use crate::channels::{Channel, DEFAULT_ADDITIVE};
use crate::error::Result;
use crate::table::{self, canonical, CHANNEL, COUNT, PERIOD, REGION_CODE, REGION_MAP, VALUE};

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
    let tx = canonical(tx, table::IN_MEMORY)?;
    with_all_checked(&tx, additive)
}

pub(crate) fn with_all_checked(tx: &DataFrame, additive: &[Channel]) -> Result<DataFrame> {
    let columns: Vec<Expr> = tx
        .get_column_names()
        .iter()
        .map(|c| col(c.as_str()))
        .chain([col(DERIVED)])
        .collect();
    let reported = tx.clone().lazy().with_column(lit(false).alias(DERIVED));
    let Some(is_additive) = additive
        .iter()
        .filter(|c| **c != Channel::All)
        .map(|c| col(CHANNEL).eq(lit(c.name())))
        .reduce(|a, b| a.or(b))
    else {
        return Ok(reported.collect()?);
    };
    let group: Vec<Expr> = table::key_columns(tx)
        .into_iter()
        .filter(|k| *k != CHANNEL)
        .map(col)
        .collect();
    let lacking_all = tx
        .clone()
        .lazy()
        .group_by(group.clone())
        .agg([col(CHANNEL).eq(lit("all")).any(true).alias("__has_all")])
        .filter(col("__has_all").not());
    let derived = tx
        .clone()
        .lazy()
        .filter(is_additive)
        .join(
            lacking_all,
            group.clone(),
            group.clone(),
            JoinArgs::new(JoinType::Inner),
        )
        .group_by(group)
        .agg([col(COUNT).sum(), col(VALUE).sum()])
        .with_columns([lit("all").alias(CHANNEL), lit(true).alias(DERIVED)])
        .select(columns.clone());
    Ok(concat([reported.select(columns), derived], UnionArgs::default())?.collect()?)
}

/// `year` column of aggregated tables: the reporting year.
pub const YEAR: &str = "year";
/// `months` column: how many months of the period have data.
pub const MONTHS: &str = "months";
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
    let tx = canonical(tx, table::IN_MEMORY)?;
    let tx = if options.derive_all {
        with_all_checked(&tx, &options.additive)?
    } else {
        tx.lazy().with_column(lit(false).alias(DERIVED)).collect()?
    };
    let has_map = tx.schema().contains(REGION_MAP);

    let calendar_year = col(PERIOD).dt().year().cast(DataType::Int32);
    let month = col(PERIOD).dt().month().cast(DataType::Int32);
    let start = year_start.month as i32;
    let year = if start == 1 {
        calendar_year
    } else {
        calendar_year
            + when(month.clone().gt_eq(lit(start)))
                .then(lit(1i32))
                .otherwise(lit(0i32))
    };
    // Position of the month inside its reporting year, 1–12.
    let month_index = (month + lit(12 - start)) % lit(12i32) + lit(1i32);
    let per = frequency.months_per_period() as i32;
    // Integer division without `floor_div` (it needs polars' round_series feature): the
    // numerator is made a multiple of `per` first, so the float quotient is exact.
    let m0 = month_index - lit(1i32);
    let period_index = ((m0.clone() - m0 % lit(per)) / lit(per)).cast(DataType::Int32) + lit(1i32);

    let mut keys = vec![col(REGION_CODE)];
    if has_map {
        keys.push(col(REGION_MAP));
    }
    keys.push(col(CHANNEL));
    keys.push(col(YEAR));
    let mut sort_by = vec![REGION_CODE];
    if has_map {
        sort_by.push(REGION_MAP);
    }
    sort_by.extend([CHANNEL, YEAR]);
    if frequency != Frequency::Year {
        keys.push(col(PERIOD_INDEX));
        sort_by.push(PERIOD_INDEX);
    }
    let out = tx
        .lazy()
        .with_columns([year.alias(YEAR), period_index.alias(PERIOD_INDEX)])
        .group_by(keys)
        .agg([
            col(COUNT).sum(),
            col(VALUE).sum(),
            col(PERIOD).n_unique().cast(DataType::Int32).alias(MONTHS),
            col(DERIVED).any(true),
        ])
        .with_column(col(MONTHS).lt(lit(per)).alias(PARTIAL))
        .sort(sort_by.clone(), SortMultipleOptions::default());
    let mut order: Vec<Expr> = sort_by.iter().map(|c| col(*c)).collect();
    order.extend([COUNT, VALUE, MONTHS, PARTIAL, DERIVED].map(col));
    Ok(out.select(order).collect()?)
}
