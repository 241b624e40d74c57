//! The dictionary path against the engine's on the same records: the same table, the same
//! ledger, and the engine whenever a record is not plainly good.
use polars::prelude::*;
// polars' unit, not Parquet's (both are in scope through the globs).
use polars::prelude::TimeUnit;

use super::*;
use crate::transactions::{aggregate_transactions, inputs, Aggregated, Source};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cashless-codes-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `df` in Parquet files of `per_file` records, row groups of 3 records.
fn write(d: &std::path::Path, df: &DataFrame, per_file: usize) -> Vec<PathBuf> {
    (0..df.height().div_ceil(per_file))
        .map(|i| {
            let path = d.join(format!("part-{i}.parquet"));
            let mut part = df.slice((i * per_file) as i64, per_file);
            ParquetWriter::new(std::fs::File::create(&path).unwrap())
                .with_row_group_size(Some(3))
                .finish(&mut part)
                .unwrap();
            path
        })
        .collect()
}

/// Naive timestamps (µs) of `"YYYY-MM-DD HH:MM:SS"` texts.
fn micros(texts: &[&str]) -> Column {
    let ticks: Vec<i64> = texts
        .iter()
        .map(|t| {
            let n = |r: std::ops::Range<usize>| t[r].parse::<i64>().unwrap();
            let day =
                crate::calendar::days_from_civil(n(0..4) as i32, n(5..7) as u32, n(8..10) as u32);
            let seconds = ((i64::from(day) * 24 + n(11..13)) * 60 + n(14..16)) * 60 + n(17..19);
            seconds * 1_000_000
        })
        .collect();
    Int64Chunked::from_vec("timestamp".into(), ticks)
        .into_datetime(TimeUnit::Microseconds, None)
        .into_column()
}

fn records(time: Column) -> DataFrame {
    let n = time.len();
    let labels = [
        "Mobile banking",
        "mobile",
        "QR code",
        "pos",
        "Internet Banking",
    ];
    DataFrame::new_infer_height(vec![
        time,
        Column::new(
            "channel".into(),
            (0..n).map(|i| labels[i % labels.len()]).collect::<Vec<_>>(),
        ),
        Column::new(
            "amount".into(),
            (0..n).map(|i| 1_000 * i as i64).collect::<Vec<_>>(),
        ),
        Column::new(
            "region_code".into(),
            (0..n)
                .map(|i| ["380", "381"][i / 4 % 2])
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "bank".into(),
            (0..n)
                .map(|i| ["NH01", "NH02", "NH03"][i % 3])
                .collect::<Vec<_>>(),
        ),
    ])
    .unwrap()
}

/// Whether the files are read from their codes, and the aggregation of the files and of
/// the same records as a table (the engine's checks, always).
fn both(
    paths: &[PathBuf],
    df: DataFrame,
    o: &TransactionOptions,
) -> (bool, Aggregated, Aggregated) {
    let source = Source::Files(paths.to_vec());
    let found = inputs(&source, o).unwrap();
    let coded = grouped(paths, &found[0].columns, o).unwrap().is_some();
    let files = aggregate_transactions(&source, o).unwrap();
    let table = aggregate_transactions(&Source::Frame(df), o).unwrap();
    (coded, files, table)
}

/// The table's periods, as days since 1970.
fn periods(a: &Aggregated) -> Vec<Option<i32>> {
    let period = a.table.column("period").unwrap().date().unwrap();
    period.physical().iter().collect()
}

fn counts(a: &Aggregated) -> (usize, usize, usize, usize) {
    let l = &a.ledger;
    (l.rows_read, l.rows_kept, l.rows_rejected, l.records)
}

#[test]
fn plainly_good_files_are_summed_from_their_codes_as_the_engine_sums_them() {
    let d = dir("good");
    let times: Vec<String> = (0..40)
        .map(|i| format!("2024-{:02}-{:02} 23:30:00", 1 + i % 3, 1 + i % 28))
        .collect();
    let times: Vec<&str> = times.iter().map(String::as_str).collect();
    let df = records(micros(&times));
    let paths = write(&d, &df, 16);
    let (coded, files, table) = both(&paths, df, &TransactionOptions::default());
    assert!(coded, "the files should have been read from their codes");
    assert!(files.table.equals(&table.table));
    assert_eq!(counts(&files), counts(&table));
    assert_eq!(counts(&files), (40, 40, 0, files.table.height()));
    // A glob of the same files reads them all.
    let glob = [d.join("part-*.parquet")];
    let (coded, globbed, _) = both(&glob, records(micros(&times)), &Default::default());
    assert!(coded && globbed.table.equals(&table.table));
}

#[test]
fn instants_and_dates_are_taken_in_vietnam_time() {
    let d = dir("zones");
    // 20:30 UTC on 31 January is 03:30 on 1 February in Vietnam (UTC+7).
    let utc = micros(&["2024-01-31 20:30:00", "2024-01-15 10:00:00"])
        .cast(&DataType::Datetime(
            TimeUnit::Milliseconds,
            Some(TimeZone::UTC),
        ))
        .unwrap();
    let df = records(utc);
    let paths = write(&d, &df, 2);
    let (coded, files, table) = both(&paths, df, &Default::default());
    assert!(coded);
    assert!(files.table.equals(&table.table));
    // 2024-01-01 and 2024-02-01 as days since 1970, each month once.
    assert_eq!(periods(&files), [Some(19_723), Some(19_754)]);
    // A naive time is Vietnam's unless `utc` says it is UTC.
    let d = dir("naive");
    let df = records(micros(&["2024-01-31 20:30:00", "2024-01-15 10:00:00"]));
    let paths = write(&d, &df, 2);
    let o = TransactionOptions {
        utc: true,
        ..Default::default()
    };
    let (coded, files, table) = both(&paths, df, &o);
    assert!(coded && files.table.equals(&table.table));
    assert_eq!(periods(&files)[1], Some(19_754));
    // Dates as they are.
    let d = dir("dates");
    let dates = micros(&["2024-03-31 00:00:00", "2024-04-01 00:00:00"])
        .cast(&DataType::Date)
        .unwrap();
    let df = records(dates);
    let paths = write(&d, &df, 2);
    let (coded, files, table) = both(&paths, df, &Default::default());
    assert!(coded && files.table.equals(&table.table));
}

#[test]
fn a_record_not_plainly_good_sends_the_files_to_the_engine() {
    let o = TransactionOptions {
        keep_going: true,
        ..Default::default()
    };
    let good = || records(micros(&["2024-01-02 08:00:00"; 6]));
    let negative = {
        let mut df = good();
        df.replace(
            "amount",
            Column::new("amount".into(), [5i64, 6, -7, 8, 9, 10]),
        )
        .unwrap();
        df
    };
    let no_time = {
        let mut df = good();
        let t = Column::new(
            "timestamp".into(),
            [Some(1i64), None, Some(3), Some(4), Some(5), Some(6)],
        )
        .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
        .unwrap();
        df.replace("timestamp", t).unwrap();
        df
    };
    let empty_region = {
        let mut df = good();
        df.replace(
            "region_code",
            Column::new("region_code".into(), ["38", "38", "38", "", "38", "38"]),
        )
        .unwrap();
        df
    };
    let float_amount = {
        let mut df = good();
        df.replace(
            "amount",
            Column::new("amount".into(), [1.0, 2.0, 3.0, 4.0, 5.0, 6.5]),
        )
        .unwrap();
        df
    };
    for (name, df, check) in [
        ("negative", negative, "negative"),
        ("no-time", no_time, "bad_time"),
        ("empty-region", empty_region, "missing_region"),
        ("float", float_amount, "fractional"),
    ] {
        let d = dir(name);
        let paths = write(&d, &df, 4);
        let (coded, files, table) = both(&paths, df, &o);
        assert!(!coded, "{name}: the engine must read these files");
        assert!(files.table.equals(&table.table), "{name}");
        assert_eq!(counts(&files), counts(&table), "{name}");
        assert_eq!(files.ledger.rows_rejected, 1, "{name}");
        let rejected = files
            .rejected
            .column("check")
            .unwrap()
            .str()
            .unwrap()
            .get(0);
        assert_eq!(rejected, Some(check), "{name}");
    }
}

#[test]
fn an_unknown_label_read_from_codes_is_rejected_as_the_engine_rejects_it() {
    let d = dir("label");
    let mut df = records(micros(&["2024-01-02 08:00:00"; 6]));
    df.replace(
        "channel",
        Column::new("channel".into(), ["pos", "pos", "fax", "pos", "qr", "qr"]),
    )
    .unwrap();
    let paths = write(&d, &df, 6);
    let o = TransactionOptions {
        keep_going: true,
        ..Default::default()
    };
    let (coded, files, table) = both(&paths, df, &o);
    // Labels are judged after the grouping, on both paths alike.
    assert!(coded);
    assert!(files.table.equals(&table.table));
    assert_eq!(counts(&files), (6, 5, 1, files.table.height()));
    assert_eq!(counts(&files), counts(&table));
    let r = &files.rejected;
    assert_eq!(
        r.column("check").unwrap().str().unwrap().get(0),
        Some("unknown_channel")
    );
    assert_eq!(
        r.column("value").unwrap().str().unwrap().get(0),
        Some("fax")
    );
    // Row 2 of the file, 0-based, as the engine's rejection list places it.
    assert_eq!(
        r.column("row")
            .unwrap()
            .cast(&DataType::Int64)
            .unwrap()
            .i64()
            .unwrap()
            .get(0),
        Some(2)
    );
}

#[test]
fn an_int64_column_polars_reads_as_a_duration_is_no_amount_here_either() {
    let d = dir("duration");
    let mut df = records(micros(&["2024-01-02 08:00:00"; 4]));
    let amount = df
        .column("amount")
        .unwrap()
        .cast(&DataType::Duration(TimeUnit::Milliseconds))
        .unwrap();
    df.replace("amount", amount).unwrap();
    let paths = write(&d, &df, 4);
    let o = TransactionOptions::default();
    // Stored as plain 64-bit integers, read by polars as a duration (the file's Arrow schema):
    // the engine refuses the column by its type, and the codes do not sum it either.
    let columns = crate::transactions::input::Columns {
        time: "timestamp".into(),
        channel: "channel".into(),
        amount: "amount".into(),
        region: "region_code".into(),
        bank: Some("bank".into()),
        side: None,
    };
    assert!(grouped(&paths, &columns, &o).unwrap().is_none());
    assert!(aggregate_transactions(&Source::Files(paths), &o).is_err());
}
