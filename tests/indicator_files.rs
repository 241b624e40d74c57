//! Indicator tables as agencies send them (issue 20, item 6): read like transactions, with a
//! ledger; every expected figure worked out in the comments.

use std::path::PathBuf;

use cashless::ingest::indicator_table::{read_indicator_frame, read_indicator_paths};
use cashless::ingest::ReadOptions;
use cashless::lang::{set_language, Lang};
use polars::prelude::*;
use rust_xlsxwriter::{Format, Workbook};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cashless-ind-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// (region, year, indicator, value) of every row read.
fn rows(df: &DataFrame) -> Vec<(String, i32, String, f64)> {
    let s = |c: &str| df.column(c).unwrap().str().unwrap().clone();
    let (r, ind) = (s("region_code"), s("indicator"));
    let y = df.column("year").unwrap().i32().unwrap();
    let v = df.column("value").unwrap().f64().unwrap();
    (0..df.height())
        .map(|i| {
            (
                r.get(i).unwrap().into(),
                y.get(i).unwrap(),
                ind.get(i).unwrap().into(),
                v.get(i).unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_agencys_workbook_with_vietnamese_labels_and_numbers() {
    set_language(Lang::En);
    let path = dir("water").join("cap-nuoc-2025.xlsx");
    let mut book = Workbook::new();
    let m = Format::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 0, 4, "CÔNG TY CP CẤP NƯỚC THANH HOÁ", &m)
        .unwrap();
    ws.merge_range(1, 0, 1, 4, "SỐ LIỆU THANH TOÁN TIỀN NƯỚC NĂM 2025", &m)
        .unwrap();
    for (c, h) in ["Đơn vị", "Năm", "Chỉ tiêu", "Đơn vị tính", "Giá trị"]
        .iter()
        .enumerate()
    {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let data: [(&str, &str, &str, &str); 5] = [
        // 2.800.000 triệu đồng = 2 800 000 000 000 đồng.
        (
            "Tỉnh Thanh Hóa",
            "Doanh số tiền nước",
            "triệu đồng",
            "2.800.000",
        ),
        // 1.540.000,5 triệu đồng = 1 540 000 500 000 đồng.
        (
            "Tỉnh Thanh Hóa",
            "Doanh so tien nuoc thanh toan bang TTKDTM",
            "triệu đồng",
            "1.540.000,5",
        ),
        // A count in its own words.
        (
            "T. Thanh Hóa",
            "Khách hàng dùng nước tại khu vực đô thị",
            "khách hàng",
            "190.000",
        ),
        // Not a label the library lists: a finding with its row.
        ("Tỉnh Thanh Hóa", "Số đồng hồ nước", "cái", "12"),
        // A percentage for an indicator that counts: refused.
        (
            "Tỉnh Thanh Hóa",
            "Khách hàng đô thị thanh toán tiền nước bằng TTKDTM",
            "%",
            "55,5",
        ),
    ];
    for (i, (unit_name, label, unit, value)) in data.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, *unit_name).unwrap();
        ws.write_number(r, 1, 2025).unwrap();
        ws.write_string(r, 2, *label).unwrap();
        ws.write_string(r, 3, *unit).unwrap();
        ws.write_string(r, 4, *value).unwrap();
    }
    ws.write_string(10, 2, "Người lập biểu").unwrap();
    book.save(&path).unwrap();

    let options = ReadOptions {
        regions: Some(cashless::sample::sample_regions()),
        keep_going: true,
        ..Default::default()
    };
    let read = read_indicator_paths(std::slice::from_ref(&path), &options).unwrap();
    assert_eq!(
        rows(&read.data),
        vec![
            (
                "38".into(),
                2025,
                "water_revenue".into(),
                2_800_000_000_000.0
            ),
            (
                "38".into(),
                2025,
                "water_revenue_cashless".into(),
                1_540_000_500_000.0
            ),
            ("38".into(), 2025, "water_customers_urban".into(), 190_000.0),
        ]
    );
    let l = &read.ledger;
    // Rows 5–11: three kept, two rejected, the empty row and the signature skipped.
    assert_eq!(
        (l.rows_read, l.rows_kept, l.rows_rejected, l.rows_skipped),
        (7, 3, 2, 2)
    );
    let unknown = l
        .entries
        .iter()
        .find(|e| e.check == "unknown_indicator")
        .unwrap();
    assert_eq!(
        (unknown.row, unknown.value.as_str()),
        (Some(8), "Số đồng hồ nước")
    );
    let percent = l
        .entries
        .iter()
        .find(|e| e.check == "not_a_number")
        .unwrap();
    assert_eq!(percent.row, Some(9));
    assert!(
        percent
            .message
            .get(cashless::lang::Lang::En)
            .contains("is a percentage"),
        "{}",
        percent.message
    );
    // Without keep_going the errors stop the read.
    let strict = ReadOptions {
        keep_going: false,
        ..options
    };
    assert!(read_indicator_paths(&[path], &strict).is_err());
}

#[test]
fn a_column_per_indicator_with_units_in_the_headers() {
    set_language(Lang::En);
    let raw = df!(
        "Mã đơn vị" => ["38", "38"],
        "Năm" => [2024i64, 2025],
        "Dân số từ 15 tuổi trở lên (người)" => ["2.812.000", "2.826.060"],
        "Người từ 15 tuổi trở lên có tài khoản giao dịch (người)" => ["2.400.000", "2.460.000"],
    )
    .unwrap();
    let read = read_indicator_frame(&raw, "DataFrame", &ReadOptions::default()).unwrap();
    assert_eq!(
        rows(&read.data),
        vec![
            ("38".into(), 2024, "population_15plus".into(), 2_812_000.0),
            (
                "38".into(),
                2024,
                "population_15plus_with_account".into(),
                2_400_000.0
            ),
            ("38".into(), 2025, "population_15plus".into(), 2_826_060.0),
            (
                "38".into(),
                2025,
                "population_15plus_with_account".into(),
                2_460_000.0
            ),
        ]
    );
    // Fed to the verdicts: 2 460 000 / 2 826 060 = 87.05 % ≥ 80 %: met.
    let tx = df!(
        "region_code" => ["38"], "channel" => ["all"], "year" => [2020i32],
        "count" => [1i64], "value" => [1i64],
    )
    .unwrap();
    let cat = cashless::Catalogue::builtin("decision-1813").unwrap();
    let v = cashless::attainment(&tx, Some(&read.data), &cat, &Default::default()).unwrap();
    let ids = v.column("target_id").unwrap().str().unwrap();
    let i = (0..v.height())
        .find(|&i| ids.get(i) == Some("accounts"))
        .unwrap();
    assert_eq!(
        v.column("status").unwrap().str().unwrap().get(i),
        Some("met")
    );
    let actual = v.column("actual").unwrap().f64().unwrap().get(i).unwrap();
    assert!((actual - 2_460_000.0 / 2_826_060.0).abs() < 1e-12);
}

#[test]
fn the_same_unit_year_and_indicator_twice_is_refused() {
    set_language(Lang::En);
    let keep_going = || ReadOptions {
        keep_going: true,
        ..Default::default()
    };
    let table = |second: &str| {
        df!(
            "Mã đơn vị" => ["38", "38"],
            "Năm" => [2025i64, 2025],
            "Chỉ tiêu" => ["schools", second],
            "Giá trị" => ["120", "121"],
        )
        .unwrap()
    };
    // "Trường học" is not a listed label: a finding, and "schools" is read alone.
    let read = read_indicator_frame(&table("Trường học"), "DataFrame", &keep_going()).unwrap();
    assert_eq!(read.data.height(), 1);
    // "Cơ sở giáo dục" is the listed text of "schools": the same indicator twice, neither used.
    let read = read_indicator_frame(&table("Cơ sở giáo dục"), "DataFrame", &keep_going()).unwrap();
    assert_eq!(read.data.height(), 0);
    assert_eq!(
        read.ledger.count(cashless::ingest::ledger::Severity::Error),
        2
    );
}

#[test]
fn the_librarys_own_table_keeps_a_catalogues_own_indicators() {
    // region_code,year,indicator,value with '.' decimals, and a name no built-in lists.
    let raw = df!(
        "region_code" => ["38"],
        "year" => ["2025"],
        "indicator" => ["my_share"],
        "value" => ["0.5"],
    )
    .unwrap();
    let read = read_indicator_frame(&raw, "DataFrame", &ReadOptions::default()).unwrap();
    assert_eq!(
        rows(&read.data),
        vec![("38".into(), 2025, "my_share".into(), 0.5)]
    );
}

#[test]
fn a_repeated_wide_row_is_rejected_whole_and_counted_once() {
    set_language(Lang::En);
    // Two rows for 38 in 2025, each with two indicators: both rows rejected, each once.
    let raw = df!(
        "Mã đơn vị" => ["38", "38"],
        "Năm" => [2025i64, 2025],
        "Cơ sở giáo dục" => ["10", "11"],
        "Cơ sở giáo dục chấp nhận thanh toán học phí bằng TTKDTM" => ["5", "6"],
    )
    .unwrap();
    let options = ReadOptions {
        keep_going: true,
        ..Default::default()
    };
    let read = read_indicator_frame(&raw, "DataFrame", &options).unwrap();
    let l = &read.ledger;
    assert_eq!(read.data.height(), 0);
    assert_eq!(
        (l.rows_read, l.rows_kept, l.rows_rejected, l.rows_skipped),
        (2, 0, 2, 0)
    );
}
