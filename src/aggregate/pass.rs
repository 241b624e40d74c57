//! [`super::by_period`]'s work on the monthly rows: checking them, encoding their keys and
//! summing them, all in one pass.
//!
//! Rows are taken a block at a time. Where the block's runs of one region, map, bank and
//! channel label begin is found from the four columns' string views together, as fast as
//! memory gives them; each run's names are then interned once, and its rows checked and
//! added, their periods looked up in a table of days, their amounts read in place, into a
//! dense array of cells (place × channel × reporting year × period). Nothing is materialized
//! per row of the table: on 5 million rows, per-row vectors of the encoded keys cost more in
//! page faults than the sums, and per-row ids cost more than the views they are read from
//! (on the benchmark's 5,184,000 rows, interning each column row by row took about 18 ms of
//! the pass's 31; the pass now takes 21, close to the time it takes to read its columns).
//!
//! The pass only recognizes bad input. It does not explain it: when a row is refused
//! (duplicate key, negative amount, period that is not a month, unknown channel), the caller
//! runs the table through [`crate::table::checked`], whose errors name the row, column and
//! value.

use polars::prelude::*;

use super::columns::{prefetch, Columns, DayTable, Numbers, Plan, Text};
use super::Acc;
use crate::channels::{Channel, ALL_CHANNELS};
use crate::error::Result;
use crate::keys::Dictionary;
use polars_arrow::array::View;

const CHANNELS: usize = ALL_CHANNELS.len();

/// The sums of a monthly table per place (region × map), channel, reporting year and period.
pub(super) struct Sums {
    pub regions: Vec<String>,
    pub maps: Vec<String>,
    pub has_map: bool,
    /// (region, map) of each place.
    pub places: Vec<(u32, u32)>,
    pub first_year: i32,
    pub years: usize,
    pub periods: usize,
    /// `places × CHANNELS × years × periods` cells, place-major.
    pub cells: Vec<Acc>,
}

impl Sums {
    /// Index of a cell in [`Sums::cells`].
    pub fn cell(&self, place: usize, channel: usize, year: usize, period: usize) -> usize {
        ((place * CHANNELS + channel) * self.years + year) * self.periods + period
    }
}

/// What the pass made of a table.
pub(super) enum Outcome {
    Sums(Sums),
    /// Some row is refused: [`crate::table::checked`] says which and why.
    Refused,
    /// The dense cells would take more memory than the table itself (a few regions over
    /// centuries, say): the general path sums only the cells that have data.
    Sparse,
}

/// Why a part stopped before its last row.
enum Stop {
    Refused,
    Sparse,
    /// A day outside the table of days, which was guessed ([`DayTable::guessed`]).
    Outside,
}

/// The sums of `tx`. Sums beyond 64 bits are an error here, named, but only once no row is
/// refused: the table's faults come first, as in [`crate::table::checked`].
pub(super) fn sums(tx: &DataFrame, plan: &Plan) -> Result<Outcome> {
    // Parts of at least a million rows: below that a thread costs more than it saves.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    sums_in_parts(tx, plan, threads.min(tx.height().div_ceil(1 << 20)))
}

/// [`sums`] with the rows cut into `parts` parts, summed on as many threads and merged.
pub(super) fn sums_in_parts(tx: &DataFrame, plan: &Plan, parts: usize) -> Result<Outcome> {
    let columns = Columns::of(tx)?;
    if let Some(days) = DayTable::guessed(&columns.days, plan, tx)? {
        match sums_with(tx, &columns, &days, plan, parts)? {
            Err(Stop::Outside) => {}
            done => return outcome(done),
        }
    }
    let days = DayTable::of(&columns.days, plan, tx)?;
    outcome(sums_with(tx, &columns, &days, plan, parts)?)
}

/// What a pass's stop, if any, makes of the table.
fn outcome(done: std::result::Result<Sums, Stop>) -> Result<Outcome> {
    Ok(match done {
        Ok(sums) => Outcome::Sums(sums),
        Err(Stop::Sparse) => Outcome::Sparse,
        // With the table of every day, a day outside it is a day no table holds.
        Err(Stop::Refused | Stop::Outside) => Outcome::Refused,
    })
}

/// The sums of `tx` with the table of days `days`, in `parts` parts; or why a part stopped.
fn sums_with(
    tx: &DataFrame,
    columns: &Columns,
    days: &DayTable,
    plan: &Plan,
    parts: usize,
) -> Result<std::result::Result<Sums, Stop>> {
    let rows = tx.height();
    // Cells and additive sums together, per part; the smallest tables always fit.
    let budget = rows.max(1 << 16);
    let parts = parts.clamp(1, rows.max(1));
    let size = rows.div_ceil(parts);
    let run = |part: usize| -> std::result::Result<Pass, Stop> {
        let mut pass = Pass::new(columns, days, plan, budget);
        pass.rows(part * size..((part + 1) * size).min(rows))?;
        Ok(pass)
    };
    let done = crate::parts::in_parts(parts, run);
    // A day outside a guessed table first (the table of every day may show the row refused
    // or not), then a refused row anywhere: the general path would refuse it too.
    let mut passes = Vec::with_capacity(parts);
    let mut stop = None;
    for part in done {
        match part {
            Ok(pass) => passes.push(pass),
            Err(Stop::Outside) => return Ok(Err(Stop::Outside)),
            Err(Stop::Refused) => stop = Some(Stop::Refused),
            Err(Stop::Sparse) => stop = stop.or(Some(Stop::Sparse)),
        }
    }
    if let Some(stop) = stop {
        return Ok(Err(stop));
    }
    let mut passes = passes.into_iter();
    let Some(mut whole) = passes.next() else {
        return Ok(Err(Stop::Refused));
    };
    for part in passes {
        if !whole.absorb(part) {
            return Ok(Err(Stop::Refused));
        }
    }
    whole.finish().map(Ok)
}

/// Ids given in first-seen order to pairs of ids, in a table grown as ids appear.
#[derive(Default)]
struct Pairs {
    table: Vec<Vec<u32>>,
    members: Vec<(u32, u32)>,
}

impl Pairs {
    const NONE: u32 = u32::MAX;

    /// The id of `(a, b)`, and whether it is new.
    fn id(&mut self, a: u32, b: u32) -> (u32, bool) {
        let (a, b) = (a as usize, b as usize);
        if a >= self.table.len() {
            self.table.resize_with(a + 1, Vec::new);
        }
        let row = &mut self.table[a];
        if b >= row.len() {
            row.resize(b + 1, Self::NONE);
        }
        if row[b] != Self::NONE {
            return (row[b], false);
        }
        row[b] = self.members.len() as u32;
        self.members.push((a as u32, b as u32));
        (row[b], true)
    }
}

/// Rows per block: a block's views of its four string columns (64 KiB) stay in the L1 and L2
/// caches while its runs are found and read.
const BLOCK: usize = 1024;

/// Where runs begin in a block: bit `k` of word `k / 64` is set when row `k` begins one.
type RunStarts = [u64; BLOCK / 64];

/// Where the block's runs begin: row 0, and each row whose view differs from the row
/// before's in some column (`columns`, the block's views of region, map, bank and label).
///
/// Equal views are the same string (the same inline bytes, or the same place in the same
/// buffer). A string stored twice at two places makes unequal views of one string: a run is
/// then cut in two, each half given the same ids, which changes no sum. The columns are
/// compared together, 64 rows into a word, without a branch per row: this reads the views
/// as fast as memory gives them.
fn mark_runs(columns: [&[View]; 4], n: usize, starts: &mut RunStarts) {
    let [a, b, c, d] = columns.map(|c| &c[..n]);
    for (w, start) in (0..n).step_by(64).enumerate() {
        let end = (start + 64).min(n);
        let mut changed = 0u64;
        for k in start.max(1)..end {
            let x = (a[k].as_u128() ^ a[k - 1].as_u128())
                | (b[k].as_u128() ^ b[k - 1].as_u128())
                | (c[k].as_u128() ^ c[k - 1].as_u128())
                | (d[k].as_u128() ^ d[k - 1].as_u128());
            changed |= u64::from(x != 0) << (k - start);
        }
        starts[w] = changed;
    }
    starts[0] |= 1;
}

/// The first row at or after `from` that begins a run, or `n`.
fn next_start(starts: &RunStarts, from: usize, n: usize) -> usize {
    let mut w = from / 64;
    let Some(&first) = starts.get(w) else {
        return n;
    };
    let mut bits = first & (u64::MAX << (from % 64));
    loop {
        if bits != 0 {
            return (w * 64 + bits.trailing_zeros() as usize).min(n);
        }
        w += 1;
        match starts.get(w) {
            Some(&b) => bits = b,
            None => return n,
        }
    }
}

/// Where a run's rows go: the table of days, the months seen and the cells of its pair and
/// channel, and its pair's additive sums (empty when its channel feeds no derived `all`).
struct Destination<'p> {
    days: &'p DayTable,
    periods: usize,
    period_of: &'p [u8; 13],
    seen: &'p mut [u16],
    cells: &'p mut [Acc],
    additive: &'p mut [Acc],
}

/// Checks and adds the rows of a run of one place, pair and label; the first sum that leaves
/// 64 bits as (whether in the derived `all`, year, month index). `YEARLY`: one period a year,
/// a row's cell is its year's; `ADDITIVE`: the rows also feed a derived `all`.
///
/// The year's months seen and the cell added to are held in registers while rows stay in
/// them (a series' months mostly come in order): a load and a store a row through memory
/// cost more than the sums.
#[inline(always)]
fn add_rows<const YEARLY: bool, const ADDITIVE: bool>(
    run: Run,
    to: Destination,
) -> std::result::Result<Option<(bool, usize, u32)>, Stop> {
    let Destination {
        days: table,
        periods,
        period_of,
        seen,
        cells,
        additive,
    } = to;
    let (first_day, slots) = (table.first_day, &table.slots[..]);
    let mut overflow = None;
    let (mut year_at, mut months_seen) = (usize::MAX, 0u16);
    let (mut cell_at, mut sum) = (usize::MAX, Acc::default());
    for ((&day, &count), &value) in run.days.iter().zip(run.counts).zip(run.values) {
        let Some(&slot) = usize::try_from(day.wrapping_sub(first_day))
            .ok()
            .and_then(|d| slots.get(d))
        else {
            return Err(Stop::Outside);
        };
        if slot == 0 {
            return Err(Stop::Refused);
        }
        let (year, index) = (usize::from(slot / 16), u32::from(slot % 16));
        let bit = 1u16 << (index - 1);
        if year != year_at {
            if let Some(held) = seen.get_mut(year_at) {
                *held = months_seen;
            }
            (year_at, months_seen) = (year, seen[year]);
            if YEARLY {
                // The cell changes with the year.
                if let Some(held) = cells.get_mut(cell_at) {
                    *held = sum;
                }
                (cell_at, sum) = (year, cells[year]);
            }
        }
        if months_seen & bit != 0 {
            return Err(Stop::Refused);
        }
        months_seen |= bit;
        if !YEARLY {
            let cell = year * periods + usize::from(period_of[index as usize]);
            if cell != cell_at {
                if let Some(held) = cells.get_mut(cell_at) {
                    *held = sum;
                }
                (cell_at, sum) = (cell, cells[cell]);
            }
        }
        if !sum.add(count, value, bit) {
            overflow.get_or_insert((false, year, index));
        }
        if ADDITIVE
            && let Some(sum) = additive.get_mut(year * 12 + index as usize - 1)
            && !sum.add(count, value, bit)
        {
            overflow.get_or_insert((true, year, index));
        }
    }
    if let Some(held) = seen.get_mut(year_at) {
        *held = months_seen;
    }
    if let Some(held) = cells.get_mut(cell_at) {
        *held = sum;
    }
    Ok(overflow)
}

/// The columns of a run of rows of one place, bank and label, within one block.
struct Run<'b> {
    days: &'b [i32],
    counts: &'b [i64],
    values: &'b [i64],
}

struct Pass<'a> {
    plan: &'a Plan<'a>,
    days: &'a DayTable,
    region: Text<'a>,
    map: Text<'a>,
    bank: Text<'a>,
    label: Text<'a>,
    /// Channel of each label id, `None` for a label that is not a channel.
    channel_of: Vec<Option<u8>>,
    day: Numbers<'a, i32>,
    count: Numbers<'a, i64>,
    value: Numbers<'a, i64>,
    /// Rows at which some column's chunk starts: no block crosses one.
    chunk_starts: Vec<usize>,
    places: Pairs,
    /// (place, bank) pairs: the duplicate check's unit.
    pairs: Pairs,
    /// (region, map, bank) of the previous row, and its place and pair.
    last: ((u32, u32, u32), u32, u32),
    cells: Vec<Acc>,
    /// Per pair × channel × year: the months seen, for the duplicate check.
    seen: Vec<u16>,
    /// Per pair × year × month: the additive channels' sums, and (as `months`) whether any
    /// row was there, for a derived `all`.
    additive: Vec<Acc>,
    additive_mask: [bool; CHANNELS],
    /// Period (0-based) of each month index 1–12: a lookup, not a division per row.
    period_of: [u8; 13],
    /// The first sum found to leave the 64-bit range, reported once every row is checked.
    overflow: Option<crate::Error>,
    /// Most cells and additive sums this part may hold.
    budget: usize,
    /// A block of empty views, read in place of an absent column's.
    absent: Vec<View>,
}

impl<'a> Pass<'a> {
    fn new(columns: &'a Columns, days: &'a DayTable, plan: &'a Plan<'a>, budget: usize) -> Self {
        let mut additive_mask = [false; CHANNELS];
        for c in plan.derive.unwrap_or(&[]) {
            additive_mask[c.index()] = *c != Channel::All;
        }
        Self {
            plan,
            days,
            region: Text::new(Some(&columns.region)),
            map: Text::new(columns.map.as_ref()),
            bank: Text::new(columns.bank.as_ref()),
            label: Text::new(Some(&columns.channel)),
            channel_of: Vec::new(),
            day: Numbers::new(&columns.days),
            count: Numbers::new(&columns.count),
            value: Numbers::new(&columns.value),
            chunk_starts: columns.chunk_starts(),
            places: Pairs::default(),
            pairs: Pairs::default(),
            last: ((u32::MAX, u32::MAX, u32::MAX), 0, 0),
            cells: Vec::new(),
            seen: Vec::new(),
            additive: Vec::new(),
            additive_mask,
            period_of: std::array::from_fn(|i| {
                plan.frequency.period_of((i as u32).max(1)) as u8 - 1
            }),
            overflow: None,
            budget,
            absent: vec![View::default(); BLOCK],
        }
    }

    fn periods(&self) -> usize {
        self.plan.frequency.periods_per_year() as usize
    }

    /// Place and pair of a row's names; [`Stop::Sparse`] when a new one would pass the
    /// budget.
    #[inline]
    fn place_and_pair(
        &mut self,
        region: u32,
        map: u32,
        bank: u32,
    ) -> std::result::Result<(u32, u32), Stop> {
        if self.last.0 != (region, map, bank) {
            let (place, _) = self.place(region, map);
            let (pair, _) = self.pair(place, bank);
            if self.cells.len() + self.additive.len() > self.budget {
                return Err(Stop::Sparse);
            }
            self.last = ((region, map, bank), place, pair);
        }
        Ok((self.last.1, self.last.2))
    }

    /// The place of (region, map), its cells made if it is new, and whether it is.
    fn place(&mut self, region: u32, map: u32) -> (u32, bool) {
        let (place, new) = self.places.id(region, map);
        if new {
            let cells = CHANNELS * self.days.years * self.periods();
            self.cells.resize(self.cells.len() + cells, Acc::default());
        }
        (place, new)
    }

    /// The pair of (place, bank), its duplicate check and additive sums made if it is new,
    /// and whether it is.
    fn pair(&mut self, place: u32, bank: u32) -> (u32, bool) {
        let (pair, new) = self.pairs.id(place, bank);
        if new {
            self.seen
                .resize(self.seen.len() + CHANNELS * self.days.years, 0);
            if self.plan.derive.is_some() {
                self.additive
                    .resize(self.additive.len() + self.days.years * 12, Acc::default());
            }
        }
        (pair, new)
    }

    #[cold]
    fn parse_labels(&mut self) {
        for name in &self.label.dictionary.names[self.channel_of.len()..] {
            let channel = Channel::parse(name).ok().map(|c| c.index() as u8);
            self.channel_of.push(channel);
        }
    }

    /// Checks and adds the rows of `rows`, a block at a time: first where the block's runs
    /// of one region, map, bank and label begin, from their views alone; then each run, its
    /// names interned once.
    fn rows(&mut self, rows: std::ops::Range<usize>) -> std::result::Result<(), Stop> {
        let mut starts: RunStarts = [0; BLOCK / 64];
        let mut start = rows.start;
        while start < rows.end {
            let next_chunk = self.chunk_starts.partition_point(|&s| s <= start);
            let chunk_end = self.chunk_starts.get(next_chunk).copied();
            let n = BLOCK.min(rows.end.min(chunk_end.unwrap_or(usize::MAX)) - start);
            let days = self.day.rows(start, n);
            let (counts, values) = (self.count.rows(start, n), self.value.rows(start, n));
            // An absent column's views are all equal: it begins no run.
            let absent = &self.absent[..n];
            let views = [
                &mut self.region,
                &mut self.map,
                &mut self.bank,
                &mut self.label,
            ]
            .map(|text| text.block(start, n).unwrap_or(absent));
            mark_runs(views, n, &mut starts);
            // The views of the block after next, asked for a part at a time as this block's
            // runs are added ([`prefetch`]).
            let ahead = [&self.region, &self.map, &self.bank, &self.label].map(|t| t.ahead(n));
            let mut asked = 0;
            let mut k = 0;
            while k < n {
                let end = next_start(&starts, k + 1, n);
                let upto = end * 64 / n;
                for views in ahead {
                    prefetch(views, asked..upto);
                }
                asked = upto;
                let (region, map) = (self.region.id(k), self.map.id(k));
                let (bank, label) = (self.bank.id(k), self.label.id(k));
                let (place, pair) = self.place_and_pair(region, map, bank)?;
                let run = Run {
                    days: &days[k..end],
                    counts: &counts[k..end],
                    values: &values[k..end],
                };
                self.run(run, label, place as usize, pair as usize)?;
                k = end;
            }
            start += n;
        }
        Ok(())
    }

    /// Checks and adds the rows of `run`, all of one place, pair and label.
    ///
    /// The slices are taken once: writes into them cannot then make the compiler reload
    /// the pass's fields for every row.
    fn run(
        &mut self,
        run: Run,
        label: u32,
        place: usize,
        pair: usize,
    ) -> std::result::Result<(), Stop> {
        if label as usize >= self.channel_of.len() {
            self.parse_labels();
        }
        let Some(channel) = self.channel_of[label as usize] else {
            return Err(Stop::Refused);
        };
        let channel = usize::from(channel);
        let (years, periods) = (self.days.years, self.periods());
        let seen = &mut self.seen[(pair * CHANNELS + channel) * years..][..years];
        let cells =
            &mut self.cells[(place * CHANNELS + channel) * years * periods..][..years * periods];
        let additive = if self.additive_mask[channel] {
            &mut self.additive[pair * years * 12..][..years * 12]
        } else {
            &mut []
        };
        // Amounts checked for the whole run at once, a fold without a branch: a negative
        // one sets the sign bit.
        if run
            .counts
            .iter()
            .chain(run.values)
            .fold(0, |any, &x| any | x)
            < 0
        {
            return Err(Stop::Refused);
        }
        let to = Destination {
            days: self.days,
            periods,
            period_of: &self.period_of,
            seen,
            cells,
            additive,
        };
        // A loop for each shape: years of one period and no derived `all` (most tables)
        // neither find a period nor test for additive sums in every row.
        let overflow = match (periods == 1, to.additive.is_empty()) {
            (true, true) => add_rows::<true, false>(run, to)?,
            (true, false) => add_rows::<true, true>(run, to)?,
            (false, true) => add_rows::<false, false>(run, to)?,
            (false, false) => add_rows::<false, true>(run, to)?,
        };
        if let Some((all, year, index)) = overflow {
            let channel = if all { Channel::All.index() } else { channel };
            self.overflowed(place, channel, year, index);
        }
        Ok(())
    }

    /// Adds the sums of another part's rows, which come after this one's; false when a key
    /// is in both (a duplicate).
    fn absorb(&mut self, mut other: Pass) -> bool {
        if let Some(e) = other.overflow.take() {
            self.overflow.get_or_insert(e);
        }
        let ids = |mine: &mut Dictionary, theirs: &Dictionary| -> Vec<u32> {
            theirs.names.iter().map(|n| mine.id(n)).collect()
        };
        let region = ids(&mut self.region.dictionary, &other.region.dictionary);
        let map = ids(&mut self.map.dictionary, &other.map.dictionary);
        let bank = ids(&mut self.bank.dictionary, &other.bank.dictionary);
        let block = CHANNELS * self.days.years * self.periods();
        let per_pair = CHANNELS * self.days.years;
        let months = self.days.years * 12;
        // Parts of a sorted table mostly hold places and pairs of their own: room for all.
        self.cells.reserve(other.places.members.len() * block);
        self.seen.reserve(other.pairs.members.len() * per_pair);
        if self.plan.derive.is_some() {
            self.additive.reserve(other.pairs.members.len() * months);
        }
        let mut place_of = Vec::with_capacity(other.places.members.len());
        for (theirs, &(r, m)) in other.places.members.iter().enumerate() {
            let (place, new) = self.place(region[r as usize], map[m as usize]);
            place_of.push(place);
            let (mine, theirs) = (place as usize * block, theirs * block);
            let from = &other.cells[theirs..theirs + block];
            if new {
                // Sums added to nothing: taken whole, no sum can leave 64 bits.
                self.cells[mine..mine + block].copy_from_slice(from);
                continue;
            }
            for (k, add) in from.iter().enumerate() {
                let acc = &mut self.cells[mine + k];
                if !acc.add(add.count, add.value, add.months) {
                    let (channel, year) = (
                        k / self.periods() / self.days.years,
                        k / self.periods() % self.days.years,
                    );
                    let last_month = 16 - add.months.leading_zeros();
                    self.overflowed(place as usize, channel, year, last_month);
                }
            }
        }
        for (theirs, &(p, b)) in other.pairs.members.iter().enumerate() {
            let (pair, new) = self.pair(place_of[p as usize], bank[b as usize]);
            let pair = pair as usize;
            let (mine, from) = (
                &mut self.seen[pair * per_pair..][..per_pair],
                &other.seen[theirs * per_pair..][..per_pair],
            );
            // A month seen in both parts is a key given twice: checked for the whole pair at
            // once, a fold without a branch.
            let twice = mine.iter().zip(from).fold(0, |any, (m, f)| any | (m & f));
            if twice != 0 {
                return false;
            }
            for (m, f) in mine.iter_mut().zip(from) {
                *m |= f;
            }
            if self.plan.derive.is_some() {
                let from = &other.additive[theirs * months..][..months];
                if new {
                    self.additive[pair * months..][..months].copy_from_slice(from);
                    continue;
                }
                for (k, add) in from.iter().enumerate() {
                    let acc = &mut self.additive[pair * months + k];
                    if !acc.add(add.count, add.value, add.months) {
                        let place = place_of[p as usize] as usize;
                        let (year, index) = (k / 12, (k % 12) as u32 + 1);
                        self.overflowed(place, Channel::All.index(), year, index);
                    }
                }
            }
        }
        true
    }

    /// Adds the derived `all` of every pair and month that has additive rows and no reported
    /// `all`.
    fn finish(mut self) -> Result<Sums> {
        let years = self.days.years;
        let periods = self.periods();
        let all = Channel::All.index();
        if self.plan.derive.is_some() {
            for pair in 0..self.pairs.members.len() {
                let place = self.pairs.members[pair].0;
                for year in 0..years {
                    let reported = self.seen[(pair * CHANNELS + all) * years + year];
                    for index in 1..=12u32 {
                        let bit = 1u16 << (index - 1);
                        let sum = self.additive[(pair * years + year) * 12 + index as usize - 1];
                        if sum.months == 0 || reported & bit != 0 {
                            continue;
                        }
                        let period = self.plan.frequency.period_of(index) as usize - 1;
                        let cell =
                            ((place as usize * CHANNELS + all) * years + year) * periods + period;
                        let acc = &mut self.cells[cell];
                        acc.derived = true;
                        if !acc.add(sum.count, sum.value, bit) {
                            self.overflowed(place as usize, all, year, index);
                        }
                    }
                }
            }
        }
        if let Some(e) = self.overflow.take() {
            return Err(e);
        }
        Ok(Sums {
            regions: std::mem::take(&mut self.region.dictionary.names),
            maps: std::mem::take(&mut self.map.dictionary.names),
            has_map: !self.map.is_absent(),
            places: std::mem::take(&mut self.places.members),
            first_year: self.days.first_year,
            years,
            periods,
            cells: std::mem::take(&mut self.cells),
        })
    }

    /// Keeps the error for a sum that left the 64-bit range, unless one is kept already.
    fn overflowed(&mut self, place: usize, channel: usize, year: usize, index: u32) {
        if self.overflow.is_none() {
            self.overflow = Some(self.overflow_error(place, channel, year, index));
        }
    }

    fn overflow_error(
        &self,
        place: usize,
        channel: usize,
        year: usize,
        index: u32,
    ) -> crate::Error {
        let (region, _) = self.places.members[place];
        let reporting_year = self.days.first_year + year as i32;
        let (y, m) = self.plan.year_start.calendar_month(reporting_year, index);
        let region = &self.region.dictionary.names[region as usize];
        super::overflow_error(ALL_CHANNELS[channel], region, y, m)
    }
}
