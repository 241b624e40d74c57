//! The keys of a canonical table as dense integers.
//!
//! Region, bank and map codes are interned once, channels and months become small integers,
//! and a row's key is one `u64`. Duplicate-key checks and aggregations then work on arrays
//! indexed by key instead of hashing strings per row: on 5 million rows a polars group-by over
//! four string keys took 1.2 s, this takes a fraction of it.

use std::borrow::Cow;

use polars::prelude::*;
use polars_arrow::array::{Array, Utf8ViewArray, View};
use polars_arrow::bitmap::MutableBitmap;

use crate::calendar::civil_from_days;
use crate::channels::{Channel, ALL_CHANNELS};
use crate::error::{invalid_argument, Result};
use crate::lang::{Lang, Words};
use crate::schema::{BANK, CHANNEL, COUNT, PERIOD, REGION_CODE, REGION_MAP, VALUE};

/// Two codes (or names) in byte order, compared in a loop: codes are a few bytes, where a
/// call to `memcmp` for each comparison cost more than the rest of a sort or a scan of runs
/// (measured on glibc's EVEX `memcmp`: 1.5 of reading 43,200 annual rows' 1.9 ms). The order
/// is `str`'s own. (Crate-private: its example is the unit test `code_order_is_strs_order`.)
pub(crate) fn code_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().cmp(b.bytes())
}

/// Distinct strings in first-seen order, kept across the columns (or batches) fed to it.
#[derive(Default)]
pub(crate) struct Dictionary {
    pub names: Vec<String>,
    short: PlHashMap<u128, u32>,
    long: PlHashMap<String, u32>,
    /// Recent short keys and their ids, one slot per hash, in front of `short`.
    cache: ShortCache,
}

/// The key of a string short enough to live inside its 16-byte view (up to 12 bytes): the
/// view masked past the string. Codes are short, so they are compared and hashed as one
/// integer instead of a memcmp and a string hash per row.
#[inline]
fn short_key(view: View) -> u128 {
    view.as_u128() & (u128::MAX >> (128 - (4 + view.length) * 8))
}

/// A direct-mapped cache of short keys (masked views): one compare where a hash-table lookup
/// costs a hash and a probe. Records in no particular order (raw transactions) miss the
/// previous row's view on almost every row; 100 million of them spent 3.8 s in three
/// hash-table lookups each before this cache.
#[derive(Default)]
struct ShortCache {
    /// Empty until the first lookup: most dictionaries see a handful of names.
    keys: Vec<u128>,
    ids: Vec<u32>,
}

impl ShortCache {
    /// 8,192 slots (160 KB): a few thousand codes (communes) mostly find their own slot.
    const BITS: u32 = 13;

    #[inline]
    fn slot(key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    #[inline]
    fn get(&self, key: u128) -> Option<u32> {
        let slot = Self::slot(key);
        // No key is all ones (its length would be 4 GiB), so empty slots never match.
        (self.keys.get(slot) == Some(&key)).then(|| self.ids[slot])
    }

    fn put(&mut self, key: u128, id: u32) {
        if self.keys.is_empty() {
            self.keys = vec![u128::MAX; 1 << Self::BITS];
            self.ids = vec![Dictionary::NULL; 1 << Self::BITS];
        }
        let slot = Self::slot(key);
        self.keys[slot] = key;
        self.ids[slot] = id;
    }
}

impl Dictionary {
    /// The id given to a null.
    pub const NULL: u32 = u32::MAX;

    /// Appends each row's id to `out` ([`Dictionary::NULL`] for a null).
    pub fn push_ids(&mut self, ca: &StringChunked, out: &mut Vec<u32>) {
        out.reserve(ca.len());
        for arr in ca.downcast_iter() {
            // Views name places in their own array's buffers: the cache is per array.
            let mut last = Recent::default();
            let at = out.len();
            out.resize(at + arr.len(), Self::NULL);
            let ids = &mut out[at..];
            match arr.validity().filter(|v| v.unset_bits() > 0) {
                None => self.ids_into(arr, 0, ids, &mut last),
                Some(validity) => {
                    for (row, id) in ids
                        .iter_mut()
                        .enumerate()
                        .filter(|(r, _)| validity.get_bit(*r))
                    {
                        self.ids_into(arr, row, std::slice::from_mut(id), &mut last);
                    }
                }
            }
        }
    }

    /// The ids of the (non-null) strings of `arr` from row `start` on, one per slot of `out`.
    ///
    /// Tables usually come sorted or grouped: most rows repeat the previous row's view, and
    /// an identical view (the same inline bytes, or the same place in the same buffer) is the
    /// same string, so `last` answers them without a lookup. Views name places in their own
    /// array's buffers: `last` must not be carried from one array to another.
    #[inline]
    pub fn ids_into(
        &mut self,
        arr: &Utf8ViewArray,
        start: usize,
        out: &mut [u32],
        last: &mut Recent,
    ) {
        let views = &arr.views()[start..start + out.len()];
        for (row, (id, view)) in (start..).zip(out.iter_mut().zip(views)) {
            if view.as_u128() != last.view {
                let cached = (view.length <= View::MAX_INLINE_SIZE)
                    .then(|| self.cache.get(short_key(*view)))
                    .flatten();
                *last = Recent {
                    view: view.as_u128(),
                    id: cached.unwrap_or_else(|| self.looked_up(arr, row)),
                };
            }
            *id = last.id;
        }
    }

    /// The id of the string at `row`, from the tables (added if new).
    #[inline(never)]
    fn looked_up(&mut self, arr: &Utf8ViewArray, row: usize) -> u32 {
        let view = arr.views()[row];
        if view.length > View::MAX_INLINE_SIZE {
            return self.long_id(arr.value(row));
        }
        let key = short_key(view);
        let id = self.short_id(key, arr.value(row));
        self.cache.put(key, id);
        id
    }

    /// The id of `s`, a string short enough to live inside its view, whose key is `key`.
    fn short_id(&mut self, key: u128, s: &str) -> u32 {
        let names = &mut self.names;
        *self.short.entry(key).or_insert_with(|| {
            names.push(s.to_string());
            (names.len() - 1) as u32
        })
    }

    fn long_id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.long.get(s) {
            return id;
        }
        self.names.push(s.to_string());
        let id = (self.names.len() - 1) as u32;
        self.long.insert(s.to_string(), id);
        id
    }

    /// The id of `s`, added if new.
    pub fn id(&mut self, s: &str) -> u32 {
        if s.len() > View::MAX_INLINE_SIZE as usize {
            return self.long_id(s);
        }
        self.short_id(short_key(View::new_inline(s.as_bytes())), s)
    }
}

/// A text column of `values`, which come in runs (rows sorted by region, a region's channels
/// together): each run's text written once and gathered, where writing every row's text
/// builds a string view from its bytes (a third of building a 43,200-row annual table).
/// (Crate-private: its example is the unit test `runs_column_is_the_column_of_its_values`.)
pub(crate) fn runs_column<'a>(name: &str, values: impl Iterator<Item = &'a str>) -> Result<Column> {
    let mut runs = Runs::default();
    for value in values {
        runs.push(value);
    }
    runs.into_column(name)
}

/// A text column built a row at a time from texts that come in runs: each run's text kept
/// once, each row's index into them ([`runs_column`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Runs<'a> {
    texts: Vec<&'a str>,
    index: Vec<IdxSize>,
}

impl<'a> Runs<'a> {
    /// Room for `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            texts: Vec::new(),
            index: Vec::with_capacity(rows),
        }
    }

    /// Adds a row of `text`.
    #[inline]
    pub fn push(&mut self, text: &'a str) {
        // The same text borrowed from the same place is told without comparing its bytes:
        // a run's rows mostly borrow one.
        let same = |last: &&str| {
            (std::ptr::eq(last.as_ptr(), text.as_ptr()) && last.len() == text.len())
                || *last == text
        };
        if !self.texts.last().is_some_and(same) {
            self.texts.push(text);
        }
        self.index.push((self.texts.len() - 1) as IdxSize);
    }

    /// The text of row `row`.
    #[cfg(test)]
    pub fn text(&self, row: usize) -> &'a str {
        self.texts[self.index[row] as usize]
    }

    /// The column named `name`.
    pub fn into_column(self, name: &str) -> Result<Column> {
        gathered_column(name, self.texts, self.index)
    }
}

/// A text column whose row `k` is `texts[index[k]]`: each text written once and its view
/// gathered, where a column built row by row copies a long text's bytes for every row.
/// (Crate-private: its example is the unit test `runs_column_is_the_column_of_its_values`.)
pub(crate) fn gathered_column<T>(name: &str, texts: Vec<T>, index: Vec<IdxSize>) -> Result<Column>
where
    Series: NamedFrom<Vec<T>, [T]>,
{
    let texts = Column::new(name.into(), texts);
    Ok(texts.take(&IdxCa::from_vec("".into(), index))?)
}

/// A numeric column of `values`, null where a value is `None`: its values and validity
/// written in one pass, where polars builds a column of options a row at a time (a tenth of
/// `growth`'s time when it built its two rates so).
/// (Crate-private: its example is the unit test `optional_column_keeps_its_nulls`.)
pub(crate) fn optional_column<T: PolarsNumericType>(
    name: &str,
    values: impl ExactSizeIterator<Item = Option<T::Native>>,
) -> Column {
    let mut out = Vec::with_capacity(values.len());
    let mut valid = MutableBitmap::with_capacity(values.len());
    for value in values {
        out.push(value.unwrap_or_default());
        valid.push(value.is_some());
    }
    let valid = (valid.unset_bits() > 0).then(|| valid.into());
    ChunkedArray::<T>::from_vec_validity(name.into(), out, valid).into_column()
}

/// A text column of each row's notes in `lang` ([`Words::notes_in`]), null where a row has
/// none. A row's single note shared with other rows (clones of one [`Words`]: a series' first
/// year, a target no unit can be judged for) is written once and gathered, where writing each
/// row's copy of a long note copies its bytes.
/// (Crate-private: its example is the unit test `notes_column_writes_a_shared_note_once`.)
pub(crate) fn notes_column<'a>(
    name: &str,
    rows: impl Iterator<Item = &'a [Words]>,
    lang: Lang,
) -> Result<Column> {
    let mut texts: Vec<Option<Cow<'a, str>>> = vec![None];
    let mut written: PlHashMap<usize, IdxSize> = PlHashMap::new();
    let mut write = |text: Cow<'a, str>| {
        texts.push(Some(text));
        (texts.len() - 1) as IdxSize
    };
    let index: Vec<IdxSize> = rows
        .map(|notes| match notes {
            [] => 0,
            [one] => *written
                .entry(one.identity())
                .or_insert_with(|| write(one.get(lang).into())),
            many => write(Words::notes_in(many, lang).unwrap_or_default()),
        })
        .collect();
    let texts: Vec<Option<&str>> = texts.iter().map(|t| t.as_deref()).collect();
    gathered_column(name, texts, index)
}

/// Distinct strings of a column in first-seen order, and each row's index into them.
pub(crate) struct Interned {
    pub names: Vec<String>,
    pub index: Vec<u32>,
}

impl Interned {
    /// The column interned; nulls read as the empty string.
    pub fn of(ca: &StringChunked) -> Self {
        let mut dictionary = Dictionary::default();
        let mut index = Vec::new();
        dictionary.push_ids(ca, &mut index);
        if ca.null_count() > 0 {
            let empty = dictionary.id("");
            for i in index.iter_mut().filter(|i| **i == Dictionary::NULL) {
                *i = empty;
            }
        }
        Self {
            names: dictionary.names,
            index,
        }
    }

    /// One name for every row (for an absent optional column).
    fn constant(rows: usize) -> Self {
        Self {
            names: vec![String::new()],
            index: vec![0; rows],
        }
    }
}

/// The view of the last string looked up in an array, and its id.
#[derive(Clone, Copy)]
pub(crate) struct Recent {
    view: u128,
    id: u32,
}

impl Default for Recent {
    fn default() -> Self {
        // No view is all ones: its length would be 4 GiB.
        Self {
            view: u128::MAX,
            id: Dictionary::NULL,
        }
    }
}

/// A checked canonical table's keys and amounts, as integers.
pub(crate) struct Keys {
    pub region: Interned,
    pub map: Interned,
    pub bank: Interned,
    pub has_map: bool,
    /// Position in [`ALL_CHANNELS`].
    pub channel: Vec<u8>,
    /// Months since January 1970.
    pub month: Vec<i32>,
    pub first_month: i32,
    pub months_span: u64,
    pub count: Vec<i64>,
    pub value: Vec<i64>,
}

/// Month numbers (months since January 1970) of the first days of months, looked up in a
/// table over the days the data spans instead of a calendar computation per row.
pub(crate) struct MonthTable {
    first_day: i32,
    /// Month number for the first day of a month, `None` for any other day.
    months: Vec<Option<i32>>,
}

impl MonthTable {
    /// The table for the days in `days`; an error for spans beyond years 1–9999.
    pub fn of(days: &Int32Chunked) -> Result<Self> {
        let first_day = days.min().unwrap_or(0);
        let last_day = days.max().unwrap_or(0);
        // 0001-01-01 to 9999-12-31 is 3.65 million days: a few megabytes at most.
        if i64::from(last_day) - i64::from(first_day) > 3_700_000 {
            return Err(invalid_argument(crate::say!(
                "các kỳ trải quá các năm 1 đến 9999".into(),
                "periods span more than the years 1 to 9999".into(),
            )));
        }
        let months = (first_day..=last_day)
            .map(|d| {
                let (y, m, day) = civil_from_days(d);
                (day == 1).then(|| (y - 1970) * 12 + m as i32 - 1)
            })
            .collect();
        Ok(Self { first_day, months })
    }

    /// The month number of `day` if it is the first day of a month.
    pub fn month(&self, day: i32) -> Option<i32> {
        let i = usize::try_from(i64::from(day) - i64::from(self.first_day)).ok()?;
        self.months.get(i).copied().flatten()
    }
}

/// Calendar (year, month 1–12) of a month number.
pub(crate) fn year_month(month: i32) -> (i32, u32) {
    (1970 + month.div_euclid(12), month.rem_euclid(12) as u32 + 1)
}

impl Keys {
    /// Keys of a table already normalized by [`crate::table::canonical`]'s column readers.
    pub fn of(df: &DataFrame) -> Result<Self> {
        let text = |name: &str| -> Result<Interned> {
            Ok(match df.column(name) {
                Ok(c) => Interned::of(c.str()?),
                Err(_) => Interned::constant(df.height()),
            })
        };
        let channels = Interned::of(df.column(CHANNEL)?.str()?);
        let position: Vec<u8> = channels
            .names
            .iter()
            // The column holds canonical names only, so parsing cannot fail here.
            .map(|n| Channel::parse(n).map_or(0, |c| c.index() as u8))
            .collect();
        let channel: Vec<u8> = channels
            .index
            .iter()
            .map(|&i| position[i as usize])
            .collect();
        let days = df.column(PERIOD)?.date()?.physical();
        let table = MonthTable::of(days)?;
        let days = days.rechunk();
        // A copy-free slice when there are no nulls (the canonical readers refuse them).
        let month: Vec<i32> = match days.cont_slice() {
            Ok(d) => d.iter().map(|&d| table.month(d).unwrap_or(0)).collect(),
            Err(_) => days
                .iter()
                .map(|d| table.month(d.unwrap_or_default()).unwrap_or(0))
                .collect(),
        };
        let first_month = month.iter().copied().min().unwrap_or(0);
        let last_month = month.iter().copied().max().unwrap_or(0);
        let amounts = |name: &str| -> Result<Vec<i64>> {
            let ca = df.column(name)?.i64()?.rechunk();
            Ok(match ca.cont_slice() {
                Ok(v) => v.to_vec(),
                Err(_) => ca.iter().map(|v| v.unwrap_or(0)).collect(),
            })
        };
        Ok(Self {
            region: text(REGION_CODE)?,
            map: text(REGION_MAP)?,
            bank: text(BANK)?,
            has_map: df.schema().contains(REGION_MAP),
            channel,
            month,
            first_month,
            months_span: (last_month - first_month) as u64 + 1,
            count: amounts(COUNT)?,
            value: amounts(VALUE)?,
        })
    }

    pub fn rows(&self) -> usize {
        self.month.len()
    }

    /// Number of (region, map) series.
    fn places(&self) -> u64 {
        self.region.names.len() as u64 * self.map.names.len() as u64
    }

    /// (region, map) of row `i` as one number.
    pub fn place(&self, i: usize) -> u64 {
        u64::from(self.region.index[i]) * self.map.names.len() as u64 + u64::from(self.map.index[i])
    }

    /// Size of the space of [`Keys::group`] numbers.
    pub fn group_space(&self) -> Result<u64> {
        self.places()
            .checked_mul(self.bank.names.len() as u64)
            .and_then(|x| x.checked_mul(self.months_span))
            .ok_or_else(|| {
                invalid_argument(crate::say!(
                    "quá nhiều tổ hợp đơn vị × ngân hàng × tháng khác nhau để đánh số".into(),
                    "too many distinct regions × banks × months to index".into(),
                ))
            })
    }

    /// (region, map, bank, month) of row `i` as one number: the rows that together make a
    /// reported or derived `all`.
    pub fn group(&self, i: usize) -> u64 {
        (self.place(i) * self.bank.names.len() as u64 + u64::from(self.bank.index[i]))
            * self.months_span
            + (self.month[i] - self.first_month) as u64
    }

    /// The full key of row `i`: its group and its channel.
    pub fn key(&self, i: usize) -> u64 {
        self.group(i) * ALL_CHANNELS.len() as u64 + u64::from(self.channel[i])
    }

    /// Channel of row `i`.
    pub fn channel(&self, i: usize) -> Channel {
        ALL_CHANNELS[usize::from(self.channel[i])]
    }

    /// The first row whose key is repeated, and the earlier row it repeats.
    pub fn first_duplicate(&self) -> Result<Option<(usize, usize)>> {
        let space = self
            .group_space()?
            .checked_mul(ALL_CHANNELS.len() as u64)
            .ok_or_else(|| {
                invalid_argument(crate::say!(
                    "quá nhiều khóa khác nhau để đánh số".into(),
                    "too many distinct keys to index".into(),
                ))
            })?;
        let mut seen = KeySet::new(space, self.rows());
        for i in 0..self.rows() {
            let k = self.key(i);
            if !seen.insert(k) {
                let first = (0..i).find(|&j| self.key(j) == k).unwrap_or(0);
                return Ok(Some((first, i)));
            }
        }
        Ok(None)
    }
}

/// A set of `u64` keys: a bitset when the key space is small enough, a hash set otherwise.
pub(crate) enum KeySet {
    Dense(Vec<u64>),
    Sparse(PlHashSet<u64>),
}

impl KeySet {
    pub fn new(space: u64, rows: usize) -> Self {
        // A bitset costs space / 8 bytes: worth it up to 64 bits a row (8 bytes a row).
        if space <= (rows as u64).saturating_mul(64).max(1 << 20) {
            KeySet::Dense(vec![0; space.div_ceil(64) as usize])
        } else {
            KeySet::Sparse(PlHashSet::with_capacity(rows))
        }
    }

    /// Adds `k`; false when it was there already.
    pub fn insert(&mut self, k: u64) -> bool {
        match self {
            KeySet::Dense(bits) => {
                let (word, bit) = ((k / 64) as usize, 1u64 << (k % 64));
                let fresh = bits[word] & bit == 0;
                bits[word] |= bit;
                fresh
            }
            KeySet::Sparse(set) => set.insert(k),
        }
    }

    pub fn contains(&self, k: u64) -> bool {
        match self {
            KeySet::Dense(bits) => bits[(k / 64) as usize] & (1u64 << (k % 64)) != 0,
            KeySet::Sparse(set) => set.contains(&k),
        }
    }
}

/// Accumulators indexed by `u64` cells: a vector when the cell space is small enough, a hash
/// map otherwise.
pub(crate) enum Cells<T> {
    Dense(Vec<Option<T>>),
    Sparse(PlHashMap<u64, T>),
}

impl<T: Default> Cells<T> {
    pub fn new(space: u64, rows: usize) -> Self {
        if space <= (rows as u64).saturating_mul(4).max(1 << 16) {
            Cells::Dense(
                std::iter::repeat_with(|| None)
                    .take(space as usize)
                    .collect(),
            )
        } else {
            Cells::Sparse(PlHashMap::with_capacity(rows.min(1 << 20)))
        }
    }

    pub fn entry(&mut self, cell: u64) -> &mut T {
        match self {
            Cells::Dense(v) => v[cell as usize].get_or_insert_with(T::default),
            Cells::Sparse(m) => m.entry(cell).or_default(),
        }
    }

    /// The filled cells, in no particular order.
    pub fn into_filled(self) -> Vec<(u64, T)> {
        match self {
            Cells::Dense(v) => v
                .into_iter()
                .enumerate()
                .filter_map(|(i, t)| t.map(|t| (i as u64, t)))
                .collect(),
            Cells::Sparse(m) => m.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_column_is_the_column_of_its_values() {
        // Runs, a value that comes back after another, a long one (past a view's 12 bytes).
        let values = [
            "10000",
            "10000",
            "atm",
            "10000",
            "Agribank-long-name",
            "Agribank-long-name",
        ];
        let column = runs_column("c", values.into_iter()).unwrap();
        let read: Vec<Option<&str>> = column.str().unwrap().iter().collect();
        assert_eq!(read, values.map(Some));
        assert_eq!(column.name().as_str(), "c");
        assert_eq!(runs_column("e", std::iter::empty()).unwrap().len(), 0);
        // Texts taken by index, a null among them.
        let gathered = gathered_column(
            "f",
            vec![Some("(X_2025 / X_2020)^(1/5) - 1"), None],
            vec![1, 0, 0, 1],
        );
        let read: Vec<Option<&str>> = gathered.as_ref().unwrap().str().unwrap().iter().collect();
        let formula = Some("(X_2025 / X_2020)^(1/5) - 1");
        assert_eq!(read, [None, formula, formula, None]);
    }

    #[test]
    fn optional_column_keeps_its_nulls() {
        let c = optional_column::<Float64Type>("r", [Some(0.5), None, Some(-1.0)].into_iter());
        let read: Vec<Option<f64>> = c.f64().unwrap().iter().collect();
        assert_eq!(read, [Some(0.5), None, Some(-1.0)]);
        assert_eq!((c.name().as_str(), c.null_count()), ("r", 1));
        let full = optional_column::<Int32Type>("y", [Some(2024), Some(2025)].into_iter());
        assert_eq!(
            full.i32().unwrap().iter().collect::<Vec<_>>(),
            [Some(2024), Some(2025)]
        );
        assert_eq!(full.null_count(), 0);
    }

    #[test]
    fn code_order_is_strs_order() {
        let codes = [
            "",
            "1",
            "10000",
            "10001",
            "9",
            "Ha",
            "Hà",
            "Hà Nội",
            "HA",
            "ward-of-a-long-name",
        ];
        for a in codes {
            for b in codes {
                assert_eq!(code_order(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn notes_column_writes_a_shared_note_once() {
        let shared = Words::new("không có số liệu năm 2019", "no data for 2019");
        // The same words made apart: equal text, another identity, written again.
        let alike = Words::new("không có số liệu năm 2019", "no data for 2019");
        let two = [Words::new("a", "one"), Words::new("b", "two")];
        let rows: [&[Words]; 5] = [
            std::slice::from_ref(&shared),
            &[],
            std::slice::from_ref(&alike),
            &two,
            std::slice::from_ref(&shared),
        ];
        let column = notes_column("note", rows.into_iter(), Lang::En).unwrap();
        let read: Vec<Option<&str>> = column.str().unwrap().iter().collect();
        let first = Some("no data for 2019");
        assert_eq!(read, [first, None, first, Some("one; two"), first]);
        let vi = notes_column("note", rows.into_iter(), Lang::Vi).unwrap();
        assert_eq!(vi.str().unwrap().get(3), Some("a; b"));
    }

    /// `rows` strings in a scrambled order: 10,007 short codes (more than the cache has
    /// slots, so keys collide), long labels, and a null every 97th row.
    fn column(rows: usize, seed: u64) -> StringChunked {
        let mut state = seed;
        (0..rows)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let k = (state >> 33) % 10_007;
                match i % 97 {
                    0 => None,
                    1..=10 => Some(format!("a label longer than twelve bytes {}", k % 7)),
                    _ => Some(format!("C{k}")),
                }
            })
            .collect()
    }

    #[test]
    fn every_row_gets_the_id_of_its_own_string_across_arrays() {
        let mut dictionary = Dictionary::default();
        for seed in [1, 2] {
            let ca = column(60_000, seed);
            let mut ids = vec![];
            dictionary.push_ids(&ca, &mut ids);
            assert_eq!(ids.len(), ca.len());
            for (value, id) in ca.iter().zip(&ids) {
                match value {
                    None => assert_eq!(*id, Dictionary::NULL),
                    Some(s) => assert_eq!(dictionary.names[*id as usize], s),
                }
            }
        }
        // Each name once: 10,007 codes (all drawn in 120,000 rows) and 7 labels.
        let mut names = dictionary.names.clone();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), dictionary.names.len());
        assert_eq!(names.len(), 10_007 + 7);
        assert_eq!(dictionary.id("C42"), dictionary.id("C42"));
    }
}
