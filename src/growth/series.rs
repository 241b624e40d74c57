//! An annual table read into series: the years of each region, map and channel, ascending,
//! with what the growth rules need of each year (levels, months, derived, estimated).

use std::cmp::Ordering;
use std::sync::Arc;

use polars::prelude::*;
use polars_arrow::array::{Utf8ViewArray, View};
use polars_arrow::datatypes::ArrowDataType;

use super::SeriesKey;
use crate::aggregate::{DERIVED, YEAR};
use crate::error::{Error, Result};
use crate::keys::{code_order, Interned};
use crate::lang::{say, Words};
use crate::metrics::Metric;
use crate::table::{self, require, CHANNEL, COUNT, REGION_CODE, REGION_MAP, VALUE};

/// One row of an annual table, read for growth computations.
#[derive(Debug, Clone)]
pub(crate) struct YearRow {
    pub(super) count: Option<i64>,
    pub(super) value: Option<i64>,
    /// Months of the year in the data.
    pub(crate) months: i32,
    pub(super) derived: bool,
    /// Its estimate and note, boxed: few rows have them, and every row is read.
    notes: Option<Box<RowNotes>>,
}

/// What an annual row says of an estimate.
#[derive(Debug, Clone)]
struct RowNotes {
    /// The basis of an estimated full year ([`crate::estimate`]): such a row counts as whole.
    estimate: Option<Words>,
    /// The row's `estimate_note`: the basis of its estimate, or why a partial year was not
    /// estimated.
    note: Option<Words>,
}

impl YearRow {
    pub(super) fn get(&self, metric: Metric) -> Option<i64> {
        match metric {
            Metric::Count => self.count,
            Metric::Value => self.value,
        }
    }
    /// Whole, not estimated and of the same kind (reported or derived) as `other`, which is
    /// too: growth between the two has no caveat ([`super::yoy_years`] finds none).
    pub(super) fn plain_with(&self, other: &YearRow) -> bool {
        self.months >= 12
            && other.months >= 12
            && self.notes.is_none()
            && other.notes.is_none()
            && self.derived == other.derived
    }

    pub(super) fn full(&self) -> bool {
        self.months >= 12 || self.estimate().is_some()
    }

    /// The basis of an estimated full year ([`crate::estimate`]): such a row counts as whole.
    pub(crate) fn estimate(&self) -> Option<&Words> {
        self.notes.as_ref()?.estimate.as_ref()
    }

    /// The row's `estimate_note`: the basis of its estimate, or why a partial year was not
    /// estimated.
    pub(crate) fn note(&self) -> Option<&Words> {
        self.notes.as_ref()?.note.as_ref()
    }
}

/// The years of one series, ascending.
#[derive(Clone, Copy)]
pub(crate) struct Years<'a>(&'a [(i32, YearRow)]);

impl<'a> Years<'a> {
    #[inline]
    pub(crate) fn get(self, year: i32) -> Option<&'a YearRow> {
        Some(&self.0[self.position(year)?].1)
    }

    /// Where `year` is among the series' years.
    #[inline]
    pub(super) fn position(self, year: i32) -> Option<usize> {
        // Years ascend strictly, so a year is never further from the first than its distance
        // in years; and they mostly follow one another, so it is mostly just there. Stage
        // averages ask for ten years a series, and searching for each was a tenth of them.
        let first = self.0.first()?.0;
        let at = usize::try_from(i64::from(year) - i64::from(first)).ok()?;
        match self.0.get(at) {
            Some((y, _)) if *y == year => Some(at),
            _ => self.0[..at.min(self.0.len())]
                .binary_search_by_key(&year, |(y, _)| *y)
                .ok(),
        }
    }

    /// The `at`-th year of the series, and its row.
    pub(super) fn at(self, at: usize) -> (i32, &'a YearRow) {
        let (year, row) = &self.0[at];
        (*year, row)
    }

    /// The years from `from` to `to`, both included.
    pub(super) fn between(self, from: i32, to: i32) -> &'a [(i32, YearRow)] {
        let lo = self.0.partition_point(|(y, _)| *y < from);
        let hi = self.0.partition_point(|(y, _)| *y <= to);
        &self.0[lo..hi.max(lo)]
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = i32> + 'a {
        self.0.iter().map(|(y, _)| *y)
    }
}

/// Annual rows grouped into series, years ascending: read once, then every rule that reads
/// series (year on year, stage averages, the stage's last year) reads them.
pub(crate) struct AnnualSeries {
    pub(super) has_map: bool,
    /// Input row numbers in the order of `rows` (by region, map, channel and year); `None`
    /// when the input is in that order already, as [`crate::annual`] gives it.
    pub(super) order: Option<Vec<IdxSize>>,
    pub(super) rows: Vec<(i32, YearRow)>,
    /// Each series' key and its rows' range in `rows`, series sorted by key.
    pub(crate) series: Vec<(SeriesKey, std::ops::Range<usize>)>,
}

impl AnnualSeries {
    /// Reads `annual` into series ([`AnnualSeries::of`] keeps the last table read).
    pub(super) fn read(annual: &DataFrame) -> Result<Self> {
        let src = table::IN_MEMORY;
        let text = |name: &str| -> Result<StringChunked> {
            Ok(table::text_column(annual, src, name)?.str()?.clone())
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
        let months = crate::aggregate::months_of(annual)?;
        let derived: Vec<bool> = match annual.column(DERIVED) {
            Ok(d) => table::flags(d.bool()?),
            Err(_) => vec![false; annual.height()],
        };
        let notes = estimates(annual)?;
        let year = year.i32()?;
        if year.null_count() > 0 {
            let row = year.iter().position(|y| y.is_none()).unwrap_or_default();
            return Err(Error::InvalidValue {
                location: crate::Location::new(src, row, YEAR, "null").into(),
                reason: say!("bị thiếu".into(), "is missing".into()),
            });
        }
        let years: Vec<i32> = year.into_no_null_iter().collect();
        // Each column cut to the table's length: a row's reads then need no bounds check.
        let n = years.len();
        let (count, value, months, derived) =
            (&count[..n], &value[..n], &months[..n], &derived[..n]);
        let row = |i: usize| YearRow {
            count: count[i],
            value: value[i],
            months: months[i],
            derived: derived[i],
            notes: notes.as_ref().and_then(|(estimate, note)| {
                (estimate[i].is_some() || note[i].is_some()).then(|| {
                    Box::new(RowNotes {
                        estimate: estimate[i].clone(),
                        note: note[i].clone(),
                    })
                })
            }),
        };
        // A table from `annual` comes in order: its series are its runs, read as they are.
        if let Some(series) = runs_in_order(&region, map.as_ref(), &channel, &years) {
            let rows = (0..years.len()).map(|i| (years[i], row(i))).collect();
            return Ok(Self {
                has_map,
                order: None,
                rows,
                series,
            });
        }
        // Each name shared by the keys of its series.
        let interned = |ca: &StringChunked| {
            let i = Interned::of(ca);
            let shared = i.names.iter().map(|n| Arc::from(n.as_str())).collect();
            (i, shared)
        };
        let region = interned(&region);
        let channel = interned(&channel);
        let map = map.as_ref().map(interned);
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
        let (region_rank, channel_rank) = (ranks(&region.0), ranks(&channel.0));
        let map_rank = map.as_ref().map(|(m, _)| (m, ranks(m)));
        // Each row's series (region, map, channel ranks) and year, computed once.
        let keys: Vec<((u32, u32, u32), i32)> = (0..annual.height())
            .map(|i| {
                let m = map_rank
                    .as_ref()
                    .map_or(0, |(map, rank)| rank[map.index[i] as usize]);
                let series = (
                    region_rank[region.0.index[i] as usize],
                    m,
                    channel_rank[channel.0.index[i] as usize],
                );
                (series, years[i])
            })
            .collect();
        let key = |i: usize| keys[i].0;
        let mut order: Vec<usize> = (0..annual.height()).collect();
        // Stable: rows with the same key and year keep their input order, so the first
        // repeated one below is the one a scan in input order would meet first.
        order.sort_by_key(|&i| keys[i]);
        let repeated = order
            .windows(2)
            .filter(|w| keys[w[0]] == keys[w[1]])
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
        let rows: Vec<(i32, YearRow)> = order.iter().map(|&i| (years[i], row(i))).collect();
        let mut series: Vec<(SeriesKey, std::ops::Range<usize>)> = Vec::new();
        for (at, &i) in order.iter().enumerate() {
            if at > 0 && key(order[at - 1]) == key(i) {
                if let Some(last) = series.last_mut() {
                    last.1.end = at + 1;
                }
                continue;
            }
            let name = |(i, shared): &(Interned, Vec<Arc<str>>), row: usize| {
                Arc::clone(&shared[i.index[row] as usize])
            };
            let series_key = (
                name(&region, i),
                map.as_ref().map(|m| name(m, i)),
                name(&channel, i),
            );
            series.push((series_key, at..at + 1));
        }
        Ok(Self {
            has_map,
            order: Some(order.into_iter().map(|i| i as IdxSize).collect()),
            rows,
            series,
        })
    }

    pub(crate) fn years(&self, range: &std::ops::Range<usize>) -> Years<'_> {
        Years(&self.rows[range.clone()])
    }
}

/// The series of a table whose rows are in series order already (region, map, channel, each
/// ascending, then years strictly ascending), each a run of rows; `None` for a table that is
/// not, which is sorted instead. Neighbouring rows are compared, no string is hashed: reading
/// a 43,200-row table into series cost a hash a row and a sort, three times a report.
fn runs_in_order(
    region: &StringChunked,
    map: Option<&StringChunked>,
    channel: &StringChunked,
    years: &[i32],
) -> Option<Vec<(SeriesKey, std::ops::Range<usize>)>> {
    // One array a column (a table from `annual` has one already), read by its views.
    let array = |ca: &StringChunked| -> Utf8ViewArray {
        let ca = ca.rechunk();
        ca.downcast_iter()
            .next()
            .cloned()
            .unwrap_or_else(|| Utf8ViewArray::new_empty(ArrowDataType::Utf8View))
    };
    let (region, channel) = (array(region), array(channel));
    let map = map.map(array);
    // Equal views are equal strings (the same inline bytes, or the same bytes in the same
    // buffer): most rows continue their series and are told so without reading a string.
    let (region_views, channel_views) = (region.views().as_slice(), channel.views().as_slice());
    let map_views = map.as_ref().map(|m| m.views().as_slice());
    let same = |c: &[View], i: usize| c[i].as_u128() == c[i - 1].as_u128();
    let same_views = |i: usize| {
        same(region_views, i) && same(channel_views, i) && map_views.is_none_or(|m| same(m, i))
    };
    let key = |i: usize| {
        (
            region.value(i),
            map.as_ref().map_or("", |m| m.value(i)),
            channel.value(i),
        )
    };
    // Names made once and shared: a series' region is mostly the one before's, and a
    // table has a handful of channels. Looked up by view, so no string is compared, among
    // the last few made: a region does not come back once passed, and looking through every
    // region made for each new one cost more than the rest of the read.
    const RECENT: usize = 16;
    let mut names: [Vec<(u128, Arc<str>)>; 3] = Default::default();
    let shared =
        |names: &mut Vec<(u128, Arc<str>)>, column: &Utf8ViewArray, row: usize, text: &str| {
            let view = column.views()[row].as_u128();
            if let Some((_, name)) = names.iter().rev().take(RECENT).find(|(v, _)| *v == view) {
                return Arc::clone(name);
            }
            let name: Arc<str> = Arc::from(text);
            names.push((view, Arc::clone(&name)));
            name
        };
    let mut series: Vec<(SeriesKey, std::ops::Range<usize>)> = Vec::new();
    for i in 0..years.len() {
        let order = if i == 0 {
            Ordering::Less
        } else if same_views(i) {
            Ordering::Equal
        } else {
            let (before, now) = (key(i - 1), key(i));
            code_order(before.0, now.0)
                .then_with(|| code_order(before.1, now.1))
                .then_with(|| code_order(before.2, now.2))
        };
        match order {
            Ordering::Greater => return None,
            Ordering::Equal if years[i] <= years[i - 1] => return None,
            Ordering::Equal => {
                if let Some((_, rows)) = series.last_mut() {
                    rows.end = i + 1;
                }
                continue;
            }
            Ordering::Less => {}
        }
        let (r, m, c) = key(i);
        let key = (
            shared(&mut names[0], &region, i, r),
            map.as_ref().map(|map| shared(&mut names[1], map, i, m)),
            shared(&mut names[2], &channel, i, c),
        );
        series.push((key, i..i + 1));
    }
    Some(series)
}

/// Each row's estimate basis (its `estimate_note` where `estimate` names a method, else the
/// method's name), and its `estimate_note` as it is; `None` for a table without notes.
#[allow(clippy::type_complexity)]
pub(super) fn estimates(
    annual: &DataFrame,
) -> Result<Option<(Vec<Option<Words>>, Vec<Option<Words>>)>> {
    use crate::estimate::{ESTIMATE, ESTIMATE_NOTE};
    // An `estimate` column is read with its notes, which give each estimate's basis.
    let Ok(notes) = annual.column(ESTIMATE_NOTE) else {
        return Ok(None);
    };
    let notes: Vec<Option<Words>> = notes.str()?.iter().map(|n| n.map(Words::same)).collect();
    let bases = match annual.column(ESTIMATE) {
        Ok(method) => method
            .str()?
            .iter()
            .zip(&notes)
            .map(|(m, n)| m.map(|m| n.clone().unwrap_or_else(|| Words::same(m))))
            .collect(),
        Err(_) => vec![None; annual.height()],
    };
    Ok(Some((bases, notes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_found_where_years_follow_and_across_a_gap() {
        let row = |months| YearRow {
            count: Some(1),
            value: Some(1),
            months,
            derived: false,
            notes: None,
        };
        // 2023 and 2024 missing: 2025 sits two places before its distance from 2020.
        let rows: Vec<(i32, YearRow)> = [2020, 2021, 2022, 2025, 2026]
            .into_iter()
            .map(|y| (y, row(12)))
            .collect();
        let years = Years(&rows);
        let found: Vec<(i32, Option<usize>)> =
            (2018..=2028).map(|y| (y, years.position(y))).collect();
        let expected = [
            (2018, None),
            (2019, None),
            (2020, Some(0)),
            (2021, Some(1)),
            (2022, Some(2)),
            (2023, None),
            (2024, None),
            (2025, Some(3)),
            (2026, Some(4)),
            (2027, None),
            (2028, None),
        ];
        assert_eq!(found, expected);
        assert_eq!(Years(&[]).position(2020), None);
    }
}
