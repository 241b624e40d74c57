//! The six sections, built from the scope's figures and the attainment table.

use crate::attainment::{attainment, AttainmentOptions, Status};
use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::error::Result;
use crate::growth::Metric;
use crate::ingest::ledger::Severity;
use crate::targets::{Reading, Rule, Target};

use super::charts;
use super::figures::{floats, ints, texts};
use super::model::{Cell, Chart, Section, Table};
use super::scope::Scope;
use super::text::Lang;
use super::{Report, ReportInput, ReportOptions};

/// One row of the attainment table that concerns the unit reported on.
struct Verdict {
    target: Target,
    unit: Option<String>,
    status: Status,
    actual: Option<f64>,
    gap_pp: Option<f64>,
    required: Option<f64>,
    year: Option<i64>,
    note: Option<String>,
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
        l.date(super::parse_day(&catalogue.document.date).unwrap_or((0, 0, 0))),
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
    let regions = regions(&scope, catalogue, l, year)?;
    let quality = quality(input, l);
    let method = method(input, catalogue, &scope, options);
    let summary = summary(&verdicts, &scope, catalogue, l, year);
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
fn target_label(t: &Target, l: Lang) -> String {
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
    let mut rows = Vec::new();
    for &c in &f.channels {
        for m in [Metric::Count, Metric::Value] {
            let mut row = vec![
                Cell::Text(l.channel(c).into()),
                Cell::Text(l.metric(m).into()),
            ];
            row.extend(years.iter().map(|y| match (m, f.level(c, m, *y)) {
                (_, None) => Cell::Empty,
                (Metric::Count, Some(n)) => Cell::Int(n),
                (Metric::Value, Some(v)) => Cell::Billions(v as f64 / 1e9),
            }));
            rows.push(row);
        }
    }
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
    let mut rows = Vec::new();
    for &c in &f.channels {
        for m in [Metric::Count, Metric::Value] {
            let mut row = vec![
                Cell::Text(l.channel(c).into()),
                Cell::Text(l.metric(m).into()),
            ];
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
            rows.push(row);
        }
    }
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

/// The lower bound of the all-channel value growth target, the yardstick for ranking units.
fn value_band(catalogue: &Catalogue) -> Option<(f64, Option<f64>)> {
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
fn ranked(scope: &Scope) -> Vec<(&super::scope::Child, Option<f64>)> {
    let mut out: Vec<_> = scope
        .children
        .iter()
        .map(|c| {
            (
                c,
                c.figures
                    .stage
                    .get(&(Channel::All, Metric::Value))
                    .and_then(|a| a.growth),
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
fn laggards<'a>(scope: &'a Scope, catalogue: &Catalogue) -> Vec<(&'a super::scope::Child, f64)> {
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

fn regions(scope: &Scope, catalogue: &Catalogue, l: Lang, year: i32) -> Result<Section> {
    let mut s = Section::new("regions", l.pick("Địa bàn", "Regions"));
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
    let kind = match scope.child_level {
        Some(crate::regions::Level::Commune) => l.pick("xã, phường", "communes"),
        Some(crate::regions::Level::Province) => l.pick("tỉnh, thành phố", "provinces"),
        _ => l.pick("huyện, thị xã, thành phố", "districts"),
    };
    let band = value_band(catalogue);
    let lag = laggards(scope, catalogue);
    let named: Vec<String> = lag
        .iter()
        .map(|(c, g)| format!("{} ({})", c.name, l.percent(*g, 2)))
        .collect();
    s.paragraphs.push(match band {
        Some((lo, _)) if lag.is_empty() => format!(
            "{} {} {} {} {}.",
            l.pick("Tất cả", "All"),
            scope.children.len(),
            kind,
            l.pick(
                "đạt tăng trưởng bình quân giá trị TTKDTM từ",
                "grow their cashless value at least"
            ),
            l.pct_rate(lo)
        ),
        Some((lo, _)) => format!(
            "{} {}/{} {} {} {}: {}.",
            l.pick("Còn", "Below"),
            lag.len(),
            scope.children.len(),
            kind,
            l.pick(
                "tăng trưởng bình quân giá trị TTKDTM dưới",
                "a yearly average value growth of"
            ),
            l.pct_rate(lo),
            named.join(", ")
        ),
        None => format!(
            "{}: {}.",
            l.pick("Tăng chậm nhất", "Slowest"),
            named.join(", ")
        ),
    });
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
        format!("{} {year}", l.metric(Metric::Count)),
        format!("{} {year}", l.metric(Metric::Value)),
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
            .and_then(|a| a.growth);
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
        if let Some(g) = g {
            bars.push((c.name.clone(), g));
        }
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
    if !bars.is_empty() {
        s.charts.push(Chart {
            name: "ranking".into(),
            title: l.pick(
                "Tăng trưởng bình quân giá trị TTKDTM theo địa bàn; màu cam: dưới ngưỡng; vùng xanh: ngưỡng chỉ tiêu của tỉnh",
                "Average growth of cashless value by unit; orange: below the band; green band: the plan's target",
            )
            .into(),
            svg: charts::ranking(&bars, band, l)?,
        });
    }
    Ok(s)
}

fn quality(input: &ReportInput, l: Lang) -> Section {
    let mut s = Section::new("quality", l.pick("Chất lượng số liệu", "Data quality"));
    let Some(ledger) = &input.ledger else {
        s.paragraphs.push(if input.synthetic {
            l.pick(
                "Số liệu mẫu giả lập, sinh ra trong thư viện: không có tệp nào được đọc.",
                "Built-in synthetic sample: no file was read.",
            )
            .into()
        } else {
            l.pick(
                "Số liệu được đưa vào dưới dạng bảng đã chuẩn hóa: không có sổ kiểm tra đầu vào.",
                "The data was given as a canonical table: there is no input ledger.",
            )
            .into()
        });
        return s;
    };
    s.paragraphs.push(format!(
        "{} {}.",
        l.pick("Sổ kiểm tra đầu vào:", "Input ledger:"),
        ledger
    ));
    let counts = [
        (l.pick("Dòng đọc", "Rows read"), ledger.rows_read),
        (l.pick("Dòng giữ lại", "Rows kept"), ledger.rows_kept),
        (
            l.pick("Dòng bị loại (lỗi)", "Rows rejected (errors)"),
            ledger.rows_rejected,
        ),
        (
            l.pick(
                "Dòng bỏ qua (trống, tổng, ghi chú)",
                "Rows skipped (empty, totals, notes)",
            ),
            ledger.rows_skipped,
        ),
        (
            l.pick("Bản ghi giao dịch", "Transaction records"),
            ledger.records,
        ),
        (l.pick("Lỗi", "Errors"), ledger.count(Severity::Error)),
        (
            l.pick("Cảnh báo", "Warnings"),
            ledger.count(Severity::Warning),
        ),
    ];
    s.tables.push(Table {
        sheet: l.pick("Chất lượng số liệu", "Data quality").into(),
        title: l.pick("Tóm tắt sổ kiểm tra", "Ledger summary").into(),
        columns: vec![l.pick("Mục", "Item").into(), l.pick("Số", "Number").into()],
        rows: counts
            .iter()
            .map(|(k, n)| vec![Cell::Text((*k).into()), Cell::Int(*n as i64)])
            .collect(),
    });
    // Errors and warnings grouped by check, with the first place each was found.
    let mut groups: Vec<(Severity, &str, usize, String)> = Vec::new();
    for e in ledger
        .entries
        .iter()
        .filter(|e| e.severity != Severity::Info)
    {
        match groups
            .iter_mut()
            .find(|g| g.0 == e.severity && g.1 == e.check)
        {
            Some(g) => g.2 += 1,
            None => groups.push((e.severity, &e.check, 1, e.to_string())),
        }
    }
    if !groups.is_empty() {
        s.tables.push(Table {
            sheet: l.pick("Lỗi và cảnh báo", "Errors and warnings").into(),
            title: l
                .pick(
                    "Lỗi và cảnh báo theo loại (toàn bộ ở trang Sổ kiểm tra)",
                    "Errors and warnings by check (all of them on the Ledger sheet)",
                )
                .into(),
            columns: vec![
                l.pick("Mức", "Severity").into(),
                l.pick("Kiểm tra", "Check").into(),
                l.pick("Số lần", "Count").into(),
                l.pick("Lần đầu", "First").into(),
            ],
            rows: groups
                .into_iter()
                .map(|(sev, check, n, first)| {
                    vec![
                        Cell::Text(sev.name().into()),
                        Cell::Text(check.into()),
                        Cell::Int(n as i64),
                        Cell::Text(first),
                    ]
                })
                .collect(),
        });
    }
    s
}

fn method(
    input: &ReportInput,
    catalogue: &Catalogue,
    scope: &Scope,
    options: &ReportOptions,
) -> Section {
    let l = options.lang;
    let mut s = Section::new("method", l.pick("Phương pháp", "Method"));
    let ys = catalogue.reporting.year_start;
    s.paragraphs.push(format!(
        "{} {:02}/{:02}; {} {}: {} – {}.",
        l.pick("Năm báo cáo bắt đầu ngày", "The reporting year starts on"),
        ys.day,
        ys.month,
        l.pick("năm", "year"),
        options.year,
        l.date(scope.year_from),
        l.date(scope.year_to)
    ));
    s.paragraphs.push(format!(
        "{}: {}{}.",
        l.pick("Số liệu đến ngày", "Data cut-off"),
        l.date(scope.cut_off),
        if options.as_of.is_some() {
            l.pick(
                " (theo yêu cầu; các tháng sau đó không được tính)",
                " (as asked; later months are left out)",
            )
        } else {
            l.pick(
                " (tháng cuối cùng có số liệu)",
                " (the last month with data)",
            )
        }
    ));
    s.paragraphs.push(format!(
        "{}: {}. {}",
        l.pick("Nguồn số liệu", "Data"),
        if input.synthetic {
            l.pick("số liệu mẫu GIẢ LẬP của thư viện (không phải số liệu thật)", "the library's SYNTHETIC sample (not real figures)").to_string()
        } else {
            input.sources.join(", ")
        },
        l.pick(
            "Số lượng tính bằng món, giá trị bằng đồng (làm tròn tỷ đồng khi in); tổng khớp đến từng đơn vị.",
            "Counts are món and values đồng (printed in VND billions); totals reconcile to the unit."
        )
    ));
    s.paragraphs.push(format!(
        "{} {} ({}, {}); {} {}–{}. {} cashless {}.",
        l.pick("Chỉ tiêu:", "Targets:"),
        catalogue.document.number,
        catalogue.id,
        catalogue.document.issuer,
        l.pick("giai đoạn", "stage"),
        catalogue.stage.start,
        catalogue.stage.end,
        l.pick("Tính bằng thư viện", "Computed with the library"),
        crate::version()
    ));
    let rows = [
        (l.pick("Tăng trưởng so với năm trước", "Year-on-year growth"), "X_t / X_(t-1) − 1", l.pick("thiếu năm t−1 (không nối qua năm trống), năm t−1 bằng 0, hoặc một trong hai năm chưa đủ tháng", "year t−1 absent (a gap is never bridged), zero, or either year partial")),
        (l.pick("Bình quân giai đoạn (nhân)", "Stage average (geometric)"), "(X_end / X_(start−1))^(1/n) − 1", l.pick("thiếu năm gốc hoặc năm gốc chưa đủ tháng; giai đoạn đang thực hiện tính đến năm đủ tháng cuối cùng và ghi n", "base year absent or partial; a stage under way runs to the last full year and states n")),
        (l.pick("Tăng trưởng cùng kỳ", "Same-period growth"), l.pick("tháng 1..m năm t / tháng 1..m năm t−1 − 1", "months 1..m of t / months 1..m of t−1 − 1"), l.pick("thiếu một tháng ở một trong hai năm", "any of those months missing in either year")),
        (l.pick("Tốc độ cần đạt mỗi năm còn lại", "Growth required each remaining year"), "((1+lo)^n / Π(1+g_i))^(1/remaining) − 1", "—"),
        (l.pick("Tỷ lệ", "Share"), l.pick("tử số / mẫu số của năm đánh giá", "numerator / denominator of the year judged"), l.pick("thiếu một trong hai chỉ số", "either indicator missing")),
    ];
    s.tables.push(Table {
        sheet: l.pick("Phương pháp", "Method").into(),
        title: l.pick("Công thức (SPEC §2)", "Formulas (SPEC §2)").into(),
        columns: vec![
            l.pick("Chỉ số", "Figure").into(),
            l.pick("Công thức", "Formula").into(),
            l.pick("Để trống khi", "Left empty when").into(),
        ],
        rows: rows
            .iter()
            .map(|(a, b, c)| {
                vec![
                    Cell::Text((*a).into()),
                    Cell::Text((*b).into()),
                    Cell::Text((*c).into()),
                ]
            })
            .collect(),
    });
    s.paragraphs.push(
        l.pick(
            "Đánh giá: giai đoạn đã kết thúc — vượt / đạt / không đạt; giai đoạn đang thực hiện — tỷ số tăng trưởng đã đạt / cần đạt: ≥ 0,95 đúng tiến độ, 0,60–0,95 cần tăng tốc, 0–0,60 tiến triển hạn chế, < 0 đi lùi (phương pháp của Eurostat).",
            "Statuses: a finished stage is exceeded / met / below; a stage under way compares achieved with required growth: ≥ 0.95 on track, 0.60–0.95 acceleration needed, 0–0.60 limited progress, < 0 deterioration (Eurostat's method).",
        )
        .into(),
    );
    s
}

fn summary(
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
    let lag = laggards(scope, catalogue);
    if !scope.children.is_empty() {
        let names: Vec<String> = lag
            .iter()
            .take(5)
            .map(|(c, g)| format!("{} ({})", c.name, l.percent(*g, 2)))
            .collect();
        s.paragraphs.push(match value_band(catalogue) {
            Some((lo, _)) if lag.is_empty() => format!(
                "{} {} {}.",
                l.pick(
                    "Mọi địa bàn cấp dưới tăng trưởng bình quân giá trị từ",
                    "Every unit below grows its value at least"
                ),
                l.pct_rate(lo),
                l.pick("trở lên", "on average")
            ),
            Some((lo, _)) => format!(
                "{} {}/{} {} {}: {}{}.",
                l.pick("Còn", "Lagging:"),
                lag.len(),
                scope.children.len(),
                l.pick(
                    "địa bàn tăng trưởng bình quân giá trị dưới",
                    "units grow their value by less than"
                ),
                l.pct_rate(lo),
                names.join(", "),
                if lag.len() > names.len() { ", …" } else { "" }
            ),
            None => format!(
                "{}: {}.",
                l.pick("Địa bàn tăng chậm nhất", "Slowest units"),
                names.join(", ")
            ),
        });
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
