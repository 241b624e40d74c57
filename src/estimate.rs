//! The estimated full year (ước thực hiện cả năm), method §2: the figure a report gives for a
//! year that its data cut-off ends early. Thanh Hóa's final 2021–2025 report has data to
//! 31/10/2025, so 2025 has 11 of its 12 months; the analyst judges the stage on an estimate of
//! the whole of 2025, always labelled as one.
//!
//! - By the same period ([`Estimate::SamePeriod`], the usual way): last year's total scaled by
//!   this year's growth on the same months, `X̂_t = X_{t−1} · X_t^{S} / X_{t−1}^{S}`, where `S`
//!   is the set of months of `t` in the data (a month missing from `t` is left out on both
//!   sides, so identical month sets are compared).
//! - By the run rate ([`Estimate::RunRate`]): `X̂_t = X_t^{S} · 12 / |S|`. It ignores seasonality
//!   (Tết, the year-end peak), which every output that uses it says.
//!
//! Estimates are rounded to the nearest whole món or đồng, computed in exact integer
//! arithmetic. A year with fewer months than the threshold ([`MIN_MONTHS`] by default: half a
//! year) is not estimated, and the row says why.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use polars::prelude::*;

use crate::aggregate::{annual, by_period, AggregateOptions, MONTHS, PERIOD_INDEX, YEAR};
use crate::calendar::Frequency;
use crate::error::{invalid_argument, Error, Result};
use crate::lang::{say, Words};
use crate::table::{CHANNEL, COUNT, REGION_CODE, REGION_MAP, VALUE};

/// `estimate` column of an annual table: the method of an estimated row, null elsewhere.
pub const ESTIMATE: &str = "estimate";
/// `estimate_note` column: the basis of an estimate, or why a partial year was not estimated.
pub const ESTIMATE_NOTE: &str = "estimate_note";
/// Months of data below which a year is not estimated: half a year.
pub const MIN_MONTHS: u32 = 6;

/// How a year that the cut-off ends early is completed.
///
/// ```
/// use cashless::estimate::Estimate;
/// assert_eq!("same_period".parse::<Estimate>().unwrap(), Estimate::SamePeriod);
/// assert_eq!("none".parse::<Estimate>().unwrap(), Estimate::None);
/// assert_eq!(Estimate::RunRate.name(), "run_rate");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Estimate {
    /// No estimate: a partial year stays partial, and a stage that ends in it is not judged.
    #[default]
    None,
    /// Last year's total × this year's growth on the same months.
    SamePeriod,
    /// The months in the data × 12 / their number.
    RunRate,
}

impl Estimate {
    /// `none`, `same_period` or `run_rate`.
    pub fn name(self) -> &'static str {
        match self {
            Estimate::None => "none",
            Estimate::SamePeriod => "same_period",
            Estimate::RunRate => "run_rate",
        }
    }

    /// How the estimate is described in a note: `ước tính theo cùng kỳ, 11 tháng`.
    ///
    /// ```
    /// use cashless::estimate::Estimate;
    /// use cashless::lang::Lang;
    /// let basis = Estimate::SamePeriod.basis(2025, 11);
    /// assert_eq!(basis.get(Lang::Vi), "2025: ước tính theo cùng kỳ, 11 tháng");
    /// assert_eq!(basis.get(Lang::En), "2025: estimated by the same period, 11 months");
    /// ```
    pub fn basis(self, year: i32, months: u32) -> Words {
        match self {
            Estimate::None => Words::default(),
            Estimate::SamePeriod => say!(
                format!("{year}: ước tính theo cùng kỳ, {months} tháng"),
                format!("{year}: estimated by the same period, {months} months"),
            ),
            Estimate::RunRate => say!(
                format!(
                    "{year}: ước tính theo bình quân tháng × 12, {months} tháng \
                     (không tính yếu tố mùa vụ)"
                ),
                format!(
                    "{year}: estimated by the run rate × 12/{months}, {months} months \
                     (seasonality not taken into account)"
                ),
            ),
        }
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Estimate {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().replace('-', "_").as_str() {
            "none" | "" => Ok(Estimate::None),
            "same_period" | "cung_ky" => Ok(Estimate::SamePeriod),
            "run_rate" => Ok(Estimate::RunRate),
            other => Err(invalid_argument(say!(
                format!(
                    "cách ước tính {other:?} không có: \"same_period\" (theo cùng kỳ), \
                     \"run_rate\" (bình quân tháng × 12) hoặc \"none\""
                ),
                format!(
                    "estimate {other:?} is not known: \"same_period\", \"run_rate\" or \"none\""
                ),
            ))),
        }
    }
}

/// One series' months of the year estimated and of the year before: month index → figures.
type Months = BTreeMap<u32, (i64, i64)>;

/// Region, map, channel.
type Key = (String, Option<String>, String);

/// A count or value column, row by row.
type Figures = Vec<Option<i64>>;

/// The annual table of `tx` (as [`annual`] gives it) with reporting year `year` estimated in
/// full where the data has only part of it.
///
/// Rows of `year` with fewer than 12 months get estimated `count` and `value`, their
/// `months` and `partial` left as the data has them, and two more columns say so:
/// `estimate` (the method's name) and `estimate_note` (its basis, `2025: ước tính theo cùng
/// kỳ, 11 tháng`). A partial row that cannot be estimated keeps its figures, a null
/// `estimate` and a note saying why (fewer than `min_months` months; for the same period, a
/// year before that is not complete or is zero on those months). Growth and stage averages
/// ([`crate::growth()`], [`crate::average_growth`]) take an estimated row as a whole year and
/// carry its note.
///
/// ```
/// use polars::prelude::*;
/// use cashless::estimate::{estimate_year, Estimate};
/// let months: Vec<String> = (1..=12).map(|m| format!("2024-{m:02}"))
///     .chain((1..=11).map(|m| format!("2025-{m:02}"))).collect();
/// let n = months.len();
/// let tx = df!(
///     "region_code" => vec!["38"; n],
///     "period" => months,
///     "channel" => vec!["mobile"; n],
///     "count" => (0..n).map(|i| if i < 12 { 10i64 } else { 12 }).collect::<Vec<_>>(),
///     "value" => vec![100i64; n],
/// ).unwrap();
/// let opts = cashless::AggregateOptions::default();
/// let est = estimate_year(&tx, 2025, Estimate::SamePeriod, 6, &opts).unwrap();
/// let y2025 = est.lazy().filter(col("year").eq(lit(2025)).and(col("channel").eq(lit("mobile")))).collect().unwrap();
/// // 120 × 132 / 110 = 144; 1,200 × 1,100 / 1,100 = 1,200.
/// assert_eq!(y2025.column("count").unwrap().i64().unwrap().get(0), Some(144));
/// assert_eq!(y2025.column("value").unwrap().i64().unwrap().get(0), Some(1_200));
/// assert_eq!(y2025.column("estimate").unwrap().str().unwrap().get(0), Some("same_period"));
/// ```
pub fn estimate_year(
    tx: &DataFrame,
    year: i32,
    method: Estimate,
    min_months: u32,
    options: &AggregateOptions,
) -> Result<DataFrame> {
    let years = annual(tx, options)?;
    let height = years.height();
    let mut estimate: Vec<Option<&'static str>> = vec![None; height];
    let mut note: Vec<Option<String>> = vec![None; height];
    if method == Estimate::None {
        return with_columns(years, None, estimate, note);
    }
    let keys = keys(&years)?;
    let yr = years.column(YEAR)?.i32()?.clone();
    let months = years.column(MONTHS)?.i32()?.clone();
    let (mut count, mut value) = (ints(&years, COUNT)?, ints(&years, VALUE)?);
    let partial: Vec<usize> = (0..height)
        .filter(|&i| yr.get(i) == Some(year) && months.get(i).is_some_and(|m| m < 12))
        .collect();
    if partial.is_empty() {
        return with_columns(years, None, estimate, note);
    }
    let by_month = monthly(tx, year, options)?;
    // The year before, per series, as a whole year of the annual table.
    let mut before: HashMap<&Key, (Option<i64>, Option<i64>, i32)> = HashMap::new();
    for i in 0..height {
        if yr.get(i) == Some(year - 1) {
            before.insert(&keys[i], (count[i], value[i], months.get(i).unwrap_or(0)));
        }
    }
    let empty = [Months::new(), Months::new()];
    for i in partial {
        let [now, prev] = by_month.get(&keys[i]).unwrap_or(&empty);
        let m = now.len() as u32;
        let outcome = if m < min_months {
            Err(say!(
                format!(
                    "năm {year} chỉ có {m} tháng số liệu, cần ít nhất {min_months} tháng \
                     để ước tính cả năm: không ước tính"
                ),
                format!(
                    "{year} has {m} months of data; an estimate of the full year needs at \
                     least {min_months}: not estimated"
                ),
            ))
        } else {
            match method {
                Estimate::SamePeriod => same_period(now, prev, before.get(&keys[i]).copied(), year),
                _ => run_rate(now, year),
            }
        };
        match outcome {
            Ok((c, v)) => {
                count[i] = Some(c);
                value[i] = Some(v);
                estimate[i] = Some(method.name());
                let mut basis = method.basis(year, m);
                let gaps = missing_months(now, year, options);
                if !gaps.is_empty() {
                    basis = basis.and(&say!(
                        format!(" (thiếu tháng {gaps}, trừ ra ở cả hai năm)"),
                        format!(" (months missing: {gaps}, left out of both years)"),
                    ));
                }
                note[i] = Some(basis.to_string());
            }
            Err(why) => note[i] = Some(why.to_string()),
        }
    }
    let figures = Some((count, value));
    with_columns(years, figures, estimate, note)
}

/// Months 1..12 of `year` absent from `now` before its last month, as `2025-05, 2025-07`.
fn missing_months(now: &Months, year: i32, options: &AggregateOptions) -> String {
    let last = now.keys().next_back().copied().unwrap_or(0);
    (1..last)
        .filter(|m| !now.contains_key(m))
        .map(|m| {
            let (y, cm) = options.year_start.calendar_month(year, m);
            format!("{y}-{cm:02}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn same_period(
    now: &Months,
    prev: &Months,
    before: Option<(Option<i64>, Option<i64>, i32)>,
    year: i32,
) -> std::result::Result<(i64, i64), Words> {
    let last = year - 1;
    let not_whole = || {
        say!(
            format!("năm {last} không đủ 12 tháng: không ước tính theo cùng kỳ được"),
            format!("{last} is not a whole year in the data: no same-period estimate"),
        )
    };
    let Some((Some(count_before), Some(value_before), 12)) = before else {
        return Err(not_whole());
    };
    let mut sums = [0i64; 4];
    for (m, (c, v)) in now {
        let Some((pc, pv)) = prev.get(m) else {
            return Err(not_whole());
        };
        for (slot, x) in sums.iter_mut().zip([*c, *v, *pc, *pv]) {
            *slot = slot.checked_add(x).ok_or_else(|| too_big(year))?;
        }
    }
    let [c, v, pc, pv] = sums;
    let scaled = |whole: i64, now: i64, then: i64, what: &Words| {
        if then <= 0 {
            return Err(say!(
                format!(
                    "{what} của các tháng ấy năm {last} bằng 0: không ước tính theo cùng kỳ được"
                ),
                format!("{what} of the same months of {last} is zero: no same-period estimate"),
            ));
        }
        rounded(i128::from(whole) * i128::from(now), i128::from(then)).ok_or_else(|| too_big(year))
    };
    Ok((
        scaled(
            count_before,
            c,
            pc,
            &say!("số lượng".into(), "the count".into()),
        )?,
        scaled(
            value_before,
            v,
            pv,
            &say!("giá trị".into(), "the value".into()),
        )?,
    ))
}

fn run_rate(now: &Months, year: i32) -> std::result::Result<(i64, i64), Words> {
    let (mut c, mut v) = (0i128, 0i128);
    for (mc, mv) in now.values() {
        c += i128::from(*mc);
        v += i128::from(*mv);
    }
    let m = now.len() as i128;
    let c = rounded(c * 12, m).ok_or_else(|| too_big(year))?;
    let v = rounded(v * 12, m).ok_or_else(|| too_big(year))?;
    Ok((c, v))
}

/// `num / den` rounded half away from zero, if it fits an `i64` (`den > 0`).
fn rounded(num: i128, den: i128) -> Option<i64> {
    let q = num.checked_mul(2)?.checked_add(num.signum() * den)? / (2 * den);
    i64::try_from(q).ok()
}

fn too_big(year: i32) -> Words {
    say!(
        format!("ước tính năm {year} vượt quá phạm vi số nguyên 64 bit"),
        format!("the estimate of {year} is beyond the range of a 64-bit integer"),
    )
}

fn ints(df: &DataFrame, name: &str) -> Result<Figures> {
    Ok(df.column(name)?.i64()?.iter().collect())
}

fn keys(df: &DataFrame) -> Result<Vec<Key>> {
    let region = df.column(REGION_CODE)?.str()?.clone();
    let channel = df.column(CHANNEL)?.str()?.clone();
    let map = match df.column(REGION_MAP) {
        Ok(m) => Some(m.str()?.clone()),
        Err(_) => None,
    };
    Ok((0..df.height())
        .map(|i| {
            (
                region.get(i).unwrap_or_default().to_string(),
                map.as_ref().and_then(|m| m.get(i).map(str::to_string)),
                channel.get(i).unwrap_or_default().to_string(),
            )
        })
        .collect())
}

/// Each series' months of `year` and of the year before.
fn monthly(
    tx: &DataFrame,
    year: i32,
    options: &AggregateOptions,
) -> Result<HashMap<Key, [Months; 2]>> {
    let months = by_period(tx, Frequency::Month, options)?;
    let keys = keys(&months)?;
    let yr = months.column(YEAR)?.i32()?.clone();
    let index = months.column(PERIOD_INDEX)?.i32()?.clone();
    let (count, value) = (ints(&months, COUNT)?, ints(&months, VALUE)?);
    let mut out: HashMap<Key, [Months; 2]> = HashMap::new();
    for (i, key) in keys.into_iter().enumerate() {
        let slot = match yr.get(i) {
            Some(y) if y == year => 0,
            Some(y) if y == year - 1 => 1,
            _ => continue,
        };
        let (Some(m), Some(c), Some(v)) = (index.get(i), count[i], value[i]) else {
            continue;
        };
        out.entry(key).or_default()[slot].insert(m as u32, (c, v));
    }
    Ok(out)
}

fn with_columns(
    mut years: DataFrame,
    figures: Option<(Figures, Figures)>,
    estimate: Vec<Option<&'static str>>,
    note: Vec<Option<String>>,
) -> Result<DataFrame> {
    if let Some((count, value)) = figures {
        years.with_column(Column::new(COUNT.into(), count))?;
        years.with_column(Column::new(VALUE.into(), value))?;
    }
    years.with_column(Column::new(ESTIMATE.into(), estimate))?;
    years.with_column(Column::new(ESTIMATE_NOTE.into(), note))?;
    Ok(years)
}
