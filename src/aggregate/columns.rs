//! The columns [`super::pass`] reads, its table of days, and the plan it follows.

use polars::prelude::*;
use polars_arrow::array::{Utf8ViewArray, View};
use polars_arrow::types::NativeType;

use crate::calendar::{civil_from_days, days_from_civil, Frequency, YearStart};
use crate::channels::Channel;
use crate::error::Result;
use crate::keys::{Dictionary, Recent};
use crate::table::{self, BANK, CHANNEL, COUNT, PERIOD, REGION_CODE, REGION_MAP, VALUE};

/// What the pass needs to know about the aggregation.
pub(super) struct Plan<'a> {
    pub frequency: Frequency,
    pub year_start: YearStart,
    /// Channels summed into a derived `all`; `None` when `all` is not derived.
    pub derive: Option<&'a [Channel]>,
}

/// The columns in canonical types, with no missing values, chunked as they came: joining the
/// chunks of a table read from Parquet copies more bytes than the pass reads.
pub(super) struct Columns {
    pub region: StringChunked,
    pub map: Option<StringChunked>,
    pub bank: Option<StringChunked>,
    pub channel: StringChunked,
    pub days: Int32Chunked,
    pub count: Int64Chunked,
    pub value: Int64Chunked,
}

impl Columns {
    /// The columns of `tx`, converted by the canonical readers where they are not already in
    /// canonical types. Their errors (a wrong type, a missing value) are the caller's errors.
    pub fn of(tx: &DataFrame) -> Result<Self> {
        let src = table::IN_MEMORY;
        let text = |name: &str| -> Result<StringChunked> {
            Ok(table::text_column(tx, src, name)?.str()?.clone())
        };
        let optional = |name: &str| -> Result<Option<StringChunked>> {
            tx.schema().contains(name).then(|| text(name)).transpose()
        };
        let period = || -> Result<Column> {
            let period = table::require(tx, src, PERIOD)?;
            Ok(match period.dtype() {
                DataType::Date if period.null_count() == 0 => period.clone(),
                _ => table::period_column(tx, src)?,
            })
        };
        let amount = |name: &str| -> Result<Int64Chunked> {
            let column = table::require(tx, src, name)?;
            let column = match column.dtype() {
                DataType::Int64 if column.null_count() == 0 => column.clone(),
                _ => table::amount_column(tx, src, name)?,
            };
            Ok(column.i64()?.clone())
        };
        // In the order of `table::checked`, so that a table with several faults gets the
        // same first error from both.
        let region = text(REGION_CODE)?;
        let days = period()?.date()?.physical().clone();
        let channel = text(CHANNEL)?;
        let count = amount(COUNT)?;
        let value = amount(VALUE)?;
        Ok(Self {
            region,
            bank: optional(BANK)?,
            map: optional(REGION_MAP)?,
            channel,
            days,
            count,
            value,
        })
    }

    /// The rows at which some column's chunk starts. A block of rows that crosses none is one
    /// slice of one chunk in every column.
    pub fn chunk_starts(&self) -> Vec<usize> {
        let text = [Some(&self.region), self.map.as_ref(), self.bank.as_ref()];
        let mut starts: Vec<usize> = text
            .into_iter()
            .flatten()
            .chain([&self.channel])
            .flat_map(|ca| Starts::of(ca.chunk_lengths()).0)
            .chain(Starts::of(self.days.chunk_lengths()).0)
            .chain(Starts::of(self.count.chunk_lengths()).0)
            .chain(Starts::of(self.value.chunk_lengths()).0)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    }
}

/// The row at which each chunk of a column starts.
struct Starts(Vec<usize>);

impl Starts {
    fn of(lengths: impl Iterator<Item = usize>) -> Self {
        Self(
            lengths
                .scan(0, |at, n| {
                    let start = *at;
                    *at += n;
                    Some(start)
                })
                .collect(),
        )
    }

    /// The chunk holding `row` (empty chunks passed over), and the row's index in it.
    fn find(&self, row: usize) -> (usize, usize) {
        let chunk = self.0.partition_point(|&s| s <= row) - 1;
        (chunk, row - self.0[chunk])
    }
}

/// A numeric column without missing values, read in place chunk by chunk.
pub(super) struct Numbers<'a, T> {
    chunks: Vec<&'a [T]>,
    starts: Starts,
}

impl<'a, T: NativeType> Numbers<'a, T> {
    pub fn new<P: PolarsNumericType<Native = T>>(ca: &'a ChunkedArray<P>) -> Self {
        Self {
            chunks: ca.downcast_iter().map(|a| a.values().as_slice()).collect(),
            starts: Starts::of(ca.chunk_lengths()),
        }
    }

    /// Rows `start..start + n`, which lie in one chunk.
    pub fn rows(&self, start: usize, n: usize) -> &'a [T] {
        let (chunk, local) = self.starts.find(start);
        &self.chunks[chunk][local..local + n]
    }
}

/// A string column's chunks, and the dictionary its rows are interned into.
pub(super) struct Text<'a> {
    /// The column's chunks (none when the column is absent).
    chunks: Vec<&'a Utf8ViewArray>,
    starts: Starts,
    pub dictionary: Dictionary,
    /// The chunk of the block being read, and the block's first row in it.
    chunk: usize,
    block_start: usize,
    /// The last view looked up, in that chunk, and its id.
    last: Recent,
}

impl<'a> Text<'a> {
    pub fn new(ca: Option<&'a StringChunked>) -> Self {
        let mut dictionary = Dictionary::default();
        if ca.is_none() {
            // An absent column reads as one empty name, as the canonical readers keep it.
            dictionary.id("");
        }
        Self {
            chunks: ca.map_or(vec![], |ca| ca.downcast_iter().collect()),
            starts: Starts::of(ca.into_iter().flat_map(|ca| ca.chunk_lengths())),
            dictionary,
            chunk: 0,
            block_start: 0,
            last: Recent::default(),
        }
    }

    pub fn is_absent(&self) -> bool {
        self.chunks.is_empty()
    }

    /// The views of the block of rows `start..start + n`, which lie in one chunk (`None` for
    /// an absent column); [`Text::id`] then reads the block's rows.
    #[inline]
    pub fn block(&mut self, start: usize, n: usize) -> Option<&'a [View]> {
        if self.chunks.is_empty() {
            return None;
        }
        let (chunk, local) = self.starts.find(start);
        if chunk != self.chunk {
            // Views name places in their own chunk's buffers: `last` stays in its chunk.
            self.chunk = chunk;
            self.last = Recent::default();
        }
        self.block_start = local;
        Some(&self.chunks[chunk].views()[local..local + n])
    }

    /// The views of the rows `n` to `2n` after the block being read, as far as its chunk
    /// goes (none for an absent column): what [`prefetch`] asks for while the block is read.
    pub fn ahead(&self, n: usize) -> &'a [View] {
        let Some(chunk) = self.chunks.get(self.chunk) else {
            return &[];
        };
        let views = chunk.views();
        let from = (self.block_start + 2 * n).min(views.len());
        &views[from..(from + n).min(views.len())]
    }

    /// The id of the string in row `k` of the block (0, the empty name, for an absent
    /// column). A row that repeats the last view looked up is answered without a lookup.
    #[inline]
    pub fn id(&mut self, k: usize) -> u32 {
        if self.chunks.is_empty() {
            return 0;
        }
        let mut id = 0;
        self.dictionary.ids_into(
            self.chunks[self.chunk],
            self.block_start + k,
            std::slice::from_mut(&mut id),
            &mut self.last,
        );
        id
    }
}

/// For each day the data spans: the reporting year (as an offset) and the month index (1–12)
/// of a first day of a month, 0 for other days.
pub(super) struct DayTable {
    pub first_day: i32,
    pub first_year: i32,
    pub years: usize,
    /// `year offset × 16 + month index`, or 0.
    pub slots: Vec<u16>,
}

impl DayTable {
    /// The table for `days`, the period column of `tx` read as days.
    pub fn of(days: &Int32Chunked, plan: &Plan, tx: &DataFrame) -> Result<Self> {
        match day_range(days) {
            Some((first_day, last_day)) => Self::spanning(first_day, last_day, days, plan, tx),
            None => Ok(Self {
                first_day: 0,
                first_year: 0,
                years: 0,
                slots: vec![],
            }),
        }
    }

    /// A table for the whole reporting years of a sample of `days` (a long column's first and
    /// last rows and a thousand between): reading every day for the first and last took a
    /// millisecond of `annual`'s pass over five million rows, and monthly data mostly spans
    /// whole years that any sample meets. The pass stops at a day outside it ([`super::pass`]
    /// then makes the table of [`DayTable::of`]). `None` for a column with nulls, or short
    /// enough to read whole.
    pub fn guessed(days: &Int32Chunked, plan: &Plan, tx: &DataFrame) -> Result<Option<Self>> {
        let Some((first_day, last_day)) = sampled_range(days) else {
            return Ok(None);
        };
        let year_of = |d: i32| plan.year_start.reporting_year_of(d);
        let first_of = |year: i32| {
            let (y, m) = plan.year_start.calendar_month(year, 1);
            days_from_civil(y, m, 1)
        };
        let (first_year, last_year) = (year_of(first_day), year_of(last_day));
        if i64::from(last_year) - i64::from(first_year) >= MAX_YEARS as i64 {
            // Too long to be monthly data: the table of every day words the error.
            return Ok(None);
        }
        let last = first_of(last_year + 1) - 1;
        Self::spanning(first_of(first_year), last, days, plan, tx).map(Some)
    }

    /// The table of the days `first_day..=last_day`.
    fn spanning(
        first_day: i32,
        last_day: i32,
        days: &Int32Chunked,
        plan: &Plan,
        tx: &DataFrame,
    ) -> Result<Self> {
        let first_year = plan.year_start.reporting_year_of(first_day);
        let years = (plan.year_start.reporting_year_of(last_day) - first_year + 1) as usize;
        // Offsets are stored in 12 bits; more than 4 000 years of data is not monthly data.
        if years >= MAX_YEARS {
            // Faults of single rows first, as everywhere else.
            table::checked(tx, table::IN_MEMORY)?;
            let (first_day, last_day) = day_range(days).unwrap_or((first_day, last_day));
            return Err(too_long(tx, days, first_day, last_day, years));
        }
        let slots = (first_day..=last_day)
            .map(|d| {
                let (y, m, day) = civil_from_days(d);
                if day != 1 {
                    return 0;
                }
                let offset = (plan.year_start.reporting_year(y, m) - first_year) as u16;
                offset * 16 + plan.year_start.month_index(m) as u16
            })
            .collect();
        Ok(Self {
            first_day,
            first_year,
            years,
            slots,
        })
    }
}

/// Rows sampled by [`DayTable::guessed`]; a column of fewer than four times as many is read
/// whole.
const SAMPLES: usize = 1024;

/// The first and last day among a sample of `days` (every row of a short column); `None` for
/// an empty column or one with nulls.
fn sampled_range(days: &Int32Chunked) -> Option<(i32, i32)> {
    if days.null_count() > 0 || days.is_empty() {
        return None;
    }
    if days.len() < 4 * SAMPLES {
        return day_range(days);
    }
    let step = days.len() / SAMPLES;
    let mut range = (i32::MAX, i32::MIN);
    for chunk in days.downcast_iter() {
        let values = chunk.values().as_slice();
        let last = values.len().checked_sub(1);
        for &d in values.iter().step_by(step).chain(last.map(|l| &values[l])) {
            range = (range.0.min(d), range.1.max(d));
        }
    }
    Some(range)
}

/// The first and last day of `days`: one pass where polars' `min` and `max` take two, on
/// every core for a long column, since one core cannot read memory as fast as two (the
/// period column is read for every table `annual` sums).
fn day_range(days: &Int32Chunked) -> Option<(i32, i32)> {
    if days.null_count() > 0 {
        // Nulls' slots hold any value: polars skips them.
        return days.min().zip(days.max());
    }
    if days.is_empty() {
        return None;
    }
    // A fold the compiler turns into vector instructions: no branch in it.
    let fold = |range: (i32, i32), values: &[i32]| {
        values
            .iter()
            .fold(range, |(lo, hi), &d| (lo.min(d), hi.max(d)))
    };
    let empty = (i32::MAX, i32::MIN);
    let slices: Vec<&[i32]> = days
        .downcast_iter()
        .map(|a| a.values().as_slice())
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = threads.min(days.len() >> 20).max(1);
    // Each part takes every slice's share, so a column in one chunk is split too.
    let part = |p: usize| {
        slices.iter().fold(empty, |r, s| {
            let size = s.len().div_ceil(parts);
            fold(
                r,
                &s[(p * size).min(s.len())..((p + 1) * size).min(s.len())],
            )
        })
    };
    let ranges = crate::parts::in_parts(parts, part);
    Some(
        ranges
            .into_iter()
            .fold(empty, |(lo, hi), (l, h)| (lo.min(l), hi.max(h))),
    )
}

/// Reporting years a table may span: a year offset is kept in 12 bits of a slot.
const MAX_YEARS: usize = 1 << 12;

/// The error for a table whose periods span `years` reporting years, more than
/// [`MAX_YEARS`]: it names the row of the last period and the row of the first.
fn too_long(
    tx: &DataFrame,
    days: &Int32Chunked,
    first_day: i32,
    last_day: i32,
    years: usize,
) -> crate::Error {
    let row_of = |day: i32| days.iter().position(|d| d == Some(day)).unwrap_or(0);
    let raw = |row: usize| {
        tx.column(PERIOD)
            .ok()
            .and_then(|c| c.as_materialized_series().str_value(row).ok())
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let (first, last) = (row_of(first_day), row_of(last_day));
    crate::Error::InvalidValue {
        location: crate::Location::new(table::IN_MEMORY, last, PERIOD, raw(last)).into(),
        reason: crate::say!(
            format!(
                "làm bảng kéo dài {years} năm báo cáo tính từ kỳ đầu tiên ({:?}, dòng {first}); \
                 tối đa {} năm: năm có bị gõ nhầm không?",
                raw(first),
                MAX_YEARS - 1
            ),
            format!(
                "makes the table span {years} reporting years from the first period ({:?}, row \
                 {first}); at most {} are allowed: is the year mistyped?",
                raw(first),
                MAX_YEARS - 1
            ),
        ),
    }
}

/// Asks this core to bring `parts` (of 64 equal parts) of `items` into its L2 cache, to be
/// read later. A hint: nothing is read, and nothing changes if it is ignored.
///
/// Why: a core of the pass waits on its loads. The views of a block are read first to find
/// its runs, then its days and amounts to add them; the hardware's own prefetching keeps up
/// with one stream read alone (29 GB/s on one core) but not with the pass, which read its
/// 68 bytes a row at about 9 GB/s a core. Asking for the views of the block after next
/// while a block's runs are added took the benchmark's core from 30.0-30.7 to 28.5-29.6 ms
/// in Python (docs/scale.md). Into L2, not L1: a block's views (48 KiB) pushed out of the
/// 32 KiB L1 what the rows being added need, and the pass was no faster.
#[inline(always)]
pub(super) fn prefetch<T>(items: &[T], parts: std::ops::Range<usize>) {
    let bytes = std::mem::size_of_val(items);
    let (from, to) = (parts.start * bytes / 64, parts.end * bytes / 64);
    let base = items.as_ptr().cast::<i8>();
    for offset in (from - from % 64..to).step_by(64) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `offset` is below `size_of_val(items)`, so the address is inside `items`;
        // a prefetch never faults and neither reads nor writes memory as far as the program
        // can tell.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T1};
            _mm_prefetch::<_MM_HINT_T1>(base.add(offset));
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (base, offset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_range_is_polars_min_and_max() {
        // Three chunks, long enough to be split between threads; the extremes placed in the
        // last part of the middle chunk and the first of the last.
        let mut days = Int32Chunked::from_vec("d".into(), vec![5; 1_500_000]);
        let mut middle = vec![7; 1_200_000];
        middle[1_199_999] = -40;
        days.append(&Int32Chunked::from_vec("d".into(), middle))
            .unwrap();
        let mut last = vec![6; 900_000];
        last[0] = 19_000;
        days.append(&Int32Chunked::from_vec("d".into(), last))
            .unwrap();
        assert_eq!(days.chunks().len(), 3);
        assert_eq!(day_range(&days), Some((-40, 19_000)));
        assert_eq!(day_range(&days), days.min().zip(days.max()));
        // A null's slot is not a day; an empty column has no range.
        let with_null = Int32Chunked::new("d".into(), &[Some(3), None, Some(1)]);
        assert_eq!(day_range(&with_null), Some((1, 3)));
        assert_eq!(day_range(&Int32Chunked::from_vec("d".into(), vec![])), None);
    }
}
