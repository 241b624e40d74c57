//! From a grid and its layout to transaction records, one data row at a time; every row is
//! kept, rejected with its errors, or skipped with the reason.

use std::collections::BTreeMap;

use super::grid::{Cell, Grid};
use super::header::{find_layout, is_header_row, Column, Field, Layout};
use super::ledger::{Entry, Ledger, Severity};
use super::names::RegionMatcher;
use super::numbers::{parse_number, Decimal, NumberStyle};
use super::periods::{parse_period, Period};
use super::ReadOptions;
use crate::channels::{normalize, Channel};
use crate::growth::Metric;
use crate::lang::say;

// Key fields that a table has at most one column of: with two, which one is meant is a guess.
const KEY_FIELDS: &[(Field, &str, &str)] = &[
    (Field::RegionCode, "mã đơn vị", "region code"),
    (Field::RegionName, "tên đơn vị", "region name"),
    (Field::Period, "kỳ báo cáo", "period"),
    (Field::Year, "năm", "year"),
    (Field::Month, "tháng", "month"),
    (Field::Channel, "kênh", "channel"),
    (Field::Bank, "ngân hàng", "bank"),
    (Field::RegionMap, "bản đồ hành chính", "region map"),
];

/// One transactions record, with the input row it came from.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub region: String,
    /// `year × 12 + month − 1`.
    pub month: i32,
    pub channel: Channel,
    pub bank: Option<String>,
    /// The administrative map of `region`, when the input says.
    pub map: Option<String>,
    pub count: i64,
    pub value: i64,
    /// Index into [`Batch::origins`].
    pub origin: usize,
    /// Headers of the count and value cells, for messages.
    pub columns: (usize, usize),
}

/// An input row that produced records.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub source: String,
    pub sheet: Option<String>,
    pub row: usize,
    pub rejected: bool,
}

/// Everything read so far.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub records: Vec<Record>,
    pub origins: Vec<Origin>,
    pub headers: Vec<String>,
    pub ledger: Ledger,
}

impl Batch {
    fn header_id(&mut self, header: &str) -> usize {
        match self.headers.iter().position(|h| h == header) {
            Some(i) => i,
            None => {
                self.headers.push(header.to_string());
                self.headers.len() - 1
            }
        }
    }

    /// An entry about a record's row.
    pub fn entry_at(
        &self,
        origin: usize,
        severity: Severity,
        check: &'static str,
        column: &str,
        value: String,
        message: String,
    ) -> Entry {
        let o = &self.origins[origin];
        Entry::new(severity, check, o.source.as_str(), column, value, message)
            .in_sheet(o.sheet.as_deref())
            .at_row(o.row)
    }
}

// Region labels of a total row ("Tổng cộng"): its figures are the sum of the rows above.
const TOTAL_WORDS: &[&str] = &[
    "tong",
    "tong cong",
    "cong",
    "tong so",
    "total",
    "grand total",
    "toan tinh",
    "toan huyen",
    "tong toan tinh",
    "tong toan huyen",
    "cong toan tinh",
];

/// The measures of a row: (channel or none for the long layout's row channel, count column,
/// value column, count factor, value factor).
type Pair = (Option<Channel>, usize, usize, i64, i64);

/// Reads one grid into `batch`.
pub(crate) fn read_grid(
    grid: &Grid,
    options: &ReadOptions,
    matcher: &RegionMatcher,
    batch: &mut Batch,
) {
    let sheet = grid.sheet.as_deref();
    let at = |e: Entry| e.in_sheet(sheet);
    let non_empty = grid
        .rows
        .iter()
        .filter(|(_, c)| c.iter().any(|x| !x.is_empty()))
        .count();
    let fail_file = |batch: &mut Batch, entries: Vec<Entry>, rows: usize| {
        batch.ledger.rows_read += rows;
        batch.ledger.rows_rejected += rows;
        for e in entries {
            batch.ledger.push(e);
        }
    };
    for e in &grid.findings {
        batch.ledger.push(e.clone());
    }
    if grid.hidden {
        batch.ledger.rows_read += non_empty;
        batch.ledger.rows_skipped += non_empty;
        batch.ledger.push(at(Entry::new(Severity::Warning, "sheet_hidden", grid.source.as_str(), "", "",
            say(format!("trang tính bị ẩn, không đọc ({non_empty} dòng); muốn đọc thì ghi tên trang tính"),
                format!("a hidden sheet is not read ({non_empty} rows); name the sheet to read it")))));
        return;
    }
    let layout = find_layout(grid, &options.mapping);
    // A sheet of a workbook read whole is skipped when it is not a table of figures (notes, a
    // cover page); one with count or value headers is a table, and what it lacks is an error.
    let figures = |l: &Layout| {
        !l.unknown.is_empty()
            || l.find(|f| matches!(f, Field::Count(_) | Field::Value(_) | Field::Measure(..)))
                .is_some()
    };
    if grid.optional
        && layout
            .as_ref()
            .is_none_or(|l| l.missing(true, true).is_some() && !figures(l))
    {
        batch.ledger.rows_read += non_empty;
        batch.ledger.rows_skipped += non_empty;
        batch.ledger.push(at(Entry::new(Severity::Info, "sheet_skipped", grid.source.as_str(), "", "",
            format!("no transactions table in this sheet ({non_empty} rows not read); name the sheet to read it as one"))));
        return;
    }
    let Some(layout) = layout else {
        let e = Entry::new(Severity::Error, "no_header", grid.source.as_str(), "", "",
            format!("no header row in the first {} rows: nothing here names a region, a period, a channel or a count/value column", super::header::HEADER_SEARCH_ROWS));
        fail_file(batch, vec![at(e)], non_empty);
        return;
    };
    let body = layout.header_at + layout.header_rows;
    let data_rows = grid.rows.len().saturating_sub(body);
    let header_row = grid.rows[layout.header_at].0;
    let column_entry = |severity: Severity, check: &'static str, header: &str, why: String| {
        at(Entry::new(severity, check, grid.source.as_str(), header, "", why).at_row(header_row))
    };

    let mut period = options.period;
    if period.is_none()
        && layout
            .find(|f| matches!(f, Field::Period | Field::Year))
            .is_none()
    {
        if let Some((row, text)) = cumulative_title(grid, layout.header_at) {
            batch.ledger.rows_read += data_rows;
            batch.ledger.rows_rejected += data_rows;
            batch.ledger.push(at(Entry::new(Severity::Error, "cumulative_period", grid.source.as_str(), "", text,
                say("tiêu đề ghi số lũy kế nhiều tháng, không phải số của một tháng: hãy gửi số từng tháng, hoặc thêm cột kỳ báo cáo".into(),
                    "the title names a cumulative period of several months, not one month: send the monthly figures, or add a period column".into())).at_row(row)));
            return;
        }
        if let Some((row, text, p)) = period_in_title(grid, layout.header_at) {
            batch.ledger.push(at(Entry::new(Severity::Info, "period_from_title", grid.source.as_str(), "", text,
                format!("no period column: every row is taken to be {}-{:02}, the month the title names", p.0, p.1)).at_row(row)));
            period = Some(p);
        }
    }
    let mut fatal = Vec::new();
    if let Some(what) = layout.missing(options.region.is_some(), period.is_some()) {
        fatal.push(column_entry(
            Severity::Error,
            "no_header",
            "",
            format!("the header (row {header_row}) lacks {what}"),
        ));
    }
    for (field, name_vi, name_en) in KEY_FIELDS {
        let same: Vec<&Column> = layout
            .columns
            .iter()
            .filter(|c| c.field == *field)
            .collect();
        if let [first, second, ..] = same.as_slice() {
            fatal.push(column_entry(Severity::Error, "second_key_column", &second.header,
                say(format!("cột {name_vi} thứ hai (cột thứ nhất là {:?}): không biết dùng cột nào; bỏ một cột, hoặc ghi \"ignore\" cho nó trong bảng ánh xạ", first.header),
                    format!("a second {name_en} column (the first is {:?}): which one is meant is not known; remove one, or map it to \"ignore\"", first.header))));
        }
    }
    let given = [
        (options.bank.as_deref(), Field::Bank, "ngân hàng", "bank"),
        (
            options.region.as_deref(),
            Field::RegionCode,
            "đơn vị",
            "region",
        ),
        (
            options.region.as_deref(),
            Field::RegionName,
            "đơn vị",
            "region",
        ),
    ];
    for (value, field, name_vi, name_en) in given {
        if let (Some(v), Some(c)) = (value, layout.find(|f| f == field)) {
            fatal.push(column_entry(Severity::Error, "option_and_column", &c.header,
                say(format!("đã cho {name_vi} {v:?} cho cả tệp nhưng tệp có cột {:?}: bỏ một trong hai", c.header),
                    format!("the {name_en} {v:?} is given for the whole file, but the file has the column {:?}: drop one of them", c.header))));
        }
    }
    if let (Some((y, m)), Some(c)) = (
        options.period,
        layout.find(|f| matches!(f, Field::Period | Field::Year | Field::Month)),
    ) {
        fatal.push(column_entry(Severity::Error, "option_and_column", &c.header,
            say(format!("đã cho kỳ {m:02}/{y} cho cả tệp nhưng tệp có cột {:?}: bỏ một trong hai", c.header),
                format!("the period {y}-{m:02} is given for the whole file, but the file has the column {:?}: drop one of them", c.header))));
    }
    for (_, header, why) in &layout.unknown {
        fatal.push(column_entry(
            Severity::Error,
            "unknown_channel",
            header,
            format!("{why}; add it to the mapping, or fix the header"),
        ));
    }
    let pairs = match measure_pairs(&layout, options) {
        Ok(p) => p,
        Err(errors) => {
            fatal.extend(
                errors
                    .into_iter()
                    .map(|(h, why)| column_entry(Severity::Error, "bad_column", &h, why)),
            );
            Vec::new()
        }
    };
    if !fatal.is_empty() {
        fail_file(batch, fatal, data_rows);
        return;
    }
    for (_, header) in &layout.unused {
        batch.ledger.push(column_entry(
            Severity::Info,
            "column_unused",
            header,
            "not a known column; its cells are not read".into(),
        ));
    }
    let headers: BTreeMap<usize, usize> = layout
        .columns
        .iter()
        .map(|c| (c.index, batch.header_id(&c.header)))
        .collect();
    let ctx = RowContext {
        grid,
        layout: &layout,
        options,
        matcher,
        pairs: &pairs,
        period,
    };
    for e in grid.broken.range(..body).map(|(_, e)| e) {
        batch.ledger.rows_read += 1;
        batch.ledger.rows_rejected += 1;
        batch.ledger.push(at(e.clone()));
    }
    let mut pos = body;
    while pos < grid.rows.len() {
        let (number, cells) = &grid.rows[pos];
        if let Some(e) = grid.broken.get(&pos) {
            batch.ledger.rows_read += 1;
            batch.ledger.rows_rejected += 1;
            batch.ledger.push(at(e.clone()));
            pos += 1;
            continue;
        }
        if cells.iter().all(Cell::is_empty) {
            // One entry for a run of empty rows: a sheet may declare a million of them.
            let end = (pos..grid.rows.len())
                .find(|&p| {
                    !grid.rows[p].1.iter().all(Cell::is_empty) || grid.broken.contains_key(&p)
                })
                .unwrap_or(grid.rows.len());
            let n = end - pos;
            batch.ledger.rows_read += n;
            batch.ledger.rows_skipped += n;
            let message = if n == 1 {
                say("dòng trống".into(), "an empty row".into())
            } else {
                say(
                    format!("{n} dòng trống (dòng {}–{})", number, grid.rows[end - 1].0),
                    format!("{n} empty rows (rows {}–{})", number, grid.rows[end - 1].0),
                )
            };
            batch.ledger.push(at(Entry::new(
                Severity::Info,
                "empty_row",
                grid.source.as_str(),
                "",
                "",
                message,
            )
            .at_row(*number)));
            pos = end;
            continue;
        }
        if second_header(grid, pos, &options.mapping) {
            // A second table under its own header: read it with its own columns.
            batch.ledger.push(at(Entry::new(Severity::Info, "second_table", grid.source.as_str(), "",
                cells.iter().find(|c| !c.is_empty()).map(Cell::text).unwrap_or_default(),
                say("một bảng thứ hai bắt đầu ở dòng này, với tiêu đề cột riêng: được đọc theo tiêu đề đó".into(),
                    "a second table starts on this row, under a header of its own: it is read by that header".into())).at_row(*number)));
            let rest = Grid {
                source: grid.source.clone(),
                sheet: grid.sheet.clone(),
                rows: grid.rows[pos..].to_vec(),
                formulas: grid
                    .formulas
                    .range((pos, 0)..)
                    .map(|(&(r, c), f)| ((r - pos, c), f.clone()))
                    .collect(),
                merged: grid
                    .merged
                    .iter()
                    .filter(|m| m.0 >= pos)
                    .map(|&(a, b, c, d)| (a - pos, b - pos, c, d))
                    .collect(),
                broken: grid
                    .broken
                    .range(pos..)
                    .map(|(&r, e)| (r - pos, e.clone()))
                    .collect(),
                ..Grid::default()
            };
            read_grid(&rest, options, matcher, batch);
            return;
        }
        batch.ledger.rows_read += 1;
        if let Some(why) = ctx.skip_reason(pos) {
            batch.ledger.rows_skipped += 1;
            let shown = cells
                .iter()
                .find(|c| !c.is_empty())
                .map(Cell::text)
                .unwrap_or_default();
            batch.ledger.push(at(Entry::new(
                Severity::Info,
                why.0,
                grid.source.as_str(),
                "",
                shown,
                why.1,
            )
            .at_row(*number)));
            pos += 1;
            continue;
        }
        let mut entries = Vec::new();
        let records = ctx.row(pos, &mut entries);
        let rejected = entries.iter().any(|e| e.severity == Severity::Error);
        for e in entries {
            batch.ledger.push(at(e.at_row(*number)));
        }
        pos += 1;
        if rejected {
            batch.ledger.rows_rejected += 1;
            continue;
        }
        batch.ledger.rows_kept += 1;
        let origin = batch.origins.len();
        batch.origins.push(Origin {
            source: grid.source.clone(),
            sheet: grid.sheet.clone(),
            row: *number,
            rejected: false,
        });
        for mut r in records {
            r.origin = origin;
            r.columns = (headers[&r.columns.0], headers[&r.columns.1]);
            batch.records.push(r);
        }
    }
}

/// The count/value column pairs of the layout with their unit factors, or the columns that
/// cannot be used and why.
fn measure_pairs(
    layout: &Layout,
    options: &ReadOptions,
) -> Result<Vec<Pair>, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let factor = |c: &Column,
                  given: Option<i64>,
                  metric: Metric,
                  errors: &mut Vec<(String, String)>|
     -> i64 {
        let explicit = match metric {
            Metric::Count => options.count_unit,
            Metric::Value => options.value_unit,
        };
        given.or(explicit).unwrap_or_else(|| {
            errors.push((c.header.clone(), format!(
                "the header names no unit; write it in the header (\"(món)\", \"(triệu đồng)\") or give the {} unit",
                metric.name()
            )));
            1
        })
    };
    let mut pairs = Vec::new();
    if layout.is_wide() {
        let mut by_channel: BTreeMap<Channel, [Option<(usize, i64)>; 2]> = BTreeMap::new();
        for c in &layout.columns {
            if let Field::Measure(channel, metric, given) = c.field {
                let f = factor(c, given, metric, &mut errors);
                let slot = &mut by_channel.entry(channel).or_default()[metric as usize];
                if slot.is_some() {
                    errors.push((
                        c.header.clone(),
                        format!("a second {} column for {channel}", metric.name()),
                    ));
                }
                *slot = Some((c.index, f));
            }
        }
        for (channel, [count, value]) in by_channel {
            match (count, value) {
                (Some((cc, cf)), Some((vc, vf))) => pairs.push((Some(channel), cc, vc, cf, vf)),
                (Some((i, _)), None) | (None, Some((i, _))) => {
                    errors.push((layout.header(i), format!("{channel} has a count or a value column but not both: the table needs both")));
                }
                (None, None) => {}
            }
        }
        pairs.sort_by_key(|p| p.1);
    } else {
        let count = layout
            .columns
            .iter()
            .find(|c| matches!(c.field, Field::Count(_)));
        let value = layout
            .columns
            .iter()
            .find(|c| matches!(c.field, Field::Value(_)));
        if let (Some(cc), Some(vc)) = (count, value) {
            let (Field::Count(cg), Field::Value(vg)) = (cc.field, vc.field) else {
                unreachable!()
            };
            let cf = factor(cc, cg, Metric::Count, &mut errors);
            let vf = factor(vc, vg, Metric::Value, &mut errors);
            pairs.push((None, cc.index, vc.index, cf, vf));
        }
        for kind in [0usize, 1] {
            let same: Vec<&Column> = layout
                .columns
                .iter()
                .filter(|c| match c.field {
                    Field::Count(_) => kind == 0,
                    Field::Value(_) => kind == 1,
                    _ => false,
                })
                .collect();
            if same.len() > 1 {
                errors.push((
                    same[1].header.clone(),
                    format!(
                        "a second {} column (the first is {:?})",
                        ["count", "value"][kind],
                        same[0].header
                    ),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(pairs)
    } else {
        Err(errors)
    }
}

struct RowContext<'a> {
    grid: &'a Grid,
    layout: &'a Layout,
    options: &'a ReadOptions,
    matcher: &'a RegionMatcher,
    pairs: &'a [Pair],
    period: Option<(i32, u32)>,
}

impl RowContext<'_> {
    fn column(&self, wanted: impl Fn(Field) -> bool) -> Option<&Column> {
        self.layout.find(wanted)
    }

    fn region_column(&self) -> Option<&Column> {
        self.column(|f| f == Field::RegionCode)
            .or_else(|| self.column(|f| f == Field::RegionName))
    }

    /// Why a row is not data: a total row, or a note under the table.
    fn skip_reason(&self, pos: usize) -> Option<(&'static str, String)> {
        if self.grid.rows[pos].1.iter().all(Cell::is_empty) {
            return Some(("empty_row", "an empty row".into()));
        }
        let region = self.region_column().map(|c| self.grid.cell(pos, c.index));
        if let Some(cell) = region {
            if TOTAL_WORDS.contains(&normalize(&cell.text()).as_str()) {
                return Some(("total_row", "a total row: its figures are the sum of the rows above and would be counted twice".into()));
            }
        }
        // A signature or a note may sit under the measure columns: a row is data when it has
        // a region or something that reads as a number.
        let numeric = |c: &Cell| match c {
            Cell::Int(_) | Cell::Float(_) => true,
            Cell::Text(t) => parse_number(t, self.options.style).is_ok(),
            _ => false,
        };
        let no_figures = self
            .pairs
            .iter()
            .all(|p| !numeric(self.grid.cell(pos, p.1)) && !numeric(self.grid.cell(pos, p.2)))
            && region.is_none_or(Cell::is_empty)
            || self.pairs.iter().all(|p| {
                self.grid.cell(pos, p.1).is_empty() && self.grid.cell(pos, p.2).is_empty()
            });
        if no_figures {
            return Some((
                "not_data",
                "no figures in this row: a note, a signature, or a unit that reported nothing"
                    .into(),
            ));
        }
        None
    }

    fn row(&self, pos: usize, entries: &mut Vec<Entry>) -> Vec<Record> {
        let g = self.grid;
        let mut error = |c: &Column, check: &'static str, why: String| {
            entries.push(Entry::new(
                Severity::Error,
                check,
                g.source.as_str(),
                c.header.as_str(),
                g.cell(pos, c.index).text(),
                why,
            ));
        };
        let region = match (self.region_column(), &self.options.region) {
            (Some(c), _) => {
                match key_text(g.cell(pos, c.index)).and_then(|t| self.matcher.resolve(&t)) {
                    Ok(code) => Some(code),
                    Err(why) => {
                        error(c, "unknown_region", why);
                        None
                    }
                }
            }
            (None, fixed) => fixed.clone(),
        };
        let month = match self.month(pos) {
            Ok(m) => Some(m),
            Err((c, why)) => {
                error(c, "bad_period", why);
                None
            }
        };
        let bank = match self.column(|f| f == Field::Bank) {
            Some(c) => match key_text(g.cell(pos, c.index)) {
                Ok(b) => Some(b),
                Err(why) => {
                    error(c, "bad_bank", why);
                    None
                }
            },
            None => self.options.bank.clone(),
        };
        let map = match self.column(|f| f == Field::RegionMap) {
            Some(c) => match key_text(g.cell(pos, c.index)) {
                Ok(m) => Some(m),
                Err(why) => {
                    error(c, "bad_region_map", why);
                    None
                }
            },
            None => None,
        };
        let row_channel = match self.column(|f| f == Field::Channel) {
            Some(c) if !self.layout.is_wide() => match Channel::parse(&g.cell(pos, c.index).text())
            {
                Ok(ch) => Some(ch),
                Err(e) => {
                    let why = match g.cell(pos, c.index) {
                        Cell::Empty => "the channel is missing".to_string(),
                        _ => e.to_string(),
                    };
                    error(c, "unknown_channel", why);
                    None
                }
            },
            _ => None,
        };
        let mut records = Vec::new();
        for &(channel, cc, vc, cf, vf) in self.pairs {
            let count = self.amount(pos, cc, cf, Metric::Count, entries);
            let value = self.amount(pos, vc, vf, Metric::Value, entries);
            let header = |i: usize| self.layout.header(i);
            match (&count, &value) {
                (Ok(Some(count)), Ok(Some(value))) => {
                    let (count, value) = (*count, *value);
                    if let (Some(region), Some(month), Some(channel)) =
                        (&region, month, channel.or(row_channel))
                    {
                        records.push(Record {
                            region: region.clone(),
                            month,
                            channel,
                            bank: bank.clone(),
                            map: map.clone(),
                            count,
                            value,
                            origin: 0,
                            columns: (cc, vc),
                        });
                    }
                }
                (Ok(None), Ok(None)) if channel.is_some() => {} // channel not reported in this row
                (Ok(None), Ok(_)) | (Ok(_), Ok(None)) => {
                    let (missing, other) = if matches!(count, Ok(None)) {
                        (cc, vc)
                    } else {
                        (vc, cc)
                    };
                    entries.push(Entry::new(
                        Severity::Error,
                        "missing_value",
                        g.source.as_str(),
                        header(missing),
                        "",
                        format!(
                            "is empty while {:?} has a figure: count and value come together",
                            header(other)
                        ),
                    ));
                }
                (c, v) => {
                    for (r, i) in [(c, cc), (v, vc)] {
                        if let Err((check, why)) = r {
                            entries.push(Entry::new(
                                Severity::Error,
                                check,
                                g.source.as_str(),
                                header(i),
                                g.cell(pos, i).text(),
                                why.clone(),
                            ));
                        }
                    }
                }
            }
        }
        records
    }

    /// The record's month, `year × 12 + month − 1`.
    fn month(&self, pos: usize) -> Result<i32, (&Column, String)> {
        let g = self.grid;
        let index = |(y, m): (i32, u32)| y * 12 + m as i32 - 1;
        if let Some(c) = self.column(|f| f == Field::Period) {
            return month_of(g.cell(pos, c.index))
                .map(index)
                .map_err(|w| (c, w));
        }
        if let (Some(yc), Some(mc)) = (
            self.column(|f| f == Field::Year),
            self.column(|f| f == Field::Month),
        ) {
            let year = whole(g.cell(pos, yc.index))
                .filter(|y| (1900..=2100).contains(y))
                .ok_or_else(|| (yc, "is not a year".to_string()))?;
            let month = match g.cell(pos, mc.index) {
                Cell::Text(t) => normalize(t)
                    .split(' ')
                    .filter_map(|w| w.parse::<i64>().ok())
                    .next_back(),
                other => whole(other),
            }
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| (mc, "is not a month (1–12)".to_string()))?;
            return Ok(index((year as i32, month as u32)));
        }
        Ok(index(self.period.expect("checked by Layout::missing")))
    }

    /// A count or value cell in món or đồng: `None` when empty.
    fn amount(
        &self,
        pos: usize,
        column: usize,
        factor: i64,
        metric: Metric,
        entries: &mut Vec<Entry>,
    ) -> Result<Option<i64>, (&'static str, String)> {
        let cell = self.grid.cell(pos, column);
        if let (false, Some((first, last))) = (cell.is_empty(), self.grid.merged_rows(pos, column))
        {
            return Err(("merged_figure", say(
                format!("ô số liệu được gộp qua các dòng {first}–{last}: một số liệu chỉ thuộc về một dòng; hãy bỏ gộp ô và ghi số của từng dòng"),
                format!("the figure is in a cell merged over rows {first}–{last}: a figure belongs to one row; unmerge the cells and give each row its own figure"),
            )));
        }
        if let Some(formula) = self.grid.formulas.get(&(pos, column)) {
            if cell.is_empty() {
                return Err(("formula_not_computed", format!("the formula {formula} has no computed result in the file: open it in Excel and save it")));
            }
            if matches!(cell, Cell::Int(0)) || matches!(cell, Cell::Float(f) if *f == 0.0) {
                entries.push(Entry::new(Severity::Warning, "formula_zero", self.grid.source.as_str(), self.layout.header(column), "0",
                    format!("the formula {formula} is stored with the result 0; some tools save formulas without computing them: check the figure")));
            }
        }
        let decimal = match cell {
            Cell::Empty => return Ok(None),
            Cell::Text(t) if t.trim().is_empty() => return Ok(None),
            Cell::Int(i) => Decimal {
                mantissa: i128::from(*i),
                scale: 0,
            },
            Cell::Float(f) => {
                parse_number(&f.to_string(), NumberStyle::English)
                    .map_err(|w| ("not_a_number", w))?
                    .value
            }
            Cell::Text(t) => {
                let n = parse_number(t, self.options.style).map_err(|w| {
                    (
                        "not_a_number",
                        if w.starts_with("is not") {
                            w
                        } else {
                            format!("is not a number: {w}")
                        },
                    )
                })?;
                if n.percent {
                    return Err((
                        "not_a_number",
                        "is a percentage where a count or value is expected".into(),
                    ));
                }
                n.value
            }
            Cell::Error(e) => {
                return Err(("not_a_number", format!("is the spreadsheet error {e}")))
            }
            Cell::Date(..) | Cell::Bool(_) => {
                return Err(("not_a_number", "is not a number".into()))
            }
        };
        if decimal.mantissa < 0 {
            return Err((
                "negative",
                format!("is negative: a {} cannot be", metric.name()),
            ));
        }
        decimal.times(factor).map(Some).map_err(|w| {
            (
                "not_whole",
                format!(
                    "{w}: counts are whole món and values whole đồng; check the unit in the header"
                ),
            )
        })
    }
}

/// A key cell (region, bank) as text: integers without a decimal point.
fn key_text(cell: &Cell) -> Result<String, String> {
    match cell {
        Cell::Empty => Err("is missing".into()),
        Cell::Float(f) if f.fract() == 0.0 => Ok(format!("{f:.0}")),
        Cell::Text(t) => Ok(t.trim().to_string()),
        other => Ok(other.text()),
    }
}

fn whole(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Int(i) => Some(*i),
        Cell::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        Cell::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

/// The month of a period cell: a label ("T5/2023", "2023-05") or a date on the first day.
pub(crate) fn month_of(cell: &Cell) -> Result<(i32, u32), String> {
    match cell {
        Cell::Empty => Err("the period is missing".into()),
        Cell::Date(y, m, 1) => Ok((*y, *m)),
        Cell::Date(..) => Err("is a date that is not the first of a month: a month is expected (\"T5/2023\", \"2023-05\")".into()),
        other => match parse_period(&other.text()) {
            Ok(Period::Month { year, month }) => Ok((year, month)),
            Ok(p) => Err(format!("is {p}, not a month: the transactions table is monthly; give the months")),
            Err(why) => Err(format!("is not a period: {why}")),
        },
    }
}

/// A month named in the title block ("BÁO CÁO … THÁNG 5/2023"): its row, text and month.
fn period_in_title(grid: &Grid, header_at: usize) -> Option<(usize, String, (i32, u32))> {
    for (number, cells) in &grid.rows[..header_at] {
        for cell in cells.iter().filter(|c| !c.is_empty()) {
            let text = cell.text();
            let words: Vec<String> = normalize(&text).split(' ').map(str::to_string).collect();
            for (i, w) in words.iter().enumerate() {
                if w != "thang" && w != "t" {
                    continue;
                }
                // The longest run of words from "tháng" that reads as a month.
                for end in (2..=(words.len() - i).min(4)).rev() {
                    if let Ok(Period::Month { year, month }) =
                        parse_period(&words[i..i + end].join(" "))
                    {
                        return Some((*number, text, (year, month)));
                    }
                }
            }
        }
    }
    None
}

/// Whether the row at `pos` of the body is the header of a second table.
fn second_header(grid: &Grid, pos: usize, mapping: &super::header::Mapping) -> bool {
    grid.rows[pos]
        .1
        .iter()
        .all(|c| matches!(c, Cell::Empty | Cell::Text(_)))
        && is_header_row(grid, pos, mapping)
}

/// A cumulative period named in the title block ("LŨY KẾ TỪ THÁNG 1 ĐẾN THÁNG 5/2023", "5
/// tháng đầu năm 2023"): its row and text.
fn cumulative_title(grid: &Grid, header_at: usize) -> Option<(usize, String)> {
    for (number, cells) in &grid.rows[..header_at] {
        for cell in cells.iter().filter(|c| !c.is_empty()) {
            let text = cell.text();
            let words = format!(" {} ", normalize(&text));
            let cumulative = [
                " luy ke ",
                " tu thang ",
                " thang dau nam ",
                " den thang ",
                " year to date ",
                " ytd ",
            ]
            .iter()
            .any(|w| words.contains(w));
            if cumulative {
                return Some((*number, text));
            }
        }
    }
    None
}
