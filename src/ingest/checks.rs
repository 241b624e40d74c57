//! Checks across rows and files, once everything is read: duplicate keys (an error), and the
//! signs of a wrong figure that is still a figure (warnings): a reported `all` smaller than
//! one of its channels, months missing from a year, a ×1000 jump against the neighbouring
//! months, a value per transaction nobody pays.

use super::findings::Finding;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::ledger::Severity;
use super::rows::{Batch, Record};
use crate::channels::Channel;
use crate::lang::{Lang, Words};
use crate::metrics::Metric;

/// A month-to-month ratio this large (or its inverse) is taken for a unit mistake: ×1000
/// (nghìn/triệu/tỷ) always passes it, real month-on-month growth never does.
pub const UNIT_JUMP: f64 = 300.0;

type SeriesKey = (String, Option<String>, Channel);
/// Region, month, channel, bank, map: what must be unique.
type RecordKey<'a> = (&'a str, i32, Channel, Option<&'a str>, Option<&'a str>);

fn month_label(m: i32) -> String {
    format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// Duplicate keys: both rows are rejected, each entry naming the other.
pub(crate) fn duplicates(batch: &mut Batch) {
    let mut first: HashMap<RecordKey<'_>, usize> = HashMap::new();
    let mut pairs = Vec::new();
    for (i, r) in batch.records.iter().enumerate() {
        let key = (
            r.region.as_str(),
            r.month,
            r.channel,
            r.bank.as_deref(),
            r.map.as_deref(),
        );
        match first.get(&key) {
            Some(&j) => pairs.push((j, i)),
            None => {
                first.insert(key, i);
            }
        }
    }
    // File pairs already told that they may be two banks' files.
    let mut told: BTreeSet<(String, String)> = BTreeSet::new();
    for (j, i) in pairs {
        let (a, b) = (&batch.records[j], &batch.records[i]);
        for (this, other) in [(a, b), (b, a)] {
            let o = &batch.origins[other.origin];
            let elsewhere = |lang: Lang| match &o.sheet {
                Some(s) => format!(
                    "{}, {} {s:?}, {} {}",
                    o.source,
                    lang.pick("trang tính", "sheet"),
                    lang.pick("dòng", "row"),
                    o.row
                ),
                None => format!("{}, {} {}", o.source, lang.pick("dòng", "row"), o.row),
            };
            let bank = this
                .bank
                .as_deref()
                .map(|b| format!(" {b}"))
                .unwrap_or_default();
            let e = batch.entry_at(
                this.origin,
                Severity::Error,
                Finding::DuplicateKey,
                "",
                format!(
                    "{} {} {}{}",
                    this.region,
                    month_label(this.month),
                    this.channel,
                    bank
                ),
                Words::new(
                    format!(
                        "cùng đơn vị × tháng × kênh{} này đã có ở {}: không dùng cả hai",
                        if this.bank.is_some() {
                            " × ngân hàng"
                        } else {
                            ""
                        },
                        elsewhere(Lang::Vi)
                    ),
                    format!(
                        "the same region × month × channel{} is also at {}: neither is used",
                        if this.bank.is_some() { " × bank" } else { "" },
                        elsewhere(Lang::En)
                    ),
                ),
            );
            batch.ledger.push(e);
        }
        // Two files with the same keys and no bank: most likely two banks' files.
        let (oa, ob) = (&batch.origins[a.origin], &batch.origins[b.origin]);
        if a.bank.is_none() && oa.source != ob.source {
            let e = batch.entry_at(
                a.origin,
                Severity::Error,
                Finding::DuplicateKey,
                "",
                format!("{} / {}", oa.source, ob.source),
                Words::new(
                    format!("hai tệp {:?} và {:?} không có cột ngân hàng và trùng khóa: nếu là báo cáo của hai ngân hàng, hãy cho biết ngân hàng của từng tệp (--data NH01=tệp.xlsx, hoặc read({{\"NH01\": \"tệp.xlsx\"}}))", oa.source, ob.source),
                    format!("the files {:?} and {:?} have no bank column and the same keys: if they are two banks' reports, give each file its bank (--data NH01=file.xlsx, or read({{\"NH01\": \"file.xlsx\"}}))", oa.source, ob.source),
                ),
            );
            if told.insert((oa.source.clone(), ob.source.clone())) {
                batch.ledger.push(e);
            }
        }
        batch.origins[a.origin].rejected = true;
        batch.origins[b.origin].rejected = true;
    }
}

/// A reported `all` smaller than one of the channels it adds up.
pub(crate) fn all_below_channel(batch: &mut Batch, additive: &[Channel]) {
    let mut groups: BTreeMap<(&str, i32, Option<&str>), Vec<&Record>> = BTreeMap::new();
    for r in batch
        .records
        .iter()
        .filter(|r| !batch.origins[r.origin].rejected)
    {
        groups
            .entry((r.region.as_str(), r.month, r.bank.as_deref()))
            .or_default()
            .push(r);
    }
    let mut entries = Vec::new();
    for records in groups.values() {
        let Some(all) = records.iter().find(|r| r.channel == Channel::All) else {
            continue;
        };
        for r in records
            .iter()
            .filter(|r| additive.contains(&r.channel) && r.channel != Channel::All)
        {
            for (metric, a, c, col) in [
                (Metric::Count, all.count, r.count, all.columns.0),
                (Metric::Value, all.value, r.value, all.columns.1),
            ] {
                if a < c {
                    entries.push(batch.entry_at(
                        all.origin,
                        Severity::Warning,
                        Finding::AllBelowChannel,
                        &batch.headers[col],
                        a.to_string(),
                        Words::new(
                            format!(
                                "tổng TTKDTM báo cáo ({} {a}) nhỏ hơn riêng kênh {} ({c}) trong tháng {}",
                                metric.word(Lang::Vi),
                                r.channel.word(Lang::Vi),
                                month_label(all.month)
                            ),
                            format!(
                                "the reported all ({} {a}) is smaller than {} alone ({c}) in {}",
                                metric.name(),
                                r.channel,
                                month_label(all.month)
                            ),
                        ),
                    ));
                }
            }
        }
    }
    batch.ledger.entries.extend(entries);
}

fn series(batch: &Batch) -> BTreeMap<SeriesKey, Vec<&Record>> {
    let mut out: BTreeMap<SeriesKey, Vec<&Record>> = BTreeMap::new();
    for r in batch
        .records
        .iter()
        .filter(|r| !batch.origins[r.origin].rejected)
    {
        out.entry((r.region.clone(), r.bank.clone(), r.channel))
            .or_default()
            .push(r);
    }
    for records in out.values_mut() {
        records.sort_by_key(|r| r.month);
    }
    out
}

/// Months missing from a year, per region × bank × channel, between the series' first month
/// and the last month of the whole input.
pub(crate) fn missing_months(batch: &mut Batch) {
    let Some(last) = batch.records.iter().map(|r| r.month).max() else {
        return;
    };
    let mut entries = Vec::new();
    for ((region, bank, channel), records) in series(batch) {
        let present: BTreeSet<i32> = records.iter().map(|r| r.month).collect();
        let first = records[0].month;
        let mut by_year: BTreeMap<i32, Vec<String>> = BTreeMap::new();
        for m in first..=last {
            if !present.contains(&m) {
                by_year
                    .entry(m.div_euclid(12))
                    .or_default()
                    .push(format!("{:02}", m.rem_euclid(12) + 1));
            }
        }
        let bank = bank.map(|b| format!(" {b}")).unwrap_or_default();
        let o = &batch.origins[records[0].origin];
        let (first, last) = (month_label(first), month_label(last));
        for (year, months) in by_year {
            let months = months.join(", ");
            let why = Words::new(
                format!("năm {year} thiếu tháng {months} (chuỗi số liệu từ {first} đến {last}): năm chưa đủ tháng"),
                format!("months missing from {year}: {months} (the series runs {first} to {last}); the year is partial"),
            );
            let e = super::ledger::Entry::new(
                Severity::Warning,
                Finding::MissingMonths,
                o.source.as_str(),
                "",
                format!("{region} {channel}{bank}"),
                why,
            )
            .in_sheet(o.sheet.as_deref());
            entries.push(e);
        }
    }
    batch.ledger.entries.extend(entries);
}

/// A month that jumps ×[`UNIT_JUMP`] or more against its neighbours: a spike against both, or
/// a step against the month before.
pub(crate) fn unit_jumps(batch: &mut Batch) {
    let mut entries = Vec::new();
    for records in series(batch).values() {
        for metric in 0..2 {
            let x = |r: &Record| if metric == 0 { r.count } else { r.value } as f64;
            let col = |r: &Record| {
                if metric == 0 {
                    r.columns.0
                } else {
                    r.columns.1
                }
            };
            let jump =
                |a: f64, b: f64| a > 0.0 && b > 0.0 && (a / b >= UNIT_JUMP || b / a >= UNIT_JUMP);
            let mut spike_before = false;
            for i in 1..records.len() {
                let (prev, this) = (records[i - 1], records[i]);
                let next = records.get(i + 1);
                let spike = next.is_some_and(|n| {
                    jump(x(this), x(prev))
                        && jump(x(this), x(n))
                        && (x(this) > x(prev)) == (x(this) > x(n))
                });
                if (spike || (jump(x(this), x(prev)) && !spike_before)) && x(prev) > 0.0 {
                    let ratio = x(this) / x(prev);
                    let around = |lang: Lang| {
                        let at = |r: &Record| {
                            format!(
                                "{} {} {}",
                                x(r),
                                lang.pick("tháng", "in"),
                                month_label(r.month)
                            )
                        };
                        match next.filter(|_| spike) {
                            Some(n) => format!("{} {} {}", at(prev), lang.pick("và", "and"), at(n)),
                            None => at(prev),
                        }
                    };
                    let times = |lang: Lang| {
                        if ratio >= 1.0 {
                            format!("{} ×{ratio:.0}", lang.pick("gấp", "is"))
                        } else {
                            format!(
                                "{} 1/{:.0} {}",
                                lang.pick("chỉ bằng", "is"),
                                1.0 / ratio,
                                lang.pick("", "of")
                            )
                            .trim_end()
                            .to_string()
                        }
                    };
                    entries.push(batch.entry_at(
                        this.origin,
                        Severity::Warning,
                        Finding::UnitJump,
                        &batch.headers[col(this)],
                        (x(this) as i64).to_string(),
                        Words::new(
                            format!(
                                "tháng {} {} các tháng bên cạnh ({}): có nhầm đơn vị (nghìn/triệu/tỷ) không?",
                                month_label(this.month),
                                times(Lang::Vi),
                                around(Lang::Vi)
                            ),
                            format!(
                                "{} {} its neighbours ({}): a unit mistake (nghìn/triệu/tỷ)?",
                                month_label(this.month),
                                times(Lang::En),
                                around(Lang::En)
                            ),
                        ),
                    ));
                }
                spike_before = spike;
            }
        }
    }
    batch.ledger.entries.extend(entries);
}

/// Count and value that disagree: a value per transaction outside `bounds` (đồng), or one of
/// them zero without the other.
pub(crate) fn per_transaction(batch: &mut Batch, bounds: (i64, i64)) {
    let mut entries = Vec::new();
    for r in batch
        .records
        .iter()
        .filter(|r| !batch.origins[r.origin].rejected)
    {
        let why = match (r.count, r.value) {
            (0, 0) => None,
            (0, v) => Some(Words::new(
                format!("giá trị {v} đồng mà không có món giao dịch nào"),
                format!("value {v} đồng with no transactions"),
            )),
            (c, 0) => Some(Words::new(
                format!("{c} món giao dịch mà giá trị bằng 0"),
                format!("{c} transactions with no value"),
            )),
            (c, v) => {
                let per = v as f64 / c as f64;
                let shown = if per < 100.0 {
                    format!("{per:.2}")
                } else {
                    format!("{per:.0}")
                };
                let (lo, hi) = bounds;
                (per < lo as f64 || per > hi as f64).then(|| Words::new(
                    format!("bình quân {shown} đồng một món ({v} / {c}), ngoài khoảng {lo}–{hi} đồng: số lượng và giá trị khác đơn vị?"),
                    format!("{shown} đồng per transaction ({v} / {c}), outside {lo}–{hi} đồng: count and value in different units?"),
                ))
            }
        };
        if let Some(why) = why {
            entries.push(
                batch.entry_at(
                    r.origin,
                    Severity::Warning,
                    Finding::PerTransaction,
                    &batch.headers[r.columns.1],
                    r.value.to_string(),
                    Words::new(
                        format!(
                            "{} tháng {}: ",
                            r.channel.word(Lang::Vi),
                            month_label(r.month)
                        ),
                        format!("{} {}: ", r.channel, month_label(r.month)),
                    )
                    .and(&why),
                ),
            );
        }
    }
    batch.ledger.entries.extend(entries);
}
