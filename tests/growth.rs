//! Growth formulas (method §2) against figures worked out by hand.

mod common;

use approx::assert_relative_eq;
use cashless::growth::{
    average_growth_from_rates, required_growth_for_average, required_growth_to_level,
};
use cashless::{average_growth, growth, same_period_growth, AggregateOptions, Method};
use common::*;

#[test]
fn twenty_percent_a_year_averages_exactly_twenty_percent() {
    // 100 → 248.832 over 2020–2025 is 1.2^5: (248832 / 100000)^(1/5) − 1 = 0.2.
    let annual = annual_series(
        "all",
        &[
            (2020, 100_000, 1_000),
            (2021, 120_000, 1_100),
            (2022, 144_000, 1_210),
            (2023, 172_800, 1_331),
            (2024, 207_360, 1_464),
            (2025, 248_832, 1_611),
        ],
    );
    let avg = average_growth(&annual, 2021, 2025, Method::Geometric).unwrap();
    let count = only(&avg, "metric", "count");
    assert_relative_eq!(f64s(&count, "avg_growth")[0].unwrap(), 0.2, epsilon = 1e-12);
    assert_eq!(i64s(&count, "years"), vec![Some(5)]);
    assert_eq!(i64s(&count, "base_year"), vec![Some(2020)]);
    assert_eq!(i64s(&count, "base_level"), vec![Some(100_000)]);
    assert_eq!(i64s(&count, "end_level"), vec![Some(248_832)]);
    assert_eq!(
        strs(&count, "formula"),
        vec![Some("(X_2025 / X_2020)^(1/5) - 1".into())]
    );
    assert_eq!(strs(&count, "note"), vec![None]);
    // The arithmetic mean of five rates of 20 % is 20 % too, and says how it was taken; a
    // failed average has no formula.
    let arith = average_growth(&annual, 2021, 2025, Method::Arithmetic).unwrap();
    let arith_count = only(&arith, "metric", "count");
    assert_relative_eq!(
        f64s(&arith_count, "avg_growth")[0].unwrap(),
        0.2,
        epsilon = 1e-12
    );
    assert_eq!(
        strs(&arith_count, "formula"),
        vec![Some("mean(g_2021..g_2025)".into())]
    );
    let too_early = average_growth(&annual, 2020, 2025, Method::Geometric).unwrap();
    assert_eq!(
        strs(&only(&too_early, "metric", "count"), "formula"),
        vec![None]
    );
    // Value: (1611 / 1000)^(1/5) − 1 = 0.100026... (1.1^5 = 1.61051, rounded to 1611).
    let value = only(&avg, "metric", "value");
    assert_relative_eq!(
        f64s(&value, "avg_growth")[0].unwrap(),
        1.611f64.powf(0.2) - 1.0,
        epsilon = 1e-12
    );

    let yoy = growth(&annual, false).unwrap();
    let g = f64s(&yoy, "count_growth");
    assert_eq!(g[0], None);
    for x in &g[1..] {
        assert_relative_eq!(x.unwrap(), 0.2, epsilon = 1e-12);
    }
    assert_eq!(
        strs(&yoy, "count_note")[0].as_deref(),
        Some("no data for 2019 (first year of the series)")
    );
}

#[test]
fn a_gap_is_never_bridged() {
    // 2022 missing: pct_change would report 2023 against 2021 (two years) as one year.
    let annual = annual_series(
        "mobile",
        &[(2020, 100, 10), (2021, 150, 15), (2023, 300, 30)],
    );
    let yoy = growth(&annual, false).unwrap();
    assert_eq!(f64s(&yoy, "count_growth"), vec![None, Some(0.5), None]);
    assert_eq!(
        strs(&yoy, "count_note")[2].as_deref(),
        Some("no data for 2022: the gap is not bridged, 2023 is not compared with 2021")
    );
    // The geometric average only needs the two ends: (300/100)^(1/3) − 1.
    let avg = average_growth(&annual, 2021, 2023, Method::Geometric).unwrap();
    let count = only(&avg, "metric", "count");
    assert_relative_eq!(
        f64s(&count, "avg_growth")[0].unwrap(),
        3f64.cbrt() - 1.0,
        epsilon = 1e-12
    );
    // The arithmetic mean needs every yearly rate, and 2022's does not exist.
    let arith = average_growth(&annual, 2021, 2023, Method::Arithmetic).unwrap();
    let count = only(&arith, "metric", "count");
    assert_eq!(f64s(&count, "avg_growth"), vec![None]);
    assert!(strs(&count, "note")[0]
        .as_deref()
        .unwrap()
        .contains("no data for 2022"));
}

#[test]
fn zero_and_negative_bases_give_null_with_a_reason() {
    let annual = annual_series("qr", &[(2020, 0, -5), (2021, 40, 10), (2022, 50, 20)]);
    let yoy = growth(&annual, false).unwrap();
    assert_eq!(f64s(&yoy, "count_growth"), vec![None, None, Some(0.25)]);
    assert_eq!(f64s(&yoy, "value_growth"), vec![None, None, Some(1.0)]);
    assert_eq!(
        strs(&yoy, "count_note")[1].as_deref(),
        Some("the base (year before) is zero (2021 against 2020)")
    );
    assert_eq!(
        strs(&yoy, "value_note")[1].as_deref(),
        Some("the base (year before) is negative (2021 against 2020)")
    );
    let avg = average_growth(&annual, 2021, 2022, Method::Geometric).unwrap();
    assert_eq!(f64s(&avg, "avg_growth"), vec![None, None]);
    assert_eq!(
        strs(&avg, "note"),
        vec![
            Some("base year 2020 is zero".into()),
            Some("base year 2020 is negative".into())
        ]
    );
    for g in f64s(&yoy, "count_growth").into_iter().flatten() {
        assert!(g.is_finite());
    }
}

#[test]
fn partial_years_are_not_compared_with_full_ones() {
    let annual = annual_with_months(
        "internet",
        &[
            (2020, 100, 10, 12),
            (2021, 200, 20, 12),
            (2022, 400, 40, 12),
            (2023, 300, 30, 10),
        ],
    );
    let yoy = growth(&annual, false).unwrap();
    assert_eq!(f64s(&yoy, "count_growth")[3], None);
    assert_eq!(
        strs(&yoy, "count_note")[3].as_deref(),
        Some("partial year: 2023 has 10 of 12 months, 2022 has 12; compare the same months with same_period_growth")
    );
    // Asked for, the comparison is made, and says so.
    let forced = growth(&annual, true).unwrap();
    assert_relative_eq!(f64s(&forced, "count_growth")[3].unwrap(), -0.25);
    assert!(strs(&forced, "count_note")[3]
        .as_deref()
        .unwrap()
        .starts_with("partial years compared as asked"));

    // A stage whose last year is partial averages over the full years and states n.
    let avg = average_growth(&annual, 2021, 2023, Method::Geometric).unwrap();
    let count = only(&avg, "metric", "count");
    assert_relative_eq!(f64s(&count, "avg_growth")[0].unwrap(), 1.0, epsilon = 1e-12); // (400/100)^(1/2) − 1
    assert_eq!(i64s(&count, "years"), vec![Some(2)]);
    assert_eq!(i64s(&count, "end_year"), vec![Some(2022)]);
    assert_eq!(
        strs(&count, "note")[0].as_deref(),
        Some(
            "stage not complete: 2023 is partial (10 of 12 months); average over 2021-2022, n = 2"
        )
    );
}

#[test]
fn arithmetic_mean_is_offered_and_labelled() {
    let annual = annual_series("pos", &[(2020, 100, 1), (2021, 200, 1), (2022, 200, 1)]);
    let avg = average_growth(&annual, 2021, 2022, Method::Arithmetic).unwrap();
    let count = only(&avg, "metric", "count");
    // (+100 % + 0 %) / 2 = 50 %, where the geometric average is √2 − 1 = 41.4 %.
    assert_relative_eq!(f64s(&count, "avg_growth")[0].unwrap(), 0.5);
    assert_eq!(strs(&count, "method"), vec![Some("arithmetic".into())]);
    assert!(strs(&count, "note")[0]
        .as_deref()
        .unwrap()
        .contains("not the statistical definition"));
}

#[test]
fn average_from_published_rates() {
    // SBV full-year mobile count growth 2022–2025 (data/published/sbv_published_growth.csv):
    // 139.3 %, 61 %, 54.08 %, 36.62 %. By hand: 2.393 × 1.61 × 1.5408 × 1.3662 = 8.1101545;
    // 8.1101545^(1/4) − 1 = 0.687552.
    let rates = [1.393, 0.61, 0.5408, 0.3662];
    let g = average_growth_from_rates(&rates, Method::Geometric).unwrap();
    assert_relative_eq!(g, 0.687_552_456, epsilon = 1e-9);
    let a = average_growth_from_rates(&rates, Method::Arithmetic).unwrap();
    assert_relative_eq!(a, 0.7275, epsilon = 1e-12);
    assert!(average_growth_from_rates(&[], Method::Geometric).is_err());
    assert!(average_growth_from_rates(&[-1.5], Method::Geometric).is_err());
    assert!(average_growth_from_rates(&[f64::NAN], Method::Geometric).is_err());
}

#[test]
fn required_growth() {
    // Count target 20 %/yr over 2021–2025; 2021 and 2022 realised at 10 %:
    // (1.2^5 / 1.1^2)^(1/3) − 1 = (2.48832 / 1.21)^(1/3) − 1 = 0.271 8...
    let g = required_growth_for_average(0.2, 5, &[0.1, 0.1]).unwrap();
    assert_relative_eq!(g, (2.48832f64 / 1.21).cbrt() - 1.0, epsilon = 1e-12);
    assert!(required_growth_for_average(0.2, 2, &[0.1, 0.1]).is_err());
    // 80 % of adults with an account from 64 % in 2023 by 2025: (80/64)^(1/2) − 1 = 0.118 03...
    let l = required_growth_to_level(64.0, 2023, 80.0, 2025).unwrap();
    assert_relative_eq!(l, 1.25f64.sqrt() - 1.0, epsilon = 1e-12);
}

#[test]
fn same_period_compares_identical_months_only() {
    let tx = monthly(&[
        ("38", "2024-01", "mobile", 10, 100),
        ("38", "2024-02", "mobile", 30, 300),
        ("38", "2024-03", "mobile", 99, 999),
        ("38", "2025-01", "mobile", 20, 100),
        ("38", "2025-02", "mobile", 40, 500),
        ("38", "2024-01", "atm", 10, 10),
        ("38", "2025-01", "atm", 8, 8),
        ("38", "2025-02", "atm", 8, 8),
    ]);
    let opts = AggregateOptions {
        derive_all: false,
        ..Default::default()
    };
    let sp = same_period_growth(&tx, 2025, 2, &opts).unwrap();
    let mobile = only(&sp, "channel", "mobile");
    // Jan–Feb: 60 against 40 → +50 %; value 600 against 400 → +50 %. March 2024 is left out.
    assert_eq!(i64s(&mobile, "count"), vec![Some(60)]);
    assert_eq!(i64s(&mobile, "count_prev"), vec![Some(40)]);
    assert_relative_eq!(f64s(&mobile, "count_growth")[0].unwrap(), 0.5);
    assert_relative_eq!(f64s(&mobile, "value_growth")[0].unwrap(), 0.5);
    let atm = only(&sp, "channel", "atm");
    assert_eq!(f64s(&atm, "count_growth"), vec![None]);
    assert_eq!(
        strs(&atm, "count_note")[0].as_deref(),
        Some("months missing in 2024: 2024-02; only identical month sets are compared")
    );
}

#[test]
fn same_period_on_a_december_reporting_year() {
    // Thanh Hóa: reporting year 2025 starts 1 December 2024; its months 1–2 are Dec 2024 and
    // Jan 2025, against Dec 2023 and Jan 2024.
    let tx = monthly(&[
        ("38", "2023-12", "qr", 5, 5),
        ("38", "2024-01", "qr", 5, 5),
        ("38", "2024-12", "qr", 10, 10),
        ("38", "2025-01", "qr", 20, 20),
    ]);
    let opts = AggregateOptions {
        year_start: "12-01".parse().unwrap(),
        derive_all: false,
        ..Default::default()
    };
    let sp = same_period_growth(&tx, 2025, 2, &opts).unwrap();
    assert_eq!(i64s(&sp, "count"), vec![Some(30)]);
    assert_eq!(i64s(&sp, "count_prev"), vec![Some(10)]);
    assert_relative_eq!(f64s(&sp, "count_growth")[0].unwrap(), 2.0);
}

/// The rows of an annual table in any order: read in order of region, channel and year, the
/// same as when they come sorted. Figures by hand: 125/100 − 1 = 0.25, 90/60 − 1 = 0.5.
#[test]
fn an_annual_table_in_any_order_is_read_in_series_order() {
    let shuffled = polars::df!(
        "region_code" => ["40", "38", "40", "38"],
        "channel" => ["pos", "pos", "pos", "pos"],
        "year" => [2022i32, 2022, 2021, 2021],
        "count" => [90i64, 125, 60, 100],
        "value" => [9i64, 12, 6, 10],
    )
    .unwrap();
    let yoy = growth(&shuffled, false).unwrap();
    assert_eq!(
        strs(&yoy, "region_code"),
        ["38", "38", "40", "40"].map(|s| Some(s.to_string()))
    );
    assert_eq!(
        f64s(&yoy, "count_growth"),
        vec![None, Some(0.25), None, Some(0.5)]
    );
}

/// A year given twice for one series is refused, naming the row (the second, in input
/// order), whether or not the table is otherwise in order.
#[test]
fn a_year_given_twice_is_refused_by_its_row() {
    for (regions, years, row) in [
        (["38", "38", "38"], [2021i32, 2022, 2022], 2),
        (["38", "38", "38"], [2022i32, 2021, 2022], 2),
    ] {
        let annual = polars::df!(
            "region_code" => regions,
            "channel" => ["qr"; 3],
            "year" => years,
            "count" => [1i64, 2, 3],
            "value" => [1i64, 2, 3],
        )
        .unwrap();
        let err = growth(&annual, false).unwrap_err().to_string();
        assert!(err.contains(&format!("row {row}")), "{err}");
        assert!(err.contains("appears twice"), "{err}");
    }
}

/// Codes longer than a view holds, from two tables stacked: the same code is stored twice
/// (two buffers) and read as one series. 2021 → 2022: 300/200 − 1 = 0.5.
#[test]
fn a_code_stored_twice_is_one_series() {
    let part = |year: i32, count: i64| {
        polars::df!(
            "region_code" => ["ward-of-a-long-name"],
            "channel" => ["internet"],
            "year" => [year],
            "count" => [count],
            "value" => [count],
        )
        .unwrap()
    };
    let mut annual = part(2021, 200);
    annual.vstack_mut(&part(2022, 300)).unwrap();
    annual.rechunk_mut();
    let yoy = growth(&annual, false).unwrap();
    assert_eq!(f64s(&yoy, "count_growth"), vec![None, Some(0.5)]);
    let avg = average_growth(&annual, 2022, 2022, Method::Geometric).unwrap();
    assert_eq!(avg.height(), 2, "one series, two metrics");
}
