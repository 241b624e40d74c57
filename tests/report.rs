//! The yearly report: every section, numbers equal to the library's and to hand calculations,
//! identical bytes, inert hostile names, and the binary writing what the function writes.

use std::io::Cursor;

use approx::assert_relative_eq;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use cashless::report::{report, Cell, Lang, Report, ReportInput, ReportOptions};
use cashless::{Catalogue, Level, Region, Regions};
use polars::prelude::*;

const SCRIPT: &str = "<script>alert(1)</script>";
const FORMULA: &str = "=HYPERLINK(\"x\")";

fn sample_report(lang: Lang) -> Report {
    let input = ReportInput::sample().unwrap();
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let options = ReportOptions {
        year: 2025,
        lang,
        ..Default::default()
    };
    report(&input, &catalogue, &options).unwrap()
}

/// Thanh Hóa (38) with two districts named to break things. From December 2019 to November
/// 2025 (six whole reporting years of the plan's 1 December calendar), mobile only:
/// - 380 makes 100 · 2^(Y−2020) transactions a month in year Y, 1 000 000 đ each;
/// - 381 makes 100 a month at 1 000 000 đ, every year.
fn hostile_input() -> ReportInput {
    let mut rows: Vec<(String, String, i64)> = Vec::new();
    for year in 2020..=2025 {
        for month_index in 0..12u32 {
            let (y, m) = if month_index == 0 {
                (year - 1, 12)
            } else {
                (year, month_index)
            };
            let period = format!("{y}-{m:02}");
            rows.push(("380".into(), period.clone(), 100 << (year - 2020)));
            rows.push(("381".into(), period, 100));
        }
    }
    let tx = df!(
        "region_code" => rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        "period" => rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        "channel" => vec!["mobile"; rows.len()],
        "count" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| r.2 * 1_000_000).collect::<Vec<_>>(),
    )
    .unwrap();
    let region = |code: &str, name: &str, level, parent: Option<&str>| Region {
        code: code.into(),
        name: name.into(),
        level,
        parent: parent.map(Into::into),
    };
    let regions = Regions::new(vec![
        region("38", "Tỉnh Thanh Hóa", Level::Province, None),
        region("380", SCRIPT, Level::District, Some("38")),
        region("381", FORMULA, Level::District, Some("38")),
    ])
    .unwrap();
    ReportInput {
        transactions: tx,
        regions: Some(regions),
        indicators: None,
        ledger: None,
        sources: vec![format!("{SCRIPT}.csv")],
        synthetic: false,
    }
}

fn hostile_report(lang: Lang) -> Report {
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let options = ReportOptions {
        year: 2025,
        lang,
        ..Default::default()
    };
    report(&hostile_input(), &catalogue, &options).unwrap()
}

#[test]
fn the_sample_report_has_every_section_with_content() {
    let r = sample_report(Lang::Vi);
    let ids: Vec<_> = r.sections.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        ["summary", "channels", "targets", "regions", "quality", "method"]
    );
    for s in &r.sections {
        assert!(
            !s.paragraphs.is_empty() || !s.tables.is_empty(),
            "{} is empty",
            s.id
        );
    }
    // Coverage, the year, the targets, the shortfalls by name, the laggards; the status
    // table sums to the catalogue's 23 targets, one verdict each.
    let summary = r.section("summary").unwrap();
    assert_eq!(summary.paragraphs.len(), 5, "{:#?}", summary.paragraphs);
    assert_eq!(
        summary.paragraphs[0],
        "Phạm vi số liệu: 27/27 huyện, thị xã, thành phố của Tỉnh Thanh Hóa, do 10 ngân hàng báo cáo."
    );
    let total: i64 = summary.tables[0]
        .rows
        .iter()
        .map(|row| match row[2] {
            Cell::Int(n) => n,
            _ => panic!("count cell"),
        })
        .sum();
    assert_eq!(total, 23);
    assert_eq!(r.section("regions").unwrap().tables[0].rows.len(), 27);
    let charts: Vec<_> = r.charts().map(|c| c.name.as_str()).collect();
    // The channel mix, one chart per growth target of plan 106 (count and value of all, mobile
    // and internet), the ranking.
    let growth = ["all", "mobile", "internet"]
        .iter()
        .flat_map(|c| ["count", "value"].map(|m| format!("growth-{c}-{m}")));
    let expected: Vec<String> = std::iter::once("channel-mix".to_string())
        .chain(growth)
        .chain(std::iter::once("ranking".to_string()))
        .collect();
    assert_eq!(charts, expected);
    assert!(r.banner.as_deref().unwrap().contains("GIẢ LẬP"));
    // Vietnamese formats: 1.234.567 and 58,86 %.
    let html = r.html().unwrap();
    let first = r.section("channels").unwrap().tables[0].rows[0][2].display(Lang::Vi);
    assert!(first.contains('.') && !first.contains(','), "{first}");
    assert!(html.contains(&format!(">{first}<")));
    assert_eq!(r.file_stem(), "bao-cao-2025");
}

#[test]
fn the_report_figures_are_the_librarys() {
    // The level table against annual() of the province, computed here with the public API.
    let r = sample_report(Lang::En);
    let tx = cashless::sample_data().unwrap();
    let province =
        cashless::rollup(&tx, &cashless::sample::sample_regions(), Level::Province).unwrap();
    let opts = cashless::AggregateOptions {
        year_start: "12-01".parse().unwrap(),
        ..Default::default()
    };
    let years = cashless::annual(&province, &opts).unwrap();
    let all = years
        .lazy()
        .filter(col("channel").eq(lit("all")))
        .sort(["year"], Default::default())
        .collect()
        .unwrap();
    let expected: Vec<(i32, i64, i64)> = (0..all.height())
        .map(|i| {
            (
                all.column("year").unwrap().i32().unwrap().get(i).unwrap(),
                all.column("count").unwrap().i64().unwrap().get(i).unwrap(),
                all.column("value").unwrap().i64().unwrap().get(i).unwrap(),
            )
        })
        .filter(|(y, _, _)| (2020..=2025).contains(y))
        .collect();
    let levels = &r.section("channels").unwrap().tables[0];
    let count_row = &levels.rows[0];
    let value_row = &levels.rows[1];
    assert_eq!(count_row[0], Cell::Text("All cashless".into()));
    for (k, (_, count, value)) in expected.iter().enumerate() {
        assert_eq!(count_row[2 + k], Cell::Int(*count));
        match value_row[2 + k] {
            Cell::Billions(b) => assert_relative_eq!(b, *value as f64 / 1e9, max_relative = 1e-12),
            ref other => panic!("{other:?}"),
        }
    }
}

#[test]
fn identical_input_gives_identical_bytes() {
    let a = sample_report(Lang::Vi).files().unwrap();
    let b = sample_report(Lang::Vi).files().unwrap();
    // .xlsx, .docx, .html, .md and eight charts, each as SVG and PNG.
    assert_eq!(a.len(), 4 + 2 * 8);
    for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        assert!(bytes_a == bytes_b, "{name_a} differs between two runs");
    }
}

#[test]
fn hand_computed_figures_of_the_small_province() {
    let r = hostile_report(Lang::En);
    // Province count in year Y: 12 · (100 · 2^(Y−2020) + 100); 2020: 2 400, 2025: 39 600.
    let levels = &r.section("channels").unwrap().tables[0];
    assert_eq!(levels.rows[0][2], Cell::Int(2_400));
    assert_eq!(levels.rows[0][7], Cell::Int(39_600));
    // Stage average 2021–2025: (39 600 / 2 400)^(1/5) − 1.
    let growth = &r.section("channels").unwrap().tables[1];
    let avg_col = growth
        .columns
        .iter()
        .position(|c| c == "Stage average")
        .unwrap();
    match growth.rows[0][avg_col] {
        Cell::Percent(g) => assert_relative_eq!(g, 16.5f64.powf(0.2) - 1.0, max_relative = 1e-12),
        ref other => panic!("{other:?}"),
    }
    // 381 does not grow: the one laggard, named in the summary.
    let summary = &r.section("summary").unwrap().paragraphs;
    let laggards = summary.last().unwrap();
    assert!(
        laggards.contains(&format!(
            "1 of 2 districts grow their cashless value by less than 20 %/yr on average: {FORMULA} (0.00 %)."
        )),
        "{laggards}"
    );
}

#[test]
fn hostile_names_are_inert_in_html_markdown_and_svg() {
    let r = hostile_report(Lang::En);
    let html = r.html().unwrap();
    assert!(!html.contains("<script"), "unescaped script in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let md = r.markdown().unwrap();
    assert!(!md.contains("<script"));
    for chart in r.charts() {
        assert!(!chart.svg.contains("<script"), "{}", chart.name);
    }
    assert!(r.charts().any(|c| c.svg.contains("&lt;script&gt;")));
}

#[test]
fn hostile_names_are_text_in_excel_and_its_numbers_are_the_reports() {
    let r = hostile_report(Lang::En);
    let bytes = r.xlsx().unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheets = wb.sheet_names();
    assert!(sheets.contains(&"Regions".to_string()), "{sheets:?}");
    for name in &sheets {
        let formulas = wb.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "formula on sheet {name}"
        );
    }
    let regions = wb.worksheet_range("Regions").unwrap();
    let names: Vec<&Data> = regions.rows().map(|row| &row[2]).collect();
    assert!(names.contains(&&Data::String(FORMULA.into())));
    assert!(names.contains(&&Data::String(SCRIPT.into())));

    // Every number of the level sheet equals the report's cell.
    let levels = wb.worksheet_range("Levels by channel").unwrap();
    let table = &r.section("channels").unwrap().tables[0];
    let header = levels
        .rows()
        .position(|row| row[0] == Data::String("Channel".into()))
        .unwrap();
    for (i, cells) in table.rows.iter().enumerate() {
        let row = levels.rows().nth(header + 1 + i).unwrap();
        for (j, cell) in cells.iter().enumerate() {
            match (cell, &row[j]) {
                (Cell::Int(n), Data::Float(x)) => assert_eq!(*x, *n as f64),
                (Cell::Billions(b), Data::Float(x)) => assert_eq!(x, b),
                (Cell::Text(t), Data::String(s)) => assert_eq!(t, s),
                (Cell::Empty, Data::Empty) => {}
                (c, d) => panic!("row {i} column {j}: {c:?} written as {d:?}"),
            }
        }
    }
}

#[test]
fn a_cut_off_leaves_later_months_out() {
    let catalogue = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let options = ReportOptions {
        year: 2025,
        as_of: Some((2025, 10, 31)),
        lang: Lang::En,
        ..Default::default()
    };
    let r = report(&hostile_input(), &catalogue, &options).unwrap();
    // Eleven months of 2025: 11 · 3 300.
    let levels = &r.section("channels").unwrap().tables[0];
    assert_eq!(levels.columns[7], "2025 (11 months)");
    assert_eq!(levels.rows[0][7], Cell::Int(36_300));
    assert_eq!(r.cut_off, (2025, 10, 31));
    // A cut-off in the middle of a month leaves that month out.
    let mid = ReportOptions {
        as_of: Some((2025, 10, 15)),
        ..options.clone()
    };
    let r = report(&hostile_input(), &catalogue, &mid).unwrap();
    assert_eq!(
        r.section("channels").unwrap().tables[0].rows[0][7],
        Cell::Int(33_000)
    );
    let before = ReportOptions {
        as_of: Some((2024, 11, 30)),
        ..options
    };
    let e = report(&hostile_input(), &catalogue, &before)
        .unwrap_err()
        .to_string();
    assert!(e.contains("before reporting year 2025 starts"), "{e}");
}

#[test]
fn the_binary_writes_what_the_function_writes() {
    let dir = std::env::temp_dir().join(format!("cashless-report-bin-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cashless"))
        .args([
            "report",
            "--sample",
            "--catalogue",
            "thanh-hoa-106-2022",
            "--year",
            "2025",
            "--lang",
            "en",
            "--out",
        ])
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    for (name, bytes) in sample_report(Lang::En).files().unwrap() {
        let written = std::fs::read(dir.join(&name)).unwrap();
        assert!(written == bytes, "{name} differs");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cashless"))
        .args(["report", "--sample", "--year", "2025"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--catalogue is required"));
    let _ = std::fs::remove_dir_all(&dir);
}
