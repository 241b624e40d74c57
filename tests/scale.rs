//! Transaction-level input and partial aggregates: hand-counted records in, the canonical
//! monthly table out; bad records in the ledger and the rejection list; merge's refusal to
//! double count.

use std::path::PathBuf;

use cashless::ingest::ledger::Severity;
use cashless::transactions::{aggregate_transactions, Aggregated, Source, TransactionOptions};
use cashless::{merge, Error};
use polars::prelude::*;

fn strs(df: &DataFrame, name: &str) -> Vec<String> {
    let Ok(c) = df.column(name) else {
        return vec![String::new(); df.height()];
    };
    let c = c.cast(&DataType::String).unwrap();
    c.str()
        .unwrap()
        .iter()
        .map(|s| s.unwrap_or("").to_string())
        .collect()
}

fn ints(df: &DataFrame, name: &str) -> Vec<i64> {
    df.column(name)
        .unwrap()
        .i64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

/// Ten records by hand: two districts, January and February 2024, three labels of two channels.
fn records() -> DataFrame {
    df!(
        "timestamp" => [
            "2024-01-02 08:00:00", "2024-01-15 12:30:00", "2024-01-31 23:59:59",
            "2024-01-31 20:00:00", "2024-02-01 00:00:00", "2024-02-10 10:10:10",
            "2024-01-05 09:00:00", "2024-01-06 09:00:00", "2024-02-07 09:00:00",
            "2024-02-08 09:00:00",
        ],
        "channel" => [
            "Mobile banking", "mobile", "QR code", "Điện thoại di động", "mobile", "qr",
            "POS", "pos", "POS/mPOS", "Mobile Banking",
        ],
        "amount" => [100i64, 200, 50, 400, 1_000, 70, 5, 6, 7, 8],
        "region_code" => ["380", "380", "380", "380", "380", "380", "381", "381", "381", "381"],
        "bank" => ["A", "A", "A", "B", "A", "A", "A", "A", "A", "A"],
    )
    .unwrap()
}

fn aggregate(df: DataFrame, o: &TransactionOptions) -> Aggregated {
    aggregate_transactions(&Source::Frame(df), o).unwrap()
}

fn rows(out: &Aggregated) -> Vec<String> {
    let t = &out.table;
    let (r, p, c, b) = (
        strs(t, "region_code"),
        strs(t, "period"),
        strs(t, "channel"),
        strs(t, "bank"),
    );
    let (n, v) = (ints(t, "count"), ints(t, "value"));
    (0..t.height())
        .map(|i| format!("{} {} {} {} {} {}", r[i], p[i], c[i], b[i], n[i], v[i]))
        .collect()
}

#[test]
fn records_become_the_monthly_table_counted_by_hand() {
    let out = aggregate(records(), &TransactionOptions::default());
    // Counted by hand from `records()`: the three mobile labels are one channel.
    assert_eq!(
        rows(&out),
        [
            "380 2024-01-01 mobile A 2 300",
            "380 2024-01-01 mobile B 1 400",
            "380 2024-01-01 qr A 1 50",
            "380 2024-02-01 mobile A 1 1000",
            "380 2024-02-01 qr A 1 70",
            "381 2024-01-01 pos A 2 11",
            "381 2024-02-01 mobile A 1 8",
            "381 2024-02-01 pos A 1 7",
        ]
    );
    let l = &out.ledger;
    assert_eq!(
        (l.rows_read, l.rows_kept, l.rows_rejected, l.rows_skipped),
        (10, 10, 0, 0)
    );
    assert_eq!(l.records, 8);
    assert!(l.entries.is_empty() && out.rejected.height() == 0);
    // The table is canonical: the rest of the library takes it as it is.
    let years = cashless::annual(&out.table, &Default::default()).unwrap();
    assert!(years.height() > 0);
}

#[test]
fn records_in_many_batches_and_workers_sum_to_the_hand_count_times_the_copies() {
    // 50,000 copies of the ten records: the engine hands them over in several batches,
    // which the workers group apart and merge.
    let copies = 50_000u32;
    let index = IdxCa::from_vec("".into(), (0..10 * copies).map(|i| i % 10).collect());
    let many = records().take(&index).unwrap();
    let out = aggregate(many, &TransactionOptions::default());
    let n = copies as i64;
    let expected: Vec<String> = [
        ("380 2024-01-01 mobile A", 2, 300),
        ("380 2024-01-01 mobile B", 1, 400),
        ("380 2024-01-01 qr A", 1, 50),
        ("380 2024-02-01 mobile A", 1, 1000),
        ("380 2024-02-01 qr A", 1, 70),
        ("381 2024-01-01 pos A", 2, 11),
        ("381 2024-02-01 mobile A", 1, 8),
        ("381 2024-02-01 pos A", 1, 7),
    ]
    .iter()
    .map(|(key, count, value)| format!("{key} {} {}", count * n, value * n))
    .collect();
    assert_eq!(rows(&out), expected);
    assert_eq!(out.ledger.rows_read, 500_000);
}

#[test]
fn utc_timestamps_are_moved_to_vietnam_time_before_the_month_is_taken() {
    let o = TransactionOptions {
        utc: true,
        ..Default::default()
    };
    let out = aggregate(records(), &o);
    // 2024-01-31 20:00 UTC is 03:00 on 1 February in Hà Nội; 23:59:59 likewise. The others
    // stay in their month (2024-02-01 00:00 UTC is 07:00 the same day).
    let feb_380: Vec<String> = rows(&out)
        .into_iter()
        .filter(|r| r.starts_with("380 2024-02"))
        .collect();
    assert_eq!(
        feb_380,
        [
            "380 2024-02-01 mobile A 1 1000",
            "380 2024-02-01 mobile B 1 400",
            "380 2024-02-01 qr A 2 120"
        ]
    );
}

fn with_bad_records() -> DataFrame {
    df!(
        "date" => [Some("2024-03-01"), None, Some("March"), Some("2024-03-02"), Some("2024-03-03"),
                   Some("2024-03-04"), Some("2024-03-05"), Some("2024-03-06"), Some("2024-03-07")],
        "channel" => [Some("qr"), Some("qr"), Some("qr"), Some("qr"), Some("fax"), None, Some("qr"),
                      Some("all"), Some("qr")],
        "amount" => [Some("10"), Some("10"), Some("10"), Some("-3"), Some("10"), Some("10"),
                     Some("12a"), Some("10"), Some("2.5")],
        "region_code" => [Some("380"), Some("380"), Some("380"), Some("380"), Some("380"),
                          Some("380"), Some("380"), Some("380"), None],
    )
    .unwrap()
}

#[test]
fn bad_records_are_counted_listed_and_stop_the_call_unless_asked() {
    let err = aggregate_transactions(&Source::Frame(with_bad_records()), &Default::default())
        .unwrap_err();
    let Error::Rejected(ledger) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        (ledger.rows_read, ledger.rows_kept, ledger.rows_rejected),
        (9, 1, 8)
    );
    let message = err.to_string();
    assert!(
        message.contains("DataFrame, row 2, column `date`, value \"March\""),
        "{message}"
    );
    assert!(message.contains("and 8 more"), "{message}");

    let o = TransactionOptions {
        keep_going: true,
        ..Default::default()
    };
    let out = aggregate(with_bad_records(), &o);
    assert_eq!(rows(&out), ["380 2024-03-01 qr  1 10"]);
    // Every rejected record, with its 0-based row in the DataFrame and its check.
    let listed: Vec<String> = strs(&out.rejected, "row")
        .iter()
        .zip(strs(&out.rejected, "check"))
        .map(|(r, c)| format!("{r} {c}"))
        .collect();
    assert_eq!(
        listed,
        [
            "1 bad_time",
            "2 bad_time",
            "3 negative",
            "4 unknown_channel",
            "5 unknown_channel",
            "6 not_a_number",
            "7 unknown_channel",
            "8 missing_region",
        ]
    );
    let summary: Vec<String> = out
        .ledger
        .entries
        .iter()
        .filter(|e| e.row.is_none())
        .map(|e| {
            format!(
                "{} {}",
                e.check,
                e.message
                    .get(cashless::lang::Lang::En)
                    .split(':')
                    .next()
                    .unwrap()
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "bad_time 2 record(s)",
            "missing_region 1 record(s)",
            "not_a_number 1 record(s)",
            "negative 1 record(s)",
            "unknown_channel 3 record(s)",
        ]
    );
    let channel = out
        .ledger
        .entries
        .iter()
        .find(|e| e.check == "unknown_channel")
        .unwrap();
    assert!(
        channel
            .message
            .get(cashless::lang::Lang::En)
            .contains("\"all\" (1), \"fax\" (1)")
            && channel
                .message
                .get(cashless::lang::Lang::En)
                .contains("empty (1)")
    );
    assert_eq!(out.ledger.count(Severity::Error), 5 + 8);
}

#[test]
fn a_fractional_amount_is_rejected_and_a_whole_float_kept() {
    let raw = df!(
        "date" => ["2024-01-01", "2024-01-02"], "channel" => ["qr", "qr"],
        "amount" => [2.5, 3.0], "region_code" => ["1", "1"],
    )
    .unwrap();
    let out = aggregate(
        raw,
        &TransactionOptions {
            keep_going: true,
            ..Default::default()
        },
    );
    assert_eq!(rows(&out), ["1 2024-01-01 qr  1 3"]);
    assert_eq!(strs(&out.rejected, "check"), ["fractional"]);
}

#[test]
fn a_side_column_must_be_narrowed_to_one_side() {
    let mut raw = records();
    let sides: Vec<&str> = (0..10)
        .map(|i| if i % 2 == 0 { "payer" } else { "merchant" })
        .collect();
    raw.with_column(Column::new("side".into(), sides)).unwrap();
    let err = aggregate_transactions(&Source::Frame(raw.clone()), &Default::default()).unwrap_err();
    assert!(
        err.to_string().contains("each payment is counted twice"),
        "{err}"
    );

    let o = TransactionOptions {
        side: Some("payer".into()),
        ..Default::default()
    };
    let out = aggregate(raw, &o);
    let l = &out.ledger;
    assert_eq!(
        (l.rows_read, l.rows_kept, l.rows_rejected, l.rows_skipped),
        (10, 5, 0, 5)
    );
    // Payer records are rows 0, 2, 4, 6, 8: amounts 100, 50, 1000, 5, 7.
    assert_eq!(
        ints(&out.table, "value").iter().sum::<i64>(),
        100 + 50 + 1_000 + 5 + 7
    );
    assert_eq!(l.entries[0].severity, Severity::Info);
    assert_eq!(out.rejected.height(), 0);
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cashless-scale-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn parquet_csv_and_glob_give_the_same_table_as_the_frame() {
    let d = dir("files");
    let expected = rows(&aggregate(records(), &Default::default()));
    let mut df = records();
    let (mut first, mut second) = (df.slice(0, 6), df.slice(6, 4));
    for (name, part) in [("a.parquet", &mut first), ("b.parquet", &mut second)] {
        let f = std::fs::File::create(d.join(name)).unwrap();
        ParquetWriter::new(f).finish(part).unwrap();
    }
    let csv = d.join("all.csv");
    CsvWriter::new(std::fs::File::create(&csv).unwrap())
        .finish(&mut df)
        .unwrap();

    let glob = Source::Files(vec![d.join("*.parquet")]);
    assert_eq!(
        rows(&aggregate_transactions(&glob, &Default::default()).unwrap()),
        expected
    );
    let two = Source::Files(vec![d.join("a.parquet"), d.join("b.parquet")]);
    assert_eq!(
        rows(&aggregate_transactions(&two, &Default::default()).unwrap()),
        expected
    );
    let csv_source = Source::Files(vec![csv.clone()]);
    assert_eq!(
        rows(&aggregate_transactions(&csv_source, &Default::default()).unwrap()),
        expected
    );
}

#[test]
fn rejected_records_in_files_are_placed_by_file_and_row() {
    let d = dir("rows");
    let mut bad = with_bad_records();
    let (mut first, mut second) = (bad.slice(0, 4), bad.slice(4, 5));
    for (name, part) in [("a.parquet", &mut first), ("b.parquet", &mut second)] {
        ParquetWriter::new(std::fs::File::create(d.join(name)).unwrap())
            .finish(part)
            .unwrap();
    }
    let csv = d.join("bad.csv");
    CsvWriter::new(std::fs::File::create(&csv).unwrap())
        .finish(&mut bad)
        .unwrap();
    let o = TransactionOptions {
        keep_going: true,
        ..Default::default()
    };

    let out = aggregate_transactions(&Source::Files(vec![d.join("*.parquet")]), &o).unwrap();
    let placed: Vec<String> = strs(&out.rejected, "source")
        .iter()
        .zip(strs(&out.rejected, "row"))
        .map(|(s, r)| format!("{} {r}", s.rsplit('/').next().unwrap()))
        .collect();
    // b.parquet holds records 4..9 of the frame, so its rows start again at 0.
    assert!(placed.contains(&"a.parquet 3".to_string()), "{placed:?}");
    assert!(
        placed.contains(&"b.parquet 0".to_string()) && placed.contains(&"b.parquet 4".to_string())
    );
    assert_eq!(placed.len(), 8);

    // In a CSV file the row is the line: the header is line 1, the first record line 2.
    let out = aggregate_transactions(&Source::Files(vec![csv]), &o).unwrap();
    let first = &strs(&out.rejected, "row")[0];
    assert_eq!(first, "3"); // record 1 (empty date) is on line 3
    assert!(strs(&out.rejected, "record")[0].contains("amount=10"));
}

#[test]
fn inputs_that_cannot_be_read_are_named() {
    let missing = aggregate_transactions(
        &Source::Files(vec!["nope/x.parquet".into()]),
        &Default::default(),
    );
    assert!(missing
        .unwrap_err()
        .to_string()
        .contains("nope/x.parquet: no such file"));
    let raw = df!("date" => ["2024-01-01"], "amount" => [1i64], "region_code" => ["1"]).unwrap();
    let err = aggregate_transactions(&Source::Frame(raw), &Default::default()).unwrap_err();
    assert!(
        err.to_string().contains("missing column `channel`"),
        "{err}"
    );
    let raw =
        df!("date" => [1i64], "channel" => ["qr"], "amount" => [1i64], "region_code" => ["1"])
            .unwrap();
    let err = aggregate_transactions(&Source::Frame(raw), &Default::default()).unwrap_err();
    assert!(
        err.to_string().contains("column `date` has type i64"),
        "{err}"
    );
}

fn part(region: &str, month: &str, count: i64) -> DataFrame {
    df!(
        "region_code" => [region], "period" => [month], "channel" => ["qr"],
        "count" => [count], "value" => [count * 1_000],
    )
    .unwrap()
}

#[test]
fn merge_sums_disjoint_parts_and_refuses_double_counting() {
    // Sharded aggregation equals the whole: split the records, aggregate each half, merge.
    let all = aggregate(records(), &Default::default());
    let df = records();
    let halves: Vec<DataFrame> = [df.slice(0, 1), df.slice(1, 9)]
        .into_iter()
        .map(|h| aggregate(h, &Default::default()).table)
        .collect();
    // Both halves hold 380 × January × mobile × A: they overlap on keys.
    let err = merge(&halves, false).unwrap_err().to_string();
    assert!(
        err.contains("part 1, row") && err.contains("part 0 row") && err.contains("disjoint"),
        "{err}"
    );
    let merged = merge(&halves, true).unwrap();
    assert_eq!(merged, all.table);

    // Different districts need no declaration.
    let side_by_side = merge(
        &[part("380", "2024-01", 1), part("381", "2024-01", 2)],
        false,
    )
    .unwrap();
    assert_eq!(strs(&side_by_side, "region_code"), ["380", "381"]);
    // Parts must agree on the keys.
    let mut with_bank = part("382", "2024-01", 1);
    with_bank
        .with_column(Column::new("bank".into(), ["A"]))
        .unwrap();
    let err = merge(&[part("380", "2024-01", 1), with_bank], true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("part 1 has [bank]"), "{err}");
    // A bad part is named.
    let negative = part("380", "2024-01", -1);
    let err = merge(&[part("381", "2024-01", 1), negative], true)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("part 1"), "{err}");
}
