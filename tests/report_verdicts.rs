//! The report's verdicts (issue 19): the final report on an estimated 2025, a summary that
//! names what fell short, coverage and territory warnings, one verdict per target of the plan.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use cashless::report::{report, Cell, Lang, Report, ReportInput, ReportOptions};
use cashless::{sample, AggregateOptions, Catalogue, Estimate, Level, Method};
use polars::prelude::*;

fn final_report(lang: Lang, estimate: Option<Estimate>) -> Report {
    let options = ReportOptions {
        year: 2025,
        as_of: Some((2025, 10, 31)),
        lang,
        estimate,
        ..Default::default()
    };
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    report(&ReportInput::sample().unwrap(), &catalogue, &options).unwrap()
}

/// The stage average of the province's value on `channel`, over 2025 estimated by the same
/// period, computed with the library's public functions.
fn estimated_average(channel: &str) -> f64 {
    let tx = cashless::sample_data().unwrap();
    let province = cashless::rollup(&tx, &sample::sample_regions(), Level::Province).unwrap();
    let opts = AggregateOptions {
        year_start: "12-01".parse().unwrap(),
        ..Default::default()
    };
    let years = cashless::estimate_year(&province, 2025, Estimate::SamePeriod, 6, &opts).unwrap();
    let avg = cashless::average_growth(&years, 2021, 2025, Method::Geometric).unwrap();
    let mask = avg.column("channel").unwrap().str().unwrap().equal(channel)
        & avg.column("metric").unwrap().str().unwrap().equal("value");
    let avg = avg.filter(&mask).unwrap();
    avg.column("avg_growth")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap()
}

/// The summary's count of targets, over every status.
fn targets_counted(r: &Report) -> i64 {
    r.section("summary").unwrap().tables[0]
        .rows
        .iter()
        .map(|row| match row[2] {
            Cell::Int(n) => n,
            _ => panic!("count"),
        })
        .sum()
}

/// The rows of the targets table whose target's id starts with `prefix`: rows show a target
/// by its name (in the report's language), so the names of those targets are looked up in the
/// catalogues the tests report on.
fn target_rows<'a>(r: &'a Report, prefix: &str) -> Vec<&'a Vec<Cell>> {
    let names: Vec<String> = ["thanh-hoa-106-2022", "xuan-loc-83-2023"]
        .iter()
        .flat_map(|id| cashless::Catalogue::builtin(id).unwrap().targets)
        .filter(|t| t.id.starts_with(prefix))
        .map(|t| t.name(r.lang))
        .collect();
    r.section("targets").unwrap().tables[0]
        .rows
        .iter()
        .filter(|row| matches!(&row[2], Cell::Text(name) if names.contains(name)))
        .collect()
}

#[test]
fn the_final_report_judges_every_growth_target_on_the_estimated_year() {
    let r = final_report(Lang::Vi, None);
    let growth = target_rows(&r, "growth.");
    assert_eq!(growth.len(), 6);
    for row in &growth {
        assert!(
            matches!(row[6], Cell::Estimated(_)),
            "{:?} is not a final estimated verdict",
            row[6]
        );
    }
    // The hand figures: 2024 × (1 + same-period growth), averaged from 2020:
    // mobile value 48,6 %, internet value 29,8 %; both below.
    for (id, channel, rounded) in [
        ("growth.mobile.value", "mobile", 48.6),
        ("growth.internet.value", "internet", 29.8),
    ] {
        let row = target_rows(&r, id)[0];
        assert_eq!(row[6], Cell::Estimated(cashless::Status::Below), "{id}");
        let expected = estimated_average(channel);
        assert!(
            ((expected * 1000.0).round() / 10.0 - rounded).abs() < 1e-9,
            "{expected}"
        );
        assert_eq!(row[3], Cell::Percent(expected), "{id}");
    }
    // The tables carry the estimate: a column of its own in levels and growth.
    let channels = r.section("channels").unwrap();
    for t in &channels.tables[..2] {
        assert!(
            t.columns.contains(&"2025 (ước cả năm)".to_string()),
            "{:?}",
            t.columns
        );
    }
    // The method section gives the formula and the months.
    let method = r.section("method").unwrap().paragraphs.join(" ");
    assert!(
        method.contains("Ước thực hiện cả năm 2025 theo cùng kỳ: X̂_2025 = X_2024 × X_2025(1..11) / X_2024(1..11)"),
        "{method}"
    );
    // The summary names both shortfalls with their figures and targets.
    let summary = r.section("summary").unwrap().paragraphs.join(" ");
    assert!(
        summary.contains(
            "Tăng trưởng BQ: Giá trị – Điện thoại di động đạt 48,58 %/năm, thấp hơn 31,42 điểm % \
             so với mục tiêu 80–100 %/năm: không đạt (ước)"
        ),
        "{summary}"
    );
    // The workbook says it too: the status cell and the estimate's column.
    let bytes = r.xlsx().unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Chỉ tiêu").unwrap();
    let texts: Vec<String> = sheet
        .rows()
        .flat_map(|row| row.iter().cloned())
        .filter_map(|c| match c {
            Data::String(s) => Some(s),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t == "Không đạt (ước)"), "{texts:?}");
    let levels = book.worksheet_range("Số liệu theo kênh").unwrap();
    assert!(levels
        .rows()
        .flat_map(|row| row.iter().cloned())
        .any(|c| c == Data::String("2025 (ước cả năm)".into())));
}

#[test]
fn without_an_estimate_the_final_report_judges_no_growth_target() {
    let r = final_report(Lang::En, Some(Estimate::None));
    for row in target_rows(&r, "growth.") {
        assert_eq!(row[6], Cell::Status(cashless::Status::NotEvaluable));
    }
    let targets = r.section("targets").unwrap().paragraphs.join(" ");
    assert!(
        targets.contains("No full-year estimate: the stage averages cannot be judged"),
        "{targets}"
    );
    // The run rate is named where it is used.
    let r = final_report(Lang::En, Some(Estimate::RunRate));
    let method = r.section("method").unwrap().paragraphs.join(" ");
    assert!(
        method.contains("X̂_2025 = X_2025(1..11) × 12 / 11") && method.contains("seasonality"),
        "{method}"
    );
}

#[test]
fn the_summary_counts_final_verdicts_apart_and_states_coverage() {
    // Seven districts of 27 in the data: a province report says so and names what is missing.
    let mut input = ReportInput::sample().unwrap();
    let seven = ["380", "381", "382", "384", "385", "386", "387"];
    let mask: BooleanChunked = input
        .transactions
        .column("region_code")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|c| c.is_some_and(|c| seven.contains(&c)))
        .collect();
    input.transactions = input.transactions.filter(&mask).unwrap();
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let options = ReportOptions {
        year: 2025,
        lang: Lang::En,
        ..Default::default()
    };
    let r = report(&input, &catalogue, &options).unwrap();
    let p = &r.section("summary").unwrap().paragraphs;
    assert_eq!(
        p[0],
        "Coverage: 7 of the 27 districts of Tỉnh Thanh Hóa, reported by 10 banks."
    );
    assert!(
        p[1].starts_with("Warning: no data from 20 districts (Huyện Lang Chánh, "),
        "{}",
        p[1]
    );
    // One verdict per target; kinds apart (the stage's last year is estimated: final only).
    let table = &r.section("summary").unwrap().tables[0];
    assert_eq!(targets_counted(&r), 23);
    assert!(table
        .rows
        .iter()
        .all(|row| row[0] == Cell::Text("Stage result".into())));
}

/// Xuân Lộc's plan on the sample's Thọ Xuân (395), in English.
fn xuan_loc_on_tho_xuan() -> (Catalogue, Report) {
    let catalogue = Catalogue::builtin("xuan-loc-83-2023").unwrap();
    let options = ReportOptions {
        year: 2025,
        region: Some("395".into()),
        lang: Lang::En,
        ..Default::default()
    };
    let r = report(&ReportInput::sample().unwrap(), &catalogue, &options).unwrap();
    (catalogue, r)
}

#[test]
fn a_plan_applied_to_another_territory_warns() {
    // Xuân Lộc's plan on Thọ Xuân (Thanh Hóa): same level, another district.
    let (_, r) = xuan_loc_on_tho_xuan();
    let p = r.section("summary").unwrap().paragraphs.join("\n");
    assert!(
        p.contains("Warning: 83/KH-UBND is the plan of Xuân Lộc, Đồng Nai, not of Huyện Thọ Xuân"),
        "{p}"
    );
    // Thanh Hóa's plan on Thanh Hóa: no warning.
    let r = final_report(Lang::En, None);
    let p = r.section("summary").unwrap().paragraphs.join("\n");
    assert!(!p.contains("Warning"), "{p}");
}

#[test]
fn rising_in_every_commune_is_one_target_with_a_verdict_per_commune() {
    // The verdicts' notes are in the process's language (issue 22 makes them the report's).
    cashless::lang::set_language(Lang::En);
    let (catalogue, r) = xuan_loc_on_tho_xuan();
    let targets = r.section("targets").unwrap();
    // The plan's 14 targets, one row each; the district's verdict on the rising target.
    assert_eq!(targets.tables[0].rows.len(), catalogue.targets.len());
    let rising = target_rows(&r, "acceptance_points.rising")[0];
    assert_eq!(rising[6], Cell::Status(cashless::Status::Below));
    match &rising[9] {
        Cell::Text(note) => assert!(
            note.starts_with("29 of 30 units rose every year; 1 did not: Xã Nam Giang"),
            "{note}"
        ),
        other => panic!("{other:?}"),
    }
    // Thọ Xuân's 30 communes in a table of their own, named; the fourth by code fell.
    let communes = &targets.tables[1];
    assert_eq!(communes.rows.len(), 30);
    assert_eq!(
        communes.rows[3][3],
        Cell::Text("Xã Nam Giang (15505)".into())
    );
    assert_eq!(targets_counted(&r), 14);
}

#[test]
fn a_report_dates_its_own_year() {
    // The sample runs to October 2025; the 2024 report ends on 30 November 2024.
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let options = ReportOptions {
        year: 2024,
        lang: Lang::Vi,
        ..Default::default()
    };
    let r = report(&ReportInput::sample().unwrap(), &catalogue, &options).unwrap();
    assert!(
        r.subtitle.ends_with("Số liệu đến: 30/11/2024."),
        "{}",
        r.subtitle
    );
    assert_eq!(r.cut_off, (2024, 11, 30));
}

#[test]
fn the_data_quality_section_names_the_banks_that_have_not_reported() {
    // The sample: ten banks, every month of 2025 (December 2024 – October 2025).
    let r = final_report(Lang::En, None);
    let quality = r.section("quality").unwrap();
    assert_eq!(
        quality.paragraphs[0],
        "10 banks in the data, each reporting all 11 months of the reporting year."
    );
    // NH03 without March 2025, NH07 without any month of reporting year 2025.
    let mut input = ReportInput::sample().unwrap();
    let tx = &input.transactions;
    let bank = tx.column("bank").unwrap().str().unwrap();
    let period = tx
        .column("period")
        .unwrap()
        .cast(&DataType::String)
        .unwrap();
    let period = period.str().unwrap();
    let keep: BooleanChunked = bank
        .iter()
        .zip(period.iter())
        .map(|(b, p)| {
            let (b, p) = (b.unwrap(), p.unwrap());
            !(b == "NH03" && p == "2025-03-01" || b == "NH07" && p >= "2024-12-01")
        })
        .collect();
    input.transactions = tx.filter(&keep).unwrap();
    let options = ReportOptions {
        year: 2025,
        as_of: Some((2025, 10, 31)),
        lang: Lang::En,
        ..Default::default()
    };
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let r = report(&input, &catalogue, &options).unwrap();
    let quality = r.section("quality").unwrap();
    assert_eq!(
        quality.paragraphs[0],
        "10 banks in the data; 2 with months missing: NH03 (1 month), NH07 (11 months)."
    );
    let table = &quality.tables[0];
    assert_eq!(table.columns, ["Bank", "Months missing", "Which months"]);
    assert_eq!(
        table.rows,
        vec![
            vec![
                Cell::Text("NH03".into()),
                Cell::Int(1),
                Cell::Text("2025-03".into())
            ],
            vec![
                Cell::Text("NH07".into()),
                Cell::Int(11),
                Cell::Text(
                    "2024-12, 2025-01, 2025-02, 2025-03, 2025-04, 2025-05, 2025-06, 2025-07, \
                     2025-08, 2025-09, 2025-10"
                        .into()
                )
            ],
        ]
    );
}

#[test]
fn a_report_on_the_first_six_months() {
    use cashless::report::ReportPeriod;
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let options = ReportOptions {
        year: 2025,
        period: ReportPeriod::FirstHalf,
        lang: Lang::Vi,
        ..Default::default()
    };
    let r = report(&ReportInput::sample().unwrap(), &catalogue, &options).unwrap();
    assert_eq!(
        r.title,
        "Báo cáo kết quả thanh toán không dùng tiền mặt 6 tháng đầu năm 2025 – Tỉnh Thanh Hóa"
    );
    // Thanh Hóa's year starts on 1 December: its first six months end on 31 May.
    assert_eq!(r.cut_off, (2025, 5, 31));
    assert_eq!(r.file_stem(), "bao-cao-6-thang-2025");
    // The volume and its growth against December 2023 – May 2024, summed here month by month.
    let tx = cashless::sample_data().unwrap();
    let province = cashless::rollup(&tx, &sample::sample_regions(), Level::Province).unwrap();
    let months = cashless::by_period(
        &province,
        cashless::Frequency::Month,
        &AggregateOptions {
            year_start: "12-01".parse().unwrap(),
            ..Default::default()
        },
    )
    .unwrap();
    let sum = |year: i32, column: &str| -> i64 {
        let mask = months.column("year").unwrap().i32().unwrap().equal(year)
            & months
                .column("channel")
                .unwrap()
                .str()
                .unwrap()
                .equal("all")
            & months
                .column("period_index")
                .unwrap()
                .i32()
                .unwrap()
                .lt_eq(6);
        let m = months.filter(&mask).unwrap();
        assert_eq!(m.height(), 6);
        m.column(column).unwrap().i64().unwrap().sum().unwrap()
    };
    let (count, value) = (sum(2025, "count"), sum(2025, "value"));
    let (g_count, g_value) = (
        count as f64 / sum(2024, "count") as f64 - 1.0,
        value as f64 / sum(2024, "value") as f64 - 1.0,
    );
    let l = Lang::Vi;
    let expected = format!(
        "6 tháng đầu năm 2025 (6 tháng có số liệu, đến 31/05/2025): Tỉnh Thanh Hóa đạt {} món \
         giao dịch TTKDTM, giá trị {} tỷ đồng; so với cùng kỳ năm 2024: số lượng tăng {}, giá trị \
         tăng {}.",
        l.integer(count),
        l.number(value as f64 / 1e9, 1),
        l.percent(g_count, 2),
        l.percent(g_value, 2)
    );
    assert_eq!(r.section("summary").unwrap().paragraphs[1], expected);
    // No estimate of the whole year from half of it: the growth targets wait for the year.
    for row in target_rows(&r, "growth.") {
        assert_eq!(row[6], Cell::Status(cashless::Status::NotEvaluable));
    }
}
