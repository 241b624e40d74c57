//! Bank files as they really arrive (issue 20): the conventions every branch sees read as
//! they are meant, everything else refused by name. Each fixture is written by the test; each
//! expected figure is worked out in the comments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cashless::ingest::{bank_files, read_paths, ReadOptions};
use cashless::lang::{set_language, Lang};
use polars::prelude::*;
use rust_xlsxwriter::{Format, Workbook};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cashless-banks-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// (region, channel, count, value) of every record, in the order read.
fn records(df: &DataFrame) -> Vec<(String, String, i64, i64)> {
    let s = |c: &str| df.column(c).unwrap().str().unwrap().clone();
    let (r, ch) = (s("region_code"), s("channel"));
    let (n, v) = (
        df.column("count").unwrap().i64().unwrap(),
        df.column("value").unwrap().i64().unwrap(),
    );
    (0..df.height())
        .map(|i| {
            (
                r.get(i).unwrap().to_string(),
                ch.get(i).unwrap().to_string(),
                n.get(i).unwrap(),
                v.get(i).unwrap(),
            )
        })
        .collect()
}

/// NH01's report for March 2024, in the shape a branch receives: the bank and the title, a
/// units line ("Đơn vị tính: món, triệu đồng"), a two-row header with each channel merged over
/// "Số lượng" and "Giá trị" and the last one "Tổng cộng TTKDTM", districts written with their
/// abbreviated kind, "-" for zero, a total row, a note, the date line and the signature block.
fn march_report(path: &Path) {
    let mut book = Workbook::new();
    let m = Format::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 0, 7, "NGÂN HÀNG TMCP NH01 - CHI NHÁNH THANH HÓA", &m)
        .unwrap();
    ws.merge_range(
        1,
        0,
        1,
        7,
        "BÁO CÁO THANH TOÁN KHÔNG DÙNG TIỀN MẶT THÁNG 3/2024",
        &m,
    )
    .unwrap();
    ws.write_string(2, 5, "Đơn vị tính: món, triệu đồng")
        .unwrap();
    ws.merge_range(3, 0, 4, 0, "STT", &m).unwrap();
    ws.merge_range(3, 1, 4, 1, "Đơn vị", &m).unwrap();
    ws.merge_range(3, 2, 3, 3, "Internet Banking", &m).unwrap();
    ws.merge_range(3, 4, 3, 5, "Mobile Banking", &m).unwrap();
    ws.merge_range(3, 6, 3, 7, "Tổng cộng TTKDTM", &m).unwrap();
    for c in 0..3u16 {
        ws.write_string(4, 2 + 2 * c, "Số lượng").unwrap();
        ws.write_string(4, 3 + 2 * c, "Giá trị").unwrap();
    }
    let rows: [(&str, [&str; 6]); 3] = [
        // 120 + 300 = 420 món; 1.500,5 + 2.000 = 3.500,5 triệu đồng.
        (
            "TP Thanh Hoá",
            ["120", "1.500,5", "300", "2.000", "420", "3.500,5"],
        ),
        // No Internet Banking: "-" for both.
        ("TX Nghi Sơn", ["-", "-", "50", "80", "50", "80"]),
        // No Mobile Banking: an en dash and an em dash.
        ("H. Như Xuân", ["10", "20", "–", "—", "10", "20"]),
    ];
    for (i, (name, figures)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        for (c, f) in figures.iter().enumerate() {
            ws.write_string(r, 2 + c as u16, *f).unwrap();
        }
    }
    ws.write_string(8, 1, "Tổng cộng").unwrap();
    for (c, f) in ["130", "1.520,5", "350", "2.080", "480", "3.600,5"]
        .iter()
        .enumerate()
    {
        ws.write_string(8, 2 + c as u16, *f).unwrap();
    }
    ws.write_string(9, 1, "Ghi chú: số liệu sơ bộ.").unwrap();
    ws.write_string(10, 5, "Thanh Hóa, ngày 05 tháng 4 năm 2024")
        .unwrap();
    ws.write_string(11, 1, "Người lập biểu").unwrap();
    ws.write_string(11, 3, "Kiểm soát").unwrap();
    ws.write_string(11, 6, "GIÁM ĐỐC").unwrap();
    ws.write_string(13, 1, "Nguyễn Văn A").unwrap();
    ws.write_string(13, 3, "Trần Thị B").unwrap();
    ws.write_string(13, 6, "Lê Văn C").unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_banks_report_reads_whole_with_its_conventions() {
    set_language(Lang::En);
    let path = dir("march").join("nh01-2024-03.xlsx");
    march_report(&path);
    let options = ReadOptions {
        regions: Some(cashless::sample::sample_regions()),
        file_banks: vec![(path.clone(), "NH01".into())],
        ..Default::default()
    };
    let read = read_paths(std::slice::from_ref(&path), &options).unwrap();
    let rec = |r: &str, c: &str, n, v| (r.to_string(), c.to_string(), n, v);
    assert_eq!(
        records(&read.data),
        vec![
            rec("380", "internet", 120, 1_500_500_000),
            rec("380", "mobile", 300, 2_000_000_000),
            rec("380", "all", 420, 3_500_500_000),
            rec("407", "internet", 0, 0),
            rec("407", "mobile", 50, 80_000_000),
            rec("407", "all", 50, 80_000_000),
            rec("402", "internet", 10, 20_000_000),
            rec("402", "mobile", 0, 0),
            rec("402", "all", 10, 20_000_000),
        ]
    );
    let l = &read.ledger;
    // Rows 6–14 below the header: three kept; the total, the note, the date line, the
    // signature titles, an empty row and the names skipped.
    assert_eq!(
        (l.rows_read, l.rows_kept, l.rows_rejected, l.rows_skipped),
        (9, 3, 0, 6)
    );
    let mut checks: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
    for e in &l.entries {
        checks.entry(&e.check).or_default().push(e.row);
    }
    let expected: BTreeMap<&str, Vec<Option<usize>>> = [
        ("units_from_title", vec![Some(3)]),
        ("period_from_title", vec![Some(2)]),
        ("dash_zero", vec![Some(7), Some(7), Some(8), Some(8)]),
        ("total_row", vec![Some(9)]),
        ("not_data", vec![Some(10)]),
        ("signature", vec![Some(11), Some(12), Some(14)]),
        ("empty_row", vec![Some(13)]),
    ]
    .into_iter()
    .collect();
    assert_eq!(checks, expected, "{:#?}", l.entries);
    let dash = l.entries.iter().find(|e| e.check == "dash_zero").unwrap();
    assert_eq!(
        (dash.column.as_str(), dash.value.as_str()),
        ("Internet Banking Số lượng", "-")
    );
}

#[test]
fn an_unknown_channel_column_is_a_warning_and_the_others_are_read() {
    set_language(Lang::En);
    let path = dir("unknown").join("nh02.csv");
    std::fs::write(
        &path,
        "Mã đơn vị,Kỳ,Số lượng Mobile banking (món),Giá trị Mobile banking (đồng),\
         Số lượng Chuyển khoản (món),Giá trị Chuyển khoản (đồng)\n\
         380,2024-03,5,500000,7,700000\n",
    )
    .unwrap();
    let read = read_paths(std::slice::from_ref(&path), &ReadOptions::default()).unwrap();
    assert_eq!(
        records(&read.data),
        vec![("380".into(), "mobile".into(), 5, 500_000)]
    );
    let warnings: Vec<_> = read
        .ledger
        .entries
        .iter()
        .filter(|e| e.check == "unknown_channel")
        .collect();
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[0].column, "Số lượng Chuyển khoản (món)");
    assert!(
        warnings[0]
            .message
            .get(cashless::lang::Lang::En)
            .contains("[columns] \"Số lượng Chuyển khoản (món)\" = \"<channel>.count\""),
        "{}",
        warnings[0].message
    );
    assert_eq!(read.ledger.rows_rejected, 0);
}

#[test]
fn prefixes_decide_between_units_of_the_same_name() {
    set_language(Lang::En);
    let m = cashless::ingest::names::RegionMatcher::new(Some(&cashless::sample::sample_regions()));
    assert_eq!(m.resolve("TP Thanh Hoá").unwrap(), "380");
    assert_eq!(m.resolve("Tp. Thanh Hóa").unwrap(), "380");
    assert_eq!(m.resolve("Thành phố Thanh Hóa").unwrap(), "380");
    assert_eq!(m.resolve("T. Thanh Hóa").unwrap(), "38");
    assert_eq!(m.resolve("Tỉnh Thanh Hóa").unwrap(), "38");
    assert_eq!(m.resolve("TX Nghi Sơn").unwrap(), "407");
    assert_eq!(m.resolve("H. Như Xuân").unwrap(), "402");
    // Without a kind the name is the largest unit of that name: the province (issue 21).
    // Names shared by units of one level stay ambiguous: see tests/maps.rs.
    assert_eq!(m.resolve("Thanh Hoá").unwrap(), "38");
}

/// A month of one bank as a CSV with no bank column: 380 mobile and internet.
fn month_csv(path: &Path, month: u32, bank: u32) {
    let (n, v) = (100 * bank + month, 1_000 * (bank * 100 + month));
    std::fs::write(
        path,
        format!(
            "Mã đơn vị;Kỳ;Kênh;Số lượng (món);Giá trị (nghìn đồng)\n\
             380;T{month}/2024;Mobile banking;{n};{v}\n\
             380;T{month}/2024;Internet Banking;{};{}\n",
            n + 1,
            v + 1000
        ),
    )
    .unwrap();
}

#[test]
fn twenty_four_files_of_three_banks_each_with_its_bank() {
    set_language(Lang::En);
    let d = dir("months");
    let mut args = Vec::new();
    for bank in 1..=3u32 {
        for month in 1..=8u32 {
            let path = d.join(format!("bc-t{month}-{bank}.csv"));
            month_csv(&path, month, bank);
            args.push(format!("NH0{bank}={}", path.display()));
        }
    }
    let (paths, banks) = bank_files(&args);
    assert_eq!((paths.len(), banks.len()), (24, 24));
    let options = ReadOptions {
        file_banks: banks,
        ..Default::default()
    };
    let read = read_paths(&paths, &options).unwrap();
    // 3 banks × 8 months × 2 channels.
    assert_eq!(read.data.height(), 48);
    let bank = read.data.column("bank").unwrap().str().unwrap();
    let count = read.data.column("count").unwrap().i64().unwrap();
    let value = read.data.column("value").unwrap().i64().unwrap();
    // NH02's May: 205 món mobile, 205,000 nghìn đồng = 205,000,000 đồng.
    let i = (0..read.data.height())
        .find(|&i| bank.get(i) == Some("NH02") && count.get(i) == Some(205))
        .unwrap();
    assert_eq!(value.get(i), Some(205_000_000));
    // The same files without their banks: the keys repeat across files, and the ledger says
    // what to do.
    let e = read_paths(&paths, &ReadOptions::default()).unwrap_err();
    let cashless::Error::Rejected(ledger) = e else {
        panic!("{e}")
    };
    let hint = ledger
        .entries
        .iter()
        .find(|e| {
            e.message
                .get(cashless::lang::Lang::En)
                .contains("give each file its bank")
        })
        .unwrap();
    assert!(
        hint.message
            .get(cashless::lang::Lang::En)
            .contains("--data NH01=file.xlsx"),
        "{}",
        hint.message
    );
}

#[test]
fn the_report_reads_bank_files_as_check_does() {
    set_language(Lang::En);
    let d = dir("report");
    let mut args = Vec::new();
    for bank in 1..=3u32 {
        for month in 1..=8u32 {
            let path = d.join(format!("bc-t{month}-{bank}.csv"));
            month_csv(&path, month, bank);
            args.push(format!("NH0{bank}={}", path.display()));
        }
    }
    let out = d.join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cashless"))
        .args([
            "report",
            "--catalogue",
            "thanh-hoa-106-2022",
            "--year",
            "2024",
        ])
        .args(["--lang", "en", "--style", "vi", "--out"])
        .arg(&out)
        .arg("--data")
        .args(&args)
        .env("CASHLESS_LANG", "en")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    // The function, given the same files and banks, writes the same bytes.
    let (paths, file_banks) = bank_files(&args);
    let input = cashless::report::ReportInput::read(
        &paths,
        &ReadOptions {
            file_banks,
            ..Default::default()
        },
    )
    .unwrap();
    let options = cashless::report::ReportOptions {
        year: 2024,
        lang: Lang::En,
        ..Default::default()
    };
    let catalogue = cashless::Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let r = cashless::report::report(&input, &catalogue, &options).unwrap();
    // Three banks in the coverage line.
    let summary = r.section("summary").unwrap().paragraphs.join(" ");
    assert!(summary.contains("reported by 3 banks"), "{summary}");
    for (name, bytes) in r.files().unwrap() {
        assert!(
            std::fs::read(out.join(&name)).unwrap() == bytes,
            "{name} differs between the binary and the function"
        );
    }
    // Every row refused and --keep-going: the ledger's summary and where to look.
    let bad = d.join("bad.csv");
    std::fs::write(
        &bad,
        "Mã đơn vị;Kỳ;Kênh;Số lượng (món);Giá trị (đồng)\n380;T1/2024;Fax;1;2\n",
    )
    .unwrap();
    let failed = std::process::Command::new(env!("CARGO_BIN_EXE_cashless"))
        .args([
            "report",
            "--catalogue",
            "thanh-hoa-106-2022",
            "--year",
            "2024",
        ])
        .args(["--keep-going", "--out"])
        .arg(&out)
        .arg("--data")
        .arg(&bad)
        .env("CASHLESS_LANG", "en")
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("no transactions left to report on (1 rows read: 0 kept, 1 rejected, 0 skipped; 1 errors, 0 warnings)")
            && stderr.contains("cashless check FILE..."),
        "{stderr}"
    );
}

#[test]
fn a_files_bank_from_its_name_or_its_title_when_asked() {
    set_language(Lang::En);
    let d = dir("bank-from");
    let (a, b) = (d.join("NH07_2024-03.csv"), d.join("NH08-bc-2024-03.csv"));
    month_csv(&a, 3, 7);
    month_csv(&b, 3, 8);
    let options = ReadOptions {
        bank_from: Some(cashless::ingest::BankFrom::FileName),
        ..Default::default()
    };
    let read = read_paths(&[a, b], &options).unwrap();
    let banks: Vec<Option<&str>> = read
        .data
        .column("bank")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(
        banks,
        [Some("NH07"), Some("NH07"), Some("NH08"), Some("NH08")]
    );
    // The title block's bank line, as written, with an entry saying where it came from.
    let path = d.join("march.xlsx");
    march_report(&path);
    let options = ReadOptions {
        regions: Some(cashless::sample::sample_regions()),
        bank_from: Some(cashless::ingest::BankFrom::Title),
        ..Default::default()
    };
    let read = read_paths(&[path], &options).unwrap();
    let bank = read.data.column("bank").unwrap().str().unwrap();
    assert!(bank
        .iter()
        .all(|b| b == Some("NGÂN HÀNG TMCP NH01 - CHI NHÁNH THANH HÓA")));
    let from_title = read
        .ledger
        .entries
        .iter()
        .find(|e| e.check == "bank_from_title")
        .unwrap();
    assert_eq!(from_title.row, Some(1));
}
