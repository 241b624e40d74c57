//! The targets section: one verdict per target of the plan (the unit's own, the units below
//! in a table of their own), what a partial year's verdicts rest on, and the growth of each
//! target against its band.

use crate::attainment::{judge, AttainmentOptions, Judgement, Progress, Status};
use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::error::Result;
use crate::estimate::Estimate;
use crate::metrics::Metric;
use crate::targets::{Reading, Rule};

use super::charts;
use super::figures::UnitFigures;
use super::model::{Cell, Section, Table};
use super::scope::Scope;
use super::text::Lang;
use super::ReportInput;

/// A verdict that concerns the unit reported on: its own, or one of a unit below it.
pub(super) type Verdict<'a> = Judgement<'a>;

pub(super) fn verdicts<'a>(
    input: &ReportInput,
    catalogue: &'a Catalogue,
    scope: &Scope,
    year: i32,
) -> Result<Vec<Verdict<'a>>> {
    // With a region table, every target is judged at its own level (a commune target for
    // each commune of the district); without one, for the unit's own figures.
    let (tx, regions) = match &input.regions {
        Some(r) => (&scope.tx, Some(r.clone())),
        None => (&scope.tx_unit, None),
    };
    let options = AttainmentOptions {
        year,
        year_start: None,
        regions: regions.clone(),
        reading: Reading::Body,
        progress: Progress::OpenSdg,
        estimate: scope.figures.estimate,
    };
    let mut judged = judge(tx, input.indicators.as_ref(), catalogue, &options)?;
    judged.retain(|v| match (&v.region, &regions) {
        (None, _) => true,
        (Some(u), _) if **u == *scope.unit => true,
        (Some(u), Some(r)) => scope
            .unit_level
            .and_then(|level| r.ancestor_at(u, level).ok())
            .is_some_and(|a| a == scope.unit),
        _ => false,
    });
    Ok(judged)
}

/// `2025 (ước cả năm)`: the column of an estimated year.
pub(super) fn estimate_label(year: i32, l: Lang) -> String {
    format!("{year} ({})", l.pick("ước cả năm", "full-year estimate"))
}

/// What the verdicts of a partial report year rest on: the estimate and its months, or why
/// there is none.
fn estimate_sentence(scope: &Scope, catalogue: &Catalogue, l: Lang, year: i32) -> Option<String> {
    let f = &scope.figures;
    if f.months >= 12 {
        return None;
    }
    let months = match l {
        Lang::Vi => format!(
            "Năm {year} có số liệu {} tháng (đến {})",
            f.months,
            l.date(scope.cut_off)
        ),
        Lang::En => format!(
            "{year} has {} months of data (to {})",
            f.months,
            l.date(scope.cut_off)
        ),
    };
    let how = match f.estimate {
        Estimate::None if year == catalogue.stage.end => {
            return Some(format!(
                "{months}. {}",
                l.pick(
                    "Không ước thực hiện cả năm: các chỉ tiêu tăng trưởng bình quân giai đoạn chưa đánh giá được (cần ước tính, xem --estimate).",
                    "No full-year estimate: the stage averages cannot be judged (an estimate is needed, see --estimate).",
                )
            ))
        }
        Estimate::None => return None,
        Estimate::SamePeriod => l.pick(
            "ước thực hiện cả năm theo cùng kỳ: số cả năm trước nhân với tốc độ tăng của cùng các tháng",
            "the full year is estimated by the same period: last year's total times the growth of the same months",
        ),
        Estimate::RunRate => l.pick(
            "ước thực hiện cả năm theo bình quân tháng nhân 12 (không tính yếu tố mùa vụ)",
            "the full year is estimated by the run rate, the months in the data × 12 / their number (seasonality not taken into account)",
        ),
    };
    if f.estimated.is_empty() {
        return Some(format!(
            "{months}. {}: {}.",
            l.pick(
                "Không ước tính được cả năm",
                "The full year could not be estimated"
            ),
            f.estimate_note.as_deref().unwrap_or_default()
        ));
    }
    Some(match l {
        Lang::Vi => format!(
            "{months}; {how}. Các chỉ tiêu tăng trưởng được đánh giá trên số ước thực hiện năm \
             {year} (cột “{}”), kết quả ghi “{}”.",
            estimate_label(year, l),
            l.estimated_status(Status::Met)
        ),
        Lang::En => format!(
            "{months}; {how}. Growth targets are judged on the estimate of {year} (column \
             “{}”), their verdicts marked “{}”.",
            estimate_label(year, l),
            l.estimated_status(Status::Met)
        ),
    })
}

/// One verdict per target of the plan, in catalogue order: the unit's own, else (a target of
/// a lower level with no verdict for the unit) the first that falls short, else the first.
/// Commune rows never count as targets of their own.
pub(super) fn per_target<'a, 'c>(
    verdicts: &'a [Verdict<'c>],
    scope: &Scope,
) -> Vec<&'a Verdict<'c>> {
    let mut out: Vec<&Verdict> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for v in verdicts {
        let id = v.target.id.as_str();
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let rows: Vec<&Verdict> = verdicts.iter().filter(|w| w.target.id == id).collect();
        let own = rows
            .iter()
            .find(|w| w.region.is_none() || w.region.as_deref() == Some(scope.unit.as_str()));
        let worst = rows
            .iter()
            .find(|w| super::model::status_class(w.verdict.status) == "bad");
        if let Some(w) = own.or(worst).or(rows.first()) {
            out.push(w);
        }
    }
    out
}

/// A row of the targets table, numbered `number` (from 1); `unit` adds the unit's column.
fn verdict_row(number: usize, v: &Verdict, unit: Option<Option<String>>, l: Lang) -> Vec<Cell> {
    let t = &v.target;
    let mut row = vec![
        Cell::Int(number as i64),
        Cell::Text(format!("{} {}", t.document, t.source)),
        Cell::Text(t.name(l)),
    ];
    if let Some(unit) = unit {
        row.push(Cell::text(unit));
    }
    row.extend([
        Cell::percent(v.verdict.actual),
        v.verdict.year.map_or(Cell::Empty, Cell::Year),
        Cell::Text(t.rule.threshold_in(l)),
        if v.verdict.estimated {
            Cell::Estimated(v.verdict.status)
        } else {
            Cell::Status(v.verdict.status)
        },
        v.verdict.gap_pp.map_or(Cell::Empty, Cell::Points),
        Cell::percent(v.verdict.required),
        Cell::text(v.verdict.note_in(l)),
    ]);
    row
}

pub(super) fn targets(
    verdicts: &[Verdict],
    scope: &Scope,
    regions: Option<&crate::regions::Regions>,
    catalogue: &Catalogue,
    l: Lang,
    year: i32,
) -> Result<Section> {
    let mut s = Section::new(
        "targets",
        l.pick("Kết quả thực hiện chỉ tiêu", "Target attainment"),
    );
    let f = &scope.figures;
    let estimated = !f.estimated.is_empty();
    let under_way = year < catalogue.stage.end || (f.months < 12 && !estimated);
    if let Some(basis) = estimate_sentence(scope, catalogue, l, year) {
        s.paragraphs.push(basis);
    }
    if under_way {
        s.paragraphs.push(format!(
            "{} {}–{} {} {year}: {}",
            l.pick("Giai đoạn", "The stage"),
            catalogue.stage.start,
            catalogue.stage.end,
            l.pick(
                "chưa có đủ số liệu, đánh giá đến năm",
                "is not complete in the data, judged as of"
            ),
            l.pick(
                "cột “Cần đạt/năm” là tốc độ tăng cần có mỗi năm còn lại để đạt mức thấp nhất của mục tiêu.",
                "“Required/yr” is the growth each remaining year needs to reach the lower bound."
            )
        ));
    }
    s.paragraphs.push(
        l.pick(
            "“Cần đạt/năm” mang dấu âm: chỉ tiêu đã đạt; số liệu có thể giảm mỗi năm đến mức đó mà vẫn đạt.",
            "A negative “Required/yr” means the level is reached already: the figure could fall that much a year and still meet the target.",
        )
        .to_string(),
    );
    let columns = |unit: bool| {
        let mut columns = vec![
            l.pick("STT", "No.").to_string(),
            l.pick("Điều khoản", "Clause").into(),
            l.pick("Chỉ tiêu", "Target").into(),
        ];
        if unit {
            columns.push(l.pick("Đơn vị", "Unit").into());
        }
        columns.extend(
            [
                l.pick("Thực hiện", "Actual"),
                l.pick("Năm", "Year"),
                l.pick("Mục tiêu", "Threshold"),
                l.pick("Đánh giá", "Status"),
                l.pick("Chênh lệch", "Gap"),
                l.pick("Cần đạt/năm", "Required/yr"),
                l.pick("Ghi chú", "Note"),
            ]
            .map(String::from),
        );
        columns
    };
    let main = per_target(verdicts, scope);
    s.tables.push(Table {
        sheet: l.pick("Chỉ tiêu", "Targets").into(),
        title: format!(
            "{} {}",
            l.pick("Chỉ tiêu của", "Targets of"),
            catalogue.document.number
        ),
        columns: columns(false),
        rows: main
            .iter()
            .enumerate()
            .map(|(i, v)| verdict_row(i + 1, v, None, l))
            .collect(),
    });
    // The verdicts of the units below (each commune on "rising in every commune").
    let below: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| !main.iter().any(|m| std::ptr::eq(*m, *v)))
        .collect();
    if !below.is_empty() {
        let name = |code: &Option<std::sync::Arc<str>>| {
            code.as_deref().map(|c| {
                regions
                    .and_then(|r| r.get(c))
                    .map_or_else(|| c.to_string(), |r| format!("{} ({c})", r.name))
            })
        };
        s.tables.push(Table {
            sheet: l.pick("Chỉ tiêu theo đơn vị", "Targets by unit").into(),
            title: l
                .pick(
                    "Đánh giá từng đơn vị cấp dưới",
                    "Verdicts of the units below",
                )
                .into(),
            columns: columns(true),
            rows: below
                .iter()
                .enumerate()
                .map(|(i, v)| verdict_row(i + 1, v, Some(name(&v.region)), l))
                .collect(),
        });
    }

    for t in &catalogue.targets {
        if let Rule::GrowthRange {
            channel,
            metric,
            lo,
            hi,
        } = t.rule
        {
            let panel = growth_panel(
                &scope.figures,
                &t.rule,
                (channel, metric, lo, hi),
                catalogue,
                year,
                l,
            );
            let name = format!("growth-{}-{}", channel.name(), metric.name());
            let chart = charts::growth_panel(&panel, l)?.chart(&name, panel.title);
            s.charts.push(chart);
        }
    }
    Ok(s)
}

/// A growth target's chart: the whole years of the stage, then the report year when it is not
/// whole, as an estimate of the year or, without one, as growth on the same months.
fn growth_panel(
    f: &UnitFigures,
    rule: &Rule,
    (channel, metric, lo, hi): (Channel, Metric, f64, Option<f64>),
    catalogue: &Catalogue,
    year: i32,
    l: Lang,
) -> charts::Panel {
    let partial = f.months < 12;
    let last_whole = if partial { year - 1 } else { year };
    let mut years: Vec<charts::YearBar> = (catalogue.stage.start
        ..=last_whole.min(catalogue.stage.end))
        .map(|y| charts::YearBar {
            label: y.to_string(),
            value: f.yoy.get(&(channel, metric, y)).copied(),
            whole: true,
        })
        .collect();
    let mut note = None;
    if partial && year <= catalogue.stage.end && f.months > 0 {
        let months = f.months;
        if f.estimate != Estimate::None {
            years.push(charts::YearBar {
                label: format!("{year} ({})", l.pick("ước", "est.")),
                value: f.yoy.get(&(channel, metric, year)).copied(),
                whole: false,
            });
            note = Some(format!(
                "{year}: {} {months} {}",
                l.pick("ước tính cả năm từ", "the year estimated from"),
                l.pick("tháng", "months"),
            ));
        } else {
            years.push(charts::YearBar {
                label: format!("{year} ({months} {})", l.pick("th", "mo")),
                value: f.same_period.get(&(channel, metric)).copied(),
                whole: false,
            });
            note = Some(format!(
                "{year}: {months} {}",
                l.pick("tháng so với cùng kỳ", "months on the same months"),
            ));
        }
    }
    let average = f.stage.get(&(channel, metric)).and_then(|a| {
        let g = a.avg?;
        let end = a.end_year?;
        Some((
            format!(
                "{} {}–{end}",
                l.pick("Bình quân", "Average"),
                a.base_year + 1
            ),
            g,
        ))
    });
    charts::Panel {
        title: {
            let m = l.measure(channel, metric);
            let mut first = m.chars();
            let head: String = first
                .next()
                .into_iter()
                .flat_map(char::to_lowercase)
                .collect();
            format!(
                "{} {head}{}",
                l.pick("Tăng trưởng", "Growth in"),
                first.as_str()
            )
        },
        years,
        average,
        lo,
        hi,
        target: rule.threshold_in(l),
        partial: note,
    }
}
