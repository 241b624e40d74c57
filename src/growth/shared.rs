//! The series of the last annual table read, kept for the next step given the same table.
//!
//! A report's steps (year-on-year growth, stage averages, verdicts) are each given the annual
//! table [`crate::annual`] made, and each read it into series: on a 43,200-row table that
//! read was a third of each step's time. The last table each thread read is kept with its
//! series, and a step given the same table again takes them instead of reading it.
//!
//! "The same table" is decided without reading a value: the same columns (names, types,
//! lengths) over the same buffers, at the same addresses. That is sound because the kept
//! table holds those buffers: while it does, no other data can be given their addresses,
//! and polars never changes a buffer in place while it is shared. A table with any column
//! rebuilt, sliced, cast or appended to is another table, and is read.

use std::cell::RefCell;
use std::sync::Arc;

use polars::prelude::*;
use polars_arrow::array::{Array, BooleanArray, PrimitiveArray, Utf8ViewArray};
use polars_arrow::bitmap::Bitmap;

use super::series::AnnualSeries;
use super::stage::averages_in;
use super::{Method, StageAverage};
use crate::error::Result;
use crate::metrics::Metric;

/// The table last read, the identity it was read under and its series.
struct Kept {
    /// Held so that its buffers keep their addresses (see the module documentation).
    _table: DataFrame,
    identity: Identity,
    series: Arc<AnnualSeries>,
    /// The stage averages of every series the last step asked for, with their stage and
    /// method: verdicts on a stage after [`crate::average_growth`] on it compute none.
    averages: Option<(AveragedOver, Arc<Averages>)>,
}

/// What kept stage averages were computed over: first and last year, and method.
type AveragedOver = (i32, i32, Method);

/// Stage averages of series and metrics, as [`averages_in`] gives them.
pub(crate) type Averages = Vec<(usize, Metric, StageAverage)>;

thread_local! {
    /// Kept by each thread: a step on another thread neither waits for it nor takes it away.
    static LAST: RefCell<Option<Kept>> = const { RefCell::new(None) };
}

impl AnnualSeries {
    /// The series of `annual`: the ones kept when it is the table last read here, else read
    /// and kept in their place.
    pub(crate) fn of(annual: &DataFrame) -> Result<Arc<AnnualSeries>> {
        let identity = Identity::of(annual);
        let kept = LAST.with_borrow(|last| match (last, &identity) {
            (Some(kept), Some(identity)) if kept.identity == *identity => {
                Some(Arc::clone(&kept.series))
            }
            _ => None,
        });
        if let Some(series) = kept {
            return Ok(series);
        }
        let series = Arc::new(AnnualSeries::read(annual)?);
        if let Some(identity) = identity {
            LAST.set(Some(Kept {
                _table: annual.clone(),
                identity,
                series: Arc::clone(&series),
                averages: None,
            }));
        }
        Ok(series)
    }

    /// The stage averages of every series over `start`–`end` by `method`: those kept with
    /// these series when a step asked for the same, else computed, and kept when these are
    /// the series kept.
    pub(crate) fn all_averages(
        self: &Arc<Self>,
        start: i32,
        end: i32,
        method: Method,
    ) -> Arc<Averages> {
        if let Some(kept) = self.kept_averages(start, end, method) {
            return kept;
        }
        let averages = Arc::new(averages_in(self, start, end, method, |_| true));
        LAST.with_borrow_mut(|last| {
            if let Some(kept) = last.as_mut().filter(|k| Arc::ptr_eq(&k.series, self)) {
                kept.averages = Some(((start, end, method), Arc::clone(&averages)));
            }
        });
        averages
    }

    /// The stage averages of every series over `start`–`end` by `method`, if a step
    /// computed them for these series (the ones kept).
    pub(crate) fn kept_averages(
        self: &Arc<Self>,
        start: i32,
        end: i32,
        method: Method,
    ) -> Option<Arc<Averages>> {
        LAST.with_borrow(|last| {
            let kept = last.as_ref().filter(|k| Arc::ptr_eq(&k.series, self))?;
            let (over, averages) = kept.averages.as_ref()?;
            (*over == (start, end, method)).then(|| Arc::clone(averages))
        })
    }
}

/// Where a table's data lies: for each column its name, type and length, and the address and
/// length of each of its buffers (a constant column: its value).
#[derive(PartialEq)]
struct Identity(Vec<(PlSmallStr, DataType, usize, Place)>);

#[derive(PartialEq)]
enum Place {
    /// Per chunk: its length, then (address, length) of each buffer, a validity bitmap's
    /// offset after it.
    Buffers(Vec<usize>),
    Constant(Scalar),
}

impl Identity {
    /// `None` when some column is of a kind whose buffers are not looked into here: such a
    /// table is read every time.
    fn of(table: &DataFrame) -> Option<Self> {
        let mut columns = Vec::with_capacity(table.width());
        for column in table.columns() {
            let place = match column {
                Column::Scalar(constant) => Place::Constant(constant.scalar().clone()),
                Column::Series(series) => {
                    let mut buffers = Vec::new();
                    for chunk in series.chunks() {
                        buffers_of(chunk.as_ref(), &mut buffers)?;
                    }
                    Place::Buffers(buffers)
                }
            };
            columns.push((
                column.name().clone(),
                column.dtype().clone(),
                column.len(),
                place,
            ));
        }
        Some(Self(columns))
    }
}

/// Appends the length of `array` and where its buffers lie to `out`; `None` for an array of
/// a kind not looked into.
fn buffers_of(array: &dyn Array, out: &mut Vec<usize>) -> Option<()> {
    fn slice<T>(out: &mut Vec<usize>, s: &[T]) {
        out.extend([s.as_ptr() as usize, s.len()]);
    }
    fn bitmap(out: &mut Vec<usize>, bits: &Bitmap) {
        let (bytes, offset, len) = bits.as_slice();
        slice(out, bytes);
        out.extend([offset, len]);
    }
    out.push(array.len());
    match array.validity() {
        Some(valid) => bitmap(out, valid),
        None => out.push(0),
    }
    let any = array.as_any();
    if let Some(text) = any.downcast_ref::<Utf8ViewArray>() {
        slice(out, text.views());
        out.push(text.data_buffers().len());
        for buffer in text.data_buffers().iter() {
            slice(out, buffer);
        }
        return Some(());
    }
    if let Some(flags) = any.downcast_ref::<BooleanArray>() {
        bitmap(out, flags.values());
        return Some(());
    }
    macro_rules! numbers {
        ($($t:ty),*) => {$(
            if let Some(numbers) = any.downcast_ref::<PrimitiveArray<$t>>() {
                slice(out, numbers.values());
                return Some(());
            }
        )*};
    }
    numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annual() -> DataFrame {
        df!(
            "region_code" => ["38", "38", "40"],
            "channel" => ["mobile", "mobile", "atm"],
            "year" => [2021i32, 2022, 2022],
            "count" => [100i64, 150, 7],
            "value" => [1_000i64, 1_200, 70],
        )
        .unwrap()
    }

    fn counts(series: &AnnualSeries) -> Vec<Option<i64>> {
        series.rows.iter().map(|(_, row)| row.count).collect()
    }

    // One test, not several: each step on this thread takes the kept table's place.
    #[test]
    fn the_same_table_is_read_once_and_any_other_is_read() {
        let table = annual();
        let first = AnnualSeries::of(&table).unwrap();
        // The same table, and a clone of it (the same buffers): the series kept.
        assert!(Arc::ptr_eq(&first, &AnnualSeries::of(&table).unwrap()));
        assert!(Arc::ptr_eq(
            &first,
            &AnnualSeries::of(&table.clone()).unwrap()
        ));
        // Equal values in buffers of their own: read again, to the same figures.
        let equal = AnnualSeries::of(&annual()).unwrap();
        assert!(!Arc::ptr_eq(&first, &equal));
        assert_eq!(counts(&equal), [Some(100), Some(150), Some(7)]);
        // One count changed: the new figure is read, never the kept one.
        let mut changed = table.clone();
        changed
            .with_column(Column::new("count".into(), [100i64, 151, 7]))
            .unwrap();
        assert_eq!(
            counts(&AnnualSeries::of(&changed).unwrap()),
            [Some(100), Some(151), Some(7)]
        );
        // Fewer rows over the same buffers: another table.
        let head = table.slice(0, 2);
        assert_eq!(
            counts(&AnnualSeries::of(&head).unwrap()),
            [Some(100), Some(150)]
        );
        // A column added: another table.
        let mut wider = table.clone();
        wider
            .with_column(Column::new("months".into(), [12i32, 6, 12]))
            .unwrap();
        let read = AnnualSeries::of(&wider).unwrap();
        assert_eq!(
            read.rows.iter().map(|(_, r)| r.months).collect::<Vec<_>>(),
            [12, 6, 12]
        );
        // A constant column is identified by its value.
        let constant = |months: i32| {
            let mut t = table.clone();
            t.with_column(Column::new_scalar(
                "months".into(),
                Scalar::new(DataType::Int32, AnyValue::Int32(months)),
                3,
            ))
            .unwrap();
            t
        };
        let nine = AnnualSeries::of(&constant(9)).unwrap();
        assert!(Arc::ptr_eq(&nine, &AnnualSeries::of(&constant(9)).unwrap()));
        let ten = AnnualSeries::of(&constant(10)).unwrap();
        assert_eq!(ten.rows[0].1.months, 10);
    }

    #[test]
    fn stage_averages_are_kept_with_their_series_for_their_stage_only() {
        let table = annual();
        let series = AnnualSeries::of(&table).unwrap();
        let stage = (2022, 2022, Method::Geometric);
        assert!(series.kept_averages(stage.0, stage.1, stage.2).is_none());
        let all = series.all_averages(stage.0, stage.1, stage.2);
        // 38 mobile: 100 -> 150 and 1,000 -> 1,200 over one year; 40 atm has no 2021.
        let read: Vec<(usize, Metric, Option<f64>)> =
            all.iter().map(|(s, m, a)| (*s, *m, a.avg)).collect();
        assert_eq!(
            read,
            [
                (0, Metric::Count, Some(0.5)),
                (0, Metric::Value, Some(0.19999999999999996)),
                (1, Metric::Count, None),
                (1, Metric::Value, None),
            ]
        );
        let kept = series.kept_averages(stage.0, stage.1, stage.2).unwrap();
        assert!(Arc::ptr_eq(&kept, &all));
        // Another stage or method: not kept.
        assert!(series
            .kept_averages(2021, 2022, Method::Geometric)
            .is_none());
        assert!(series
            .kept_averages(2022, 2022, Method::Arithmetic)
            .is_none());
        // Another table read in its place: its series have none, nor have the first's.
        let other = AnnualSeries::of(&annual()).unwrap();
        assert!(other.kept_averages(stage.0, stage.1, stage.2).is_none());
        assert!(series.kept_averages(stage.0, stage.1, stage.2).is_none());
    }

    #[test]
    fn buffers_tell_columns_apart() {
        let a = annual();
        let b = annual();
        let (ia, ib) = (Identity::of(&a).unwrap(), Identity::of(&b).unwrap());
        assert!(ia == Identity::of(&a.clone()).unwrap());
        assert!(ia != ib);
        // A column of a kind not looked into: no identity, the table is read every time.
        let lists = Column::new("x".into(), [Series::new("".into(), [1i32])]);
        assert!(matches!(lists.dtype(), DataType::List(_)));
        assert!(Identity::of(&DataFrame::new(1, vec![lists]).unwrap()).is_none());
    }
}
