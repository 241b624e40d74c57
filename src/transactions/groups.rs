//! The grouping half of [`super::aggregate_transactions`]: records, already given their check
//! code and keys by polars expressions, summed per (check, region, month, label, bank).
//!
//! polars' streaming engine decodes and normalizes the records on every core and hands them
//! over in batches; each worker of the stream folds the batches it takes into groups that are
//! as many as the distinct keys, so memory stays bounded whatever the size of the input. A
//! generic group-by hashes every key column of every record: 100 million records took longer to
//! group than to read. Here the region, label and bank codes are interned from their 16-byte
//! views (one integer compare when a code repeats, a cached slot when it does not), good
//! records are summed into a grid at one index computation each, and the rest (rejected
//! records) in a hash table, runs of equal keys first summed locally.

use polars::prelude::*;

use super::{BANK, CODE, LABEL, MONTH, REGION_CODE, ROWS, TIME, VALUE, YEAR};
use crate::calendar::civil_from_days;
use crate::keys::Dictionary;

use super::grid::{Grid, Key, Sums};

/// A column whose records come as positions in a dictionary ([`Groups::ids`]).
#[derive(Debug, Clone, Copy)]
pub(super) enum Coded {
    Region,
    Label,
    Bank,
}

/// Stands for a missing month (a record whose time could not be read).
const NO_TIME: i32 = i32::MIN;

/// Groups of records, filled batch by batch.
#[derive(Default)]
pub(super) struct Groups {
    region: Dictionary,
    label: Dictionary,
    calendar: Calendar,
    bank: Dictionary,
    has_bank: bool,
    /// Good records with a time, by far the most: summed in rows of months, no hashing.
    grid: Grid,
    /// Everything else (bad records, and good ones the grid has no room for).
    cells: PlHashMap<Key, Sums>,
    /// Per-batch buffers, kept to spare an allocation per batch.
    scratch: Scratch,
}

/// Records to sum, a slice per column: codes (none: every record good), region, label and
/// bank ids (no banks: one bank), months, amounts.
struct Records<'a> {
    codes: Option<&'a [i32]>,
    regions: &'a [u32],
    labels: &'a [u32],
    banks: Option<&'a [u32]>,
    months: &'a [i32],
    values: &'a [i64],
}

#[derive(Default)]
struct Scratch {
    codes: Vec<i32>,
    days: Vec<i32>,
    months: Vec<i32>,
    values: Vec<i64>,
    regions: Vec<u32>,
    labels: Vec<u32>,
    banks: Vec<u32>,
}

impl Groups {
    pub fn new(has_bank: bool) -> Self {
        Self {
            has_bank,
            ..Default::default()
        }
    }

    /// Folds in one batch of the keyed records (columns of [`super::Input::keyed`]).
    pub fn add(&mut self, batch: &DataFrame) -> PolarsResult<()> {
        let s = &mut self.scratch;
        values::<Int32Type>(batch.column(CODE)?, NO_TIME, &mut s.codes)?;
        days(batch.column(TIME)?, &mut s.days)?;
        s.months.clear();
        s.months
            .extend(s.days.iter().map(|&d| self.calendar.month(d)));
        // A missing amount belongs to a rejected record, never summed.
        values::<Int64Type>(batch.column(VALUE)?, 0, &mut s.values)?;
        s.regions.clear();
        self.region
            .push_ids(batch.column(REGION_CODE)?.str()?, &mut s.regions);
        s.labels.clear();
        self.label
            .push_ids(batch.column(LABEL)?.str()?, &mut s.labels);
        s.banks.clear();
        if self.has_bank {
            self.bank.push_ids(batch.column(BANK)?.str()?, &mut s.banks);
        }
        let s = std::mem::take(&mut self.scratch);
        self.fold(&Records {
            codes: Some(&s.codes),
            regions: &s.regions,
            labels: &s.labels,
            banks: self.has_bank.then_some(&s.banks[..]),
            months: &s.months,
            values: &s.values,
        });
        self.scratch = s;
        Ok(())
    }

    /// The ids this worker gives the names of `column` (a Parquet dictionary's entries), for
    /// records read as positions in them.
    pub fn ids<'a>(&mut self, column: Coded, names: impl Iterator<Item = &'a str>) -> Vec<u32> {
        let dictionary = match column {
            Coded::Region => &mut self.region,
            Coded::Label => &mut self.label,
            Coded::Bank => &mut self.bank,
        };
        names.map(|n| dictionary.id(n)).collect()
    }

    /// Folds in good records read from their files' codes: ids of [`Groups::ids`], days
    /// since 1970 (Vietnam time), amounts. `banks` is empty without a bank column.
    pub fn add_good(
        &mut self,
        regions: &[u32],
        labels: &[u32],
        banks: &[u32],
        days: &[i32],
        values: &[i64],
    ) {
        let mut months = std::mem::take(&mut self.scratch.months);
        months.clear();
        months.extend(days.iter().map(|&d| self.calendar.month(d)));
        self.fold(&Records {
            codes: None,
            regions,
            labels,
            banks: (!banks.is_empty()).then_some(banks),
            months: &months,
            values,
        });
        self.scratch.months = months;
    }

    /// Sums `records` into the grid, or the table.
    fn fold(&mut self, r: &Records) {
        // Records come grouped more often than not (by file, by day, by branch): a run of
        // equal keys is summed locally and touches the table once.
        let mut run: Option<(Key, Sums)> = None;
        for i in 0..r.months.len() {
            let code = r.codes.map_or(0, |c| c[i]);
            let bank = r.banks.map_or(0, |b| b[i]);
            if code == 0 && r.months[i] != NO_TIME {
                let at = [r.regions[i], bank, r.labels[i]];
                if let Some(cell) = self.grid.cell(at, r.months[i])
                    && let Some(v) = cell.1.checked_add(r.values[i])
                {
                    cell.0 += 1;
                    cell.1 = v;
                    continue;
                }
            }
            let key = Key {
                code,
                region: r.regions[i],
                month: r.months[i],
                label: r.labels[i],
                bank,
            };
            let one = Sums {
                rows: 1,
                value: i128::from(r.values[i]),
            };
            match &mut run {
                Some((k, sums)) if *k == key => sums.add(one),
                _ => {
                    if let Some((k, sums)) = run.replace((key, one)) {
                        self.cells.entry(k).or_default().add(sums);
                    }
                }
            }
        }
        if let Some((k, sums)) = run {
            self.cells.entry(k).or_default().add(sums);
        }
    }

    /// Adds the groups of `other`, which summed other batches of the same stream. Its ids
    /// are its own: they are mapped to this one's through their names.
    pub fn absorb(&mut self, other: Groups) {
        let to_ours = |theirs: &Dictionary, ours: &mut Dictionary| -> Vec<u32> {
            theirs.names.iter().map(|name| ours.id(name)).collect()
        };
        let region = to_ours(&other.region, &mut self.region);
        let label = to_ours(&other.label, &mut self.label);
        let bank = to_ours(&other.bank, &mut self.bank);
        // A null's id, and the bank id of a stream without banks, name nothing: kept as is.
        let ours = |ids: &[u32], id: u32| ids.get(id as usize).copied().unwrap_or(id);
        let key = |k: Key| Key {
            region: ours(&region, k.region),
            label: ours(&label, k.label),
            bank: ours(&bank, k.bank),
            ..k
        };
        for (k, sums) in other.grid.sums().chain(other.cells) {
            self.cells.entry(key(k)).or_default().add(sums);
        }
    }

    /// The groups as a frame: check, region, year, month, label (, bank), rows and value,
    /// sorted by key. `None` in place of a good group whose value leaves the 64-bit range,
    /// with that group's region, year, month and label.
    pub fn into_frame(mut self) -> crate::Result<DataFrame> {
        for (key, sums) in self.grid.sums() {
            self.cells.entry(key).or_default().add(sums);
        }
        let mut cells: Vec<(Key, Sums)> = self.cells.into_iter().collect();
        // A null's id (and a bank id without a bank column) names nothing.
        let name = |d: &Dictionary, id: u32| d.names.get(id as usize).cloned();
        let year = |m: i32| (m != NO_TIME).then(|| m.div_euclid(12));
        let month = |m: i32| (m != NO_TIME).then(|| m.rem_euclid(12) + 1);
        let sort_key = |k: &Key| {
            (
                k.code,
                name(&self.region, k.region),
                k.month,
                name(&self.label, k.label),
                name(&self.bank, k.bank),
            )
        };
        cells.sort_by_cached_key(|(k, _)| sort_key(k));
        let mut values = Vec::with_capacity(cells.len());
        for (k, s) in &cells {
            let v = i64::try_from(s.value);
            match v {
                Ok(v) => values.push(v),
                Err(_) if k.code == 0 => {
                    let region = name(&self.region, k.region).unwrap_or_default();
                    let label = name(&self.label, k.label).unwrap_or_default();
                    let (y, m) = (k.month.div_euclid(12), k.month.rem_euclid(12) + 1);
                    return Err(crate::error::invalid_argument(crate::say!(
                        format!(
                            "số tiền của đơn vị {region:?} tháng {m:02}/{y}, kênh {label:?} cộng \
                             lại vượt quá số nguyên 64 bit (khoảng 9,2 × 10^18 đồng): có số tiền \
                             nào ghi sai đơn vị tính không?"
                        ),
                        format!(
                            "the amounts of region {region:?} in {y}-{m:02}, channel label \
                             {label:?}, sum past the 64-bit range (about 9.2 × 10^18 đồng): are \
                             some amounts in the wrong unit?"
                        ),
                    )));
                }
                // A bad record's amount is not summed into anything.
                Err(_) => values.push(0),
            }
        }
        let mut columns = vec![
            Column::new(
                CODE.into(),
                cells.iter().map(|(k, _)| k.code).collect::<Vec<_>>(),
            ),
            Column::new(
                REGION_CODE.into(),
                cells
                    .iter()
                    .map(|(k, _)| name(&self.region, k.region))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                YEAR.into(),
                cells.iter().map(|(k, _)| year(k.month)).collect::<Vec<_>>(),
            ),
            Column::new(
                MONTH.into(),
                cells
                    .iter()
                    .map(|(k, _)| month(k.month))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                LABEL.into(),
                cells
                    .iter()
                    .map(|(k, _)| name(&self.label, k.label))
                    .collect::<Vec<_>>(),
            ),
        ];
        if self.has_bank {
            columns.push(Column::new(
                BANK.into(),
                cells
                    .iter()
                    .map(|(k, _)| name(&self.bank, k.bank))
                    .collect::<Vec<_>>(),
            ));
        }
        columns.push(Column::new(
            ROWS.into(),
            cells.iter().map(|(_, s)| s.rows as i64).collect::<Vec<_>>(),
        ));
        columns.push(Column::new(VALUE.into(), values));
        Ok(DataFrame::new(cells.len(), columns)?)
    }
}

/// The day (since 1970) of each record's Vietnam-time date or timestamp, `NO_TIME` if none.
fn days(c: &Column, out: &mut Vec<i32>) -> PolarsResult<()> {
    let per_day: i64 = match c.dtype() {
        DataType::Date => return values::<Int32Type>(&c.to_physical_repr(), NO_TIME, out),
        DataType::Datetime(TimeUnit::Nanoseconds, _) => 86_400_000_000_000,
        DataType::Datetime(TimeUnit::Microseconds, _) => 86_400_000_000,
        DataType::Datetime(TimeUnit::Milliseconds, _) => 86_400_000,
        dt => polars_bail!(ComputeError: "time column of type {dt} reached the grouping"),
    };
    let mut ticks = Vec::new();
    values::<Int64Type>(&c.to_physical_repr(), i64::MIN, &mut ticks)?;
    out.clear();
    out.extend(ticks.iter().map(|&t| {
        if t == i64::MIN {
            NO_TIME
        } else {
            // Days past ±5.8 million years from 1970 are no dates anyone reports.
            i32::try_from(t.div_euclid(per_day)).unwrap_or(NO_TIME)
        }
    }));
    Ok(())
}

/// Month numbers (months since January of year 0) of days, from a table over the days seen.
#[derive(Default)]
struct Calendar {
    first_day: i32,
    months: Vec<i32>,
}

impl Calendar {
    /// Spans longer than this (27 years) are not tabled: such days are converted one by one.
    const SPAN: i64 = 10_000;

    fn month(&mut self, day: i32) -> i32 {
        if day == NO_TIME {
            return NO_TIME;
        }
        let i = i64::from(day) - i64::from(self.first_day);
        if let Some(&m) = usize::try_from(i).ok().and_then(|i| self.months.get(i)) {
            return m;
        }
        let (lo, hi) = if self.months.is_empty() {
            // A year either side of the first record's day.
            (i64::from(day) - 366, i64::from(day) + 366)
        } else {
            let first = i64::from(self.first_day);
            (
                first.min(i64::from(day)),
                (first + self.months.len() as i64 - 1).max(i64::from(day)),
            )
        };
        if hi - lo >= Self::SPAN || lo < i64::from(i32::MIN) + 1 || hi > i64::from(i32::MAX) {
            return month_of(day);
        }
        self.first_day = lo as i32;
        self.months = (lo..=hi).map(|d| month_of(d as i32)).collect();
        self.months[(i64::from(day) - lo) as usize]
    }
}

fn month_of(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day);
    y * 12 + m as i32 - 1
}

/// A numeric column's values, cast to `T`, into `out`; `null` where missing.
fn values<T: PolarsNumericType>(
    c: &Column,
    null: T::Native,
    out: &mut Vec<T::Native>,
) -> PolarsResult<()> {
    let cast = c.cast(&T::get_static_dtype())?;
    let ca: &ChunkedArray<T> = cast.as_materialized_series().as_ref().as_ref();
    out.clear();
    for arr in ca.downcast_iter() {
        match arr.validity().filter(|v| v.unset_bits() > 0) {
            None => out.extend_from_slice(arr.values()),
            Some(valid) => {
                out.extend(
                    arr.values()
                        .iter()
                        .zip(valid.iter())
                        .map(|(&v, ok)| if ok { v } else { null }),
                )
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_from_civil;

    /// A good record: region, bank, label, date, amount.
    type Record<'a> = (&'a str, &'a str, &'a str, (i32, u32, u32), i64);
    /// A group: region, year, month, label, bank, records, amount.
    type Group = (String, i32, i32, String, String, i64, i64);

    fn batch(records: &[Record]) -> DataFrame {
        let days: Vec<i32> = records
            .iter()
            .map(|r| days_from_civil(r.3 .0, r.3 .1, r.3 .2))
            .collect();
        df!(
            CODE => vec![0i32; records.len()],
            REGION_CODE => records.iter().map(|r| r.0).collect::<Vec<_>>(),
            TIME => Int32Chunked::from_vec("".into(), days).into_date().into_series(),
            LABEL => records.iter().map(|r| r.2).collect::<Vec<_>>(),
            VALUE => records.iter().map(|r| r.4).collect::<Vec<_>>(),
            BANK => records.iter().map(|r| r.1).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    fn rows(frame: &DataFrame) -> Vec<Group> {
        let s = |c: &str, i| {
            frame
                .column(c)
                .unwrap()
                .str()
                .unwrap()
                .get(i)
                .unwrap()
                .to_string()
        };
        let n = |c: &str, i| {
            frame
                .column(c)
                .unwrap()
                .cast(&DataType::Int64)
                .unwrap()
                .i64()
                .unwrap()
                .get(i)
                .unwrap()
        };
        (0..frame.height())
            .map(|i| {
                (
                    s(REGION_CODE, i),
                    n(YEAR, i) as i32,
                    n(MONTH, i) as i32,
                    s(LABEL, i),
                    s(BANK, i),
                    n(ROWS, i),
                    n(VALUE, i),
                )
            })
            .collect()
    }

    #[test]
    fn the_grid_grows_on_every_side_and_keeps_what_it_held() {
        let mut groups = Groups::new(true);
        // First batch: one region, bank, label and month.
        groups
            .add(&batch(&[
                ("01", "A", "pos", (2024, 3, 5), 10),
                ("01", "A", "pos", (2024, 3, 31), 5),
            ]))
            .unwrap();
        // Second batch: 70 regions, 9 banks and 9 labels (past the first sides of 64, 8
        // and 8), a month before the first (the grid grows backwards) and one 2 years on.
        let regions: Vec<String> = (0..70).map(|r| format!("R{r}")).collect();
        let banks: Vec<String> = (0..9).map(|b| format!("B{b}")).collect();
        let mut records = vec![];
        for (i, r) in regions.iter().enumerate() {
            records.push((r.as_str(), banks[i % 9].as_str(), "qr", (2023, 12, 1), 1));
        }
        for b in &banks {
            records.push(("01", b.as_str(), "atm", (2026, 2, 28), 7));
        }
        for l in ["l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8"] {
            records.push(("01", "A", l, (2024, 3, 1), 2));
        }
        records.push(("01", "A", "pos", (2024, 3, 15), 1));
        groups.add(&batch(&records)).unwrap();
        let out = rows(&groups.into_frame().unwrap());
        assert_eq!(out.len(), 70 + 9 + 8 + 1);
        // The three March 2024 pos records of region 01, bank A, summed across batches.
        let pos: Vec<_> = out.iter().filter(|r| r.3 == "pos").collect();
        assert_eq!(
            pos,
            [&("01".into(), 2024, 3, "pos".into(), "A".into(), 3, 16)]
        );
        assert!(out.contains(&("R69".into(), 2023, 12, "qr".into(), "B6".into(), 1, 1)));
        assert!(out.contains(&("01".into(), 2026, 2, "atm".into(), "B8".into(), 1, 7)));
        assert!(out.contains(&("01".into(), 2024, 3, "l8".into(), "A".into(), 1, 2)));
    }

    #[test]
    fn groups_of_two_workers_absorbed_equal_the_groups_of_one() {
        let records: Vec<Record> = (0..400)
            .map(|i| {
                let regions = ["01", "02", "03", "a region code past twelve bytes"];
                let labels = ["pos", "qr", "Mobile banking", "atm"];
                let region = regions[i * 7 % 4];
                let bank = ["A", "B", "C"][i % 3];
                let month = (2024, (i % 12) as u32 + 1, (i % 28) as u32 + 1);
                (region, bank, labels[i * 5 % 4], month, i as i64 * 1_000)
            })
            .collect();
        // Every tenth record rejected as negative: those groups are in the hash table.
        let coded = |records: &[Record]| {
            let mut frame = batch(records);
            let codes: Vec<i32> = records
                .iter()
                .map(|r| 5 * (r.4 % 10_000 == 0) as i32)
                .collect();
            frame.with_column(Column::new(CODE.into(), codes)).unwrap();
            frame
        };
        let mut one = Groups::new(true);
        one.add(&coded(&records)).unwrap();
        // The second worker meets the names in another order, so its ids differ.
        let (mut first, mut second) = (Groups::new(true), Groups::new(true));
        first.add(&coded(&records[..150])).unwrap();
        let mut rest = records[150..].to_vec();
        rest.reverse();
        second.add(&coded(&rest)).unwrap();
        first.absorb(second);
        let (one, merged) = (
            rows(&one.into_frame().unwrap()),
            rows(&first.into_frame().unwrap()),
        );
        assert_eq!(merged, one);
        // A record's key is set by i mod 12: 12 good groups; the rejected ones (i a multiple
        // of 10) fall on the even residues: 6 more.
        assert_eq!(merged.len(), 12 + 6);
        // By hand: 400 records of amounts 0, 1 000, ..., 399 000 đồng.
        assert_eq!(merged.iter().map(|g| g.5).sum::<i64>(), 400);
        assert_eq!(
            merged.iter().map(|g| g.6).sum::<i64>(),
            1_000 * 399 * 400 / 2
        );
    }

    #[test]
    fn months_too_far_apart_for_the_grid_go_to_the_table() {
        let mut groups = Groups::new(true);
        // A row of the grid spans at most 4 096 months (341 years): 1900 and 2400 cannot
        // share one, so the second record is summed in the hash table.
        groups
            .add(&batch(&[
                ("01", "A", "pos", (1900, 1, 1), 3),
                ("01", "A", "pos", (2400, 12, 31), 4),
                ("01", "A", "pos", (2400, 12, 1), 5),
            ]))
            .unwrap();
        let out = rows(&groups.into_frame().unwrap());
        assert_eq!(
            out,
            [
                ("01".into(), 1900, 1, "pos".into(), "A".into(), 1, 3),
                ("01".into(), 2400, 12, "pos".into(), "A".into(), 2, 9),
            ]
        );
    }

    #[test]
    fn a_good_sum_past_64_bits_is_refused_by_name() {
        let mut groups = Groups::new(true);
        let big = i64::MAX / 2 + 1;
        groups
            .add(&batch(&[
                ("01", "A", "pos", (2024, 1, 1), big),
                ("01", "A", "pos", (2024, 1, 2), big),
            ]))
            .unwrap();
        let err = groups.into_frame().unwrap_err().to_string();
        assert!(err.contains("\"01\" in 2024-01"), "{err}");
    }

    #[test]
    fn the_calendar_tables_months_and_converts_far_days_directly() {
        let mut c = Calendar::default();
        let month = |y: i32, m: i32| y * 12 + m - 1;
        assert_eq!(c.month(days_from_civil(2024, 2, 29)), month(2024, 2));
        assert_eq!(c.month(days_from_civil(2024, 3, 1)), month(2024, 3));
        assert_eq!(c.month(days_from_civil(2020, 12, 31)), month(2020, 12));
        assert_eq!(c.month(days_from_civil(1700, 1, 1)), month(1700, 1));
        assert_eq!(c.month(NO_TIME), NO_TIME);
    }
}
