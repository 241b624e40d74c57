//! Growth figures (method §2): year on year, stage averages, averages from published rates, the
//! growth still required, and projections. Same-period growth is in [`crate::same_period`].
//!
//! Every figure that cannot be computed honestly is null with a note saying why: a year
//! missing before it (gaps are never bridged), a zero or negative base, a partial year set
//! against a full one. Never ±inf, never NaN.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use polars::prelude::*;
use polars_arrow::bitmap::MutableBitmap;

use crate::aggregate::YEAR;
use crate::error::{invalid_argument, Error, Result};
use crate::keys::{notes_column, runs_column};
use crate::lang::{say, Words};
use crate::metrics::Metric;
use crate::table::{CHANNEL, REGION_CODE, REGION_MAP};

mod required;
mod series;
mod shared;
mod stage;

pub use required::{project, required_growth_for_average, required_growth_to_level};
pub(crate) use series::AnnualSeries;
pub use stage::{average_growth, average_growth_from_rates};
pub(crate) use stage::{averages_in, stage_averages, StageAverage};

use series::{YearRow, Years};

/// How an average annual growth is computed.
///
/// ```
/// let m: cashless::Method = "arithmetic".parse().unwrap();
/// assert_eq!(m, cashless::Method::Arithmetic);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// `(X_end / X_base)^(1/n) − 1`: the definition of the national statistical indicator
    /// system, and the default.
    Geometric,
    /// The mean of the yearly growth rates: offered because people compute it, always labelled.
    Arithmetic,
}

impl Method {
    /// `geometric` or `arithmetic`.
    ///
    /// ```
    /// assert_eq!(cashless::Method::Geometric.name(), "geometric");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Method::Geometric => "geometric",
            Method::Arithmetic => "arithmetic",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "geometric" => Ok(Method::Geometric),
            "arithmetic" => Ok(Method::Arithmetic),
            _ => Err(invalid_argument(say!(
                format!("cách tính {s:?} không phải geometric (bình quân nhân) hoặc arithmetic (bình quân cộng)"),
                format!("method {s:?} is not one of geometric, arithmetic"),
            ))),
        }
    }
}

/// Year-on-year growth `X_t / X_{t−1} − 1` of one figure, or why there is none.
///
/// `previous` is `None` when year t−1 has no row at all.
///
/// ```
/// use cashless::growth::year_on_year;
/// assert_eq!(year_on_year(Some(150), Some(100)), Ok(0.5));
/// let why = year_on_year(Some(150), Some(0)).unwrap_err();
/// assert!(why.get(cashless::lang::Lang::En).contains("zero"));
/// ```
pub fn year_on_year(
    current: Option<i64>,
    previous: Option<i64>,
) -> std::result::Result<f64, Words> {
    match (current, previous) {
        (Some(c), Some(p)) if p > 0 => Ok(c as f64 / p as f64 - 1.0),
        _ => Err(no_year_on_year(current, previous)),
    }
}

/// Why [`year_on_year`] has no growth for these figures. Apart and cold: a table's rates are
/// tens of thousands of divisions, which the wording must not slow.
#[cold]
fn no_year_on_year(current: Option<i64>, previous: Option<i64>) -> Words {
    match (current, previous) {
        (None, _) => say!(
            "không có số liệu của năm".into(),
            "no figure for the year".into(),
        ),
        (_, None) => say!(
            "không có số liệu của năm trước".into(),
            "no figure for the year before".into(),
        ),
        (_, Some(0)) => say!(
            "gốc so sánh (năm trước) bằng 0".into(),
            "the base (year before) is zero".into(),
        ),
        _ => say!(
            "gốc so sánh (năm trước) là số âm".into(),
            "the base (year before) is negative".into(),
        ),
    }
}

/// Formula text of year-on-year growth, as written in outputs.
pub const YOY_FORMULA: &str = "X_t / X_(t-1) - 1";

/// Region, map, channel: what a series is identified by. Shared, not copied: a region's
/// code is the key of each of its channels' series, and of every verdict on it.
pub(crate) type SeriesKey = (Arc<str>, Option<Arc<str>>, Arc<str>);

/// The key columns of a table with a row for each of `keys`: region, map (where the table
/// has maps) and channel.
pub(crate) fn key_columns(has_map: bool, keys: &[&SeriesKey]) -> Result<Vec<Column>> {
    let mut cols = vec![runs_column(REGION_CODE, keys.iter().map(|k| &*k.0))?];
    if has_map {
        // A series without a map has an empty one: the column is null there.
        let maps: Vec<Option<&str>> = keys.iter().map(|k| k.1.as_deref()).collect();
        cols.push(Column::new(REGION_MAP.into(), maps));
    }
    cols.push(runs_column(CHANNEL, keys.iter().map(|k| &*k.2))?);
    Ok(cols)
}

/// Why year `t` of a series has no growth, or the caveat that goes with it.
fn yoy_in_series(
    years: Years<'_>,
    t: i32,
    metric: Metric,
    allow_partial: bool,
) -> (Option<f64>, Option<Words>) {
    let pair = match years.position(t) {
        Some(at) => yoy_years(years, at, allow_partial, &mut FirstYears::default()),
        None => Err(say!(
            format!("không có số liệu năm {t}"),
            format!("no data for {t}"),
        )),
    };
    yoy_of(&pair, t, metric)
}

/// The reason a series' first year has no growth, worded once for each year: in a table of
/// thousands of series most begin in the same year, and wording it for each was a tenth of
/// [`growth`]'s time.
#[derive(Default)]
struct FirstYears(Vec<(i32, Words)>);

impl FirstYears {
    /// Why year `t`, the first of its series, has no growth.
    fn reason(&mut self, t: i32) -> Words {
        if let Some((_, why)) = self.0.iter().find(|(year, _)| *year == t) {
            return why.clone();
        }
        let why = say!(
            format!("không có số liệu năm {} (năm đầu của chuỗi)", t - 1),
            format!("no data for {} (first year of the series)", t - 1),
        );
        self.0.push((t, why.clone()));
        why
    }
}

/// The two years year-on-year growth compares, and the caveats that go with any of their
/// figures; or why year `t` has no growth, whatever the metric. Shared by both metrics: a
/// reason is worded once, not once a metric.
type YearPair<'a> = std::result::Result<(&'a YearRow, &'a YearRow, Vec<Words>), Words>;

/// The years compared at the `at`-th year of a series: it and the row before it, which must
/// be the year before (a gap is never bridged).
fn yoy_years<'a>(
    years: Years<'a>,
    at: usize,
    allow_partial: bool,
    first_years: &mut FirstYears,
) -> YearPair<'a> {
    let (t, cur) = years.at(at);
    let prev = match at.checked_sub(1).map(|before| years.at(before)) {
        Some((year, row)) if year == t - 1 => row,
        Some((last, _)) => {
            return Err(say!(
                format!(
                    "không có số liệu năm {}: không nối qua khoảng trống, năm {t} không so với năm {last}",
                    t - 1
                ),
                format!(
                    "no data for {}: the gap is not bridged, {t} is not compared with {last}",
                    t - 1
                ),
            ))
        }
        None => return Err(first_years.reason(t)),
    };
    let mut caveats = Vec::new();
    if !cur.full() || !prev.full() {
        let months = say!(
            format!(
                "năm {t} có {}/12 tháng, năm {} có {}",
                cur.months,
                t - 1,
                prev.months
            ),
            format!(
                "{t} has {} of 12 months, {} has {}",
                cur.months,
                t - 1,
                prev.months
            ),
        );
        if !allow_partial {
            return Err(say!(
                format!(
                    "năm chưa đủ tháng: {months}; chỉ so sánh cùng kỳ (cùng các tháng của hai năm)"
                ),
                format!("partial year: {months}; compare the same months with same_period_growth"),
            ));
        }
        caveats.push(say!(
            format!("so sánh năm chưa đủ theo yêu cầu: {months}"),
            format!("partial years compared as asked: {months}"),
        ));
    }
    caveats.extend(
        [prev.estimate(), cur.estimate()]
            .into_iter()
            .flatten()
            .cloned(),
    );
    if cur.derived != prev.derived {
        let how = |d: bool| {
            if d {
                ("cộng từ các kênh", "derived")
            } else {
                ("do ngân hàng báo cáo", "reported")
            }
        };
        let (now, before) = (how(cur.derived), how(prev.derived));
        caveats.push(say!(
            format!(
                "lưu ý: tổng TTKDTM năm {t} {} nhưng năm {} {}",
                now.0,
                t - 1,
                before.0
            ),
            format!(
                "caveat: `all` is {} in {t} but {} in {}",
                now.1,
                before.1,
                t - 1
            ),
        ));
    }
    Ok((cur, prev, caveats))
}

/// The growth of `metric` in year `t` from what [`yoy_years`] found.
#[inline]
fn yoy_of(pair: &YearPair<'_>, t: i32, metric: Metric) -> (Option<f64>, Option<Words>) {
    let (cur, prev, caveats) = match pair {
        Ok(pair) => pair,
        Err(why) => return (None, Some(why.clone())),
    };
    match year_on_year(cur.get(metric), prev.get(metric)) {
        Ok(g) => (
            Some(g),
            (!caveats.is_empty()).then(|| Words::joined(caveats, "; ")),
        ),
        Err(why) => (None, Some(compared(&why, t))),
    }
}

/// Why a year has no growth, with the years compared.
#[cold]
fn compared(why: &Words, t: i32) -> Words {
    say!(
        format!("{why} (năm {t} so với năm {})", t - 1),
        format!("{why} ({t} against {})", t - 1),
    )
}

/// Year-on-year growth of an annual table (as from [`crate::annual`]).
///
/// Returns the annual table, sorted by region, channel and year, plus `count_growth`,
/// `value_growth` (fractions: 0.25 is 25 %), `count_note`, `value_note` (why a growth is
/// null, or a caveat) and `formula`. A growth is null when the year before is absent (a gap
/// is never bridged), when its figure is zero or negative, or when either year is partial
/// (unless `allow_partial`).
///
/// ```
/// use polars::prelude::*;
/// let annual = df!(
///     "region_code" => ["38", "38", "38"],
///     "channel" => ["mobile", "mobile", "mobile"],
///     "year" => [2021i32, 2022, 2024],
///     "count" => [100i64, 150, 300],
///     "value" => [1_000i64, 1_200, 2_000],
/// ).unwrap();
/// let g = cashless::growth(&annual, false).unwrap();
/// let count_growth = g.column("count_growth").unwrap().f64().unwrap();
/// assert_eq!(count_growth.get(1), Some(0.5));
/// assert_eq!(count_growth.get(2), None); // 2023 is missing: 2024 is not compared with 2022
/// ```
pub fn growth(annual: &DataFrame, allow_partial: bool) -> Result<DataFrame> {
    let data = AnnualSeries::of(annual)?;
    let mut sorted = match &data.order {
        None => annual.clone(),
        Some(order) => annual.take(&IdxCa::from_vec("".into(), order.clone()))?,
    };
    let year = sorted.column(YEAR)?.strict_cast(&DataType::Int32)?;
    sorted.with_column(year)?;
    let [count, value] = yearly_rates(&data, allow_partial);
    let lang = crate::lang::language();
    let ([count_growth, count_note], [value_growth, value_note]) = (
        count.into_columns("count", lang)?,
        value.into_columns("value", lang)?,
    );
    let height = sorted.height();
    let mut columns = sorted.into_columns();
    columns.extend([
        count_growth,
        value_growth,
        count_note,
        value_note,
        Column::new_scalar(
            "formula".into(),
            Scalar::new(DataType::String, AnyValue::StringOwned(YOY_FORMULA.into())),
            height,
        ),
    ]);
    Ok(DataFrame::new(height, columns)?)
}

/// One year's growth over the year before, or why there is none.
#[derive(Debug, Clone, Default)]
pub(crate) struct Growth {
    /// A fraction (0.25 for 25 %).
    pub rate: Option<f64>,
    /// Why the rate is null, or a caveat.
    pub note: Option<Words>,
}

/// The year-on-year growth of one metric in every row of an annual table's series, in their
/// order: each row's rate (a fraction, 0.25 for 25 %) and its note (why the rate is null, or
/// a caveat).
#[derive(Debug, Default)]
pub(crate) struct Rates {
    /// Each row's rate, 0 where it has none: the column's values as written.
    rate: Vec<f64>,
    /// Whether each row has a rate: the column's validity as written.
    valid: MutableBitmap,
    note: Vec<Option<Words>>,
}

impl Rates {
    fn with_capacity(rows: usize) -> Self {
        Self {
            rate: Vec::with_capacity(rows),
            valid: MutableBitmap::with_capacity(rows),
            note: Vec::with_capacity(rows),
        }
    }

    fn push(&mut self, (rate, note): (Option<f64>, Option<Words>)) {
        self.rate.push(rate.unwrap_or_default());
        self.valid.push(rate.is_some());
        self.note.push(note);
    }

    /// The rate of row `row`, if it has one.
    pub(crate) fn rate(&self, row: usize) -> Option<f64> {
        self.valid.get(row).then(|| self.rate[row])
    }

    /// The columns `{metric}_growth` (null where a row has no rate) and `{metric}_note` (in
    /// `lang`).
    fn into_columns(self, metric: &str, lang: crate::lang::Lang) -> Result<[Column; 2]> {
        let notes = self.note.iter().map(Option::as_slice);
        let note = notes_column(&format!("{metric}_note"), notes, lang)?;
        let valid = (self.valid.unset_bits() > 0).then(|| self.valid.into());
        let rate =
            Float64Chunked::from_vec_validity(format!("{metric}_growth").into(), self.rate, valid);
        Ok([rate.into_column(), note])
    }
}

/// The series of an annual table (region, map, channel) and the year-on-year growth of each of
/// their rows (count, then value), in the order of [`growth`]'s rows.
pub(crate) fn yearly_growth(
    annual: &DataFrame,
    allow_partial: bool,
) -> Result<(Arc<AnnualSeries>, [Rates; 2])> {
    let data = AnnualSeries::of(annual)?;
    let rates = yearly_rates(&data, allow_partial);
    Ok((data, rates))
}

/// Count's and value's year-on-year growth in every row of `data`, written as columns: rows
/// of both metrics together cost more in moving them than in computing them.
fn yearly_rates(data: &AnnualSeries, allow_partial: bool) -> [Rates; 2] {
    let mut out = [(); 2].map(|_| Rates::with_capacity(data.rows.len()));
    let mut first_years = FirstYears::default();
    for (_, range) in &data.series {
        let years = data.years(range);
        for at in 0..range.len() {
            let (t, cur) = years.at(at);
            // Most rows are a whole year after a whole year of the same kind: no caveat to
            // look for, and the rule's own pair is made straight.
            let before = at.checked_sub(1).map(|b| years.at(b));
            if let Some((_, prev)) = before.filter(|(y, prev)| *y == t - 1 && cur.plain_with(prev))
            {
                let pair = Ok((cur, prev, Vec::new()));
                for (rates, metric) in out.iter_mut().zip([Metric::Count, Metric::Value]) {
                    rates.push(yoy_of(&pair, t, metric));
                }
                continue;
            }
            let pair = yoy_years(years, at, allow_partial, &mut first_years);
            for (rates, metric) in out.iter_mut().zip([Metric::Count, Metric::Value]) {
                rates.push(yoy_of(&pair, t, metric));
            }
        }
    }
    out
}
