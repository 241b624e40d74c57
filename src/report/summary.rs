//! The summary a committee reads first: what the data covers (and a warning when it does not
//! cover the unit, or the plan is not the unit's), the year's volume, the targets counted by
//! kind of verdict, every target that fell short named with its figure and its target, and
//! the units that lag.

use std::collections::BTreeSet;

use crate::attainment::Status;
use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::metrics::Metric;
use crate::regions::Regions;
use crate::targets::Rule;

use super::model::{Cell, Section, Table};
use super::ranking::{children_kind, laggard_sentence};
use super::scope::Scope;
use super::text::Lang;
use super::verdict_section::Verdict;
use super::ReportInput;
use crate::ingest::names::without_kind;

/// A verdict's kind, as the summary counts them apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Exceeded, met or below: the stage is over (or its last year estimated).
    Final,
    /// On track, acceleration needed, limited progress, deterioration: the stage is under way.
    Progress,
    /// Not evaluable: a figure is missing.
    Missing,
}

fn kind(s: Status) -> Kind {
    match s {
        Status::Exceeded | Status::Met | Status::Below => Kind::Final,
        Status::NotEvaluable => Kind::Missing,
        _ => Kind::Progress,
    }
}

fn kind_label(k: Kind, l: Lang) -> &'static str {
    match k {
        Kind::Final => l.pick("Kết quả giai đoạn", "Stage result"),
        Kind::Progress => l.pick(
            "Tiến độ (giai đoạn đang thực hiện)",
            "Progress (stage under way)",
        ),
        Kind::Missing => l.pick("Chưa đánh giá được", "Not evaluable"),
    }
}

/// Whether a verdict falls short: below, or short of the pace the target needs.
fn short(s: Status) -> bool {
    matches!(
        s,
        Status::Below
            | Status::AccelerationNeeded
            | Status::LimitedProgress
            | Status::Deterioration
    )
}

pub(super) fn summary(
    input: &ReportInput,
    verdicts: &[&Verdict],
    scope: &Scope,
    catalogue: &Catalogue,
    l: Lang,
    year: i32,
) -> Section {
    let mut s = Section::new("summary", l.pick("Tóm tắt", "Summary"));
    s.paragraphs.extend(warnings(input, scope, catalogue, l));
    s.tables.push(status_table(verdicts, l));
    if let Some(p) = volume(scope, l, year) {
        s.paragraphs.push(p);
    }
    s.paragraphs.push(targets_sentence(verdicts, l));
    let shortfalls: Vec<&&Verdict> = verdicts
        .iter()
        .filter(|v| short(v.verdict.status))
        .collect();
    if !shortfalls.is_empty() {
        s.paragraphs.push(shortfall_sentence(&shortfalls, l));
        s.tables.push(shortfall_table(&shortfalls, l));
    }
    // The units that lag, or the channels that lead and trail.
    let f = &scope.figures;
    if !scope.children.is_empty() {
        s.paragraphs.push(laggard_sentence(scope, catalogue, l, 5));
    } else {
        let mut by_growth: Vec<(Channel, f64)> = f
            .channels
            .iter()
            .filter(|c| **c != Channel::All)
            .filter_map(|&c| {
                f.stage
                    .get(&(c, Metric::Value))
                    .and_then(|a| a.avg)
                    .map(|g| (c, g))
            })
            .collect();
        by_growth.sort_by(|a, b| b.1.total_cmp(&a.1));
        if let (Some(first), Some(last)) = (by_growth.first(), by_growth.last()) {
            s.paragraphs.push(format!(
                "{}: {} ({}); {}: {} ({}).",
                l.pick(
                    "Kênh có tốc độ tăng giá trị bình quân nhanh nhất",
                    "Fastest-growing channel by value"
                ),
                first.0.word(l),
                l.pct_rate(first.1),
                l.pick("chậm nhất", "slowest"),
                last.0.word(l),
                l.pct_rate(last.1)
            ));
        }
    }
    s
}

/// Targets by kind of verdict and status, one verdict per target of the plan.
fn status_table(verdicts: &[&Verdict], l: Lang) -> Table {
    let mut rows = Vec::new();
    for k in [Kind::Final, Kind::Progress, Kind::Missing] {
        for st in Status::ALL.into_iter().filter(|st| kind(*st) == k) {
            for estimated in [false, true] {
                let n = verdicts
                    .iter()
                    .filter(|v| v.verdict.status == st && v.verdict.estimated == estimated)
                    .count();
                if n == 0 {
                    continue;
                }
                let cell = if estimated {
                    Cell::Estimated(st)
                } else {
                    Cell::Status(st)
                };
                rows.push(vec![
                    Cell::Text(kind_label(k, l).into()),
                    cell,
                    Cell::Int(n as i64),
                ]);
            }
        }
    }
    Table {
        sheet: l.pick("Tóm tắt", "Summary").into(),
        title: format!(
            "{} ({} {})",
            l.pick("Số chỉ tiêu theo kết quả đánh giá", "Targets by verdict"),
            verdicts.len(),
            l.pick("chỉ tiêu", "targets")
        ),
        columns: vec![
            l.pick("Nhóm", "Kind").into(),
            l.pick("Đánh giá", "Status").into(),
            l.pick("Số chỉ tiêu", "Targets").into(),
        ],
        rows,
    }
}

/// The year's volume and its growth.
fn volume(scope: &Scope, l: Lang, year: i32) -> Option<String> {
    let f = &scope.figures;
    let count = f.level(Channel::All, Metric::Count, year)?;
    let value = f.level(Channel::All, Metric::Value, year)?;
    let against = if f.months < 12 {
        format!(
            "{} {}",
            l.pick("so với cùng kỳ năm", "against the same months of"),
            year - 1
        )
    } else {
        format!("{} {}", l.pick("so với năm", "against"), year - 1)
    };
    let change = |g: Option<f64>| match g {
        Some(g) if g >= 0.0 => format!("{} {}", l.pick("tăng", "up"), l.percent(g, 2)),
        Some(g) => format!("{} {}", l.pick("giảm", "down"), l.percent(-g, 2)),
        None => l.pick("không so sánh được", "not comparable").into(),
    };
    let when = match (scope.period, l) {
        (super::ReportPeriod::FirstHalf, Lang::Vi) => format!(
            "6 tháng đầu năm {year} ({} tháng có số liệu, đến {})",
            f.months,
            l.date(scope.cut_off)
        ),
        (super::ReportPeriod::FirstHalf, Lang::En) => format!(
            "In the first six months of {year} ({} months of data, to {})",
            f.months,
            l.date(scope.cut_off)
        ),
        (super::ReportPeriod::Year, _) => format!(
            "{} {year} ({} {}, {} {})",
            l.pick("Năm", "In"),
            f.months,
            l.pick("tháng", "months"),
            l.pick("đến", "to"),
            l.date(scope.cut_off)
        ),
    };
    Some(format!(
        "{when}: {} {} {} {}, {} {} {}; {against}: {} {}, {} {}.",
        scope.unit_name,
        l.pick("đạt", "recorded"),
        l.integer(count),
        l.pick("món giao dịch TTKDTM", "cashless transactions"),
        l.pick("giá trị", "worth VND"),
        l.number(value as f64 / 1e9, 1),
        l.pick("tỷ đồng", "bn"),
        l.pick("số lượng", "count"),
        change(f.latest_growth(Channel::All, Metric::Count, year)),
        l.pick("giá trị", "value"),
        change(f.latest_growth(Channel::All, Metric::Value, year)),
    ))
}

/// `Kế hoạch có 23 chỉ tiêu: …`, final verdicts and progress counted apart.
fn targets_sentence(verdicts: &[&Verdict], l: Lang) -> String {
    let n = |f: &dyn Fn(Status) -> bool| verdicts.iter().filter(|v| f(v.verdict.status)).count();
    let good = n(&|s| matches!(s, Status::Met | Status::Exceeded));
    let below = n(&|s| s == Status::Below);
    let on_track = n(&|s| s == Status::OnTrack);
    let behind = n(&|s| kind(s) == Kind::Progress && s != Status::OnTrack);
    let missing = n(&|s| s == Status::NotEvaluable);
    let estimated = verdicts.iter().filter(|v| v.verdict.estimated).count();
    let total = verdicts.len();
    let mut parts = Vec::new();
    let mut part = |count: usize, vi: &str, en: &str| {
        if count > 0 {
            parts.push(format!("{count} {}", l.pick(vi, en)));
        }
    };
    part(good, "chỉ tiêu đạt hoặc vượt", "met or exceeded");
    part(below, "chỉ tiêu không đạt", "below target");
    part(on_track, "chỉ tiêu đúng tiến độ", "on track");
    part(behind, "chỉ tiêu chậm tiến độ", "behind the pace they need");
    part(
        missing,
        "chỉ tiêu chưa đánh giá được do thiếu số liệu",
        "not evaluable for lack of data",
    );
    let mut out = match l {
        Lang::Vi => format!("Kế hoạch có {total} chỉ tiêu: {}.", parts.join(", ")),
        Lang::En => format!("The plan has {total} targets: {}.", parts.join(", ")),
    };
    if estimated > 0 {
        out.push_str(&match l {
            Lang::Vi => format!(
                " Kết quả của {estimated} chỉ tiêu tăng trưởng dựa trên số ước thực hiện cả năm."
            ),
            Lang::En => {
                format!(" {estimated} growth targets are judged on the full-year estimate.")
            }
        });
    }
    out
}

/// A figure as its target is written: a yearly rate for growth, a share otherwise.
fn figure(v: &Verdict, l: Lang) -> String {
    match (&v.target.rule, v.verdict.actual) {
        (_, None) => "—".into(),
        (Rule::GrowthRange { .. }, Some(a)) => l.pct_rate(a),
        (Rule::RisingEveryYear { .. }, Some(a)) => match l {
            Lang::Vi => format!("{} số đơn vị tăng hằng năm", l.percent(a, 0)),
            Lang::En => format!("{} of units rising every year", l.percent(a, 0)),
        },
        (_, Some(a)) => l.percent(a, 2),
    }
}

/// Every target below, or behind its pace, in a clause with its verb: the figure reached, how
/// far below the target it is, and the verdict ("TTKDTM trong thương mại điện tử đạt 44,07 %,
/// thấp hơn 5,93 điểm % so với mục tiêu ≥ 50 %: không đạt").
fn shortfall_sentence(shortfalls: &[&&Verdict], l: Lang) -> String {
    let items: Vec<String> = shortfalls
        .iter()
        .map(|v| {
            let name = v.target.name(l);
            let (name, figure, target) = (
                name.trim_end_matches('.'),
                figure(v, l),
                v.target.rule.threshold_in(l),
            );
            let status = status_word(v, l);
            match (v.verdict.gap_pp.filter(|g| *g < 0.0), l) {
                (Some(g), Lang::Vi) => format!(
                    "{name} đạt {figure}, thấp hơn {} điểm % so với mục tiêu {target}: {status}",
                    l.number(-g, 2)
                ),
                (Some(g), Lang::En) => format!(
                    "{name} achieved {figure}, {} points short of the target of {target}: {status}",
                    l.number(-g, 2)
                ),
                (None, Lang::Vi) => {
                    format!("{name} đạt {figure} so với mục tiêu {target}: {status}")
                }
                (None, Lang::En) => {
                    format!("{name} achieved {figure} against a target of {target}: {status}")
                }
            }
        })
        .collect();
    format!(
        "{}: {}.",
        l.pick("Các chỉ tiêu chưa đạt yêu cầu", "Targets that fall short"),
        items.join("; ")
    )
}

fn status_word(v: &Verdict, l: Lang) -> String {
    if v.verdict.estimated {
        l.estimated_status(v.verdict.status).to_lowercase()
    } else {
        v.verdict.status.word(l).to_lowercase()
    }
}

/// The sheet name of the shortfalls' table, by which the Word document finds it.
pub(super) fn shortfall_sheet(l: Lang) -> &'static str {
    l.pick("Chỉ tiêu chưa đạt", "Shortfalls")
}

fn shortfall_table(shortfalls: &[&&Verdict], l: Lang) -> Table {
    Table {
        sheet: shortfall_sheet(l).into(),
        title: l
            .pick("Các chỉ tiêu chưa đạt yêu cầu", "Targets that fall short")
            .into(),
        columns: vec![
            l.pick("Chỉ tiêu", "Target").into(),
            l.pick("Điều khoản", "Clause").into(),
            l.pick("Thực hiện", "Actual").into(),
            l.pick("Mục tiêu", "Target level").into(),
            l.pick("Chênh lệch", "Gap").into(),
            l.pick("Đánh giá", "Status").into(),
        ],
        rows: shortfalls
            .iter()
            .map(|v| {
                vec![
                    Cell::Text(v.target.name(l)),
                    Cell::Text(format!("{} {}", v.target.document, v.target.source)),
                    Cell::percent(v.verdict.actual),
                    Cell::Text(v.target.rule.threshold_in(l)),
                    v.verdict.gap_pp.map_or(Cell::Empty, Cell::Points),
                    if v.verdict.estimated {
                        Cell::Estimated(v.verdict.status)
                    } else {
                        Cell::Status(v.verdict.status)
                    },
                ]
            })
            .collect(),
    }
}

/// What the data covers, and warnings when it does not cover the unit reported on or the plan
/// is written for another territory.
fn warnings(input: &ReportInput, scope: &Scope, catalogue: &Catalogue, l: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let banks = scope
        .tx_unit
        .column("bank")
        .ok()
        .and_then(|c| {
            c.str().ok().map(|s| {
                s.iter()
                    .flatten()
                    .map(str::to_string)
                    .collect::<BTreeSet<_>>()
            })
        })
        .map_or(0, |b| b.len());
    let bank_words = if banks > 0 {
        match l {
            Lang::Vi => format!(", do {banks} ngân hàng báo cáo"),
            Lang::En => format!(", reported by {banks} banks"),
        }
    } else {
        String::new()
    };
    if let (Some(regions), Some(level)) = (&input.regions, scope.child_level) {
        let expected: Vec<&crate::regions::Region> = regions
            .iter()
            .filter(|r| r.level == level && r.parent.as_deref() == Some(scope.unit.as_str()))
            .collect();
        let present: BTreeSet<&str> = scope.children.iter().map(|c| c.code.as_str()).collect();
        let missing: Vec<&str> = expected
            .iter()
            .filter(|r| !present.contains(r.code.as_str()))
            .map(|r| r.name.as_str())
            .collect();
        let kind = children_kind(scope, l);
        if !expected.is_empty() {
            out.push(match l {
                Lang::Vi => format!(
                    "Phạm vi số liệu: {}/{} {kind} của {}{bank_words}.",
                    expected.len() - missing.len(),
                    expected.len(),
                    scope.unit_name
                ),
                Lang::En => format!(
                    "Coverage: {} of the {} {kind} of {}{bank_words}.",
                    expected.len() - missing.len(),
                    expected.len(),
                    scope.unit_name
                ),
            });
        }
        if !missing.is_empty() {
            let mut names: Vec<&str> = missing.iter().take(10).copied().collect();
            if missing.len() > names.len() {
                names.push("…");
            }
            out.push(match l {
                Lang::Vi => format!(
                    "Lưu ý: thiếu số liệu của {} {kind} ({}); số liệu của {} chỉ gồm các đơn vị có báo cáo, chưa phải số liệu toàn địa bàn.",
                    missing.len(),
                    names.join(", "),
                    scope.unit_name
                ),
                Lang::En => format!(
                    "Warning: no data from {} {kind} ({}); the figures of {} cover only the units that reported, not the whole territory.",
                    missing.len(),
                    names.join(", "),
                    scope.unit_name
                ),
            });
        }
    } else if banks > 0 {
        out.push(match l {
            Lang::Vi => format!("Phạm vi số liệu: {}{bank_words}.", scope.unit_name),
            Lang::En => format!("Coverage: {}{bank_words}.", scope.unit_name),
        });
    }
    if let Some(w) = territory_warning(input.regions.as_ref(), scope, catalogue, l) {
        out.push(w);
    }
    let approximate = scope
        .maps
        .approximations_in(&scope.unit, input.regions.as_ref(), scope.unit_level)
        .count();
    if approximate > 0 {
        out.push(format!(
            "{} {approximate} {} {} {}",
            l.pick("Lưu ý: số liệu của", "Note: the figures of"),
            l.pick(
                "đơn vị theo bản đồ hành chính mới được tính vào",
                "units on the new administrative map are counted in",
            ),
            scope.unit_name,
            l.pick(
                "theo tỷ lệ xấp xỉ (xem mục Phương pháp); các kết quả dựa trên số liệu này là gần đúng.",
                "by approximate shares (see the Method section); the results resting on them are approximate.",
            ),
        ));
    }
    out
}

/// A warning when the plan's territory is not the unit reported on (Xuân Lộc's plan applied
/// to a district of Thanh Hóa). Names are compared without diacritics or prefixes.
fn territory_warning(
    regions: Option<&Regions>,
    scope: &Scope,
    catalogue: &Catalogue,
    l: Lang,
) -> Option<String> {
    let territory = catalogue.territory.as_ref()?;
    let level = scope.unit_level?;
    if level != catalogue.level {
        return Some(match l {
            Lang::Vi => format!(
                "Lưu ý: {} là kế hoạch cấp {}, nhưng báo cáo cho {} là đơn vị cấp {}.",
                catalogue.document.number,
                catalogue.level.word(Lang::Vi),
                scope.unit_name,
                level.word(Lang::Vi)
            ),
            Lang::En => format!(
                "Warning: {} is a {} plan, but the report is for {}, a {}.",
                catalogue.document.number,
                catalogue.level.name(),
                scope.unit_name,
                level.name()
            ),
        });
    }
    let regions = regions?;
    let mut chain = vec![scope.unit.as_str()];
    while let Some(p) = regions
        .get(chain[chain.len() - 1])
        .and_then(|r| r.parent.as_deref())
    {
        if chain.contains(&p) {
            break;
        }
        chain.push(p);
    }
    let names: Vec<String> = chain
        .iter()
        .filter_map(|c| regions.get(c))
        .map(|r| without_kind(&r.name))
        .collect();
    let wanted: Vec<String> = territory.iter().map(|t| without_kind(t)).collect();
    // The plan's unit must be the unit reported on, and its parents those the plan names.
    let fits = wanted.first() == names.first()
        && wanted[1..]
            .iter()
            .all(|w| names.iter().skip(1).any(|n| n == w));
    (!fits).then(|| match l {
        Lang::Vi => format!(
            "Lưu ý: {} là kế hoạch của {}, không phải của {}: các chỉ tiêu có thể không áp dụng cho đơn vị này.",
            catalogue.document.number,
            territory.join(", "),
            scope.unit_name
        ),
        Lang::En => format!(
            "Warning: {} is the plan of {}, not of {}: its targets may not apply to this unit.",
            catalogue.document.number,
            territory.join(", "),
            scope.unit_name
        ),
    })
}
