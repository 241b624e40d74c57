//! One grid read whole: the sheet or file checked as a table (hidden, a note sheet, a
//! cumulative title, two columns for one key, an option its columns contradict), its header
//! found, then each row below it read ([`super::rows`]): a run of empty rows is one entry, and
//! a second header starts a second table read by its own columns.

use super::findings::Finding;
use std::collections::BTreeMap;

use super::grid::{Cell, Grid};
use super::header::{find_layout, is_header_row, Column, Field, Layout};
use super::ledger::{Entry, Severity};
use super::names::RegionMatcher;
use super::numbers::parse_number;
use super::rows::{Batch, Origin, Pair, RowContext};
use super::title::{bank_in_title, cumulative_title, period_in_title, units_in_title};
use super::ReadOptions;
use crate::channels::Channel;
use crate::lang::{Lang, Words};
use crate::metrics::Metric;

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
        batch.ledger.push(at(Entry::new(Severity::Warning, Finding::SheetHidden, grid.source.as_str(), "", "",
            Words::new(format!("trang tính bị ẩn, không đọc ({non_empty} dòng); muốn đọc thì ghi tên trang tính"),
                format!("a hidden sheet is not read ({non_empty} rows); name the sheet to read it")))));
        return;
    }
    let layout = find_layout(grid, &options.mapping);
    // A sheet of a workbook read whole is skipped when it is not a table of figures (notes, a
    // cover page); one with count or value headers is a table, and what it lacks is an error.
    let figures = |l: &Layout| {
        !l.unknown.is_empty()
            || !l.unread.is_empty()
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
        batch.ledger.push(at(Entry::new(Severity::Info, Finding::SheetSkipped, grid.source.as_str(), "", "",
            Words::new(
                format!("trang tính không có bảng giao dịch ({non_empty} dòng không đọc); muốn đọc như một bảng thì ghi tên trang tính"),
                format!("no transactions table in this sheet ({non_empty} rows not read); name the sheet to read it as one"),
            ))));
        return;
    }
    let Some(layout) = layout else {
        let e = Entry::new(Severity::Error, Finding::NoHeader, grid.source.as_str(), "", "",
            Words::new(
                format!("không tìm thấy dòng tiêu đề trong {} dòng đầu: không có cột nào ghi đơn vị, kỳ báo cáo, kênh, số lượng hay giá trị", super::header::HEADER_SEARCH_ROWS),
                format!("no header row in the first {} rows: nothing here names a region, a period, a channel or a count/value column", super::header::HEADER_SEARCH_ROWS),
            ));
        fail_file(batch, vec![at(e)], non_empty);
        return;
    };
    let body = layout.header_at + layout.header_rows;
    let data_rows = grid.rows.len().saturating_sub(body);
    let header_row = grid.rows[layout.header_at].0;
    let column_entry = |severity: Severity, check: Finding, header: &str, why: Words| {
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
            batch.ledger.push(at(Entry::new(Severity::Error, Finding::CumulativePeriod, grid.source.as_str(), "", text,
                Words::new("tiêu đề ghi số lũy kế nhiều tháng, không phải số của một tháng: hãy gửi số từng tháng, hoặc thêm cột kỳ báo cáo",
                    "the title names a cumulative period of several months, not one month: send the monthly figures, or add a period column")).at_row(row)));
            return;
        }
        if let Some((row, text, p)) = period_in_title(grid, layout.header_at) {
            batch.ledger.push(at(Entry::new(Severity::Info, Finding::PeriodFromTitle, grid.source.as_str(), "", text,
                Words::new(
                    format!("không có cột kỳ báo cáo: mọi dòng được lấy là tháng {:02}/{}, tháng ghi ở tiêu đề", p.1, p.0),
                    format!("no period column: every row is taken to be {}-{:02}, the month the title names", p.0, p.1),
                )).at_row(row)));
            period = Some(p);
        }
    }
    let mut fatal = Vec::new();
    if let Some(what) = layout.missing(options.region.is_some(), period.is_some()) {
        fatal.push(column_entry(
            Severity::Error,
            Finding::NoHeader,
            "",
            Words::new(
                format!("dòng tiêu đề (dòng {header_row}) thiếu "),
                format!("the header (row {header_row}) lacks "),
            )
            .and(&what),
        ));
    }
    for (field, name_vi, name_en) in KEY_FIELDS {
        let same: Vec<&Column> = layout
            .columns
            .iter()
            .filter(|c| c.field == *field)
            .collect();
        if let [first, second, ..] = same.as_slice() {
            fatal.push(column_entry(Severity::Error, Finding::SecondKeyColumn, &second.header,
                Words::new(format!("cột {name_vi} thứ hai (cột thứ nhất là {:?}): không biết dùng cột nào; bỏ một cột, hoặc ghi \"ignore\" cho nó trong bảng ánh xạ", first.header),
                    format!("a second {name_en} column (the first is {:?}): which one is meant is not known; remove one, or map it to \"ignore\"", first.header))));
        }
    }
    let given = [
        (
            grid.bank.as_deref().or(options.bank.as_deref()),
            Field::Bank,
            "ngân hàng",
            "bank",
        ),
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
            fatal.push(column_entry(Severity::Error, Finding::OptionAndColumn, &c.header,
                Words::new(format!("đã cho {name_vi} {v:?} cho cả tệp nhưng tệp có cột {:?}: bỏ một trong hai", c.header),
                    format!("the {name_en} {v:?} is given for the whole file, but the file has the column {:?}: drop one of them", c.header))));
        }
    }
    if let (Some((y, m)), Some(c)) = (
        options.period,
        layout.find(|f| matches!(f, Field::Period | Field::Year | Field::Month)),
    ) {
        fatal.push(column_entry(Severity::Error, Finding::OptionAndColumn, &c.header,
            Words::new(format!("đã cho kỳ {m:02}/{y} cho cả tệp nhưng tệp có cột {:?}: bỏ một trong hai", c.header),
                format!("the period {y}-{m:02} is given for the whole file, but the file has the column {:?}: drop one of them", c.header))));
    }
    for (_, header, why) in &layout.unknown {
        fatal.push(column_entry(
            Severity::Error,
            Finding::BadColumn,
            header,
            Words::new(
                format!(
                    "{}; sửa tiêu đề cột, hoặc thêm cột vào bảng ánh xạ",
                    why.get(Lang::Vi)
                ),
                format!(
                    "{}; fix the header, or add it to the mapping",
                    why.get(Lang::En)
                ),
            ),
        ));
    }
    // A column of no known channel is not needed to read the others: a warning, with the
    // mapping line that would read it.
    for (_, header, why) in &layout.unread {
        batch.ledger.push(column_entry(
            Severity::Warning,
            Finding::UnknownChannel,
            header,
            Words::new(
                format!("{}; cột này không được đọc. Muốn đọc, thêm vào bảng ánh xạ (--mapping): [columns] {header:?} = \"<kênh>.count\" (hoặc .value)", why.get(Lang::Vi)),
                format!("{}; this column is not read. To read it, add to the mapping (--mapping): [columns] {header:?} = \"<channel>.count\" (or .value)", why.get(Lang::En)),
            ),
        ));
    }
    // Units a title-block line gives, for headers that name none.
    let title_units = units_in_title(grid, layout.header_at);
    if let Some((row, text, count, value)) = &title_units {
        let factor = |f: &Option<i64>| f.map_or("—".into(), |x| x.to_string());
        let message = Words::new(
            format!(
                "đơn vị tính lấy từ dòng tiêu đề cho các cột không ghi đơn vị: số lượng × {}, giá trị × {}",
                factor(count),
                factor(value)
            ),
            format!(
                "units from the title block, for headers that name none: count × {}, value × {}",
                factor(count),
                factor(value)
            ),
        );
        let e = Entry::new(
            Severity::Info,
            Finding::UnitsFromTitle,
            grid.source.as_str(),
            "",
            text.clone(),
            message,
        );
        batch.ledger.push(at(e.at_row(*row)));
    }
    let title_units = title_units.map_or((None, None), |(_, _, c, v)| (c, v));
    let pairs = match measure_pairs(&layout, options, title_units) {
        Ok(p) => p,
        Err(errors) => {
            fatal.extend(
                errors
                    .into_iter()
                    .map(|(h, why)| column_entry(Severity::Error, Finding::BadColumn, &h, why)),
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
            Finding::ColumnUnused,
            header,
            Words::new(
                "không phải cột đã biết; các ô của cột không được đọc",
                "not a known column; its cells are not read",
            ),
        ));
    }
    let headers: BTreeMap<usize, usize> = layout
        .columns
        .iter()
        .map(|c| (c.index, batch.header_id(&c.header)))
        .collect();
    // The bank of a file without a bank column: given for the file or for all, else named in
    // its title block when asked.
    let mut bank = grid.bank.clone().or_else(|| options.bank.clone());
    if bank.is_none()
        && options.bank_from == Some(super::BankFrom::Title)
        && layout.find(|f| f == Field::Bank).is_none()
        && let Some((row, text)) = bank_in_title(grid, layout.header_at)
    {
        batch.ledger.push(at(Entry::new(
            Severity::Info,
            Finding::BankFromTitle,
            grid.source.as_str(),
            "",
            text.clone(),
            Words::new(
                "ngân hàng của tệp lấy từ dòng tiêu đề",
                "the file's bank, from its title block",
            ),
        )
        .at_row(row)));
        bank = Some(text);
    }
    let ctx = RowContext {
        grid,
        layout: &layout,
        options,
        matcher,
        pairs: &pairs,
        period,
        bank,
    };
    for e in grid.broken.range(..body).map(|(_, e)| e) {
        batch.ledger.rows_read += 1;
        batch.ledger.rows_rejected += 1;
        batch.ledger.push(at(e.clone()));
    }
    let mut pos = body;
    // Once the signature block starts, the names under it are part of it.
    let mut after_signature = false;
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
                Words::new("dòng trống", "an empty row")
            } else {
                Words::new(
                    format!("{n} dòng trống (dòng {}–{})", number, grid.rows[end - 1].0),
                    format!("{n} empty rows (rows {}–{})", number, grid.rows[end - 1].0),
                )
            };
            batch.ledger.push(at(Entry::new(
                Severity::Info,
                Finding::EmptyRow,
                grid.source.as_str(),
                "",
                "",
                message,
            )
            .at_row(*number)));
            pos = end;
            continue;
        }
        if second_header(grid, pos, options) {
            // A second table under its own header: read it with its own columns.
            batch.ledger.push(at(Entry::new(Severity::Info, Finding::SecondTable, grid.source.as_str(), "",
                cells.iter().find(|c| !c.is_empty()).map(Cell::text).unwrap_or_default(),
                Words::new("một bảng thứ hai bắt đầu ở dòng này, với tiêu đề cột riêng: được đọc theo tiêu đề đó",
                    "a second table starts on this row, under a header of its own: it is read by that header")).at_row(*number)));
            let rest = Grid {
                source: grid.source.clone(),
                sheet: grid.sheet.clone(),
                bank: grid.bank.clone(),
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
        if let Some(why) = ctx.skip_reason(pos, after_signature) {
            after_signature |= why.0 == Finding::Signature;
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
    title_units: (Option<i64>, Option<i64>),
) -> Result<Vec<Pair>, Vec<(String, Words)>> {
    let mut errors = Vec::new();
    let factor = |c: &Column,
                  given: Option<i64>,
                  metric: Metric,
                  errors: &mut Vec<(String, Words)>|
     -> i64 {
        // The header's own unit, else the title block's, else the caller's.
        let explicit = match metric {
            Metric::Count => title_units.0.or(options.count_unit),
            Metric::Value => title_units.1.or(options.value_unit),
        };
        given.or(explicit).unwrap_or_else(|| {
            errors.push((c.header.clone(), Words::new(
                format!(
                    "tiêu đề cột không ghi đơn vị; ghi đơn vị vào tiêu đề (\"(món)\", \"(triệu đồng)\") hoặc cho đơn vị {} (--{}-unit)",
                    metric.word(Lang::Vi),
                    metric.name()
                ),
                format!(
                    "the header names no unit; write it in the header (\"(món)\", \"(triệu đồng)\") or give the {} unit",
                    metric.name()
                ),
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
                        Words::new(
                            format!(
                                "cột {} thứ hai của kênh {}",
                                metric.word(Lang::Vi),
                                channel.word(Lang::Vi)
                            ),
                            format!("a second {} column for {channel}", metric.name()),
                        ),
                    ));
                }
                *slot = Some((c.index, f));
            }
        }
        for (channel, [count, value]) in by_channel {
            match (count, value) {
                (Some((cc, cf)), Some((vc, vf))) => pairs.push((Some(channel), cc, vc, cf, vf)),
                (Some((i, _)), None) | (None, Some((i, _))) => {
                    errors.push((layout.header(i), Words::new(
                        format!("kênh {} chỉ có cột số lượng hoặc cột giá trị: bảng cần cả hai", channel.word(Lang::Vi)),
                        format!("{channel} has a count or a value column but not both: the table needs both"),
                    )));
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
                    Words::new(
                        format!(
                            "cột {} thứ hai (cột thứ nhất là {:?})",
                            ["số lượng", "giá trị"][kind],
                            same[0].header
                        ),
                        format!(
                            "a second {} column (the first is {:?})",
                            ["count", "value"][kind],
                            same[0].header
                        ),
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

/// Whether the row at `pos` of the body is the header of a second table.
///
/// A header holds no figure: a row with a number in it (stored, or as text, as every CSV cell
/// is) is data, and is not classified header by header, which would cost every row of a file.
fn second_header(grid: &Grid, pos: usize, options: &ReadOptions) -> bool {
    grid.rows[pos].1.iter().all(|c| match c {
        Cell::Empty => true,
        Cell::Text(t) => parse_number(t, options.style).is_err(),
        _ => false,
    }) && is_header_row(grid, pos, &options.mapping)
}
