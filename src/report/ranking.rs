//! The regions section: the units one level down, ranked on the growth of their cashless value
//! against the plan's band, the laggards named.

use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::error::Result;
use crate::metrics::Metric;
use crate::targets::Rule;

use super::charts;
use super::model::{Cell, Section, Table};
use super::scope::{Child, Scope};
use super::text::Lang;

/// The lower bound of the all-channel value growth target, the yardstick for ranking units.
pub(super) fn value_band(catalogue: &Catalogue) -> Option<(f64, Option<f64>)> {
    catalogue.targets.iter().find_map(|t| match t.rule {
        Rule::GrowthRange {
            channel: Channel::All,
            metric: Metric::Value,
            lo,
            hi,
        } => Some((lo, hi)),
        _ => None,
    })
}

/// Children ranked by the stage average of their all-channel value, fastest first; those
/// without an average last, by code.
fn ranked(scope: &Scope) -> Vec<(&Child, Option<f64>)> {
    let mut out: Vec<_> = scope
        .children
        .iter()
        .map(|c| {
            (
                c,
                c.figures
                    .stage
                    .get(&(Channel::All, Metric::Value))
                    .and_then(|a| a.avg),
            )
        })
        .collect();
    out.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.0.code.cmp(&b.0.code)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.code.cmp(&b.0.code),
    });
    out
}

/// Units below the lower bound (or the three slowest when there is no bound), slowest first.
pub(super) fn laggards<'a>(scope: &'a Scope, catalogue: &Catalogue) -> Vec<(&'a Child, f64)> {
    let mut with: Vec<_> = ranked(scope)
        .into_iter()
        .filter_map(|(c, g)| g.map(|g| (c, g)))
        .collect();
    with.reverse();
    match value_band(catalogue) {
        Some((lo, _)) => with.into_iter().filter(|(_, g)| *g < lo).collect(),
        None => with.into_iter().take(3).collect(),
    }
}

/// What the units one level down are called.
pub(super) fn children_kind(scope: &Scope, l: Lang) -> &'static str {
    match scope.child_level {
        Some(crate::regions::Level::Commune) => l.pick("xã, phường", "communes"),
        Some(crate::regions::Level::Province) => l.pick("tỉnh, thành phố", "provinces"),
        _ => l.pick("huyện, thị xã, thành phố", "districts"),
    }
}

/// The units below the plan's value band, named (at most `most` of them), slowest first.
pub(super) fn laggard_sentence(
    scope: &Scope,
    catalogue: &Catalogue,
    l: Lang,
    most: usize,
) -> String {
    let (n, kind) = (scope.children.len(), children_kind(scope, l));
    let lag = laggards(scope, catalogue);
    let mut names: Vec<String> = lag
        .iter()
        .take(most)
        .map(|(c, g)| format!("{} ({})", c.name, l.percent(*g, 2)))
        .collect();
    if lag.len() > names.len() {
        names.push("…".into());
    }
    let names = names.join(", ");
    // A unit without a stage average is not evaluable: never counted among those that pass.
    let unjudged: Vec<&str> = ranked(scope)
        .into_iter()
        .filter(|(_, g)| g.is_none())
        .map(|(c, _)| c.name.as_str())
        .collect();
    let judged = n - unjudged.len();
    let mut out = match value_band(catalogue) {
        Some(_) if judged == 0 => match l {
            Lang::Vi => format!("Chưa {kind} nào có tốc độ tăng trưởng bình quân giai đoạn."),
            Lang::En => format!("None of the {n} {kind} has a stage average yet."),
        },
        Some((lo, _)) if lag.is_empty() => match l {
            Lang::Vi => format!(
                "Cả {judged}/{n} {kind} có số liệu đều tăng trưởng bình quân giá trị TTKDTM từ {} trở lên.",
                l.plan_rate(lo)
            ),
            Lang::En => format!(
                "All {judged} of the {n} {kind} with a stage average grow their cashless value by at least {} on average.",
                l.plan_rate(lo)
            ),
        },
        Some((lo, _)) => match l {
            Lang::Vi => format!(
                "Còn {}/{n} {kind} tăng trưởng bình quân giá trị TTKDTM dưới {}: {names}.",
                lag.len(),
                l.plan_rate(lo)
            ),
            Lang::En => format!(
                "{} of {n} {kind} grow their cashless value by less than {} on average: {names}.",
                lag.len(),
                l.plan_rate(lo)
            ),
        },
        None => format!("{}: {names}.", l.pick("Tăng chậm nhất", "Slowest")),
    };
    if !unjudged.is_empty() && judged > 0 {
        let mut list: Vec<&str> = unjudged.iter().take(most).copied().collect();
        if unjudged.len() > list.len() {
            list.push("…");
        }
        out.push_str(&match l {
            Lang::Vi => format!(
                " {}/{n} {kind} không đánh giá được (chưa có tốc độ bình quân): {}.",
                unjudged.len(),
                list.join(", ")
            ),
            Lang::En => format!(
                " {} of {n} {kind} cannot be judged (no stage average): {}.",
                unjudged.len(),
                list.join(", ")
            ),
        });
    }
    out
}

pub(super) fn regions(scope: &Scope, catalogue: &Catalogue, l: Lang, year: i32) -> Result<Section> {
    let mut s = Section::new("regions", l.pick("Địa bàn", "Regions"));
    if let Some(on) = scope.maps.ranked_on(catalogue, l) {
        s.paragraphs.push(on);
    }
    if scope.children.is_empty() {
        s.paragraphs.push(
            l.pick(
                "Không xếp hạng địa bàn: cần bảng đơn vị hành chính và số liệu ở cấp dưới.",
                "No ranking: it needs the region table and data at the level below the unit.",
            )
            .into(),
        );
        return Ok(s);
    }
    let kind = children_kind(scope, l);
    let band = value_band(catalogue);
    s.paragraphs
        .push(laggard_sentence(scope, catalogue, l, usize::MAX));
    let partial = scope.figures.months < 12;
    let growth_header = if partial {
        format!(
            "{} ({} {})",
            l.pick("Tăng cùng kỳ, giá trị", "Same-period growth, value"),
            scope.figures.months,
            l.pick("tháng", "months")
        )
    } else {
        l.pick(
            "Tăng so với năm trước, giá trị",
            "Year-on-year growth, value",
        )
        .into()
    };
    let columns = vec![
        l.pick("Hạng", "Rank").to_string(),
        l.pick("Mã", "Code").into(),
        l.pick("Tên", "Name").into(),
        format!("{} {year}", Metric::Count.heading(l)),
        format!("{} {year}", Metric::Value.heading(l)),
        growth_header,
        l.pick("BQ giai đoạn, số lượng", "Stage average, count")
            .into(),
        l.pick("BQ giai đoạn, giá trị", "Stage average, value")
            .into(),
    ];
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    for (i, (c, g)) in ranked(scope).into_iter().enumerate() {
        let f = &c.figures;
        let stage_count = f
            .stage
            .get(&(Channel::All, Metric::Count))
            .and_then(|a| a.avg);
        rows.push(vec![
            Cell::Int(i as i64 + 1),
            Cell::Text(c.code.clone()),
            Cell::Text(c.name.clone()),
            f.level(Channel::All, Metric::Count, year)
                .map_or(Cell::Empty, Cell::Int),
            f.level(Channel::All, Metric::Value, year)
                .map_or(Cell::Empty, |v| Cell::Billions(v as f64 / 1e9)),
            Cell::percent(f.latest_growth(Channel::All, Metric::Value, year)),
            Cell::percent(stage_count),
            Cell::percent(g),
        ]);
        bars.push((c.name.clone(), g));
    }
    s.tables.push(Table {
        sheet: l.pick("Địa bàn", "Regions").into(),
        title: format!(
            "{} {}",
            l.pick(
                "Xếp hạng theo tăng trưởng bình quân giá trị TTKDTM:",
                "Ranked by the stage average growth of cashless value:"
            ),
            kind
        ),
        columns,
        rows,
    });
    if bars.iter().any(|b| b.1.is_some()) {
        let target = catalogue.targets.iter().find_map(|t| match t.rule {
            Rule::GrowthRange {
                channel: Channel::All,
                metric: Metric::Value,
                ..
            } => Some(t.rule.threshold_in(l)),
            _ => None,
        });
        let chart = charts::Ranking {
            title: format!(
                "{} {kind}",
                l.pick(
                    "Tăng trưởng bình quân giá trị TTKDTM giai đoạn theo",
                    "Stage average growth of cashless value by",
                )
            ),
            bars,
            band,
            target,
        };
        let chart = charts::ranking(&chart, l)?.chart("ranking", chart.title);
        s.charts.push(chart);
    }
    Ok(s)
}
