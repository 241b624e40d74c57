//! Stage averages (method §2): from an annual table's levels, or from published yearly rates.

use polars::prelude::*;

use super::series::{AnnualSeries, Years};
use super::{key_columns, yoy_in_series, Method, SeriesKey};
use crate::error::{invalid_argument, Result};
use crate::keys::{gathered_column, notes_column, optional_column};
use crate::lang::{say, Words};
use crate::metrics::Metric;

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
    let data = AnnualSeries::of(annual)?;
    let averages = data.all_averages(start, end, method);
    let keys: Vec<&SeriesKey> = averages
        .iter()
        .map(|(s, _, _)| &data.series[*s].0)
        .collect();
    let (has_map, height) = (data.has_map, keys.len());
    let mut columns = key_columns(has_map, &keys)?;
    let lang = crate::lang::language();
    fn each<T: PolarsNumericType>(
        name: &str,
        averages: &[(usize, Metric, StageAverage)],
        f: impl Fn(&StageAverage) -> Option<T::Native>,
    ) -> Column {
        optional_column::<T>(name, averages.iter().map(|(_, _, a)| f(a)))
    }
    columns.extend([
        // Count and value alternate: each name written once and gathered.
        gathered_column(
            "metric",
            vec![Metric::Count.name(), Metric::Value.name()],
            averages
                .iter()
                .map(|(_, m, _)| IdxSize::from(*m == Metric::Value))
                .collect(),
        )?,
        each::<Int32Type>("base_year", &averages, |a| Some(a.base_year)),
        each::<Int32Type>("end_year", &averages, |a| a.end_year),
        each::<Int32Type>("years", &averages, |a| a.years),
        each::<Int64Type>("base_level", &averages, |a| a.base_level),
        each::<Int64Type>("end_level", &averages, |a| a.end_level),
        each::<Float64Type>("avg_growth", &averages, |a| a.avg),
        Column::new_scalar(
            "method".into(),
            Scalar::new(DataType::String, method.name().into()),
            height,
        ),
        formula_column(&averages)?,
        notes_column(
            "note",
            averages.iter().map(|(_, _, a)| a.note.as_slice()),
            lang,
        )?,
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
    /// The method that computed `avg`: none where there is no average, or where it was
    /// published rather than computed.
    pub method: Option<Method>,
    /// Why there is no average, or what it rests on.
    pub note: Option<Words>,
}

impl StageAverage {
    /// The formula `avg` was computed by, with the stage's years: `(X_2025 / X_2020)^(1/5) - 1`
    /// (geometric) or `mean(g_2021..g_2025)` (arithmetic); none where nothing was computed.
    /// Written when asked, not for each of thousands of averages a verdict reads.
    pub fn formula(&self) -> Option<String> {
        let (base, last) = (self.base_year, self.end_year?);
        match self.method? {
            Method::Geometric => Some(format!("(X_{last} / X_{base})^(1/{}) - 1", last - base)),
            Method::Arithmetic => Some(format!("mean(g_{}..g_{last})", base + 1)),
        }
    }
}

/// The `formula` column: each distinct formula written once (a table's averages mostly
/// share their years and method), the rows borrowing it.
fn formula_column(averages: &[(usize, Metric, StageAverage)]) -> Result<Column> {
    // (base year, last year, method): what a formula is written from.
    type Years = (i32, Option<i32>, Option<Method>);
    let mut written: Vec<(Years, Option<String>)> = Vec::new();
    let at: Vec<IdxSize> = averages
        .iter()
        .map(|(_, _, a)| {
            let key = (a.base_year, a.end_year, a.method);
            let at = written
                .iter()
                .position(|(k, _)| *k == key)
                .unwrap_or_else(|| {
                    written.push((key, a.formula()));
                    written.len() - 1
                });
            at as IdxSize
        })
        .collect();
    let texts: Vec<Option<&str>> = written.iter().map(|(_, f)| f.as_deref()).collect();
    gathered_column("formula", texts, at)
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
    let data = AnnualSeries::of(annual)?;
    let averages = data.all_averages(start, end, method);
    let keyed = averages
        .iter()
        .map(|(s, m, a)| (data.series[*s].0.clone(), *m, a.clone()))
        .collect();
    Ok((data.has_map, keyed))
}

/// The stage averages of the series of `data` that `keep` keeps, both metrics (count before
/// value), each with its series' index in `data.series`: a caller judging several stages,
/// or reading the last years too, reads the table once.
pub(crate) fn averages_in(
    data: &AnnualSeries,
    start: i32,
    end: i32,
    method: Method,
    keep: impl Fn(&SeriesKey) -> bool,
) -> Vec<(usize, Metric, StageAverage)> {
    let base = start - 1;
    let mut out = Vec::with_capacity(data.series.len() * 2);
    for (index, (key, range)) in data.series.iter().enumerate() {
        if !keep(key) {
            continue;
        }
        let series = data.years(range);
        for m in [Metric::Count, Metric::Value] {
            let mut a = stage_average(series, m, base, end, method);
            a.base_year = base;
            a.years = a.end_year.map(|e| e - base);
            a.base_level = series.get(base).and_then(|row| row.get(m));
            a.end_level = a.end_year.and_then(|e| series.get(e)?.get(m));
            out.push((index, m, a));
        }
    }
    out
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
        .and_then(|r| r.estimate().cloned())
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
                method: Some(Method::Geometric),
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
                method: Some(Method::Arithmetic),
                note: Some(Words::joined(&notes, "; ")),
                ..Default::default()
            }
        }
    }
}
