//! Reading files as they arrive. Every fixture is written here, by the test, and every
//! expected figure is worked out by hand in the comments.

use std::path::{Path, PathBuf};

use cashless::ingest::ledger::{Entry, Ledger, Severity};
use cashless::ingest::{read_paths, ReadOptions};
use cashless::Error;
use polars::prelude::*;
use rust_xlsxwriter::{Format, Formula, Workbook};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cashless-ingest-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn entries<'a>(ledger: &'a Ledger, check: &str) -> Vec<&'a Entry> {
    ledger.entries.iter().filter(|e| e.check == check).collect()
}

/// The records as (region, period, channel, count, value), in the order read.
fn records(df: &DataFrame) -> Vec<(String, String, String, i64, i64)> {
    let s = |c: &str| df.column(c).unwrap().cast(&DataType::String).unwrap();
    let (r, p, ch) = (s("region_code"), s("period"), s("channel"));
    let (n, v) = (
        df.column("count").unwrap().i64().unwrap(),
        df.column("value").unwrap().i64().unwrap(),
    );
    (0..df.height())
        .map(|i| {
            (
                r.str().unwrap().get(i).unwrap().to_string(),
                p.str().unwrap().get(i).unwrap().to_string(),
                ch.str().unwrap().get(i).unwrap().to_string(),
                n.get(i).unwrap(),
                v.get(i).unwrap(),
            )
        })
        .collect()
}

fn regions_options() -> ReadOptions {
    ReadOptions {
        regions: Some(cashless::sample::sample_regions()),
        ..Default::default()
    }
}

/// A bank's monthly report as banks send it: two title lines (the month only in the title),
/// a blank line, a two-row header with each channel merged over its "Số lượng" and "Giá trị"
/// columns, units in the headers (món / triệu đồng for Internet Banking, nghìn món / tỷ đồng
/// for Mobile banking), numbers stored as numbers in some cells and as Vietnamese text in
/// others, district names instead of codes, a total row with SUM formulas, a signature; and a
/// second sheet of notes.
fn bank_workbook(path: &Path) {
    let mut book = Workbook::new();
    let merged = Format::new();
    let ws = book.add_worksheet();
    ws.set_name("Báo cáo").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        6,
        "NGÂN HÀNG TMCP NH01 - CHI NHÁNH THANH HÓA",
        &merged,
    )
    .unwrap();
    ws.merge_range(
        1,
        0,
        1,
        6,
        "BÁO CÁO THANH TOÁN KHÔNG DÙNG TIỀN MẶT THÁNG 5/2023",
        &merged,
    )
    .unwrap();
    ws.merge_range(3, 0, 4, 0, "STT", &merged).unwrap();
    ws.merge_range(3, 1, 4, 1, "Đơn vị", &merged).unwrap();
    ws.merge_range(3, 2, 3, 3, "Internet Banking", &merged)
        .unwrap();
    ws.merge_range(3, 4, 3, 5, "Mobile banking", &merged)
        .unwrap();
    ws.merge_range(3, 6, 4, 6, "Ghi chú", &merged).unwrap();
    for (c, h) in [
        "Số lượng (món)",
        "Giá trị (triệu đồng)",
        "Số lượng (nghìn món)",
        "Giá trị (tỷ đồng)",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(4, 2 + c as u16, *h).unwrap();
    }
    // Row 6: Thành phố Thanh Hóa.
    ws.write_number(5, 0, 1).unwrap();
    ws.write_string(5, 1, "Thành phố Thanh Hóa").unwrap();
    ws.write_number(5, 2, 12345).unwrap();
    ws.write_string(5, 3, "1.234,5").unwrap();
    ws.write_number(5, 4, 2.5).unwrap();
    ws.write_string(5, 5, "3,75").unwrap();
    // Row 7: Thọ Xuân, a formula with its computed result stored.
    ws.write_number(6, 0, 2).unwrap();
    ws.write_string(6, 1, "Huyện Thọ Xuân").unwrap();
    ws.write_string(6, 2, "1.000").unwrap();
    ws.write_number(6, 3, 500).unwrap();
    ws.write_number(6, 4, 1).unwrap();
    ws.write_formula(6, 5, Formula::new("=3/2").set_result("1.5"))
        .unwrap();
    // Row 8: Bỉm Sơn written short, no Internet Banking this month.
    ws.write_number(7, 0, 3).unwrap();
    ws.write_string(7, 1, "TX Bỉm Sơn").unwrap();
    ws.write_number(7, 4, 0.2).unwrap();
    ws.write_string(7, 5, "0,4").unwrap();
    // Row 9 empty; row 10 the total; row 11 empty; row 12 the signature.
    ws.write_string(9, 1, "Tổng cộng").unwrap();
    ws.write_formula(9, 2, Formula::new("=SUM(C6:C8)").set_result("13345"))
        .unwrap();
    ws.write_string(11, 4, "Người lập biểu").unwrap();
    let notes = book.add_worksheet();
    notes.set_name("Ghi chú").unwrap();
    notes
        .write_string(
            0,
            0,
            "Số liệu sơ bộ, sẽ điều chỉnh khi có báo cáo chính thức.",
        )
        .unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_banks_workbook_reads_to_exact_dong_and_mon() {
    let path = dir("bank").join("nh01-2023-05.xlsx");
    bank_workbook(&path);
    let opts = ReadOptions {
        bank: Some("NH01".into()),
        ..regions_options()
    };
    let read = read_paths(std::slice::from_ref(&path), &opts).unwrap();
    let may = "2023-05-01".to_string();
    let rec = |r: &str, c: &str, n, v| (r.to_string(), may.clone(), c.to_string(), n, v);
    assert_eq!(
        records(&read.data),
        vec![
            rec("380", "internet", 12_345, 1_234_500_000), // 1.234,5 triệu đồng
            rec("380", "mobile", 2_500, 3_750_000_000),    // 2,5 nghìn món; 3,75 tỷ đồng
            rec("395", "internet", 1_000, 500_000_000),    // "1.000" món; 500 triệu đồng
            rec("395", "mobile", 1_000, 1_500_000_000),    // =3/2 tỷ đồng, cached 1.5
            rec("381", "mobile", 200, 400_000_000),        // 0,2 nghìn món; 0,4 tỷ đồng
        ]
    );
    let bank = read.data.column("bank").unwrap().str().unwrap().clone();
    assert!(bank.iter().all(|b| b == Some("NH01")));
    let rows = read
        .data
        .column("source_row")
        .unwrap()
        .i64()
        .unwrap()
        .to_vec();
    assert_eq!(rows, [Some(6), Some(6), Some(7), Some(7), Some(8)]);
    let l = &read.ledger;
    // Rows 6–12 of the report, and the one line of the notes sheet.
    assert_eq!(
        (
            l.rows_read,
            l.rows_kept,
            l.rows_rejected,
            l.rows_skipped,
            l.records
        ),
        (8, 3, 0, 5, 5)
    );
    assert!(l.is_clean(), "{:#?}", l.entries);
    let title = entries(l, "period_from_title");
    assert_eq!(title.len(), 1);
    assert_eq!(title[0].row, Some(2));
    assert!(
        title[0]
            .message
            .get(cashless::lang::Lang::En)
            .contains("2023-05"),
        "{}",
        title[0].message
    );
    assert_eq!(entries(l, "total_row")[0].row, Some(10));
    assert_eq!(
        entries(l, "empty_row")
            .iter()
            .map(|e| e.row)
            .collect::<Vec<_>>(),
        [Some(9), Some(11)]
    );
    // "Người lập biểu": the signature block, named as such.
    assert_eq!(entries(l, "signature")[0].row, Some(12));
    assert_eq!(
        entries(l, "sheet_skipped")[0].sheet.as_deref(),
        Some("Ghi chú")
    );
}

#[test]
fn a_named_sheet_is_read_alone_and_an_unknown_one_is_refused() {
    let path = dir("sheet").join("nh01.xlsx");
    bank_workbook(&path);
    let opts = ReadOptions {
        bank: Some("NH01".into()),
        sheet: Some("Báo cáo".into()),
        ..regions_options()
    };
    let read = read_paths(std::slice::from_ref(&path), &opts).unwrap();
    assert_eq!(read.ledger.rows_read, 7);
    assert!(entries(&read.ledger, "sheet_skipped").is_empty());
    let opts = ReadOptions {
        sheet: Some("Sheet9".into()),
        ..opts
    };
    let e = read_paths(&[path], &opts).unwrap_err().to_string();
    assert!(
        e.contains("no sheet \"Sheet9\"") && e.contains("Báo cáo, Ghi chú"),
        "{e}"
    );
}

/// A CSV export: `;` separators, a byte-order mark, a title line, long layout, every period
/// spelling the issue lists, Vietnamese numbers.
#[test]
fn a_semicolon_csv_with_bom_and_vietnamese_numbers() {
    let path = dir("csv").join("tong-hop.csv");
    std::fs::write(
        &path,
        "\u{feff}BÁO CÁO TỔNG HỢP QUÝ I/2023\n\
         Mã ngân hàng;Mã đơn vị;Kỳ báo cáo;Kênh thanh toán;Số lượng (món);Giá trị (triệu đồng)\n\
         NH01;380;T1/2023;Internet Banking;1.200;3.456,789\n\
         NH01;380;Tháng 2/2023;Internet Banking;1.300;3.500\n\
         NH01;380;03/2023;Internet Banking;1.250;3.400,5\n\
         NH01;380;2023-01;điện thoại di động;10.000;5.000\n\
         NH02;380;2023-01;Mobile Banking;20.000;9.000,25\n",
    )
    .unwrap();
    let read = read_paths(std::slice::from_ref(&path), &ReadOptions::default()).unwrap();
    let sum = |channel: &str, name: &str| {
        read.data
            .clone()
            .lazy()
            .filter(col("channel").eq(lit(channel)))
            .select([col(name).sum()])
            .collect()
            .unwrap()
            .column(name)
            .unwrap()
            .i64()
            .unwrap()
            .get(0)
            .unwrap()
    };
    assert_eq!(sum("internet", "count"), 1_200 + 1_300 + 1_250);
    // 3 456 789 000 + 3 500 000 000 + 3 400 500 000
    assert_eq!(sum("internet", "value"), 10_357_289_000);
    assert_eq!(sum("mobile", "count"), 30_000);
    assert_eq!(sum("mobile", "value"), 5_000_000_000 + 9_000_250_000);
    // Lines as a text editor numbers them: the title is line 1, the header line 2.
    let rows = read
        .data
        .column("source_row")
        .unwrap()
        .i64()
        .unwrap()
        .to_vec();
    assert_eq!(rows, [Some(3), Some(4), Some(5), Some(6), Some(7)]);
    let l = &read.ledger;
    assert_eq!((l.rows_read, l.rows_kept, l.records), (5, 5, 5));
    // Both mobile series stop in January while the file runs to March.
    let missing = entries(l, "missing_months");
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0].value, "380 mobile NH01");
    assert_eq!(missing[0].message.get(cashless::lang::Lang::En), "months missing from 2023: 02, 03 (the series runs 2023-01 to 2023-03); the year is partial");
    assert_eq!(l.count(Severity::Error), 0);
}

const BROKEN: &str = "region_code,period,channel,count,value,bank
380,2023-01,mobile,100,1000000,NH01
380,2023-02,mobile,120,1200000,NH01
380,2023-03,mobile,110,1100000000,NH01
380,2023-04,mobile,130,1300000,NH01
381,2023-01,mobile,50,-500,NH01
381,2023-02,mobile,abc,500000,NH01
381,2023-03,fax,5,500,NH01
999,2023-01,mobile,5,50000,NH01
382,2023-01,all,10,100000,NH01
382,2023-01,internet,20,200000,NH01
384,2023-01,pos,10,1000000,NH01
384,2023-01,pos,10,1000000,NH01
385,2023-01,mobile,1000,500,NH01
385,2023-02,mobile,\"12,5%\",100000,NH01
385,2023-03,mobile,\"0,5\",100000,NH01
";

#[test]
fn every_fault_is_reported_where_it_is() {
    let path = dir("broken").join("broken.csv");
    std::fs::write(&path, BROKEN).unwrap();
    let file = path.display().to_string();
    // Errors stop the read, and the error says how many and where the first is.
    let err = read_paths(std::slice::from_ref(&path), &regions_options()).unwrap_err();
    let Error::Rejected(ledger) = &err else {
        panic!("{err}")
    };
    assert_eq!(ledger.count(Severity::Error), 8);
    assert!(
        err.to_string().starts_with("8 error(s) in the input"),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains(&format!("{file}, row 6, column `value`, value \"-500\"")),
        "{err}"
    );

    let opts = ReadOptions {
        keep_going: true,
        ..regions_options()
    };
    let read = read_paths(std::slice::from_ref(&path), &opts).unwrap();
    let l = &read.ledger;
    // Lines 2–16: rejected 6, 7, 8, 9, 12, 13, 15, 16.
    assert_eq!(
        (l.rows_read, l.rows_kept, l.rows_rejected, l.rows_skipped),
        (15, 7, 8, 0)
    );
    let one = |check: &str| {
        let e = entries(l, check);
        assert_eq!(e.len(), 1, "{check}: {e:#?}");
        (
            e[0].row,
            e[0].column.clone(),
            e[0].value.clone(),
            e[0].message.get(cashless::lang::Lang::En).to_string(),
        )
    };
    assert_eq!(
        one("negative"),
        (
            Some(6),
            "value".into(),
            "-500".into(),
            "is negative: a value cannot be".into()
        )
    );
    let (row, column, value, why) = one("unknown_channel");
    assert_eq!(
        (row, column.as_str(), value.as_str()),
        (Some(8), "channel", "fax")
    );
    assert!(why.contains("unknown channel label \"fax\""), "{why}");
    let (row, column, value, why) = one("unknown_region");
    assert_eq!(
        (row, column.as_str(), value.as_str()),
        (Some(9), "region_code", "999")
    );
    assert!(why.contains("neither a code nor a name"), "{why}");
    let (row, _, value, why) = one("not_whole");
    assert_eq!((row, value.as_str()), (Some(16), "0,5"));
    assert!(why.contains("not a whole number"), "{why}");
    let nan: Vec<_> = entries(l, "not_a_number")
        .iter()
        .map(|e| (e.row, e.value.clone()))
        .collect();
    assert_eq!(
        nan,
        [
            (Some(7), "abc".to_string()),
            (Some(15), "12,5%".to_string())
        ]
    );
    assert!(entries(l, "not_a_number")[1]
        .message
        .get(cashless::lang::Lang::En)
        .contains("percentage"));
    let dup = entries(l, "duplicate_key");
    assert_eq!(
        dup.iter().map(|e| e.row).collect::<Vec<_>>(),
        [Some(12), Some(13)]
    );
    assert_eq!(dup[0].value, "384 2023-01 pos NH01");
    assert!(
        dup[0]
            .message
            .get(cashless::lang::Lang::En)
            .contains(&format!("also at {file}, row 13: neither is used")),
        "{}",
        dup[0].message
    );

    // Warnings: the ×1000 spike in March, all below internet, 0,5 đồng per transaction, and
    // the series with months missing (382 all, 382 internet, 385 mobile).
    let (row, column, value, why) = one("unit_jump");
    assert_eq!(
        (row, column.as_str(), value.as_str()),
        (Some(4), "value", "1100000000")
    );
    assert_eq!(why, "2023-03 is ×917 its neighbours (1200000 in 2023-02 and 1300000 in 2023-04): a unit mistake (nghìn/triệu/tỷ)?");
    let below = entries(l, "all_below_channel");
    assert_eq!(below.len(), 2);
    assert_eq!(
        below[0].message.get(cashless::lang::Lang::En),
        "the reported all (count 10) is smaller than internet alone (20) in 2023-01"
    );
    let (row, _, _, why) = one("per_transaction");
    assert_eq!(row, Some(14));
    assert!(
        why.contains("0.50 đồng per transaction (500 / 1000)"),
        "{why}"
    );
    assert_eq!(entries(l, "missing_months").len(), 3);
    assert_eq!(l.count(Severity::Warning), 7);

    // The kept rows are all there: 100 + 120 + 110 + 130 + 10 + 20 + 1000 transactions.
    let total = read.data.column("count").unwrap().i64().unwrap().sum();
    assert_eq!(total, Some(1_490));
}

/// The traps of the usual Excel route: a text cell far down a numeric column, whole numbers
/// stored as floats, a formula saved without its result.
#[test]
fn excel_traps_are_not_fallen_into() {
    let path = dir("traps").join("traps.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "Mã đơn vị",
        "Kỳ",
        "Kênh",
        "Số lượng (món)",
        "Giá trị (đồng)",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // 160 months of mobile payments in 380, 2010-01 onwards: count 1000 + i, value 10^6 × (1000 + i)
    // stored as floats; row 151 (i = 149) holds the text "n/a" for its count; row 31's value
    // is a formula saved without computing it (result 0).
    for i in 0..160u32 {
        let r = i + 1;
        ws.write_string(r, 0, "380").unwrap();
        ws.write_string(r, 1, format!("{}-{:02}", 2010 + i / 12, i % 12 + 1))
            .unwrap();
        ws.write_string(r, 2, "mobile").unwrap();
        if i == 149 {
            ws.write_string(r, 3, "n/a").unwrap();
        } else {
            ws.write_number(r, 3, f64::from(1000 + i)).unwrap();
        }
        if i == 30 {
            ws.write_formula(r, 4, "=D32*1000000").unwrap();
        } else {
            ws.write_number(r, 4, 1e6 * f64::from(1000 + i)).unwrap();
        }
    }
    book.save(&path).unwrap();
    let opts = ReadOptions {
        keep_going: true,
        ..Default::default()
    };
    let read = read_paths(&[path], &opts).unwrap();
    let l = &read.ledger;
    let nan = entries(l, "not_a_number");
    assert_eq!(nan.len(), 1);
    assert_eq!((nan[0].row, nan[0].value.as_str()), (Some(151), "n/a"));
    let zero = entries(l, "formula_zero");
    assert_eq!(zero.len(), 1);
    assert_eq!(zero[0].row, Some(32));
    assert!(
        zero[0]
            .message
            .get(cashless::lang::Lang::En)
            .contains("=D32*1000000"),
        "{}",
        zero[0].message
    );
    assert_eq!((l.rows_read, l.rows_kept, l.rows_rejected), (160, 159, 1));
    let count = read.data.column("count").unwrap();
    assert_eq!(count.dtype(), &DataType::Int64);
    // Σ(1000 + i) for i in 0..160 minus i = 149: 160 000 + 12 720 − 1 149.
    assert_eq!(count.i64().unwrap().sum(), Some(171_571));
}

/// The sample written out as a bank would (Vietnamese headers and numbers, district names) and
/// read back: the same table to the đồng, and a clean ledger.
#[test]
fn the_sample_round_trips_through_a_vietnamese_csv() {
    let tx = cashless::sample_data().unwrap();
    let regions = cashless::sample::sample_regions();
    let mut text =
        String::from("Ngân hàng;Đơn vị;Kỳ báo cáo;Kênh;Số lượng (món);Giá trị (nghìn đồng)\n");
    let s = |c: &str| tx.column(c).unwrap().cast(&DataType::String).unwrap();
    let (bank, region, period, channel) = (s("bank"), s("region_code"), s("period"), s("channel"));
    let (count, value) = (
        tx.column("count").unwrap().i64().unwrap(),
        tx.column("value").unwrap().i64().unwrap(),
    );
    let dotted = |n: i64| {
        let d = n.to_string();
        let mut out = String::new();
        for (i, ch) in d.chars().enumerate() {
            if i > 0 && (d.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(ch);
        }
        out
    };
    for i in 0..tx.height() {
        let code = region.str().unwrap().get(i).unwrap();
        let p = period.str().unwrap().get(i).unwrap();
        let v = value.get(i).unwrap();
        // Value in nghìn đồng with a decimal comma: 1 234 567 đồng is "1.234,567".
        let value_text = format!("{},{:03}", dotted(v / 1000), v % 1000);
        text.push_str(&format!(
            "{};{};T{}/{};{};{};{}\n",
            bank.str().unwrap().get(i).unwrap(),
            regions.get(code).unwrap().name,
            p[5..7].trim_start_matches('0'),
            &p[..4],
            channel.str().unwrap().get(i).unwrap(),
            dotted(count.get(i).unwrap()),
            value_text
        ));
    }
    let path = dir("sample").join("sample.csv");
    std::fs::write(&path, text).unwrap();
    let read = read_paths(&[path], &regions_options()).unwrap();
    assert!(
        read.ledger.is_clean(),
        "{}",
        read.ledger
            .entries
            .iter()
            .take(5)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(read.ledger.rows_kept, tx.height());
    let canon = cashless::canonical(&read.data, "read").unwrap();
    let sorted = |df: &DataFrame| {
        df.sort(
            ["region_code", "bank", "channel", "period"],
            Default::default(),
        )
        .unwrap()
        .select(["region_code", "period", "channel", "count", "value", "bank"])
        .unwrap()
    };
    assert!(sorted(&canon).equals(&sorted(&tx)));
}

/// A Parquet file reads like the DataFrame it was written from, row numbers being the index.
#[test]
fn a_parquet_file_reads_like_its_dataframe() {
    let tx = cashless::sample_data().unwrap().head(Some(500));
    let path = dir("parquet").join("tx.parquet");
    let mut out = tx.clone();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut out)
        .unwrap();
    let from_file = read_paths(std::slice::from_ref(&path), &ReadOptions::default()).unwrap();
    let from_frame =
        cashless::ingest::read_frame(&tx, &path.display().to_string(), &ReadOptions::default())
            .unwrap();
    assert!(from_file.data.equals_missing(&from_frame.data));
    assert_eq!(from_file.ledger.rows_kept, 500);
    // Every canonical column comes through, region_map included.
    let canon = cashless::canonical(&from_file.data, "read").unwrap();
    assert!(canon.equals(&cashless::canonical(&tx, "tx").unwrap()));
    let rows = from_file.data.column("source_row").unwrap().i64().unwrap();
    assert_eq!((rows.get(0), rows.get(499)), (Some(0), Some(499)));
}
