//! Transaction-level input: every payment a row, billions of rows a year, aggregated into the
//! canonical monthly table with polars' streaming engine.
//!
//! The records need a time (a date, a timestamp, or ISO text), a channel label, an amount in
//! đồng and a region code; a bank column is kept as a key when there is one, and a side column
//! (payer/merchant) must be narrowed to one side, or each payment would be counted twice.
//!
//! The files are read once: polars' streaming engine gives every record a check code (0 when
//! it is good) and hands the records over in batches, which one worker per core sums by code,
//! region, month, channel label and bank; the workers' groups are merged at the end. Memory is
//! bounded by the number of keys plus what polars reads ahead (with many Parquet files,
//! `POLARS_MAX_CONCURRENT_SCANS=1` and `POLARS_ROW_GROUP_PREFETCH_SIZE=1` keep that to one row
//! group). The grouped result is small (a row per key, not per transaction), so labels are
//! mapped to channels and bad records counted on it. Only when there are bad records is the
//! input read a second time, to list each one with its file and row (the rejection list).
//!
//! ```
//! use polars::prelude::*;
//! use cashless::transactions::{aggregate_transactions, Source, TransactionOptions};
//! let raw = df!(
//!     "date" => ["2024-01-05", "2024-01-31", "2024-02-01"],
//!     "channel" => ["Mobile banking", "QR code", "Mobile banking"],
//!     "amount" => [150_000i64, 20_000, 50_000],
//!     "region_code" => ["38", "38", "38"],
//! ).unwrap();
//! let out = aggregate_transactions(&Source::Frame(raw), &TransactionOptions::default()).unwrap();
//! let counts: Vec<_> = out.table.column("count").unwrap().i64().unwrap().into_no_null_iter().collect();
//! assert_eq!(counts, [1, 1, 1]); // January mobile, January qr, February mobile
//! assert_eq!(out.ledger.rows_kept, 3);
//! ```

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use polars::prelude::*;

use crate::calendar::days_from_civil;
use crate::channels::Channel;
use crate::error::{invalid_argument, Error, Result};
use crate::ingest::findings::Finding;
use crate::ingest::ledger::{Entry, Ledger, Severity};
use crate::lang::{say, Words};
use crate::table::{self, BANK, CHANNEL, COUNT, IN_MEMORY, PERIOD, REGION_CODE, VALUE};

mod amounts;
pub use amounts::LARGEST_AMOUNT;
mod checks;
mod dictionary;
mod grid;
mod groups;
mod input;
mod rejected;
mod times;

use checks::{Check, CHECKS};
use input::{inputs, Input};
use rejected::{empty_rejected, record_findings, rejection_list};

/// The names of the checks a record can fail, in the order they are tried, with `good` first:
/// the `check` codes of the ledger, for engines that report counts by check (the Spark job).
///
/// ```
/// let names: Vec<_> = cashless::transactions::check_names().collect();
/// assert_eq!(names[..3], ["good", "bad_time", "missing_region"]);
/// assert_eq!(names.len(), 10);
/// ```
pub fn check_names() -> impl Iterator<Item = &'static str> {
    checks::CHECKS.iter().map(|c| c.name())
}

/// Where the records are.
#[derive(Debug, Clone)]
pub enum Source {
    /// Parquet (`.parquet`, `.pq`) or CSV (`.csv`) files; a path may be a glob (`shards/*.parquet`).
    Files(Vec<PathBuf>),
    /// A table already in memory.
    Frame(DataFrame),
}

/// How to read the records.
///
/// ```
/// let o = cashless::transactions::TransactionOptions::default();
/// assert_eq!((o.channel_column.as_str(), o.amount_column.as_str()), ("channel", "amount"));
/// ```
#[derive(Debug, Clone)]
pub struct TransactionOptions {
    /// The time column; `None` takes the first of `timestamp`, `datetime`, `date`, `time`.
    pub time_column: Option<String>,
    /// The channel label column (any alias [`Channel::parse`] knows).
    pub channel_column: String,
    /// The amount column, whole đồng.
    pub amount_column: String,
    /// The region code column.
    pub region_column: String,
    /// The bank column, kept as a key when present.
    pub bank_column: String,
    /// The side column (`payer`/`merchant` or any two values): present in switch data where a
    /// payment is recorded once for each side.
    pub side_column: String,
    /// The side to count when the side column is there; required then.
    pub side: Option<String>,
    /// Naive timestamps are UTC (switch logs) rather than Vietnam time: shift them by 7 hours
    /// before taking the month. Zoned timestamps are always converted.
    pub utc: bool,
    /// Keep the good records when some are bad, instead of stopping with the ledger.
    pub keep_going: bool,
    /// How many rejected records of each check the ledger lists one by one; the rejection list
    /// ([`Aggregated::rejected`]) has them all.
    pub examples: usize,
}

impl Default for TransactionOptions {
    fn default() -> Self {
        Self {
            time_column: None,
            channel_column: "channel".into(),
            amount_column: "amount".into(),
            region_column: "region_code".into(),
            bank_column: "bank".into(),
            side_column: "side".into(),
            side: None,
            utc: false,
            keep_going: false,
            examples: 5,
        }
    }
}

/// What [`aggregate_transactions`] returns.
#[derive(Debug, Clone)]
pub struct Aggregated {
    /// The canonical monthly table: `region_code, period, channel, count, value[, bank]`,
    /// sorted by its keys.
    pub table: DataFrame,
    /// Records read, kept, rejected and skipped, and the findings.
    pub ledger: Ledger,
    /// Every rejected record: `source, row, check, value` (the value that failed the check) and
    /// `record` (its columns as `name=value` text). Empty when every record was good.
    pub rejected: DataFrame,
}

const YEAR: &str = "__year";
const MONTH: &str = "__month";
const TIME: &str = "__time";
const CODE: &str = "__check";
const LABEL: &str = "__label";
const ROWS: &str = "__rows";
const ROW: &str = "__row";
const FILE: &str = "__file";

/// Transaction records → the canonical monthly table, with a ledger of every record.
///
/// Memory stays bounded by the number of distinct region × month × channel × bank keys, not by
/// the number of records: the files are streamed. Bad records (an empty or unreadable time, an
/// empty region, an amount that is empty, not a number, negative or fractional, a channel label
/// no alias matches) are counted in the ledger by check, the first `examples` of each listed
/// with file and row, and all of them are in [`Aggregated::rejected`]. With bad records the call
/// stops with [`Error::Rejected`] unless `options.keep_going`.
///
/// ```
/// use polars::prelude::*;
/// use cashless::transactions::{aggregate_transactions, Source, TransactionOptions};
/// let raw = df!(
///     "timestamp" => ["2024-01-31 20:30:00", "2024-02-01 09:00:00"],
///     "channel" => ["pos", "pos"],
///     "amount" => [100.0, -5.0],
///     "region_code" => [38i64, 38],
/// ).unwrap();
/// let o = TransactionOptions { keep_going: true, ..Default::default() };
/// let out = aggregate_transactions(&Source::Frame(raw), &o).unwrap();
/// assert_eq!((out.ledger.rows_kept, out.ledger.rows_rejected), (1, 1));
/// assert_eq!(out.rejected.column("check").unwrap().str().unwrap().get(0), Some("negative"));
/// ```
pub fn aggregate_transactions(source: &Source, options: &TransactionOptions) -> Result<Aggregated> {
    let inputs = inputs(source, options)?;
    let grouped = match by_codes(source, &inputs, options)? {
        Some(grouped) => grouped,
        None => stream(&inputs, options)?,
    };
    let tally = Tally::of(&grouped)?;
    let mut ledger = Ledger {
        rows_read: tally.rows_read(),
        rows_kept: tally.rows[Check::Good as usize],
        rows_skipped: tally.rows[Check::OtherSide as usize],
        ..Default::default()
    };
    ledger.rows_rejected = ledger.rows_read - ledger.rows_kept - ledger.rows_skipped;
    let rejected = if ledger.rows_rejected > 0 {
        rejection_list(&inputs, &tally.bad_labels, options)?
    } else {
        empty_rejected()?
    };
    record_findings(&mut ledger, &tally, &rejected, &inputs, options)?;
    if let Some(side) = options.side.as_deref()
        && ledger.rows_read > 0
        && ledger.rows_skipped == ledger.rows_read
    {
        ledger.push(Entry::new(
                Severity::Error,
                Finding::SideNotFound,
                inputs.first().map(|i| i.name.as_str()).unwrap_or_default(),
                options.side_column.as_str(),
                side,
                Words::new(
                    format!("không bản ghi nào có phía {side:?}: mọi giao dịch bị bỏ; hãy chọn một giá trị có trong cột (ví dụ \"payer\" hoặc \"merchant\")"),
                    format!("no record has the side {side:?}: every payment would be left out; choose a value the column holds (such as \"payer\" or \"merchant\")"),
                ),
            ));
    }
    let table = tally.table;
    ledger.records = table.height();
    if ledger.count(Severity::Error) > 0 && !options.keep_going {
        return Err(Error::Rejected(Box::new(ledger)));
    }
    Ok(Aggregated {
        table,
        ledger,
        rejected,
    })
}

/// Parquet files whose every record is plainly good, grouped from their dictionary codes
/// ([`dictionary`]); `None` sends the input through [`stream`], the engine's checks.
fn by_codes(
    source: &Source,
    inputs: &[Input],
    o: &TransactionOptions,
) -> Result<Option<DataFrame>> {
    let Source::Files(paths) = source else {
        return Ok(None);
    };
    // One reading of the columns for every file, as a glob of files of one shape has.
    let Some(first) = inputs.first() else {
        return Ok(None);
    };
    if inputs.iter().any(|i| i.columns != first.columns) {
        return Ok(None);
    }
    dictionary::grouped(paths, &first.columns, o)
}

/// One streaming pass over every input: records grouped by check, region, month, label, bank.
fn stream(inputs: &[Input], o: &TransactionOptions) -> Result<DataFrame> {
    let banks = inputs.iter().filter(|i| i.columns.bank.is_some()).count();
    if banks != 0 && banks != inputs.len() {
        return Err(invalid_argument(say!(
            "có đầu vào có cột ngân hàng, có đầu vào không: hãy tổng hợp riêng, hoặc thêm cột"
                .into(),
            "some inputs have a bank column and some do not: aggregate them separately, or \
             add the column"
                .into(),
        )));
    }
    let keyed: Vec<LazyFrame> = inputs.iter().map(|i| i.keyed(o)).collect();
    let all = concat(keyed, UnionArgs::default())?;
    // The engine hands batches over one at a time and waits while each is handled: grouping
    // them in the callback itself left a core idle. The callback only queues a batch; as many
    // workers as cores group them, each into its own groups, merged at the end.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A bounded queue: while the workers are behind, the engine waits instead of reading on.
    let (queue, batches) = std::sync::mpsc::sync_channel::<DataFrame>(workers);
    let batches = Arc::new(Mutex::new(batches));
    // Taken out once the stream has ended, which tells the workers that no batch is to come.
    let queue = Arc::new(Mutex::new(Some(queue)));
    let has_bank = banks > 0;
    let (streamed, grouped) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let batches = Arc::clone(&batches);
                scope.spawn(move || group_batches(&batches, has_bank))
            })
            .collect();
        // The workers hold the only handles to the batches: if they all stop, queuing fails
        // instead of waiting for ever.
        drop(batches);
        let sink = Arc::clone(&queue);
        let fold = PlanCallback::new(move |batch: DataFrame| {
            let closed = || polars_err!(ComputeError: "a batch failed while being grouped");
            let sink = sink.lock().map_err(|_| closed())?;
            sink.as_ref()
                .ok_or_else(closed)?
                .send(batch)
                .map_err(|_| closed())?;
            Ok(false)
        });
        let streamed = all
            .sink_batches(fold, false, None)
            .and_then(|plan| plan.collect_with_engine(Engine::Streaming));
        if let Ok(mut queue) = queue.lock() {
            queue.take();
        }
        // A panic in a worker is re-raised here, where the binding turns it into an error.
        let grouped: Vec<PolarsResult<groups::Groups>> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect();
        (streamed, grouped)
    });
    streamed?;
    let mut grouped = grouped.into_iter();
    let mut groups = grouped
        .next()
        .unwrap_or_else(|| Ok(groups::Groups::new(has_bank)))?;
    for other in grouped {
        groups.absorb(other?);
    }
    groups.into_frame()
}

/// A worker of [`stream`]: groups the batches it takes from the queue until the queue closes.
/// After an error it goes on taking batches, so that the engine is never left waiting.
fn group_batches(
    batches: &Mutex<std::sync::mpsc::Receiver<DataFrame>>,
    has_bank: bool,
) -> PolarsResult<groups::Groups> {
    let mut groups = groups::Groups::new(has_bank);
    let mut failed = None;
    loop {
        // The lock is held while waiting for a batch, not while grouping it.
        let batch = match batches.lock() {
            Ok(batches) => batches.recv(),
            Err(_) => break,
        };
        let Ok(batch) = batch else { break };
        if failed.is_none() {
            failed = groups.add(&batch).err();
        }
    }
    failed.map_or(Ok(groups), Err)
}

/// The grouped stream, read: rows per check, the good records as the canonical table.
struct Tally {
    rows: [usize; CHECKS.len()],
    /// Labels that are no channel, with their record counts.
    bad_labels: Vec<(Option<String>, usize)>,
    table: DataFrame,
}

impl Tally {
    fn rows_read(&self) -> usize {
        self.rows.iter().sum()
    }

    fn of(grouped: &DataFrame) -> Result<Self> {
        let codes = grouped.column(CODE)?.i32()?;
        let rows = grouped.column(ROWS)?.cast(&DataType::Int64)?;
        let rows = rows.i64()?;
        let labels = grouped.column(LABEL)?.str()?;
        let mut tally = [0usize; CHECKS.len()];
        let mut parsed: PlHashMap<Option<&str>, Option<Channel>> = PlHashMap::new();
        let mut bad: PlHashMap<Option<&str>, usize> = PlHashMap::new();
        let mut keep = Vec::with_capacity(grouped.height());
        let mut channel = Vec::with_capacity(grouped.height());
        for i in 0..grouped.height() {
            let n = rows.get(i).unwrap_or(0) as usize;
            let code = codes.get(i).unwrap_or(0);
            if code != Check::Good as i32 {
                tally[code as usize] += n;
                keep.push(false);
                channel.push(None);
                continue;
            }
            let label = labels.get(i);
            let c = *parsed.entry(label).or_insert_with(|| {
                label
                    .and_then(|l| Channel::parse(l).ok())
                    .filter(|c| *c != Channel::All)
            });
            match c {
                Some(c) => {
                    tally[0] += n;
                    keep.push(true);
                    channel.push(Some(c.name()));
                }
                None => {
                    tally[Check::UnknownChannel as usize] += n;
                    *bad.entry(label).or_default() += n;
                    keep.push(false);
                    channel.push(None);
                }
            }
        }
        let mut bad_labels: Vec<(Option<String>, usize)> = bad
            .into_iter()
            .map(|(l, n)| (l.map(str::to_string), n))
            .collect();
        bad_labels.sort();
        let table = good_table(grouped, &keep, channel)?;
        Ok(Self {
            rows: tally,
            bad_labels,
            table,
        })
    }
}

/// The good groups as the canonical table: labels that name the same channel summed, periods
/// as first days of months, sorted by key so that the same records give the same bytes.
fn good_table(grouped: &DataFrame, keep: &[bool], channel: Vec<Option<&str>>) -> Result<DataFrame> {
    let years = grouped.column(YEAR)?.i32()?;
    let months = grouped.column(MONTH)?.cast(&DataType::Int32)?;
    let months = months.i32()?;
    let period: Vec<Option<i32>> = (0..grouped.height())
        .map(|i| match (years.get(i), months.get(i)) {
            (Some(y), Some(m)) => Some(days_from_civil(y, m as u32, 1)),
            _ => None,
        })
        .collect();
    let mut with = grouped.clone();
    with.with_column(Column::new(CHANNEL.into(), channel))?;
    with.with_column(Column::new(PERIOD.into(), period).cast(&DataType::Date)?)?;
    let mask = BooleanChunked::from_slice("keep".into(), keep);
    let good = with.filter(&mask)?;
    let has_bank = good.schema().contains(BANK);
    let mut keys = vec![col(REGION_CODE), col(PERIOD), col(CHANNEL)];
    if has_bank {
        keys.push(col(BANK));
    }
    let mut out = vec![
        col(REGION_CODE),
        col(PERIOD),
        col(CHANNEL),
        col(COUNT),
        col(VALUE),
    ];
    if has_bank {
        out.push(col(BANK));
    }
    let table = good
        .lazy()
        .group_by(keys.clone())
        .agg([
            col(ROWS).cast(DataType::Int64).sum().alias(COUNT),
            col(VALUE).sum(),
        ])
        .sort_by_exprs(keys, SortMultipleOptions::default())
        .select(out)
        .collect()?;
    // The canonical checks hold by construction; running them keeps it so.
    table::canonical(&table, IN_MEMORY)
}
