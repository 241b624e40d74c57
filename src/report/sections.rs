//! The six sections, built from the scope's figures and the attainment table.

use crate::attainment::{attainment, AttainmentOptions, Progress, Status};
use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::error::Result;
use crate::growth::Metric;
use crate::targets::{Reading, Rule, Target};

use super::figures::{floats, ints, texts, UnitFigures};
use super::model::{Cell, Chart, Section, Table};
use super::scope::Scope;
use super::text::Lang;
use super::{charts, method, ranking, summary};
use super::{Report, ReportInput, ReportOptions};

/// One row of the attainment table that concerns the unit reported on.
pub(super) struct Verdict {
    pub target: Target,
    pub unit: Option<String>,
    pub status: Status,
    pub actual: Option<f64>,
    pub gap_pp: Option<f64>,
    pub required: Option<f64>,
    pub year: Option<i64>,
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
        l.pick(
            "Báo cáo kết quả thanh toán không dùng tiền mặt năm",
            "Cashless payments: yearly report"
        ),
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
    let targets = targets(&verdicts, &scope, catalogue, l, year)?;
    let regions = ranking::regions(&scope, catalogue, l, year)?;
    let quality = method::quality(input, l);
    let method = method::method(input, catalogue, &scope, options);
    let summary = summary::summary(&verdicts, &scope, catalogue, l, year);
    Ok(Report {
        lang,
        year,
        title,
        subtitle,
        banner,
        sections: vec![summary, channels, targets, regions, quality, method],
        ledger: input.ledger.clone(),
        cut_off: scope.cut_off,
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
    };
    let v = attainment(tx, input.indicators.as_ref(), catalogue, &options)?;
    let ids = texts(&v, "target_id")?;
    let units = texts(&v, "region_code")?;
    let status = texts(&v, "status")?;
    let actual = floats(&v, "actual")?;
    let gap = floats(&v, "gap_pp")?;
    let required = floats(&v, "required")?;
    let years = ints(&v, "year")?;
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
            note: notes[i].clone(),
        });
    }
    Ok(out)
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
    let rows = channel_rows(f, l, |c, m, row| {
        row.extend(years.iter().map(|y| match (m, f.level(c, m, *y)) {
            (_, None) => Cell::Empty,
            (Metric::Count, Some(n)) => Cell::Int(n),
            (Metric::Value, Some(v)) => Cell::Billions(v as f64 / 1e9),
        }));
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
    catalogue: &Catalogue,
    l: Lang,
    year: i32,
) -> Result<Section> {
    let mut s = Section::new(
        "targets",
        l.pick("Kết quả thực hiện chỉ tiêu", "Target attainment"),
    );
    let under_way = year < catalogue.stage.end || scope.figures.months < 12;
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
    let several_units = verdicts
        .iter()
        .any(|v| v.unit.as_deref().is_some_and(|u| u != scope.unit));
    let mut columns = vec![
        l.pick("Mã", "Id").to_string(),
        l.pick("Điều khoản", "Clause").into(),
        l.pick("Chỉ tiêu", "Target").into(),
    ];
    if several_units {
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
    let mut rows = Vec::new();
    for v in verdicts {
        let t = &v.target;
        let mut row = vec![
            Cell::Text(t.id.clone()),
            Cell::Text(format!("{} {}", t.document, t.source)),
            Cell::Text(target_label(t, l)),
        ];
        if several_units {
            row.push(Cell::text(v.unit.clone()));
        }
        row.extend([
            Cell::percent(v.actual),
            v.year.map_or(Cell::Empty, |y| Cell::Year(y as i32)),
            Cell::Text(l.threshold(&t.rule)),
            Cell::Status(v.status),
            v.gap_pp.map_or(Cell::Empty, Cell::Points),
            Cell::percent(v.required),
            Cell::text(v.note.clone()),
        ]);
        rows.push(row);
    }
    s.tables.push(Table {
        sheet: l.pick("Chỉ tiêu", "Targets").into(),
        title: format!(
            "{} {}",
            l.pick("Chỉ tiêu của", "Targets of"),
            catalogue.document.number
        ),
        columns,
        rows,
    });

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
