//! Same-period growth (tăng trưởng so với cùng kỳ): months 1..m of a year against the same
//! months of the year before. Only identical month sets are compared, so a partial year is
//! never set against a full one.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use crate::aggregate::{by_period, overflow_error, AggregateOptions, DERIVED, PERIOD_INDEX, YEAR};
use crate::calendar::Frequency;
use crate::channels::Channel;
use crate::error::{invalid_argument, Result};
use crate::growth::{key_columns, year_on_year, Growth, SeriesKey};
use crate::lang::{say, Words};
use crate::table::{CHANNEL, COUNT, REGION_CODE, REGION_MAP, VALUE};

/// Same-period growth (cùng kỳ): months 1..`through_month` of reporting year `year` against
/// the same months of the year before, per region × channel.
///
/// Only identical month sets are compared: when any of those months is missing in either
/// year, the growth is null and the note names the months. Months are counted from the start
/// of the reporting year (`options.year_start`), so with a 1 December start, month 1 is
/// December.
///
/// Columns: `region_code`, (`region_map`,) `channel`, `year`, `through_month`, `count`,
/// `value`, `count_prev`, `value_prev`, `count_growth`, `value_growth`, `count_note`,
/// `value_note`, `derived`.
///
/// ```
/// use polars::prelude::*;
/// let tx = df!(
///     "region_code" => ["38"; 4],
///     "period" => ["2024-01", "2024-02", "2025-01", "2025-02"],
///     "channel" => ["qr"; 4],
///     "count" => [10i64, 10, 15, 15],
///     "value" => [100i64, 100, 100, 300],
/// ).unwrap();
/// let opts = cashless::AggregateOptions::default();
/// let g = cashless::same_period_growth(&tx, 2025, 2, &opts).unwrap();
/// let qr = g.lazy().filter(col("channel").eq(lit("qr"))).collect().unwrap();
/// assert_eq!(qr.column("count_growth").unwrap().f64().unwrap().get(0), Some(0.5));
/// assert_eq!(qr.column("value_growth").unwrap().f64().unwrap().get(0), Some(1.0));
/// ```
pub fn same_period_growth(
    tx: &DataFrame,
    year: i32,
    through_month: u32,
    options: &AggregateOptions,
) -> Result<DataFrame> {
    let (has_map, rows) = same_period_rows(tx, year, through_month, options)?;
    let height = rows.len();
    let keys: Vec<&SeriesKey> = rows.iter().map(|(key, _)| key).collect();
    let mut columns = key_columns(has_map, &keys)?;
    let level = |i: usize| rows.iter().map(|(_, r)| r.levels[i]).collect::<Vec<_>>();
    let rate = |i: usize| {
        rows.iter()
            .map(|(_, r)| r.growth[i].rate)
            .collect::<Vec<_>>()
    };
    let note = |i: usize| {
        rows.iter()
            .map(|(_, r)| r.growth[i].note.as_ref().map(Words::to_string))
            .collect::<Vec<_>>()
    };
    columns.extend([
        Column::new(YEAR.into(), vec![year; height]),
        Column::new("through_month".into(), vec![through_month as i32; height]),
        Column::new(COUNT.into(), level(0)),
        Column::new(VALUE.into(), level(1)),
        Column::new("count_prev".into(), level(2)),
        Column::new("value_prev".into(), level(3)),
        Column::new("count_growth".into(), rate(0)),
        Column::new("value_growth".into(), rate(1)),
        Column::new("count_note".into(), note(0)),
        Column::new("value_note".into(), note(1)),
        Column::new(
            DERIVED.into(),
            rows.iter().map(|(_, r)| r.derived).collect::<Vec<_>>(),
        ),
    ]);
    Ok(DataFrame::new(height, columns)?)
}

/// The same-period figures of one series, as [`same_period_growth`] computes them.
#[derive(Debug, Clone)]
pub(crate) struct SamePeriod {
    /// Count and value of the months this year, then of the same months the year before;
    /// null when the two years' month sets differ.
    pub levels: [Option<i64>; 4],
    /// Count, then value.
    pub growth: [Growth; 2],
    /// Either year's `all` was summed from the channels.
    pub derived: bool,
}

/// Whether the table has a `region_map`, and the same-period figures of every series.
pub(crate) fn same_period_rows(
    tx: &DataFrame,
    year: i32,
    through_month: u32,
    options: &AggregateOptions,
) -> Result<(bool, Vec<(SeriesKey, SamePeriod)>)> {
    if !(1..=12).contains(&through_month) {
        return Err(invalid_argument(say!(
            format!("through_month {through_month} không phải số tháng 1–12"),
            format!("through_month {through_month} is not a month number 1-12"),
        )));
    }
    let monthly = by_period(tx, Frequency::Month, options)?;
    let has_map = monthly.schema().contains(REGION_MAP);
    let region = monthly.column(REGION_CODE)?.str()?.clone();
    let map = if has_map {
        Some(monthly.column(REGION_MAP)?.str()?.clone())
    } else {
        None
    };
    let channel = monthly.column(CHANNEL)?.str()?.clone();
    let years = monthly.column(YEAR)?.i32()?.clone();
    let index = monthly.column(PERIOD_INDEX)?.i32()?.clone();
    let count = monthly.column(COUNT)?.i64()?.clone();
    let value = monthly.column(VALUE)?.i64()?.clone();
    let derived = monthly.column(DERIVED)?.bool()?.clone();

    // key -> [this year, year before] -> (months present, count, value, derived)
    type Acc = (BTreeSet<u32>, i64, i64, bool);
    let mut acc: BTreeMap<SeriesKey, [Acc; 2]> = BTreeMap::new();
    for i in 0..monthly.height() {
        let (Some(y), Some(idx)) = (years.get(i), index.get(i)) else {
            continue;
        };
        let slot = if y == year {
            0
        } else if y == year - 1 {
            1
        } else {
            continue;
        };
        if idx as u32 > through_month {
            continue;
        }
        let key = (
            region.get(i).unwrap_or_default().into(),
            map.as_ref().and_then(|m| m.get(i).map(Into::into)),
            channel.get(i).unwrap_or_default().into(),
        );
        let too_big = || {
            let (cy, cm) = options.year_start.calendar_month(y, idx as u32);
            let channel = channel.get(i).and_then(|c| c.parse().ok());
            overflow_error(
                channel.unwrap_or(Channel::All),
                region.get(i).unwrap_or_default(),
                cy,
                cm,
            )
        };
        let (c, v) = (count.get(i).unwrap_or(0), value.get(i).unwrap_or(0));
        let a = &mut acc.entry(key).or_default()[slot];
        a.0.insert(idx as u32);
        a.1 = a.1.checked_add(c).ok_or_else(too_big)?;
        a.2 = a.2.checked_add(v).ok_or_else(too_big)?;
        a.3 |= derived.get(i).unwrap_or(false);
    }

    let ys = options.year_start;
    let missing = |present: &BTreeSet<u32>, y: i32| -> Vec<String> {
        (1..=through_month)
            .filter(|m| !present.contains(m))
            .map(|m| {
                let (cy, cm) = ys.calendar_month(y, m);
                format!("{cy}-{cm:02}")
            })
            .collect()
    };
    let mut out = Vec::with_capacity(acc.len());
    for (key, [cur, prev]) in acc {
        let mut gaps = Vec::new();
        for (a, y) in [(&cur, year), (&prev, year - 1)] {
            let m = missing(&a.0, y).join(", ");
            if !m.is_empty() {
                gaps.push(say!(
                    format!("năm {y} thiếu tháng {m}"),
                    format!("months missing in {y}: {m}"),
                ));
            }
        }
        let complete = gaps.is_empty();
        let levels = [cur.1, cur.2, prev.1, prev.2].map(|v| complete.then_some(v));
        let growth = [(cur.1, prev.1), (cur.2, prev.2)].map(|(c, p)| {
            if !complete {
                let gaps = Words::joined(&gaps, "; ");
                return Growth {
                    rate: None,
                    note: Some(say!(
                        format!("{gaps}; chỉ so sánh khi hai năm có cùng các tháng"),
                        format!("{gaps}; only identical month sets are compared"),
                    )),
                };
            }
            match year_on_year(Some(c), Some(p)) {
                Ok(g) => Growth {
                    rate: Some(g),
                    note: (cur.3 != prev.3).then(|| {
                        say!(
                            "lưu ý: tổng TTKDTM một năm cộng từ các kênh, năm kia do ngân hàng \
                             báo cáo"
                                .into(),
                            "caveat: `all` derived in one year and reported in the other".into(),
                        )
                    }),
                },
                Err(why) => {
                    let before = year - 1;
                    Growth {
                        rate: None,
                        note: Some(say!(
                            format!("{why} (năm {year} so với năm {before})"),
                            format!("{why} ({year} against {before})"),
                        )),
                    }
                }
            }
        });
        let derived = cur.3 || prev.3;
        out.push((
            key,
            SamePeriod {
                levels,
                growth,
                derived,
            },
        ));
    }
    Ok((has_map, out))
}
