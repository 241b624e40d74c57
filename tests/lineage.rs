//! The rows behind a figure add up to the figure: for a district, for the province it rolls up
//! to, for a derived `all`, and across the two years of a growth rate.

use cashless::ingest::lineage::{explain, ExplainOptions, Figure};
use cashless::ingest::{read_frame, ReadOptions};
use cashless::{annual, rollup, AggregateOptions, Channel, Level};
use polars::prelude::*;

fn thanh_hoa() -> AggregateOptions {
    AggregateOptions {
        year_start: "12-01".parse().unwrap(),
        ..Default::default()
    }
}

fn figure(years: &DataFrame, region: &str, channel: &str, year: i32) -> (i64, i64) {
    let row = years
        .clone()
        .lazy()
        .filter(
            col("region_code")
                .eq(lit(region))
                .and(col("channel").eq(lit(channel)))
                .and(col("year").eq(lit(year))),
        )
        .collect()
        .unwrap();
    assert_eq!(row.height(), 1, "{region} {channel} {year}");
    let get = |c: &str| row.column(c).unwrap().i64().unwrap().get(0).unwrap();
    (get("count"), get("value"))
}

/// How many input rows a figure has, counted on the input itself.
fn rows_of(tx: &DataFrame, region: Option<&str>, channel: &str, from: &str, to: &str) -> usize {
    let period = col("period").cast(DataType::String);
    let mut keep = col("channel")
        .eq(lit(channel))
        .and(period.clone().gt_eq(lit(from)))
        .and(period.lt_eq(lit(to)));
    if let Some(r) = region {
        keep = keep.and(col("region_code").eq(lit(r)));
    }
    tx.clone().lazy().filter(keep).collect().unwrap().height()
}

fn sums(rows: &DataFrame) -> (i64, i64) {
    let get = |c: &str| rows.column(c).unwrap().i64().unwrap().sum().unwrap();
    (get("count"), get("value"))
}

#[test]
fn explained_rows_add_up_to_the_figure() {
    let tx = cashless::sample_data().unwrap();
    let read = read_frame(&tx, "sample", &ReadOptions::default()).unwrap();
    let regions = cashless::sample::sample_regions();
    let mut opts = ExplainOptions {
        year_start: "12-01".parse().unwrap(),
        ..Default::default()
    };

    // A district's mobile payments in reporting year 2023 (December 2022 – November 2023):
    // each bank's rows of those twelve months.
    let district = annual(&read.data, &thanh_hoa()).unwrap();
    let rows = explain(
        &read.data,
        &Figure::new("395", Channel::Mobile, 2023, 2023),
        &opts,
    )
    .unwrap();
    assert_eq!(
        rows.height(),
        rows_of(&tx, Some("395"), "mobile", "2022-12-01", "2023-11-01")
    );
    assert_eq!(sums(&rows), figure(&district, "395", "mobile", 2023));
    let first = rows
        .column("period")
        .unwrap()
        .cast(&DataType::String)
        .unwrap();
    assert_eq!(first.str().unwrap().get(0), Some("2022-12-01"));
    // Every row names its place in the input: here the DataFrame's index.
    let i = rows
        .column("source_row")
        .unwrap()
        .i64()
        .unwrap()
        .get(0)
        .unwrap() as usize;
    assert_eq!(
        tx.column("region_code").unwrap().str().unwrap().get(i),
        Some("395")
    );

    // The province: its 27 districts' rows.
    opts.regions = Some(regions.clone());
    let province = annual(
        &rollup(&read.data, &regions, Level::Province).unwrap(),
        &thanh_hoa(),
    )
    .unwrap();
    let rows = explain(
        &read.data,
        &Figure::new("38", Channel::All, 2021, 2021),
        &opts,
    )
    .unwrap();
    assert_eq!(
        rows.height(),
        rows_of(&tx, None, "all", "2020-12-01", "2021-11-01")
    );
    assert_eq!(sums(&rows), figure(&province, "38", "all", 2021));

    // Growth 2024 over 2023: the rows of both years, each with its year.
    let rows = explain(
        &read.data,
        &Figure::new("38", Channel::Qr, 2023, 2024),
        &opts,
    )
    .unwrap();
    let in_year = |y: i32| {
        rows.clone()
            .lazy()
            .filter(col("year").eq(lit(y)))
            .collect()
            .unwrap()
    };
    assert_eq!(sums(&in_year(2023)), figure(&province, "38", "qr", 2023));
    assert_eq!(sums(&in_year(2024)), figure(&province, "38", "qr", 2024));
}

#[test]
fn a_derived_all_is_explained_by_its_additive_channels() {
    let tx = cashless::sample_data().unwrap();
    let no_all = tx
        .lazy()
        .filter(col("channel").neq(lit("all")))
        .collect()
        .unwrap();
    let read = read_frame(&no_all, "sample", &ReadOptions::default()).unwrap();
    let years = annual(&read.data, &thanh_hoa()).unwrap();
    let opts = ExplainOptions {
        year_start: "12-01".parse().unwrap(),
        ..Default::default()
    };
    let rows = explain(
        &read.data,
        &Figure::new("380", Channel::All, 2022, 2022),
        &opts,
    )
    .unwrap();
    let channels = rows
        .column("channel")
        .unwrap()
        .unique()
        .unwrap()
        .sort(Default::default())
        .unwrap();
    // internet, mobile and pos are additive; qr (inside mobile) and atm are not.
    assert_eq!(
        channels.str().unwrap().iter().collect::<Vec<_>>(),
        [Some("internet"), Some("mobile"), Some("pos")]
    );
    assert_eq!(sums(&rows), figure(&years, "380", "all", 2022));
}

#[test]
fn explain_needs_the_data_of_a_read() {
    let tx = cashless::sample_data().unwrap();
    let e = explain(
        &tx,
        &Figure::new("380", Channel::All, 2022, 2022),
        &ExplainOptions::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("no `source` column"), "{e}");
}
