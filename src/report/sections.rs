//! The six sections, built from the scope's figures and the attainment table; the targets
//! section is in [`super::verdict_section`].

use crate::catalogue::Catalogue;
use crate::channels::Channel;
use crate::error::Result;
use crate::metrics::Metric;

use super::figures::UnitFigures;
use super::model::{Cell, Section, Table};
use super::scope::Scope;
use super::text::Lang;
use super::verdict_section::{estimate_label, per_target, targets, verdicts};
use super::{charts, method, ranking, summary};
use super::{Report, ReportInput, ReportOptions, ReportPeriod};

/// A plan's date in the report's language; a catalogue's date is free text to the loader,
/// printed as written when it is not a day.
fn document_date(doc: &crate::catalogue::Document, l: Lang) -> String {
    crate::calendar::parse_day(&doc.date).map_or_else(|_| doc.date.clone(), |d| l.date(d))
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
        document_date(&catalogue.document, l),
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
    let mut sections = vec![summary, channels, targets, regions, quality, method];
    if let Some(terms) = method::glossary(&title, &sections, catalogue, l) {
        sections[5].tables.push(terms);
    }
    Ok(Report {
        lang,
        year,
        title,
        subtitle,
        banner,
        sections,
        ledger: input.ledger.clone(),
        cut_off: scope.cut_off,
        period: options.period,
        subject: subject(&scope, catalogue, options),
        letterhead: options.letterhead.clone(),
    })
}

/// "Kết quả thực hiện thanh toán không dùng tiền mặt năm 2025 trên địa bàn Tỉnh Thanh Hóa
/// (theo Kế hoạch số 106/KH-UBND ngày 12/04/2022 của UBND tỉnh Thanh Hóa)", the subject line
/// of the Word document.
fn subject(scope: &Scope, catalogue: &Catalogue, options: &ReportOptions) -> String {
    let l = options.lang;
    let year = options.year;
    let doc = &catalogue.document;
    let date = document_date(doc, l);
    let period = match (options.period, l) {
        (ReportPeriod::Year, Lang::Vi) => format!("năm {year}"),
        (ReportPeriod::FirstHalf, Lang::Vi) => format!("6 tháng đầu năm {year}"),
        (ReportPeriod::Year, Lang::En) => format!("in {year}"),
        (ReportPeriod::FirstHalf, Lang::En) => format!("in the first six months of {year}"),
    };
    match l {
        Lang::Vi => format!(
            "Kết quả thực hiện thanh toán không dùng tiền mặt {period} trên địa bàn {} (theo {} số {} ngày {date} của {})",
            scope.unit_name,
            document_kind(&doc.number, l),
            doc.number,
            doc.issuer
        ),
        Lang::En => format!(
            "Cashless payments {period} in {} (against {} {} of {date}, {})",
            scope.unit_name,
            document_kind(&doc.number, l),
            doc.number,
            doc.issuer
        ),
    }
}

/// The kind of a Vietnamese legal document, from the letters of its symbol (`KH` in
/// `106/KH-UBND` is a plan).
///
/// ```text
/// 106/KH-UBND → Kế hoạch; 1813/QĐ-TTg → Quyết định; other → Văn bản
/// ```
fn document_kind(number: &str, l: Lang) -> &'static str {
    let letters = number
        .split_once('/')
        .map_or("", |x| x.1)
        .split('-')
        .next()
        .unwrap_or("");
    match letters {
        "KH" => l.pick("Kế hoạch", "plan"),
        "QĐ" | "QD" => l.pick("Quyết định", "decision"),
        "NQ" => l.pick("Nghị quyết", "resolution"),
        "CT" => l.pick("Chỉ thị", "directive"),
        _ => l.pick("Văn bản", "document"),
    }
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
                Cell::Text(c.word(l).into()),
                Cell::Text(m.heading(l).into()),
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
        row.push(Cell::percent(avg.and_then(|a| a.avg)));
        row.push(avg.map_or(Cell::Empty, |a| Cell::Year(a.base_year)));
        row.push(
            avg.and_then(|a| a.years)
                .map_or(Cell::Empty, |n| Cell::Int(n.into())),
        );
        row.push(Cell::text(
            avg.and_then(|a| a.note.as_ref())
                .map(|n| n.get(l).to_string()),
        ));
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

    // The partial year's label kept short enough for its bar: "11T/2025" as the branches'
    // reports write it.
    let labels: Vec<String> = years
        .iter()
        .map(|&y| match scope.figures.months {
            m @ 1..=11 if y == year => format!("{m}{}/{y}", l.pick("T", "M")),
            _ => y.to_string(),
        })
        .collect();
    let (stacked, beside): (Vec<Channel>, Vec<Channel>) = f
        .channels
        .iter()
        .copied()
        .filter(|&c| c != Channel::All)
        .partition(|c| c.is_additive());
    // The channels that add up give the total each share is of.
    let totals: Vec<Option<i64>> = years
        .iter()
        .map(|&y| {
            let sum = stacked
                .iter()
                .filter_map(|&a| f.level(a, Metric::Value, y))
                .try_fold(0i64, i64::checked_add)?;
            (sum > 0).then_some(sum)
        })
        .collect();
    let shares = |c: Channel| -> (Channel, String, Vec<Option<f64>>) {
        let v = years
            .iter()
            .zip(&totals)
            .map(|(&y, total)| {
                let total = (*total)?;
                Some(f.level(c, Metric::Value, y).unwrap_or(0) as f64 / total as f64)
            })
            .collect();
        (c, c.word(l).to_string(), v)
    };
    if !stacked.is_empty() {
        let mix = charts::Mix {
            title: l
                .pick(
                    "Cơ cấu giá trị giao dịch theo kênh (% tổng giá trị)",
                    "Channel mix of the value (% of the total value)",
                )
                .into(),
            years: labels,
            stacked: stacked.iter().map(|&c| shares(c)).collect(),
            beside: beside.iter().map(|&c| shares(c)).collect(),
        };
        let chart = charts::channel_mix(&mix, l)?.chart("channel-mix", mix.title);
        s.charts.push(chart);
    }
    Ok(s)
}
