//! Parquet files summed from their column chunks, the string columns as dictionary codes.
//!
//! Parquet stores a column of a few distinct strings (regions, channel labels, banks) as a
//! dictionary page per row group and, for each record, a position in it. polars decodes every
//! position into a 16-byte string view, which [`super::groups`] then interns back into an id:
//! two thirds of the work of a record. Here each row group's dictionaries are mapped to the
//! grouping's ids once, and each record's positions become ids through that map; the times
//! and amounts are read as the integers they are stored as.
//!
//! This is a fast path, in the manner of `annual`'s fused pass: it takes files whose every
//! record is plainly good (a time, a region that is not empty, an amount that is not missing
//! and not negative) and whose columns are stored as it reads them (strings in dictionary
//! pages, 64-bit integer amounts, timestamps or dates), and sums them. Anything else, a file
//! of another shape or one record it cannot vouch for, and it answers `None`: the whole input
//! then goes through the engine's checks ([`super::checks`]), which find, name and count every
//! bad record. So no rule of what makes a record bad lives here, only what makes one plainly
//! good, and a channel label is judged by the same code on both paths (after the grouping).

use std::fs::File;
use std::io::Cursor;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use polars::prelude::DataFrame;
use polars_arrow::datatypes::ArrowDataType;
use polars_buffer::Buffer;
use polars_parquet::arrow::read::infer_schema;
use polars_parquet::parquet::encoding::hybrid_rle::{HybridRleChunk, HybridRleDecoder};
use polars_parquet::parquet::encoding::Encoding;
use polars_parquet::parquet::metadata::{ColumnChunkMetadata, FileMetadata};
use polars_parquet::parquet::page::{split_buffer, DataPage};
use polars_parquet::parquet::read::{read_metadata, BasicDecompressor, PageReader};
use polars_parquet::parquet::schema::types::{
    PhysicalType, PrimitiveConvertedType, PrimitiveLogicalType, TimeUnit,
};

use super::groups::{Coded, Groups};
use super::input::Columns;
use super::TransactionOptions;
use crate::calendar::VIETNAM_OFFSET_HOURS;
use crate::error::Result;

/// The grouped records of `paths` (as [`super::stream`] gives them), or `None` when a file is
/// not one this path reads, or a record not plainly good.
pub(super) fn grouped(
    paths: &[PathBuf],
    columns: &Columns,
    o: &TransactionOptions,
) -> Result<Option<DataFrame>> {
    if columns.side.is_some() {
        return Ok(None);
    }
    let mut files = Vec::new();
    for path in paths {
        // Parquet as the engine recognizes it, by its name.
        let Some(found) = expand(path).filter(|_| crate::table::is_parquet(path)) else {
            return Ok(None);
        };
        for path in found {
            let Ok(mut file) = File::open(&path) else {
                return Ok(None);
            };
            let Ok(metadata) = read_metadata(&mut file) else {
                return Ok(None);
            };
            let Some(layout) = Layout::of(&metadata, columns, o) else {
                return Ok(None);
            };
            if !read_alike(&metadata, columns, layout.time_kind) {
                return Ok(None);
            }
            files.push((file, metadata, layout));
        }
    }
    let units: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(f, (_, m, _))| (0..m.row_groups.len()).map(move |g| (f, g)))
        .collect();
    let has_bank = columns.bank.is_some();
    // Row groups are taken one at a time by as many workers as cores, each summing into its
    // own groups, merged at the end, as the engine's batches are.
    let next = AtomicUsize::new(0);
    let refused = AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let work = || {
        let mut groups = Groups::new(has_bank);
        let mut scratch = Scratch::default();
        while !refused.load(Ordering::Relaxed) {
            let Some(&(f, g)) = units.get(next.fetch_add(1, Ordering::Relaxed)) else {
                break;
            };
            let (file, metadata, layout) = &files[f];
            if row_group(file, metadata, g, layout, &mut groups, &mut scratch).is_none() {
                refused.store(true, Ordering::Relaxed);
            }
        }
        groups
    };
    let done = crate::parts::in_parts(workers, |_| work());
    if refused.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let mut done = done.into_iter();
    let mut groups = done.next().unwrap_or_else(|| Groups::new(has_bank));
    for other in done {
        groups.absorb(other);
    }
    groups.into_frame().map(Some)
}

/// Whether polars reads the file's columns as this path does: the amount as 64-bit integers,
/// the time as a timestamp or a date, the labels as text. A file's own Arrow schema can make
/// an Int64 column a duration, which the engine refuses as an amount: here it would be summed.
/// The Arrow types are polars' own reading of the footer already read.
fn read_alike(metadata: &FileMetadata, c: &Columns, time: TimeKind) -> bool {
    let Ok(schema) = infer_schema(metadata) else {
        return false;
    };
    let is = |name: &str, ok: &dyn Fn(&ArrowDataType) -> bool| {
        schema.get(name).is_some_and(|f| ok(&f.dtype))
    };
    let text = |d: &ArrowDataType| {
        matches!(
            d,
            ArrowDataType::Utf8 | ArrowDataType::LargeUtf8 | ArrowDataType::Utf8View
        )
    };
    is(&c.amount, &|d| *d == ArrowDataType::Int64)
        && is(&c.time, &|d| match time {
            TimeKind::Date => *d == ArrowDataType::Date32,
            TimeKind::Ticks { .. } => matches!(d, ArrowDataType::Timestamp(..)),
        })
        && is(&c.region, &text)
        && is(&c.channel, &text)
        && c.bank.as_ref().is_none_or(|b| is(b, &text))
}

/// A path, or the files a glob names (none: not this path's to read).
fn expand(path: &std::path::Path) -> Option<Vec<PathBuf>> {
    let text = path.to_str()?;
    if !text.contains(['*', '?', '[']) {
        return Some(vec![path.to_path_buf()]);
    }
    let found: Vec<PathBuf> = glob::glob(text)
        .ok()?
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    (!found.is_empty()).then_some(found)
}

/// How a file stores the columns read: their positions in a row group, and the time's unit.
struct Layout {
    time: usize,
    channel: usize,
    amount: usize,
    region: usize,
    bank: Option<usize>,
    time_kind: TimeKind,
}

#[derive(Clone, Copy)]
enum TimeKind {
    /// Days since 1970.
    Date,
    /// Ticks since 1970, `per_day` a day, `shift` ticks added to reach Vietnam time.
    Ticks { per_day: i64, shift: i64 },
}

impl Layout {
    fn of(metadata: &FileMetadata, c: &Columns, o: &TransactionOptions) -> Option<Self> {
        let leaves = metadata.schema().columns();
        let find = |name: &str| {
            leaves.iter().position(|l| {
                l.path_in_schema.len() == 1
                    && l.path_in_schema[0].as_str() == name
                    && l.descriptor.max_rep_level == 0
            })
        };
        let primitive = |i: usize| &leaves[i].descriptor.primitive_type;
        let text = |name: &str| {
            let i = find(name)?;
            let p = primitive(i);
            let is_text = matches!(p.logical_type, Some(PrimitiveLogicalType::String))
                || matches!(p.converted_type, Some(PrimitiveConvertedType::Utf8));
            (p.physical_type == PhysicalType::ByteArray && is_text).then_some(i)
        };
        let amount = find(&c.amount)?;
        let a = primitive(amount);
        let plain_integer = a.logical_type.is_none() && a.converted_type.is_none();
        if a.physical_type != PhysicalType::Int64 || !plain_integer {
            return None;
        }
        let time = find(&c.time)?;
        let t = primitive(time);
        let time_kind = match (t.physical_type, &t.logical_type) {
            (PhysicalType::Int32, Some(PrimitiveLogicalType::Date)) => TimeKind::Date,
            (
                PhysicalType::Int64,
                Some(PrimitiveLogicalType::Timestamp {
                    unit,
                    is_adjusted_to_utc,
                }),
            ) => {
                let per_hour: i64 = match unit {
                    TimeUnit::Milliseconds => 3_600_000,
                    TimeUnit::Microseconds => 3_600_000_000,
                    TimeUnit::Nanoseconds => 3_600_000_000_000,
                };
                // An instant (adjusted to UTC) is always moved to Vietnam time; a naive time
                // only when asked, as the engine's path does ([`super::input`]).
                let shift = if *is_adjusted_to_utc || o.utc {
                    VIETNAM_OFFSET_HOURS * per_hour
                } else {
                    0
                };
                TimeKind::Ticks {
                    per_day: 24 * per_hour,
                    shift,
                }
            }
            _ => return None,
        };
        Some(Self {
            time,
            channel: text(&c.channel)?,
            amount,
            region: text(&c.region)?,
            bank: match &c.bank {
                Some(b) => Some(text(b)?),
                None => None,
            },
            time_kind,
        })
    }
}

const MS_PER_DAY: i64 = 86_400_000;
const US_PER_DAY: i64 = 86_400_000_000;
const NS_PER_DAY: i64 = 86_400_000_000_000;

/// The days (since 1970) of `ticks` moved by `shift`; `None` for a day past ±5.8 million
/// years from 1970, which is no date (the engine's path names it).
fn days_of<const PER_DAY: i64>(ticks: &[i64], shift: i64, out: &mut Vec<i32>) -> Option<()> {
    for &t in ticks {
        out.push(i32::try_from(t.checked_add(shift)?.div_euclid(PER_DAY)).ok()?);
    }
    Some(())
}

/// Per-worker buffers, kept across row groups.
#[derive(Default)]
struct Scratch {
    days: Vec<i32>,
    values: Vec<i64>,
    regions: Vec<u32>,
    labels: Vec<u32>,
    banks: Vec<u32>,
    ints: Vec<i64>,
}

/// Sums row group `g` of a file into `groups`; `None` when a record or a page is not one this
/// path reads.
fn row_group(
    file: &File,
    metadata: &FileMetadata,
    g: usize,
    layout: &Layout,
    groups: &mut Groups,
    s: &mut Scratch,
) -> Option<()> {
    let rg = &metadata.row_groups[g];
    let rows = rg.num_rows();
    let chunks = rg.parquet_columns();
    // The row group's bytes, read once; each column chunk is a slice of them.
    let range = rg.full_byte_range();
    let mut bytes = vec![0u8; usize::try_from(range.end - range.start).ok()?];
    file.read_exact_at(&mut bytes, range.start).ok()?;
    let buffer = RowGroupBytes {
        bytes: Buffer::from(bytes),
        start: range.start,
    };
    let chunk = |i: usize| chunks.get(i);
    let ints = |i: usize, out: &mut Vec<i64>| integers(chunk(i)?, &buffer, rows, out);
    let codes = |i: usize, column: Coded, groups: &mut Groups, out: &mut Vec<u32>| {
        strings(chunk(i)?, &buffer, rows, column, groups, out)
    };
    match layout.time_kind {
        TimeKind::Date => {
            ints(layout.time, &mut s.ints)?;
            s.days.clear();
            s.days.extend(s.ints.iter().map(|&d| d as i32));
        }
        TimeKind::Ticks { per_day, shift } => {
            ints(layout.time, &mut s.ints)?;
            s.days.clear();
            // A division by a constant is a multiplication: one loop per unit.
            match per_day {
                MS_PER_DAY => days_of::<MS_PER_DAY>(&s.ints, shift, &mut s.days)?,
                US_PER_DAY => days_of::<US_PER_DAY>(&s.ints, shift, &mut s.days)?,
                _ => days_of::<NS_PER_DAY>(&s.ints, shift, &mut s.days)?,
            }
        }
    }
    ints(layout.amount, &mut s.values)?;
    if s.values.iter().any(|&v| v < 0) {
        return None;
    }
    codes(layout.region, Coded::Region, groups, &mut s.regions)?;
    codes(layout.channel, Coded::Label, groups, &mut s.labels)?;
    s.banks.clear();
    if let Some(b) = layout.bank {
        codes(b, Coded::Bank, groups, &mut s.banks)?;
    }
    groups.add_good(&s.regions, &s.labels, &s.banks, &s.days, &s.values);
    Some(())
}

/// A row group's bytes, and where they start in the file.
struct RowGroupBytes {
    bytes: Buffer<u8>,
    start: u64,
}

/// The pages of a column chunk, decompressed one after another.
fn pages(chunk: &ColumnChunkMetadata, buffer: &RowGroupBytes) -> Option<BasicDecompressor> {
    let range = chunk.byte_range();
    let from = usize::try_from(range.start.checked_sub(buffer.start)?).ok()?;
    let to = usize::try_from(range.end.checked_sub(buffer.start)?).ok()?;
    if to > buffer.bytes.len() || from > to {
        return None;
    }
    let bytes = Cursor::new(buffer.bytes.clone().sliced(from..to));
    let reader = PageReader::new(bytes, chunk, vec![], usize::MAX);
    Some(BasicDecompressor::new(reader, vec![]))
}

/// The values of a data page, when every record has one (its definition levels all at their
/// most): a null is not plainly good.
fn values_of_full(page: &DataPage) -> Option<&[u8]> {
    let split = split_buffer(page).ok()?;
    let n = page.num_values();
    if page.descriptor.max_def_level > 0 {
        let mut levels = HybridRleDecoder::new(split.def, 1, n);
        let mut seen = 0;
        while let Some(run) = levels.next_chunk().ok()? {
            match run {
                HybridRleChunk::Rle(1, len) => seen += len,
                // Levels written bit by bit mark nulls among values: the engine's path reads
                // them.
                HybridRleChunk::Rle(_, _) | HybridRleChunk::Bitpacked(_) => return None,
            }
        }
        if seen != n {
            return None;
        }
    }
    Some(split.values)
}

/// The positions of a dictionary-encoded data page, into `out`.
fn positions(values: &[u8], n: usize, dictionary: usize, out: &mut Vec<u32>) -> Option<()> {
    let (&bits, rest) = values.split_first()?;
    let codes = HybridRleDecoder::new(rest, u32::from(bits), n)
        .collect()
        .ok()?;
    if codes.len() != n || codes.iter().any(|&c| c as usize >= dictionary) {
        return None;
    }
    out.extend(codes);
    Some(())
}

/// A 64-bit integer column chunk's `rows` values, plain or dictionary-encoded, into `out`.
fn integers(
    chunk: &ColumnChunkMetadata,
    buffer: &RowGroupBytes,
    rows: usize,
    out: &mut Vec<i64>,
) -> Option<()> {
    let mut pages = pages(chunk, buffer)?;
    let width = match chunk.physical_type() {
        PhysicalType::Int64 => 8,
        PhysicalType::Int32 => 4,
        _ => return None,
    };
    let read = |bytes: &[u8], out: &mut Vec<i64>| match width {
        8 => out.extend(
            bytes
                .chunks_exact(8)
                .map(|b| i64::from_le_bytes(b.try_into().unwrap_or([0; 8]))),
        ),
        _ => out.extend(
            bytes
                .chunks_exact(4)
                .map(|b| i64::from(i32::from_le_bytes(b.try_into().unwrap_or([0; 4])))),
        ),
    };
    let dictionary = pages.read_dict_page().ok()?.map(|d| {
        let mut values = Vec::with_capacity(d.num_values);
        read(&d.buffer, &mut values);
        values
    });
    out.clear();
    let mut positions_buf = Vec::new();
    while let Some(item) = pages.next() {
        let page = item.ok()?.decompress(&mut pages).ok()?;
        let n = page.num_values();
        let values = values_of_full(&page)?;
        match (page.encoding(), &dictionary) {
            (Encoding::Plain, _) => {
                read(values.get(..n * width)?, out);
            }
            (Encoding::RleDictionary | Encoding::PlainDictionary, Some(d)) => {
                positions_buf.clear();
                positions(values, n, d.len(), &mut positions_buf)?;
                out.extend(positions_buf.iter().map(|&p| d[p as usize]));
            }
            _ => return None,
        }
        pages.reuse_page_buffer(page);
    }
    (out.len() == rows).then_some(())
}

/// A string column chunk's `rows` values as `groups`' ids, through its dictionary; `None`
/// unless every page is dictionary-encoded. An empty region is not plainly good.
fn strings(
    chunk: &ColumnChunkMetadata,
    buffer: &RowGroupBytes,
    rows: usize,
    column: Coded,
    groups: &mut Groups,
    out: &mut Vec<u32>,
) -> Option<()> {
    let mut pages = pages(chunk, buffer)?;
    let page = pages.read_dict_page().ok()??;
    let names = plain_strings(&page.buffer, page.num_values)?;
    if matches!(column, Coded::Region) && names.iter().any(|n| n.is_empty()) {
        return None;
    }
    let ids = groups.ids(column, names.into_iter());
    out.clear();
    let mut positions_buf = Vec::new();
    while let Some(item) = pages.next() {
        let page = item.ok()?.decompress(&mut pages).ok()?;
        if !matches!(
            page.encoding(),
            Encoding::RleDictionary | Encoding::PlainDictionary
        ) {
            return None;
        }
        let n = page.num_values();
        positions_buf.clear();
        positions(values_of_full(&page)?, n, ids.len(), &mut positions_buf)?;
        out.extend(positions_buf.iter().map(|&p| ids[p as usize]));
        pages.reuse_page_buffer(page);
    }
    (out.len() == rows).then_some(())
}

/// A dictionary page's strings: each a 4-byte length and its UTF-8 bytes.
fn plain_strings(mut bytes: &[u8], count: usize) -> Option<Vec<&str>> {
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let (len, rest) = bytes.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        let (text, rest) = rest.split_at_checked(len)?;
        out.push(std::str::from_utf8(text).ok()?);
        bytes = rest;
    }
    Some(out)
}

#[cfg(test)]
mod tests;
