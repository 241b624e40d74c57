//! The summary: targets by status, and three findings in sentences generated from the numbers.

use crate::attainment::Status;
use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::growth::Metric;

use super::model::{Cell, Section, Table};
use super::ranking::laggard_sentence;
use super::scope::Scope;
use super::sections::{target_label, Verdict};
use super::text::Lang;

pub(super) fn summary(
    verdicts: &[Verdict],
    scope: &Scope,
    catalogue: &Catalogue,
    l: Lang,
    year: i32,
) -> Section {
    let mut s = Section::new("summary", l.pick("Tóm tắt", "Summary"));
    let counts: Vec<(Status, usize)> = Status::ALL
        .iter()
        .map(|&st| (st, verdicts.iter().filter(|v| v.status == st).count()))
        .collect();
    s.tables.push(Table {
        sheet: l.pick("Tóm tắt", "Summary").into(),
        title: format!(
            "{} ({} {})",
            l.pick("Số chỉ tiêu theo kết quả", "Targets by status"),
            verdicts.len(),
            l.pick("chỉ tiêu", "targets")
        ),
        columns: vec![
            l.pick("Đánh giá", "Status").into(),
            l.pick("Số chỉ tiêu", "Targets").into(),
        ],
        rows: counts
            .iter()
            .map(|(st, n)| vec![Cell::Status(*st), Cell::Int(*n as i64)])
            .collect(),
    });

    // 1. The year's volume and its growth.
    let f = &scope.figures;
    if let (Some(count), Some(value)) = (
        f.level(Channel::All, Metric::Count, year),
        f.level(Channel::All, Metric::Value, year),
    ) {
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
        s.paragraphs.push(format!(
            "{} {year} ({} {}, {} {}): {} {} {} {}, {} {} {}; {against}: {} {}, {} {}.",
            l.pick("Năm", "In"),
            f.months,
            l.pick("tháng", "months"),
            l.pick("đến", "to"),
            l.date(scope.cut_off),
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
        ));
    }

    // 2. How many targets are reached, and the one furthest away.
    let good = verdicts
        .iter()
        .filter(|v| matches!(v.status, Status::Met | Status::Exceeded | Status::OnTrack))
        .count();
    let judged = verdicts
        .iter()
        .filter(|v| v.status != Status::NotEvaluable)
        .count();
    let worst = verdicts
        .iter()
        .filter(|v| {
            super::model::status_class(v.status) == "bad" || v.status == Status::AccelerationNeeded
        })
        .filter_map(|v| v.gap_pp.map(|g| (v, g)))
        .min_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then_with(|| a.0.target.id.cmp(&b.0.target.id))
        });
    let mut sentence = format!(
        "{good}/{judged} {}{}",
        l.pick(
            "chỉ tiêu đánh giá được đạt, vượt hoặc đúng tiến độ",
            "targets that could be judged are met, exceeded or on track"
        ),
        if judged < verdicts.len() {
            format!(
                " ({} {})",
                verdicts.len() - judged,
                l.pick("chỉ tiêu thiếu số liệu", "lack data")
            )
        } else {
            String::new()
        }
    );
    if let Some((v, gap)) = worst {
        sentence.push_str(&format!(
            "; {}: {} — {} {} {}, {}",
            l.pick("xa ngưỡng nhất", "furthest from its target"),
            target_label(&v.target, l),
            v.actual.map_or("—".into(), |a| l.percent(a, 2)),
            l.pick("so với", "against"),
            l.threshold(&v.target.rule),
            l.points(gap)
        ));
    }
    sentence.push('.');
    s.paragraphs.push(sentence);

    // 3. The units that lag, or the channels that lead and trail.
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
                    .and_then(|a| a.growth)
                    .map(|g| (c, g))
            })
            .collect();
        by_growth.sort_by(|a, b| b.1.total_cmp(&a.1));
        if let (Some(first), Some(last)) = (by_growth.first(), by_growth.last()) {
            s.paragraphs.push(format!(
                "{}: {} ({}); {}: {} ({}).",
                l.pick(
                    "Kênh tăng nhanh nhất về giá trị",
                    "Fastest-growing channel by value"
                ),
                l.channel(first.0),
                l.pct_rate(first.1),
                l.pick("chậm nhất", "slowest"),
                l.channel(last.0),
                l.pct_rate(last.1)
            ));
        }
    }
    s
}
