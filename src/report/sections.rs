//! The six sections, built from the scope's figures and the attainment table.

use crate::attainment::{attainment, AttainmentOptions, Progress, Status};
use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::error::Result;
use crate::estimate::Estimate;
use crate::growth::Metric;
use crate::targets::{Reading, Rule, Target};

use super::figures::{floats, ints, texts, UnitFigures};
use super::model::{Cell, Chart, Section, Table};
use super::scope::Scope;
use super::text::Lang;
use super::{charts, method, ranking, summary};
use super::{Report, ReportInput, ReportOptions, ReportPeriod};

/// One row of the attainment table that concerns the unit reported on.
pub(super) struct Verdict {
    pub target: Target,
    pub unit: Option<String>,
    pub status: Status,
    pub actual: Option<f64>,
    pub gap_pp: Option<f64>,
    pub required: Option<f64>,
    pub year: Option<i64>,
    pub estimated: bool,
    pub note: Option<String>,
}

pub(super) fn build(
    input: &ReportInput,
    catalogue: &Catalogue,
    options: &ReportOptions,
) -> Result<Report> {
    let scope = Scope::new(input, catalogue, options)?;
    let lang = options.lang;
    let year = options.year;
    let verdicts = verdicts(input, catalogue, &scope, year)?;
    let l = lang;
    let title = format!(
        "{} {year} – {}",
        match options.period {
            ReportPeriod::Year => l.pick(
                "Báo cáo kết quả thanh toán không dùng tiền mặt năm",
                "Cashless payments: yearly report"
            ),
            ReportPeriod::FirstHalf => l.pick(
                "Báo cáo kết quả thanh toán không dùng tiền mặt 6 tháng đầu năm",
                "Cashless payments: report on the first six months of"
            ),
        },
        scope.unit_name
    );
    let subtitle = format!(
        "{}: {} {} ({}, {}). {}: {}.",
        l.pick("Chỉ tiêu theo", "Targets of"),
        catalogue.document.number,
        l.pick(&catalogue.title_vi, &catalogue.title_en),
        catalogue.document.issuer,
        // A catalogue's date is free text to the loader: print it as written when it is not a day.
        super::parse_day(&catalogue.document.date)
            .map_or_else(|_| catalogue.document.date.clone(), |d| l.date(d)),
        l.pick("Số liệu đến", "Data to"),
        l.date(scope.cut_off)
    );
    let banner = input.synthetic.then(|| {
        l.pick(
            "SỐ LIỆU MẪU GIẢ LẬP: không phải số liệu báo cáo của bất kỳ đơn vị nào.",
            "SYNTHETIC SAMPLE DATA: figures reported by nobody.",
        )
        .to_string()
    });
    let channels = channels(&scope, catalogue, l, year)?;
    let targets = targets(
        &verdicts,
        &scope,
        input.regions.as_ref(),
        catalogue,
        l,
        year,
    )?;
    let regions = ranking::regions(&scope, catalogue, l, year)?;
    let quality = method::quality(input, &scope, l)?;
    let method = method::method(input, catalogue, &scope, options);
    let summary = summary::summary(
        input,
        &per_target(&verdicts, &scope),
        &scope,
        catalogue,
        l,
        year,
    );
    Ok(Report {
        lang,
        year,
        title,
        subtitle,
        banner,
        sections: vec![summary, channels, targets, regions, quality, method],
        ledger: input.ledger.clone(),
        cut_off: scope.cut_off,
        period: options.period,
    })
}

fn verdicts(
    input: &ReportInput,
    catalogue: &Catalogue,
    scope: &Scope,
    year: i32,
) -> Result<Vec<Verdict>> {
    // With a region table, every target is judged at its own level (a commune target for
    // each commune of the district); without one, for the unit's own figures.
    let (tx, regions) = match &input.regions {
        Some(r) => (&scope.tx, Some(r.clone())),
        None => (&scope.tx_unit, None),
    };
    let options = AttainmentOptions {
        as_of: year,
        year_start: None,
        regions: regions.clone(),
        reading: Reading::Body,
        progress: Progress::OpenSdg,
        estimate: scope.figures.estimate,
    };
    let v = attainment(tx, input.indicators.as_ref(), catalogue, &options)?;
    let ids = texts(&v, "target_id")?;
    let units = texts(&v, "region_code")?;
    let status = texts(&v, "status")?;
    let actual = floats(&v, "actual")?;
    let gap = floats(&v, "gap_pp")?;
    let required = floats(&v, "required")?;
    let years = ints(&v, "year")?;
    let estimated: Vec<bool> = v
        .column("estimated")?
        .bool()?
        .iter()
        .map(|e| e.unwrap_or(false))
        .collect();
    let notes = texts(&v, "note")?;
    let mut out = Vec::new();
    for i in 0..v.height() {
        let unit = units[i].clone();
        let ours = match (&unit, &regions) {
            (None, _) => true,
            (Some(u), _) if *u == scope.unit => true,
            (Some(u), Some(r)) => scope
                .unit_level
                .and_then(|level| r.ancestor_at(u, level).ok())
                .is_some_and(|a| a == scope.unit),
            _ => false,
        };
        let Some(target) = ids[i].as_deref().and_then(|id| catalogue.target(id)) else {
            continue;
        };
        if !ours {
            continue;
        }
        let status = Status::ALL
            .into_iter()
            .find(|s| Some(s.name()) == status[i].as_deref())
            .unwrap_or(Status::NotEvaluable);
        out.push(Verdict {
            target: target.clone(),
            unit,
            status,
            actual: actual[i],
            gap_pp: gap[i],
            required: required[i],
            year: years[i],
            estimated: estimated[i],
            note: notes[i].clone(),
        });
    }
    Ok(out)
}

/// `2025 (ước cả năm)`: the column of an estimated year.
fn estimate_label(year: i32, l: Lang) -> String {
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
pub(super) fn per_target<'a>(verdicts: &'a [Verdict], scope: &Scope) -> Vec<&'a Verdict> {
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
            .find(|w| w.unit.is_none() || w.unit.as_deref() == Some(scope.unit.as_str()));
        let worst = rows
            .iter()
            .find(|w| super::model::status_class(w.status) == "bad");
        if let Some(w) = own.or(worst).or(rows.first()) {
            out.push(w);
        }
    }
    out
}

/// A row of the targets table; `unit` adds the unit's column.
fn verdict_row(v: &Verdict, unit: Option<Option<String>>, l: Lang) -> Vec<Cell> {
    let t = &v.target;
    let mut row = vec![
        Cell::Text(t.id.clone()),
        Cell::Text(format!("{} {}", t.document, t.source)),
        Cell::Text(target_label(t, l)),
    ];
    if let Some(unit) = unit {
        row.push(Cell::text(unit));
    }
    row.extend([
        Cell::percent(v.actual),
        v.year.map_or(Cell::Empty, |y| Cell::Year(y as i32)),
        Cell::Text(l.threshold(&t.rule)),
        if v.estimated {
            Cell::Estimated(v.status)
        } else {
            Cell::Status(v.status)
        },
        v.gap_pp.map_or(Cell::Empty, Cell::Points),
        Cell::percent(v.required),
        Cell::text(v.note.clone()),
    ]);
    row
}

/// A short name of a target: the measure for growth targets, the document's words otherwise.
pub(super) fn target_label(t: &Target, l: Lang) -> String {
    match &t.rule {
        Rule::GrowthRange {
            channel, metric, ..
        } => format!(
            "{} {}",
            l.pick("Tăng trưởng BQ:", "Average growth:"),
            measure(*channel, *metric, l)
        ),
        _ => {
            let text = l.pick(&t.text_vi, &t.text_en);
            let text = if text.is_empty() { &t.text_vi } else { text };
            text.trim().to_string()
        }
    }
}

fn measure(channel: Channel, metric: Metric, l: Lang) -> String {
    let what = match metric {
        Metric::Count => l.pick("Số lượng", "Count"),
        Metric::Value => l.pick("Giá trị", "Value"),
    };
    format!("{what} – {}", l.channel(channel))
}

fn years_label(scope: &Scope, year: i32, y: i32, l: Lang) -> String {
    if y == year && scope.figures.months < 12 {
        format!(
            "{y} ({} {})",
            scope.figures.months,
            l.pick("tháng", "months")
        )
    } else {
        y.to_string()
    }
}

/// A row per channel × metric, headed by their names; `fill` adds the figures.
fn channel_rows(
    f: &UnitFigures,
    l: Lang,
    mut fill: impl FnMut(Channel, Metric, &mut Vec<Cell>),
) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for &c in &f.channels {
        for m in [Metric::Count, Metric::Value] {
            let mut row = vec![
                Cell::Text(l.channel(c).into()),
                Cell::Text(l.metric(m).into()),
            ];
            fill(c, m, &mut row);
            rows.push(row);
        }
    }
    rows
}

fn channels(scope: &Scope, catalogue: &Catalogue, l: Lang, year: i32) -> Result<Section> {
    let f = &scope.figures;
    let mut s = Section::new(
        "channels",
        l.pick("Giao dịch theo kênh", "Transactions by channel"),
    );
    let first = catalogue.stage.base_year();
    let years: Vec<i32> = (first..=year).collect();
    s.paragraphs.push(format!(
        "{} {year}: {} – {}.{}",
        l.pick("Năm báo cáo", "Reporting year"),
        l.date(scope.year_from),
        l.date(scope.year_to),
        if f.months < 12 {
            format!(
                " {} {} {}; {}",
                l.pick("Số liệu năm nay gồm", "This year's data covers"),
                f.months,
                l.pick("tháng", "months"),
                l.pick(
                    "tăng trưởng so với cùng kỳ năm trước (cùng số tháng).",
                    "growth is against the same months of the year before."
                )
            )
        } else {
            String::new()
        }
    ));

    let mut columns = vec![
        l.pick("Kênh", "Channel").to_string(),
        l.pick("Chỉ tiêu", "Measure").into(),
    ];
    columns.extend(years.iter().map(|y| years_label(scope, year, *y, l)));
    let estimated = !f.estimated.is_empty();
    if estimated {
        columns.push(estimate_label(year, l));
    }
    let figure = |m: Metric, x: Option<i64>| match (m, x) {
        (_, None) => Cell::Empty,
        (Metric::Count, Some(n)) => Cell::Int(n),
        (Metric::Value, Some(v)) => Cell::Billions(v as f64 / 1e9),
    };
    let rows = channel_rows(f, l, |c, m, row| {
        row.extend(years.iter().map(|y| figure(m, f.level(c, m, *y))));
        if estimated {
            let est = f.estimated.get(&c).map(|e| match m {
                Metric::Count => e.count,
                Metric::Value => e.value,
            });
            row.push(figure(m, est));
        }
    });
    s.tables.push(Table {
        sheet: l.pick("Số liệu theo kênh", "Levels by channel").into(),
        title: l
            .pick(
                "Số lượng và giá trị giao dịch theo năm",
                "Count and value by year",
            )
            .into(),
        columns,
        rows,
    });

    let partial = f.months < 12;
    let mut columns = vec![
        l.pick("Kênh", "Channel").to_string(),
        l.pick("Chỉ tiêu", "Measure").into(),
    ];
    // A partial year has no year-on-year growth; its same-period column stands in.
    let yoy_years: Vec<i32> = years
        .iter()
        .skip(1)
        .copied()
        .filter(|y| !(partial && *y == year))
        .collect();
    columns.extend(yoy_years.iter().map(|y| y.to_string()));
    if partial {
        columns.push(format!(
            "{} ({} {})",
            l.pick("Cùng kỳ", "Same period"),
            f.months,
            l.pick("tháng", "months")
        ));
        if estimated {
            columns.push(estimate_label(year, l));
        }
    }
    columns.extend([
        l.pick("BQ giai đoạn", "Stage average").to_string(),
        l.pick("Năm gốc", "Base year").into(),
        "n".into(),
        l.pick("Ghi chú", "Note").into(),
    ]);
    let rows = channel_rows(f, l, |c, m, row| {
        row.extend(
            yoy_years
                .iter()
                .map(|y| Cell::percent(f.yoy.get(&(c, m, *y)).copied())),
        );
        if partial {
            row.push(Cell::percent(f.same_period.get(&(c, m)).copied()));
            if estimated {
                row.push(Cell::percent(f.yoy.get(&(c, m, year)).copied()));
            }
        }
        let avg = f.stage.get(&(c, m));
        row.push(Cell::percent(avg.and_then(|a| a.growth)));
        row.push(avg.map_or(Cell::Empty, |a| Cell::Year(a.base_year)));
        row.push(
            avg.and_then(|a| a.years)
                .map_or(Cell::Empty, |n| Cell::Int(n.into())),
        );
        row.push(Cell::text(avg.and_then(|a| a.note.clone())));
    });
    s.tables.push(Table {
        sheet: l.pick("Tăng trưởng theo kênh", "Growth by channel").into(),
        title: l
            .pick(
                "Tăng trưởng so với năm trước và bình quân giai đoạn",
                "Year-on-year growth and the stage average",
            )
            .into(),
        columns,
        rows,
    });

    let additive: Vec<Channel> = f
        .channels
        .iter()
        .copied()
        .filter(|c| c.is_additive())
        .collect();
    let shares: Vec<(String, Vec<f64>)> = additive
        .iter()
        .map(|&c| {
            let v = years
                .iter()
                .map(|&y| {
                    let total: i64 = additive
                        .iter()
                        .filter_map(|&a| f.level(a, Metric::Value, y))
                        .sum();
                    f.level(c, Metric::Value, y)
                        .filter(|_| total > 0)
                        .map_or(0.0, |v| v as f64 / total as f64)
                })
                .collect();
            (l.channel(c).to_string(), v)
        })
        .collect();
    if !shares.is_empty() {
        let labels: Vec<String> = years
            .iter()
            .map(|y| years_label(scope, year, *y, l))
            .collect();
        s.charts.push(Chart {
            name: "channel-mix".into(),
            title: l
                .pick(
                    "Cơ cấu giá trị giao dịch theo kênh",
                    "Channel mix of the value",
                )
                .into(),
            svg: charts::channel_mix(&labels, &shares, l)?,
        });
    }
    Ok(s)
}

fn targets(
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
                "cột “Cần đạt/năm” là tốc độ tăng cần có mỗi năm còn lại để đạt ngưỡng dưới.",
                "“Required/yr” is the growth each remaining year needs to reach the lower bound."
            )
        ));
    }
    s.paragraphs.push(
        l.pick(
            "“Cần đạt/năm” âm: mức đã đạt, số liệu có thể giảm chừng ấy mỗi năm mà vẫn đạt.",
            "A negative “Required/yr” means the level is reached already: the figure could fall that much a year and still meet the target.",
        )
        .to_string(),
    );
    let columns = |unit: bool| {
        let mut columns = vec![
            l.pick("Mã", "Id").to_string(),
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
                l.pick("Ngưỡng", "Threshold"),
                l.pick("Đánh giá", "Status"),
                l.pick("Chênh lệch", "Gap"),
                l.pick("Cần đạt/năm", "Required/yr"),
                l.pick("Ghi chú (tiếng Anh)", "Note"),
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
        rows: main.iter().map(|v| verdict_row(v, None, l)).collect(),
    });
    // The verdicts of the units below (each commune on "rising in every commune").
    let below: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| !main.iter().any(|m| std::ptr::eq(*m, *v)))
        .collect();
    if !below.is_empty() {
        let name = |code: &Option<String>| {
            code.as_ref().map(|c| {
                regions
                    .and_then(|r| r.get(c))
                    .map_or_else(|| c.clone(), |r| format!("{} ({c})", r.name))
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
                .map(|v| verdict_row(v, Some(name(&v.unit)), l))
                .collect(),
        });
    }

    let mut panels = Vec::new();
    for t in &catalogue.targets {
        if let Rule::GrowthRange {
            channel,
            metric,
            lo,
            hi,
        } = t.rule
        {
            let f = &scope.figures;
            let last_full = if f.months < 12 { year - 1 } else { year };
            let years = (catalogue.stage.start..=last_full.min(catalogue.stage.end))
                .map(|y| (y.to_string(), f.yoy.get(&(channel, metric, y)).copied()))
                .collect();
            panels.push(charts::Panel {
                title: measure(channel, metric, l),
                years,
                average: f.stage.get(&(channel, metric)).and_then(|a| a.growth),
                lo,
                hi,
            });
        }
    }
    if !panels.is_empty() {
        s.charts.push(Chart {
            name: "growth-vs-target".into(),
            title: l.pick(
                "Cột: tăng trưởng từng năm; đường cam: bình quân giai đoạn; vùng xanh: ngưỡng chỉ tiêu",
                "Bars: yearly growth; orange line: the stage average; green band: the target",
            )
            .into(),
            svg: charts::growth_bands(&panels, l)?,
        });
    }
    Ok(s)
}
