//! Helpers shared by the integration tests: small tables written out by hand.
#![allow(dead_code)]

use polars::prelude::*;

/// An annual table for one region and channel, full years, from (year, count, value).
pub fn annual_series(channel: &str, rows: &[(i32, i64, i64)]) -> DataFrame {
    annual_with_months(
        channel,
        &rows.iter().map(|r| (r.0, r.1, r.2, 12)).collect::<Vec<_>>(),
    )
}

/// Like [`annual_series`], with the months present in each year.
pub fn annual_with_months(channel: &str, rows: &[(i32, i64, i64, i32)]) -> DataFrame {
    df!(
        "region_code" => vec!["38"; rows.len()],
        "channel" => vec![channel; rows.len()],
        "year" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "count" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "months" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
    )
    .unwrap()
}

/// A monthly table from (region, "YYYY-MM", channel, count, value).
pub fn monthly(rows: &[(&str, &str, &str, i64, i64)]) -> DataFrame {
    df!(
        "region_code" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "period" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "channel" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "count" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
    )
    .unwrap()
}

pub fn f64s(df: &DataFrame, column: &str) -> Vec<Option<f64>> {
    df.column(column).unwrap().f64().unwrap().iter().collect()
}

pub fn i64s(df: &DataFrame, column: &str) -> Vec<Option<i64>> {
    df.column(column)
        .unwrap()
        .cast(&DataType::Int64)
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect()
}

pub fn strs(df: &DataFrame, column: &str) -> Vec<Option<String>> {
    df.column(column)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.map(str::to_string))
        .collect()
}

pub fn only(df: &DataFrame, column: &str, value: &str) -> DataFrame {
    df.clone()
        .lazy()
        .filter(col(column).eq(lit(value)))
        .collect()
        .unwrap()
}
