//! Growth figures (method §2): year on year, stage averages, averages from published rates, the
//! growth still required, and projections. Same-period growth is in [`crate::same_period`].
//!
//! Every figure that cannot be computed honestly is null with a note saying why: a year
//! missing before it (gaps are never bridged), a zero or negative base, a partial year set
//! against a full one. Never ±inf, never NaN.

use std::fmt;
use std::str::FromStr;

use polars::prelude::*;

use crate::aggregate::{DERIVED, MONTHS, YEAR};
use crate::error::{invalid_argument, Error, Result};
use crate::keys::Interned;
use crate::lang::{say, Words};
use crate::metrics::Metric;
use crate::table::{self, require, CHANNEL, COUNT, REGION_CODE, REGION_MAP, VALUE};

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
        (None, _) => Err(say!(
            "không có số liệu của năm".into(),
            "no figure for the year".into(),
        )),
        (_, None) => Err(say!(
            "không có số liệu của năm trước".into(),
            "no figure for the year before".into(),
        )),
        (Some(_), Some(0)) => Err(say!(
            "gốc so sánh (năm trước) bằng 0".into(),
            "the base (year before) is zero".into(),
        )),
        (Some(_), Some(p)) if p < 0 => Err(say!(
            "gốc so sánh (năm trước) là số âm".into(),
            "the base (year before) is negative".into(),
        )),
        (Some(c), Some(p)) => Ok(c as f64 / p as f64 - 1.0),
    }
}

/// Formula text of year-on-year growth, as written in outputs.
pub const YOY_FORMULA: &str = "X_t / X_(t-1) - 1";

/// One row of an annual table, read for growth computations.
#[derive(Debug, Clone)]
struct YearRow {
    count: Option<i64>,
    value: Option<i64>,
    months: i32,
    derived: bool,
    /// The basis of an estimated full year ([`crate::estimate`]): such a row counts as whole.
    estimate: Option<Words>,
}

impl YearRow {
    fn get(&self, metric: Metric) -> Option<i64> {
        match metric {
            Metric::Count => self.count,
            Metric::Value => self.value,
        }
    }
    fn full(&self) -> bool {
        self.months >= 12 || self.estimate.is_some()
    }
}

/// A growth column and its note column, as they are filled.
pub(crate) type GrowthColumns = (Vec<Option<f64>>, Vec<Option<String>>);

/// Region, map, channel: what a series is identified by.
pub(crate) type SeriesKey = (String, Option<String>, String);

/// The years of one series, ascending.
#[derive(Clone, Copy)]
struct Years<'a>(&'a [(i32, YearRow)]);

impl<'a> Years<'a> {
    fn get(self, year: i32) -> Option<&'a YearRow> {
        let i = self.0.binary_search_by_key(&year, |(y, _)| *y).ok()?;
        Some(&self.0[i].1)
    }

    /// The years from `from` to `to`, both included.
    fn between(self, from: i32, to: i32) -> &'a [(i32, YearRow)] {
        let lo = self.0.partition_point(|(y, _)| *y < from);
        let hi = self.0.partition_point(|(y, _)| *y <= to);
        &self.0[lo..hi.max(lo)]
    }

    fn iter(self) -> impl Iterator<Item = i32> + 'a {
        self.0.iter().map(|(y, _)| *y)
    }
}

/// Annual rows grouped into series, years ascending.
struct AnnualSeries {
    has_map: bool,
    /// Input row numbers in the order of `rows`: by region, map, channel and year.
    order: Vec<IdxSize>,
    rows: Vec<(i32, YearRow)>,
    /// Each series' key and its rows' range in `rows`, series sorted by key.
    series: Vec<(SeriesKey, std::ops::Range<usize>)>,
}

impl AnnualSeries {
    fn read(annual: &DataFrame) -> Result<Self> {
        let src = table::IN_MEMORY;
        let text = |name: &str| -> Result<Interned> {
            Ok(Interned::of(table::text_column(annual, src, name)?.str()?))
        };
        let region = text(REGION_CODE)?;
        let channel = text(CHANNEL)?;
        let has_map = annual.schema().contains(REGION_MAP);
        let map = if has_map {
            Some(text(REGION_MAP)?)
        } else {
            None
        };
        let year = require(annual, src, YEAR)?.strict_cast(&DataType::Int32)?;
        let count = table::nullable_integers(annual, src, COUNT)?;
        let value = table::nullable_integers(annual, src, VALUE)?;
        let months: Vec<i32> = match annual.column(MONTHS) {
            Ok(m) => m
                .strict_cast(&DataType::Int32)?
                .i32()?
                .iter()
                .map(|v| v.unwrap_or(12))
                .collect(),
            // A table without `months` is taken as full years.
            Err(_) => vec![12; annual.height()],
        };
        let derived: Vec<bool> = match annual.column(DERIVED) {
            Ok(d) => d.bool()?.iter().map(|v| v.unwrap_or(false)).collect(),
            Err(_) => vec![false; annual.height()],
        };
        let estimate = estimates(annual)?;
        let year = year.i32()?;
        if let Some(row) = year.iter().position(|y| y.is_none()) {
            return Err(Error::InvalidValue {
                location: crate::Location::new(src, row, YEAR, "null").into(),
                reason: say!("bị thiếu".into(), "is missing".into()),
            });
        }
        // Rows sorted by the names' ranks, then year: a sort of integers, not of strings.
        let ranks = |i: &Interned| -> Vec<u32> {
            let mut by_name: Vec<u32> = (0..i.names.len() as u32).collect();
            by_name.sort_by(|a, b| i.names[*a as usize].cmp(&i.names[*b as usize]));
            let mut rank = vec![0; by_name.len()];
            for (r, id) in by_name.into_iter().enumerate() {
                rank[id as usize] = r as u32;
            }
            rank
        };
        let (region_rank, channel_rank) = (ranks(&region), ranks(&channel));
        let map_rank = map.as_ref().map(ranks);
        let key = |i: usize| -> (u32, u32, u32) {
            let m = match (&map, &map_rank) {
                (Some(map), Some(rank)) => rank[map.index[i] as usize],
                _ => 0,
            };
            (
                region_rank[region.index[i] as usize],
                m,
                channel_rank[channel.index[i] as usize],
            )
        };
        let years: Vec<i32> = year.into_no_null_iter().collect();
        let mut order: Vec<usize> = (0..annual.height()).collect();
        // Stable: rows with the same key and year keep their input order, so the first
        // repeated one below is the one a scan in input order would meet first.
        order.sort_by_key(|&i| (key(i), years[i]));
        let repeated = order
            .windows(2)
            .filter(|w| (key(w[0]), years[w[0]]) == (key(w[1]), years[w[1]]))
            .map(|w| w[1])
            .min();
        if let Some(row) = repeated {
            return Err(Error::InvalidValue {
                location: crate::Location::new(src, row, YEAR, years[row].to_string()).into(),
                reason: say!(
                    "xuất hiện hai lần cho cùng đơn vị và kênh".into(),
                    "appears twice for the same region and channel".into(),
                ),
            });
        }
        let rows: Vec<(i32, YearRow)> = order
            .iter()
            .map(|&i| {
                let row = YearRow {
                    count: count[i],
                    value: value[i],
                    months: months[i],
                    derived: derived[i],
                    estimate: estimate[i].clone(),
                };
                (years[i], row)
            })
            .collect();
        let mut series: Vec<(SeriesKey, std::ops::Range<usize>)> = Vec::new();
        for (at, &i) in order.iter().enumerate() {
            if at > 0 && key(order[at - 1]) == key(i) {
                if let Some(last) = series.last_mut() {
                    last.1.end = at + 1;
                }
                continue;
            }
            let name = |i: &Interned, row: usize| i.names[i.index[row] as usize].clone();
            let series_key = (
                name(&region, i),
                map.as_ref().map(|m| name(m, i)),
                name(&channel, i),
            );
            series.push((series_key, at..at + 1));
        }
        Ok(Self {
            has_map,
            order: order.into_iter().map(|i| i as IdxSize).collect(),
            rows,
            series,
        })
    }

    fn years(&self, range: &std::ops::Range<usize>) -> Years<'_> {
        Years(&self.rows[range.clone()])
    }
}

/// Each row's estimate basis: its `estimate_note` where `estimate` names a method.
fn estimates(annual: &DataFrame) -> Result<Vec<Option<Words>>> {
    use crate::estimate::{ESTIMATE, ESTIMATE_NOTE};
    let (Ok(method), Ok(note)) = (annual.column(ESTIMATE), annual.column(ESTIMATE_NOTE)) else {
        return Ok(vec![None; annual.height()]);
    };
    let (method, note) = (method.str()?, note.str()?);
    Ok(method
        .iter()
        .zip(note.iter())
        .map(|(m, n)| m.map(|m| Words::same(n.unwrap_or(m))))
        .collect())
}

pub(crate) fn key_columns(has_map: bool, keys: &[&SeriesKey]) -> Vec<Column> {
    let mut cols = vec![Column::new(
        REGION_CODE.into(),
        keys.iter().map(|k| k.0.as_str()).collect::<Vec<_>>(),
    )];
    if has_map {
        cols.push(Column::new(
            REGION_MAP.into(),
            keys.iter().map(|k| k.1.as_deref()).collect::<Vec<_>>(),
        ));
    }
    cols.push(Column::new(
        CHANNEL.into(),
        keys.iter().map(|k| k.2.as_str()).collect::<Vec<_>>(),
    ));
    cols
}

/// Why year `t` of a series has no growth, or the caveat that goes with it.
fn yoy_in_series(
    years: Years<'_>,
    t: i32,
    metric: Metric,
    allow_partial: bool,
) -> (Option<f64>, Option<Words>) {
    let Some(cur) = years.get(t) else {
        return (
            None,
            Some(say!(
                format!("không có số liệu năm {t}"),
                format!("no data for {t}"),
            )),
        );
    };
    let Some(prev) = years.get(t - 1) else {
        let note = match years.between(i32::MIN, t - 1).last() {
            Some((last, _)) => say!(
                format!(
                    "không có số liệu năm {}: không nối qua khoảng trống, năm {t} không so với năm {last}",
                    t - 1
                ),
                format!(
                    "no data for {}: the gap is not bridged, {t} is not compared with {last}",
                    t - 1
                ),
            ),
            None => say!(
                format!("không có số liệu năm {} (năm đầu của chuỗi)", t - 1),
                format!("no data for {} (first year of the series)", t - 1),
            ),
        };
        return (None, Some(note));
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
            return (
                None,
                Some(say!(
                    format!("năm chưa đủ tháng: {months}; chỉ so sánh cùng kỳ (cùng các tháng của hai năm)"),
                    format!(
                        "partial year: {months}; compare the same months with same_period_growth"
                    ),
                )),
            );
        }
        caveats.push(say!(
            format!("so sánh năm chưa đủ theo yêu cầu: {months}"),
            format!("partial years compared as asked: {months}"),
        ));
    }
    caveats.extend(
        [&prev.estimate, &cur.estimate]
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
    match year_on_year(cur.get(metric), prev.get(metric)) {
        Ok(g) => (
            Some(g),
            (!caveats.is_empty()).then(|| Words::joined(&caveats, "; ")),
        ),
        Err(why) => (
            None,
            Some(say!(
                format!("{why} (năm {t} so với năm {})", t - 1),
                format!("{why} ({t} against {})", t - 1),
            )),
        ),
    }
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
    let data = AnnualSeries::read(annual)?;
    let order = IdxCa::from_vec("".into(), data.order.clone());
    let mut sorted = annual.take(&order)?;
    let year = sorted.column(YEAR)?.strict_cast(&DataType::Int32)?;
    sorted.with_column(year)?;
    let mut out: [GrowthColumns; 2] = Default::default();
    for row in yearly_rows(&data, allow_partial) {
        for (slot, g) in out.iter_mut().zip(row.growth) {
            slot.0.push(g.rate);
            slot.1.push(g.note.map(|n| n.to_string()));
        }
    }
    let [(count_g, count_n), (value_g, value_n)] = out;
    let height = sorted.height();
    let mut columns = sorted.into_columns();
    columns.extend([
        Column::new("count_growth".into(), count_g),
        Column::new("value_growth".into(), value_g),
        Column::new("count_note".into(), count_n),
        Column::new("value_note".into(), value_n),
        Column::new("formula".into(), vec![YOY_FORMULA; height]),
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

/// The year-on-year growth of one series and year, count then value, as [`growth`] computes
/// it.
#[derive(Debug, Clone)]
pub(crate) struct YearGrowth {
    /// The series: an index into the keys [`yearly_growth`] returns.
    pub series: usize,
    pub year: i32,
    /// Count, then value.
    pub growth: [Growth; 2],
}

/// The series of an annual table (region, map, channel), and the year-on-year growth of each
/// of their years, in the order of [`growth`]'s rows.
pub(crate) fn yearly_growth(
    annual: &DataFrame,
    allow_partial: bool,
) -> Result<(Vec<SeriesKey>, Vec<YearGrowth>)> {
    let data = AnnualSeries::read(annual)?;
    let rows = yearly_rows(&data, allow_partial);
    Ok((data.series.into_iter().map(|(key, _)| key).collect(), rows))
}

fn yearly_rows(data: &AnnualSeries, allow_partial: bool) -> Vec<YearGrowth> {
    let mut out = Vec::with_capacity(data.rows.len());
    for (series, (_, range)) in data.series.iter().enumerate() {
        let years = data.years(range);
        for t in years.iter() {
            let growth = [Metric::Count, Metric::Value].map(|metric| {
                let (rate, note) = yoy_in_series(years, t, metric, allow_partial);
                Growth { rate, note }
            });
            out.push(YearGrowth {
                series,
                year: t,
                growth,
            });
        }
    }
    out
}

/// Average annual growth from yearly growth rates given as fractions (0.5 = 50 %), as when a
/// press release gives rates but not levels.
///
/// Geometric: `(Π (1 + g_i))^(1/n) − 1`; arithmetic: the mean of the rates. A rate below
/// −1 (−100 %) is impossible and refused; so are NaN and an empty list.
///
/// ```
/// use cashless::growth::{average_growth_from_rates, Method};
/// let g = average_growth_from_rates(&[0.2; 5], Method::Geometric).unwrap();
/// assert!((g - 0.2).abs() < 1e-12);
/// let a = average_growth_from_rates(&[1.0, 0.0], Method::Arithmetic).unwrap();
/// assert_eq!(a, 0.5);
/// ```
pub fn average_growth_from_rates(rates: &[f64], method: Method) -> Result<f64> {
    if rates.is_empty() {
        return Err(invalid_argument(say!(
            "chưa cho tốc độ tăng trưởng nào".into(),
            "no growth rates given".into(),
        )));
    }
    if let Some((i, r)) = rates
        .iter()
        .enumerate()
        .find(|(_, r)| !r.is_finite() || **r < -1.0)
    {
        return Err(invalid_argument(say!(
            format!("tốc độ tăng thứ {i} là {r}: tốc độ ghi dạng phân số (0,25 = 25 %) và không dưới -1"),
            format!("growth rate {i} is {r}: rates are fractions (0.25 = 25 %) and cannot be below -1"),
        )));
    }
    let n = rates.len() as f64;
    Ok(match method {
        Method::Geometric => {
            // Sum of logs rather than a product: fifty years of +200 % stays finite.
            let log_sum: f64 = rates.iter().map(|r| r.ln_1p()).sum();
            (log_sum / n).exp_m1()
        }
        Method::Arithmetic => rates.iter().sum::<f64>() / n,
    })
}

/// The yearly growth needed to go from `current` in year `from_year` to `level` in
/// `to_year`: `(L / X_t)^(1/(T−t)) − 1`.
///
/// ```
/// let g = cashless::growth::required_growth_to_level(100.0, 2023, 144.0, 2025).unwrap();
/// assert!((g - 0.2).abs() < 1e-12);
/// ```
pub fn required_growth_to_level(
    current: f64,
    from_year: i32,
    level: f64,
    to_year: i32,
) -> Result<f64> {
    if to_year <= from_year {
        return Err(invalid_argument(say!(
            format!("năm mục tiêu {to_year} không sau năm {from_year}"),
            format!("target year {to_year} is not after {from_year}"),
        )));
    }
    if !current.is_finite() || current <= 0.0 || !level.is_finite() || level < 0.0 {
        return Err(invalid_argument(say!(
            format!("các mức phải dương và hữu hạn (hiện tại {current}, mục tiêu {level})"),
            format!("levels must be positive and finite (current {current}, target {level})"),
        )));
    }
    finite((level / current).powf(1.0 / f64::from(to_year - from_year)) - 1.0)
}

/// The yearly growth needed in the `remaining` years for a stage of `n` years to average at
/// least `lo`, given the rates already realised: `((1+lo)^n / Π (1+g_i))^(1/remaining) − 1`.
///
/// ```
/// // Two years at 10 % in a five-year stage that must average 20 %:
/// let g = cashless::growth::required_growth_for_average(0.2, 5, &[0.1, 0.1]).unwrap();
/// assert!(((1.1f64 * 1.1 * (1.0 + g).powi(3)) - 1.2f64.powi(5)).abs() < 1e-9);
/// ```
pub fn required_growth_for_average(lo: f64, n: u32, realised: &[f64]) -> Result<f64> {
    if !lo.is_finite() || lo <= -1.0 {
        return Err(invalid_argument(say!(
            format!("mục tiêu tăng trưởng bình quân {lo} không hợp lệ: là phân số (0,2 = 20 %) và phải trên -1"),
            format!("the average growth target {lo} is not valid: it is a fraction (0.2 = 20 %) and must be above -1"),
        )));
    }
    let done = realised.len() as u32;
    if done >= n {
        return Err(invalid_argument(say!(
            format!("đã qua {done}/{n} năm: không còn năm nào"),
            format!("{done} of {n} years are realised already: no year remains"),
        )));
    }
    if let Some(r) = realised.iter().find(|r| !r.is_finite() || **r <= -1.0) {
        return Err(invalid_argument(say!(
            format!("tốc độ tăng đã đạt {r} không để lại mức gốc nào để tăng tiếp"),
            format!("realised growth {r} leaves no base to grow from"),
        )));
    }
    let log_done: f64 = realised.iter().map(|r| r.ln_1p()).sum();
    let log_needed = f64::from(n) * lo.ln_1p() - log_done;
    finite((log_needed / f64::from(n - done)).exp_m1())
}

/// Projection of a level at the average growth achieved: `X_t · (1 + ḡ)^(T − t)`. Refused
/// when a figure is not finite, the growth is −100 % or less (no level to grow from) or the
/// result leaves the range of a float.
///
/// ```
/// assert!((cashless::growth::project(100.0, 0.1, 2).unwrap() - 121.0).abs() < 1e-9);
/// assert!(cashless::growth::project(100.0, -1.0, -1).is_err()); // 100 / 0
/// ```
pub fn project(level: f64, average_growth: f64, years_ahead: i32) -> Result<f64> {
    if !level.is_finite() || !average_growth.is_finite() || average_growth <= -1.0 {
        return Err(invalid_argument(say!(
            format!("không thể dự báo từ mức {level} với tốc độ tăng {average_growth}: cần số hữu hạn và tốc độ trên -100 %"),
            format!("cannot project from level {level} at growth {average_growth}: both must be finite and the growth above -100 %"),
        )));
    }
    finite(level * (1.0 + average_growth).powi(years_ahead))
}

/// A computed rate or level, refused when it left the range of a float.
fn finite(x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(invalid_argument(say!(
            format!("kết quả ({x}) vượt quá phạm vi số thực: các số liệu đầu vào quá xa nhau"),
            format!("the result ({x}) is beyond the range of a float: the figures given are too far apart"),
        )))
    }
}

/// Average annual growth over a stage, per region × channel and for `count` and `value`.
///
/// Base year `b = start − 1`; `n = end − b` years. Geometric (the default, the statistical
/// definition): `(X_end / X_b)^(1/n) − 1`. When the stage is still under way, or its last year
/// is partial, the average runs to the last full year available and `years` says which n was
/// used, with a note. Arithmetic: the mean of the yearly growth rates, each of which must exist.
///
/// Columns: `region_code`, (`region_map`,) `channel`, `metric`, `base_year`, `end_year`,
/// `years`, `base_level`, `end_level`, `avg_growth`, `method`, `formula`, `note`.
///
/// ```
/// use polars::prelude::*;
/// let annual = df!(
///     "region_code" => ["38"; 6],
///     "channel" => ["all"; 6],
///     "year" => [2020i32, 2021, 2022, 2023, 2024, 2025],
///     "count" => [100_000i64, 120_000, 144_000, 172_800, 207_360, 248_832],
///     "value" => [1i64, 1, 1, 1, 1, 1],
/// ).unwrap();
/// let avg = cashless::average_growth(&annual, 2021, 2025, cashless::Method::Geometric).unwrap();
/// let g = avg.column("avg_growth").unwrap().f64().unwrap().get(0).unwrap();
/// assert!((g - 0.20).abs() < 1e-12);
/// ```
pub fn average_growth(
    annual: &DataFrame,
    start: i32,
    end: i32,
    method: Method,
) -> Result<DataFrame> {
    if end < start {
        return Err(invalid_argument(say!(
            format!("giai đoạn {start}-{end} kết thúc trước khi bắt đầu"),
            format!("stage {start}-{end} ends before it starts"),
        )));
    }
    let (has_map, averages) = stage_averages(annual, start, end, method)?;
    let keys: Vec<&SeriesKey> = averages.iter().map(|(key, _, _)| key).collect();
    let height = keys.len();
    let mut columns = key_columns(has_map, &keys);
    let each = |f: &dyn Fn(&StageAverage) -> Option<i64>| -> Vec<Option<i64>> {
        averages.iter().map(|(_, _, a)| f(a)).collect()
    };
    let each_year = |f: &dyn Fn(&StageAverage) -> Option<i32>| -> Vec<Option<i32>> {
        averages.iter().map(|(_, _, a)| f(a)).collect()
    };
    columns.extend([
        Column::new(
            "metric".into(),
            averages
                .iter()
                .map(|(_, m, _)| m.name())
                .collect::<Vec<_>>(),
        ),
        Column::new("base_year".into(), each_year(&|a| Some(a.base_year))),
        Column::new("end_year".into(), each_year(&|a| a.end_year)),
        Column::new("years".into(), each_year(&|a| a.years)),
        Column::new("base_level".into(), each(&|a| a.base_level)),
        Column::new("end_level".into(), each(&|a| a.end_level)),
        Column::new(
            "avg_growth".into(),
            averages.iter().map(|(_, _, a)| a.avg).collect::<Vec<_>>(),
        ),
        Column::new("method".into(), vec![method.name(); height]),
        Column::new(
            "formula".into(),
            averages
                .iter()
                .map(|(_, _, a)| a.formula.clone())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "note".into(),
            averages
                .iter()
                .map(|(_, _, a)| a.note.as_ref().map(Words::to_string))
                .collect::<Vec<_>>(),
        ),
    ]);
    Ok(DataFrame::new(height, columns)?)
}

/// The average growth of one series and metric over a stage, as [`average_growth`] computes
/// it (method §2): the table's columns of the same names, the note kept in both languages.
#[derive(Debug, Clone, Default)]
pub(crate) struct StageAverage {
    /// The year before the stage: the level the average grows from.
    pub base_year: i32,
    /// The last year averaged over: the stage's end, or the last full year before it.
    pub end_year: Option<i32>,
    /// n, the years averaged over.
    pub years: Option<i32>,
    pub base_level: Option<i64>,
    pub end_level: Option<i64>,
    /// The average, a fraction (0.2 for 20 % a year).
    pub avg: Option<f64>,
    pub formula: Option<String>,
    /// Why there is no average, or what it rests on.
    pub note: Option<Words>,
}

/// The stage average of one series (region, map, channel) and metric.
pub(crate) type SeriesAverage = (SeriesKey, Metric, StageAverage);

/// Whether the table has a `region_map` column, and the stage average of every series of
/// `annual` and both metrics, in the table's series order (count before value).
pub(crate) fn stage_averages(
    annual: &DataFrame,
    start: i32,
    end: i32,
    method: Method,
) -> Result<(bool, Vec<SeriesAverage>)> {
    let data = AnnualSeries::read(annual)?;
    let base = start - 1;
    let mut out = Vec::with_capacity(data.series.len() * 2);
    for (key, range) in &data.series {
        let series = data.years(range);
        for m in [Metric::Count, Metric::Value] {
            let mut a = stage_average(series, m, base, end, method);
            a.base_year = base;
            a.years = a.end_year.map(|e| e - base);
            a.base_level = series.get(base).and_then(|row| row.get(m));
            a.end_level = a.end_year.and_then(|e| series.get(e)?.get(m));
            out.push((key.clone(), m, a));
        }
    }
    Ok((data.has_map, out))
}

fn stage_average(
    series: Years<'_>,
    metric: Metric,
    base: i32,
    end: i32,
    method: Method,
) -> StageAverage {
    let fail = |note: Words| StageAverage {
        note: Some(note),
        ..Default::default()
    };
    let Some(base_row) = series.get(base) else {
        return fail(say!(
            format!("không có số liệu năm gốc {base}"),
            format!("no data for base year {base}"),
        ));
    };
    if !base_row.full() {
        return fail(say!(
            format!("năm gốc {base} chưa đủ ({}/12 tháng)", base_row.months),
            format!(
                "base year {base} is partial ({} of 12 months)",
                base_row.months
            ),
        ));
    }
    let base_level = match base_row.get(metric) {
        None => {
            return fail(say!(
                format!("không có số liệu năm gốc {base}"),
                format!("no figure for base year {base}"),
            ))
        }
        Some(0) => {
            return fail(say!(
                format!("số liệu năm gốc {base} bằng 0"),
                format!("base year {base} is zero"),
            ))
        }
        Some(x) if x < 0 => {
            return fail(say!(
                format!("số liệu năm gốc {base} là số âm"),
                format!("base year {base} is negative"),
            ))
        }
        Some(x) => x,
    };
    let last_full = series
        .between(base + 1, end)
        .iter()
        .rev()
        .find(|(_, row)| row.full() && row.get(metric).is_some())
        .map(|(y, _)| *y);
    let Some(last) = last_full else {
        return fail(say!(
            format!(
                "không có năm đủ 12 tháng có số liệu trong {}–{end}",
                base + 1
            ),
            format!("no full year with data in {}-{end}", base + 1),
        ));
    };
    let n = last - base;
    let mut notes: Vec<Words> = series
        .get(last)
        .and_then(|r| r.estimate.clone())
        .into_iter()
        .collect();
    if last < end {
        let why = match series.get(end) {
            Some(row) if !row.full() => say!(
                format!("năm {end} mới có {}/12 tháng", row.months),
                format!("{end} is partial ({} of 12 months)", row.months),
            ),
            _ => say!(
                format!("năm {end} chưa có số liệu"),
                format!("{end} has no data yet"),
            ),
        };
        notes.push(say!(
            format!(
                "giai đoạn chưa kết thúc: {why}; bình quân {}–{last}, n = {n}",
                base + 1
            ),
            format!(
                "stage not complete: {why}; average over {}-{last}, n = {n}",
                base + 1
            ),
        ));
    }
    let gaps: Vec<String> = (base + 1..last)
        .filter(|&t| series.get(t).and_then(|r| r.get(metric)).is_none())
        .map(|t| t.to_string())
        .collect();
    match method {
        Method::Geometric => {
            let end_level = series
                .get(last)
                .and_then(|r| r.get(metric))
                .unwrap_or_default();
            if end_level < 0 {
                return fail(say!(
                    format!("số liệu năm {last} là số âm"),
                    format!("the figure for {last} is negative"),
                ));
            }
            if !gaps.is_empty() {
                notes.push(say!(
                    format!(
                        "không có số liệu năm {}: bình quân chỉ dựa vào năm gốc và năm {last}",
                        gaps.join(", ")
                    ),
                    format!(
                        "no data for {}: the average rests on the base year and {last} alone",
                        gaps.join(", ")
                    ),
                ));
            }
            let avg = (end_level as f64 / base_level as f64).powf(1.0 / f64::from(n)) - 1.0;
            StageAverage {
                end_year: Some(last),
                avg: Some(avg),
                formula: Some(format!("(X_{last} / X_{base})^(1/{n}) - 1")),
                note: (!notes.is_empty()).then(|| Words::joined(&notes, "; ")),
                ..Default::default()
            }
        }
        Method::Arithmetic => {
            let mut rates = Vec::new();
            for t in base + 1..=last {
                if series.get(t).is_none() {
                    return fail(say!(
                        format!("không có số liệu năm {t}: không tính được tăng trưởng năm {t}"),
                        format!("no data for {t}: no growth for {t}"),
                    ));
                }
                match yoy_in_series(series, t, metric, false) {
                    (Some(g), _) => rates.push(g),
                    (None, why) => {
                        return fail(say!(
                            format!(
                                "không tính được tăng trưởng năm {t}: {}",
                                why.clone().unwrap_or_default()
                            ),
                            format!("no growth for {t}: {}", why.clone().unwrap_or_default()),
                        ))
                    }
                }
            }
            let avg = rates.iter().sum::<f64>() / rates.len() as f64;
            notes.push(say!(
                "trung bình cộng các tốc độ hằng năm, không phải định nghĩa thống kê".into(),
                "arithmetic mean of yearly rates, not the statistical definition".into(),
            ));
            StageAverage {
                end_year: Some(last),
                avg: Some(avg),
                formula: Some(format!("mean(g_{}..g_{last})", base + 1)),
                note: Some(Words::joined(&notes, "; ")),
                ..Default::default()
            }
        }
    }
}
