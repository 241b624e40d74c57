//! Inputs that once were lost, misread or crashed the reader (the reliability issue): each is
//! built here, and the test asserts the exact figures or the exact finding. Expected figures
//! are worked out by hand in the comments.

use std::path::PathBuf;

use cashless::ingest::ledger::{Entry, Ledger, Severity};
use cashless::ingest::{read_frame, read_paths, ReadOptions};
use cashless::lang::{set_language, Lang};
use cashless::Error;
use polars::prelude::*;
use rust_xlsxwriter::{Format, Workbook};

fn dir(name: &str) -> PathBuf {
    set_language(Lang::En);
    let d = std::env::temp_dir().join(format!("cashless-rel-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn entries<'a>(ledger: &'a Ledger, check: &str) -> Vec<&'a Entry> {
    ledger.entries.iter().filter(|e| e.check == check).collect()
}

fn keep_going() -> ReadOptions {
    ReadOptions {
        keep_going: true,
        ..Default::default()
    }
}

fn ints(df: &DataFrame, column: &str) -> Vec<i64> {
    df.column(column)
        .unwrap()
        .i64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

fn texts(df: &DataFrame, column: &str) -> Vec<String> {
    let c = df.column(column).unwrap().cast(&DataType::String).unwrap();
    c.str()
        .unwrap()
        .iter()
        .map(|v| v.unwrap_or("").to_string())
        .collect()
}

const HEADER: &str = "Mã đơn vị,Kỳ báo cáo,Kênh,Số lượng (món),Giá trị (đồng)";

#[test]
fn an_unclosed_quote_rejects_its_line_and_loses_none_after_it() {
    // 50 data rows of units 1001..=1050, counts 1..=50 (value = count × 1000); line 3 (the
    // 2nd data row) opens a quote it never closes.
    let d = dir("quote");
    let mut text = format!("{HEADER}\n");
    for i in 1..=50 {
        if i == 2 {
            text.push_str("1002,T5/2023,\"Mobile banking,2,2000\n");
        } else {
            text.push_str(&format!(
                "{},T5/2023,Mobile banking,{i},{}\n",
                1000 + i,
                i * 1000
            ));
        }
    }
    let path = d.join("quote.csv");
    std::fs::write(&path, text).unwrap();
    let read = read_paths(&[path], &keep_going()).unwrap();
    let l = &read.ledger;
    assert_eq!(
        (l.rows_read, l.rows_kept, l.rows_rejected, l.rows_skipped),
        (50, 49, 1, 0)
    );
    let bad = entries(l, "unclosed_quote");
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].row, Some(3));
    assert_eq!(bad[0].value, "1002,T5/2023,\"Mobile banking,2,2000");
    // 1 + 3 + 4 + … + 50 = 1275 − 2.
    assert_eq!(ints(&read.data, "count").iter().sum::<i64>(), 1273);
}

#[test]
fn a_second_table_in_one_file_is_read_by_its_own_header() {
    // Ten rows, then the header again with one more known column (the region's name): the
    // first header is the table's, and the second table is read with its own columns.
    let d = dir("two-tables");
    let mut text = format!("{HEADER}\n");
    for m in 1..=10 {
        text.push_str(&format!("380,T{m}/2023,Mobile banking,{m},{}\n", m * 1000));
    }
    text.push_str("Tên đơn vị,Mã đơn vị,Kỳ báo cáo,Kênh,Số lượng (món),Giá trị (đồng)\n");
    text.push_str("Thọ Xuân,400,T1/2023,Mobile banking,100,200000\n");
    text.push_str("Thọ Xuân,400,T2/2023,Mobile banking,200,400000\n");
    let path = d.join("two.csv");
    std::fs::write(&path, text).unwrap();
    let read = read_paths(&[path], &ReadOptions::default()).unwrap();
    let l = &read.ledger;
    // 10 + 2: a header is not a data row, the second no more than the first.
    assert_eq!((l.rows_read, l.rows_kept, l.rows_skipped), (12, 12, 0));
    assert_eq!(entries(l, "second_table")[0].row, Some(12));
    let regions = texts(&read.data, "region_code");
    assert_eq!(regions.iter().filter(|r| *r == "400").count(), 2);
    // 1 + … + 10 + 100 + 200.
    assert_eq!(ints(&read.data, "count").iter().sum::<i64>(), 355);
}

#[test]
fn a_stray_cell_far_away_costs_one_cell() {
    // A1 and XFD5000: the declared range is 5000 × 16384 cells (2.6 GB as a dense range).
    let d = dir("stray");
    let path = d.join("stray.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "BÁO CÁO").unwrap();
    ws.write_string(4999, 16383, "x").unwrap();
    book.save(&path).unwrap();
    let grids = cashless::ingest::grid::read_xlsx(&path, None).unwrap();
    let g = &grids[0];
    assert_eq!(g.rows.len(), 5000);
    assert_eq!(g.rows[0].1.len(), 1);
    assert!(g.rows[1..4999].iter().all(|(_, c)| c.is_empty()));
    assert_eq!(
        g.rows[4999],
        (5000, {
            let mut last = vec![cashless::ingest::grid::Cell::Empty; 16383];
            last.push(cashless::ingest::grid::Cell::Text("x".into()));
            last
        })
    );
}

fn write_header(ws: &mut rust_xlsxwriter::Worksheet, headers: &[&str]) {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
}

fn long_sheet(ws: &mut rust_xlsxwriter::Worksheet, channel_header: &str, rows: u32) {
    write_header(
        ws,
        &[
            "Mã đơn vị",
            "Kỳ báo cáo",
            channel_header,
            "Số lượng (món)",
            "Giá trị (đồng)",
        ],
    );
    for r in 1..=rows {
        ws.write_string(r, 0, "380").unwrap();
        ws.write_string(
            r,
            1,
            format!("T{}/20{}", (r - 1) % 12 + 1, 10 + (r - 1) / 12),
        )
        .unwrap();
        ws.write_string(r, 2, "QR").unwrap();
        ws.write_number(r, 3, f64::from(r)).unwrap();
        ws.write_number(r, 4, f64::from(r * 1000)).unwrap();
    }
}

#[test]
fn a_data_sheet_with_an_unknown_header_is_an_error_and_a_hidden_sheet_a_warning() {
    let d = dir("sheets");
    let path = d.join("sheets.xlsx");
    let mut book = Workbook::new();
    long_sheet(book.add_worksheet().set_name("T5").unwrap(), "Kênh", 3);
    // 40 rows under "Kênh TT", which names no known field: a table of figures all the same.
    long_sheet(
        book.add_worksheet().set_name("Khác").unwrap(),
        "Kênh TT",
        40,
    );
    // An old copy, hidden: counted again if read.
    let old = book.add_worksheet().set_name("Bản cũ").unwrap();
    long_sheet(old, "Kênh", 3);
    old.set_hidden(true);
    // A very hidden one (only a macro can show it): its figures were added before.
    let very = book.add_worksheet().set_name("Ẩn").unwrap();
    long_sheet(very, "Kênh", 2);
    very.set_very_hidden(true);
    book.save(&path).unwrap();
    let read = read_paths(&[path], &keep_going()).unwrap();
    let l = &read.ledger;
    // T5: 3 kept; Khác: 40 rejected; Bản cũ: 4 non-empty rows (header + 3) and Ẩn: 3
    // skipped.
    assert_eq!(
        (l.rows_read, l.rows_kept, l.rows_rejected, l.rows_skipped),
        (50, 3, 40, 7)
    );
    let no_header = entries(l, "no_header");
    assert_eq!(no_header.len(), 1);
    assert_eq!(no_header[0].sheet.as_deref(), Some("Khác"));
    assert_eq!(no_header[0].severity, Severity::Error);
    let hidden = entries(l, "sheet_hidden");
    assert_eq!(hidden.len(), 2);
    assert_eq!(hidden[0].sheet.as_deref(), Some("Bản cũ"));
    assert_eq!(hidden[1].sheet.as_deref(), Some("Ẩn"));
    assert_eq!(hidden[0].severity, Severity::Warning);
    assert!(entries(l, "duplicate_key").is_empty());
    assert_eq!(ints(&read.data, "count"), vec![1, 2, 3]);
}

#[test]
fn a_figure_merged_over_two_rows_belongs_to_neither() {
    // "Số lượng" 100 merged over NH01's and NH02's rows: counted twice (200) if copied.
    let d = dir("merged");
    let path = d.join("merged.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    write_header(
        ws,
        &[
            "Mã đơn vị",
            "Ngân hàng",
            "Kỳ báo cáo",
            "Kênh",
            "Số lượng (món)",
            "Giá trị (đồng)",
        ],
    );
    // The district merged over its banks' rows is a label, and is copied as before.
    ws.merge_range(1, 0, 2, 0, "380", &Format::new()).unwrap();
    ws.merge_range(1, 4, 2, 4, "", &Format::new()).unwrap();
    ws.write_number(1, 4, 100.0).unwrap();
    for (r, bank) in [(1, "NH01"), (2, "NH02")] {
        ws.write_string(r, 1, bank).unwrap();
        ws.write_string(r, 2, "T5/2023").unwrap();
        ws.write_string(r, 3, "QR").unwrap();
        ws.write_number(r, 5, 5000.0).unwrap();
    }
    ws.write_string(3, 0, "381").unwrap();
    ws.write_string(3, 1, "NH01").unwrap();
    ws.write_string(3, 2, "T5/2023").unwrap();
    ws.write_string(3, 3, "QR").unwrap();
    ws.write_number(3, 4, 7.0).unwrap();
    ws.write_number(3, 5, 7000.0).unwrap();
    book.save(&path).unwrap();
    let read = read_paths(&[path], &keep_going()).unwrap();
    let merged = entries(&read.ledger, "merged_figure");
    assert_eq!(merged.len(), 2);
    assert_eq!(
        merged.iter().map(|e| e.row).collect::<Vec<_>>(),
        vec![Some(2), Some(3)]
    );
    assert_eq!(merged[0].value, "100");
    assert_eq!(ints(&read.data, "count"), vec![7]);
}

#[test]
fn a_second_key_column_and_an_option_a_column_contradicts_are_refused() {
    let d = dir("keys");
    let two = d.join("two-periods.csv");
    std::fs::write(
        &two,
        "Mã đơn vị,Kỳ báo cáo,Kỳ báo cáo,Kênh,Số lượng (món),Giá trị (đồng)\n\
         380,T5/2023,T6/2023,QR,1,1000\n",
    )
    .unwrap();
    let read = read_paths(&[two], &keep_going()).unwrap();
    let e = entries(&read.ledger, "second_key_column");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].column, "Kỳ báo cáo");
    assert_eq!(read.ledger.rows_rejected, 1);

    let banked = d.join("banked.csv");
    std::fs::write(
        &banked,
        "Mã đơn vị,Ngân hàng,Kỳ báo cáo,Kênh,Số lượng (món),Giá trị (đồng)\n\
         380,NH02,T5/2023,QR,1,1000\n",
    )
    .unwrap();
    let options = ReadOptions {
        bank: Some("NH01".into()),
        ..keep_going()
    };
    let read = read_paths(&[banked], &options).unwrap();
    let e = entries(&read.ledger, "option_and_column");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].column, "Ngân hàng");
    assert_eq!(
        e[0].message.get(cashless::lang::Lang::En),
        "the bank \"NH01\" is given for the whole file, but the file has the column \"Ngân hàng\": drop one of them"
    );
    assert_eq!(read.data.height(), 0);

    // The same for a period given while the file has its own.
    let dated = d.join("dated.csv");
    std::fs::write(
        &dated,
        "Mã đơn vị,Kỳ báo cáo,Kênh,Số lượng (món),Giá trị (đồng)\n380,T5/2023,QR,1,1000\n",
    )
    .unwrap();
    let options = ReadOptions {
        period: Some((2023, 6)),
        ..keep_going()
    };
    let read = read_paths(&[dated], &options).unwrap();
    let e = entries(&read.ledger, "option_and_column");
    assert_eq!(e[0].column, "Kỳ báo cáo");
    assert_eq!(
        e[0].message.get(cashless::lang::Lang::En),
        "the period 2023-06 is given for the whole file, but the file has the column \"Kỳ báo cáo\": drop one of them"
    );
}

#[test]
fn english_unit_headers_are_read_in_their_units() {
    // 10 thousand transactions, 2.5 million VND, 3 VND bn.
    let raw = df!(
        "region_code" => ["380"], "period" => ["2023-05"], "channel" => ["qr"],
        "Count (thousand)" => [10i64], "Value (million VND)" => [2.5f64],
    )
    .unwrap();
    let read = read_frame(&raw, "DataFrame", &ReadOptions::default()).unwrap();
    assert_eq!(ints(&read.data, "count"), vec![10_000]);
    assert_eq!(ints(&read.data, "value"), vec![2_500_000]);
    let raw = df!(
        "region_code" => ["380"], "period" => ["2023-05"], "channel" => ["qr"],
        "Count" => [10i64], "Value (VND bn)" => [3i64],
    )
    .unwrap();
    let read = read_frame(&raw, "DataFrame", &ReadOptions::default()).unwrap();
    assert_eq!(ints(&read.data, "value"), vec![3_000_000_000]);
    // A unit nobody knows is not taken to be đồng.
    let raw = df!(
        "region_code" => ["380"], "period" => ["2023-05"], "channel" => ["qr"],
        "Count" => [10i64], "Value (USD)" => [3i64],
    )
    .unwrap();
    assert!(read_frame(&raw, "DataFrame", &ReadOptions::default()).is_err());
}

#[test]
fn a_cumulative_title_is_not_booked_as_one_month() {
    let d = dir("cumulative");
    for (name, title) in [
        ("luy-ke.csv", "BÁO CÁO LŨY KẾ TỪ THÁNG 1 ĐẾN THÁNG 5/2023"),
        ("dau-nam.csv", "Số liệu 5 tháng đầu năm 2023"),
    ] {
        let path = d.join(name);
        std::fs::write(
            &path,
            format!("{title}\nMã đơn vị,Kênh,Số lượng (món),Giá trị (đồng)\n380,QR,5,5000\n381,QR,6,6000\n"),
        )
        .unwrap();
        let read = read_paths(&[path], &keep_going()).unwrap();
        let e = entries(&read.ledger, "cumulative_period");
        assert_eq!(e.len(), 1, "{title}");
        assert_eq!((e[0].row, e[0].value.as_str()), (Some(1), title));
        assert_eq!((read.ledger.rows_read, read.ledger.rows_rejected), (2, 2));
    }
}

#[test]
fn a_zoned_period_is_taken_in_vietnam_time() {
    // 2023-04-30 17:00 UTC is 2023-05-01 00:00 in Vietnam.
    let instant = 1_682_874_000_000_000i64;
    // Built as polars builds a zoned column, without its time-zone database.
    let period = Int64Chunked::new("period".into(), [instant])
        .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
        .into_series();
    let raw = DataFrame::new(
        1,
        vec![
            Column::new("region_code".into(), ["380"]),
            period.into(),
            Column::new("channel".into(), ["qr"]),
            Column::new("count".into(), [1i64]),
            Column::new("value".into(), [1000i64]),
        ],
    )
    .unwrap();
    let read = read_frame(&raw, "DataFrame", &ReadOptions::default()).unwrap();
    assert_eq!(texts(&read.data, "period"), vec!["2023-05-01"]);
}

#[test]
fn a_column_of_lists_is_left_out_not_a_crash() {
    let notes = Series::new("Ghi chú".into(), [Series::new("".into(), [1i64, 2])]);
    let raw = DataFrame::new(
        1,
        vec![
            Column::new("region_code".into(), ["380"]),
            Column::new("period".into(), ["2023-05"]),
            Column::new("channel".into(), ["qr"]),
            Column::new("count".into(), [1i64]),
            Column::new("value".into(), [1000i64]),
            notes.into(),
        ],
    )
    .unwrap();
    let read = read_frame(&raw, "DataFrame", &ReadOptions::default()).unwrap();
    assert_eq!(ints(&read.data, "count"), vec![1]);
    // The same type where a figure is needed is refused by name.
    let figures = Series::new("count".into(), [Series::new("".into(), [1i64, 2])]);
    let raw = DataFrame::new(
        1,
        vec![
            Column::new("region_code".into(), ["380"]),
            Column::new("period".into(), ["2023-05"]),
            Column::new("channel".into(), ["qr"]),
            figures.into(),
            Column::new("value".into(), [1000i64]),
        ],
    )
    .unwrap();
    match read_frame(&raw, "DataFrame", &ReadOptions::default()) {
        Err(Error::Rejected(l)) => assert_eq!(entries(&l, "not_a_number")[0].value, "[1, 2]"),
        other => panic!("expected a rejected read, got {other:?}"),
    }
}

fn canonical(region: &str, count: i64) -> DataFrame {
    df!(
        "region_code" => [region], "period" => ["2024-01"], "channel" => ["qr"],
        "count" => [count], "value" => [count],
    )
    .unwrap()
}

#[test]
fn sums_past_the_64_bit_range_are_refused_not_wrapped() {
    set_language(Lang::En);
    // 5e18 + 5e18 = 1e19 > 9.22e18: polars' sum wraps it to −8446744073709551616.
    let part = canonical("380", 5_000_000_000_000_000_000);
    let e = cashless::merge(&[part.clone(), part], true).unwrap_err();
    assert!(
        e.to_string().contains("does not fit in a 64-bit integer"),
        "{e}"
    );
    // 4e18 + 4e18 = 8e18 fits, exactly.
    let part = canonical("380", 4_000_000_000_000_000_000);
    let sum = cashless::merge(&[part.clone(), part], true).unwrap();
    assert_eq!(ints(&sum, "count"), vec![8_000_000_000_000_000_000]);

    // Same period: January and February 2025 of 5e18 each.
    let tx = df!(
        "region_code" => ["380"; 4],
        "period" => ["2024-01", "2024-02", "2025-01", "2025-02"],
        "channel" => ["qr"; 4],
        "count" => [1i64, 1, 5_000_000_000_000_000_000, 5_000_000_000_000_000_000],
        "value" => [1i64; 4],
    )
    .unwrap();
    let e = cashless::same_period_growth(&tx, 2025, 2, &Default::default()).unwrap_err();
    assert!(
        e.to_string().contains("region \"380\" up to 2025-02"),
        "{e}"
    );
}

#[test]
fn stage_averages_are_finite_or_null_with_a_note() {
    set_language(Lang::En);
    let annual = |counts: Vec<Option<i64>>| {
        let years: Vec<i32> = (2020..2020 + counts.len() as i32).collect();
        let n = years.len();
        df!(
            "region_code" => vec!["38"; n], "channel" => vec!["all"; n], "year" => years,
            "count" => counts, "value" => vec![1i64; n],
        )
        .unwrap()
    };
    let avg = |df: &DataFrame| {
        let out = cashless::average_growth(df, 2021, 2025, cashless::Method::Geometric).unwrap();
        let row = out
            .column("metric")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .position(|m| m == Some("count"))
            .unwrap();
        (
            out.column("avg_growth").unwrap().f64().unwrap().get(row),
            out.column("note")
                .unwrap()
                .str()
                .unwrap()
                .get(row)
                .map(str::to_string),
        )
    };
    // The last year negative: NaN before, now null with why.
    let (g, note) = avg(&annual(vec![
        Some(100),
        Some(110),
        Some(120),
        Some(130),
        Some(140),
        Some(-5),
    ]));
    assert_eq!(
        (g, note.as_deref()),
        (None, Some("the figure for 2025 is negative"))
    );
    // 2022 and 2023 missing: (248.832 / 100)^(1/5) − 1 = 0.2, with the gap named.
    let (g, note) = avg(&annual(vec![
        Some(100_000),
        Some(120_000),
        None,
        None,
        Some(207_360),
        Some(248_832),
    ]));
    assert!((g.unwrap() - 0.2).abs() < 1e-12);
    assert_eq!(
        note.as_deref(),
        Some("no data for 2022, 2023: the average rests on the base year and 2025 alone")
    );

    use cashless::growth::{project, required_growth_for_average, required_growth_to_level};
    assert!(required_growth_for_average(-2.0, 5, &[0.1]).is_err());
    assert!(required_growth_for_average(f64::NAN, 5, &[0.1]).is_err());
    assert!(project(100.0, -1.0, -1).is_err());
    assert!(required_growth_to_level(1e-300, 2024, 1e300, 2025).is_err());
    // And the ordinary case still holds: 100 → 144 in two years is 20 % a year.
    assert!((required_growth_to_level(100.0, 2023, 144.0, 2025).unwrap() - 0.2).abs() < 1e-12);
}

fn catalogue(stage: &str, date: &str, rules: &[&str]) -> String {
    let mut t = format!(
        "id = \"t\"\nlevel = \"province\"\nstage = {stage}\n[document]\nnumber = \"1/KH\"\ndate = \"{date}\"\nissuer = \"UBND\"\n"
    );
    for (i, r) in rules.iter().enumerate() {
        t.push_str(&format!(
            "[[targets]]\nid = \"t{i}\"\ntext_vi = \"x\"\ntext_en = \"x\"\nrule = {r}\n"
        ));
    }
    t
}

const GROWTH: &str = "{ kind = \"growth_range\", channel = \"all\", metric = \"count\", lo = 0.2 }";

#[test]
fn catalogue_values_that_cannot_be_meant_are_refused() {
    set_language(Lang::En);
    let load = |text: &str| cashless::Catalogue::from_toml(text, "t.toml", None);
    let stage = "{ start = 2021, end = 2025 }";
    assert!(load(&catalogue(stage, "2023-05-01", &[GROWTH])).is_ok());
    // 5–8 written for 5–8 %: read as 500–800 % a year before.
    let pct = "{ kind = \"growth_range\", channel = \"all\", metric = \"count\", lo = 5, hi = 8 }";
    let e = load(&catalogue(stage, "2023-05-01", &[pct])).unwrap_err();
    assert!(e.to_string().contains("write 0.05 for 5 %"), "{e}");
    let e = load(&catalogue(stage, "2023-13-45", &[GROWTH])).unwrap_err();
    assert!(
        e.to_string().contains("\"2023-13-45\" is not a real date"),
        "{e}"
    );
    assert!(load(&catalogue(stage, "2023-02-29", &[GROWTH])).is_err());
    assert!(load(&catalogue(stage, "2024-02-29", &[GROWTH])).is_ok());
    let e = load(&catalogue(
        "{ start = -2147483648, end = 2147483647 }",
        "2023-05-01",
        &[GROWTH],
    ))
    .unwrap_err();
    assert!(e.to_string().contains("outside the years 1900–2200"), "{e}");
}

#[test]
fn a_catalogue_of_twenty_thousand_targets_loads_whole() {
    let rules = vec![GROWTH; 20_000];
    let text = catalogue("{ start = 2021, end = 2025 }", "2023-05-01", &rules);
    let cat = cashless::Catalogue::from_toml(&text, "big.toml", None).unwrap();
    assert_eq!(cat.targets.len(), 20_000);
    // Target t19999 starts at line 8 + 5 × 19999.
    assert_eq!(cat.targets[19_999].id, "t19999");
}

#[test]
fn transaction_amounts_that_are_not_payments_are_refused() {
    use cashless::transactions::{aggregate_transactions, Source, TransactionOptions};
    let times = vec!["2024-01-15"; 7];
    let raw = df!(
        "timestamp" => times,
        "channel" => vec!["pos"; 7],
        "amount" => ["1.000", "inf", "NaN", "100000000000000000000", "250000", "1.000,5", "-3"],
        "region_code" => vec!["38"; 7],
    )
    .unwrap();
    let o = TransactionOptions {
        keep_going: true,
        ..Default::default()
    };
    let out = aggregate_transactions(&Source::Frame(raw), &o).unwrap();
    // Kept: "1.000" (1 000 đồng, the Vietnamese reading) and "250000": 251 000 đồng.
    assert_eq!((out.ledger.rows_kept, out.ledger.rows_rejected), (2, 5));
    assert_eq!(ints(&out.table, "value"), vec![251_000]);
    let checks = texts(&out.rejected, "check");
    assert_eq!(
        checks,
        vec![
            "not_a_number",
            "not_a_number",
            "out_of_range",
            "fractional",
            "negative"
        ]
    );

    let floats = df!(
        "timestamp" => ["2024-01-15"; 4],
        "channel" => ["pos"; 4],
        "amount" => [f64::NAN, f64::INFINITY, 1e20, 5000.0],
        "region_code" => ["38"; 4],
    )
    .unwrap();
    let out = aggregate_transactions(&Source::Frame(floats), &o).unwrap();
    assert_eq!(
        texts(&out.rejected, "check"),
        vec!["not_a_number", "out_of_range", "out_of_range"]
    );
    assert_eq!(ints(&out.table, "value"), vec![5000]);

    let unsigned = DataFrame::new(
        2,
        vec![
            Column::new("timestamp".into(), ["2024-01-15"; 2]),
            Column::new("channel".into(), ["pos"; 2]),
            Column::new("amount".into(), [(1u64 << 63) + 5, 7]),
            Column::new("region_code".into(), ["38"; 2]),
        ],
    )
    .unwrap();
    let out = aggregate_transactions(&Source::Frame(unsigned), &o).unwrap();
    assert_eq!(texts(&out.rejected, "check"), vec!["out_of_range"]);
    assert_eq!(ints(&out.table, "value"), vec![7]);

    // A side no record has leaves nothing: an error, not an info line.
    let sided = df!(
        "timestamp" => ["2024-01-15"; 2], "channel" => ["pos"; 2], "amount" => [1000i64, 2000],
        "region_code" => ["38"; 2], "side" => ["payer", "merchant"],
    )
    .unwrap();
    let bogus = TransactionOptions {
        side: Some("bogus".into()),
        ..Default::default()
    };
    match aggregate_transactions(&Source::Frame(sided), &bogus) {
        Err(Error::Rejected(l)) => assert_eq!(entries(&l, "side_not_found")[0].value, "bogus"),
        other => panic!("expected a refusal, got {other:?}"),
    }

    // The same file twice would be summed twice.
    let d = dir("twice");
    let path = d.join("tx.csv");
    std::fs::write(
        &path,
        "timestamp,channel,amount,region_code\n2024-01-15,pos,1000,38\n",
    )
    .unwrap();
    let e = aggregate_transactions(&Source::Files(vec![path.clone(), path]), &o).unwrap_err();
    assert!(
        e.to_string()
            .contains("is listed twice (positions 0 and 1)"),
        "{e}"
    );
}

#[test]
fn a_stage_whose_last_year_is_negative_is_not_evaluable_not_below() {
    set_language(Lang::En);
    // An annual table handed in whole: 2025 is negative (a netted reversal, a sign error).
    let years = df!(
        "region_code" => ["38"; 6], "channel" => ["all"; 6],
        "year" => [2020i32, 2021, 2022, 2023, 2024, 2025],
        "count" => [100i64, 110, 120, 130, 140, -5], "value" => [1i64; 6],
    )
    .unwrap();
    let cat = cashless::Catalogue::builtin("decision-1813").unwrap();
    let v = cashless::attainment(&years, None, &cat, &Default::default()).unwrap();
    let ids = texts(&v, "target_id");
    let status = texts(&v, "status");
    let i = ids.iter().position(|t| t == "growth.all.count").unwrap();
    assert_eq!(status[i], "not_evaluable");
    let actual = v.column("actual").unwrap().f64().unwrap().get(i);
    let ratio = v.column("ratio").unwrap().f64().unwrap().get(i);
    assert_eq!((actual, ratio), (None, None));
}
