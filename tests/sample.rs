//! The built-in synthetic sample: deterministic, complete, and shaped like the published rates.

mod common;

use cashless::{annual, average_growth, rollup, sample, AggregateOptions, Level, Method};
use common::*;
use polars::prelude::*;

#[test]
fn sample_is_deterministic_and_complete() {
    let a = sample::sample_data().unwrap();
    let b = sample::sample_data().unwrap();
    assert!(a.equals(&b));
    // 27 districts, December 2019 – October 2025 = 71 months, 6 channels, 4–10 banks each.
    let units = a.column("region_code").unwrap().n_unique().unwrap();
    assert_eq!(units, 27);
    let months = a.column("period").unwrap().n_unique().unwrap();
    assert_eq!(months, 71);
    let banks = a.column("bank").unwrap().n_unique().unwrap();
    assert_eq!(banks, 10);
    // Passes the canonical checks (no duplicate keys, no negatives).
    cashless::canonical(&a, "sample").unwrap();
}

#[test]
fn all_is_at_least_its_additive_channels() {
    let tx = sample::sample_data().unwrap();
    let opts = AggregateOptions {
        derive_all: false,
        ..Default::default()
    };
    let years = annual(&tx, &opts).unwrap();
    let pivot = |ch: &str| i64s(&only(&years, "channel", ch), "count");
    let all = pivot("all");
    let parts: Vec<i64> = (0..all.len())
        .map(|i| {
            pivot("internet")[i].unwrap() + pivot("mobile")[i].unwrap() + pivot("pos")[i].unwrap()
        })
        .collect();
    for (a, p) in all.iter().zip(parts) {
        assert!(a.unwrap() >= p);
    }
}

fn province_averages() -> DataFrame {
    let tx = sample::sample_data().unwrap();
    let province = rollup(&tx, &sample::sample_regions(), Level::Province).unwrap();
    let years = annual(&province, &AggregateOptions::default()).unwrap();
    average_growth(&years, 2021, 2025, Method::Geometric).unwrap()
}

#[test]
fn province_averages_follow_the_published_ordering() {
    let avg = only(&province_averages(), "metric", "count");
    let g = |ch: &str| f64s(&only(&avg, "channel", ch), "avg_growth")[0].unwrap();
    // 2025 has 10 months: the stage average runs over 2021–2024, n = 4, and says so.
    let mobile = only(&avg, "channel", "mobile");
    assert_eq!(i64s(&mobile, "years"), vec![Some(4)]);
    assert!(strs(&mobile, "note")[0]
        .as_deref()
        .unwrap()
        .contains("2025 is partial (10 of 12 months)"));
    // SBV 2021–2025: QR 106 %, mobile 73 %, internet 61 %, cards 14 %; ATM shrinking.
    assert!(
        g("qr") > g("mobile"),
        "qr {} mobile {}",
        g("qr"),
        g("mobile")
    );
    assert!(g("mobile") > g("internet"));
    assert!(g("internet") > g("pos"));
    assert!(g("pos") > 0.0);
    assert!(g("atm") < 0.0);
}

#[test]
fn mountain_districts_lag() {
    let tx = sample::sample_data().unwrap();
    let years = annual(&tx, &AggregateOptions::default()).unwrap();
    let avg = average_growth(&years, 2021, 2024, Method::Geometric).unwrap();
    let mobile = only(&only(&avg, "metric", "count"), "channel", "mobile");
    let of = |code: &str| f64s(&only(&mobile, "region_code", code), "avg_growth")[0].unwrap();
    // Thanh Hóa city against Mường Lát.
    assert!(
        of("380") > of("384") + 0.2,
        "city {} Mường Lát {}",
        of("380"),
        of("384")
    );
}
