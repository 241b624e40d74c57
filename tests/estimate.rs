//! The estimated full year (method §2) and the verdicts of issue 19 that rest on it, every
//! expected figure computed by hand in the comments.
mod common;

use approx::assert_relative_eq;
use polars::prelude::*;

use cashless::attainment::{attainment, AttainmentOptions};
use cashless::{estimate_year, AggregateOptions, Catalogue, Estimate};
use common::{i64s, monthly, strs};

/// Region 38, one channel: every month of 2024 (count 10, value 100·m) and the months of 2025
/// given (count 12, value 150·m).
fn two_years(months_2025: &[u32]) -> DataFrame {
    let mut rows: Vec<(String, i64, i64)> = (1..=12)
        .map(|m| (format!("2024-{m:02}"), 10, 100 * i64::from(m)))
        .collect();
    rows.extend(
        months_2025
            .iter()
            .map(|&m| (format!("2025-{m:02}"), 12, 150 * i64::from(m))),
    );
    let rows: Vec<(&str, &str, &str, i64, i64)> = rows
        .iter()
        .map(|(p, c, v)| ("38", p.as_str(), "mobile", *c, *v))
        .collect();
    monthly(&rows)
}

/// The row of `year` and `channel`.
fn row_of(est: &DataFrame, year: i32, channel: &str) -> DataFrame {
    let mask = est.column("year").unwrap().i32().unwrap().equal(year)
        & est.column("channel").unwrap().str().unwrap().equal(channel);
    est.filter(&mask).unwrap()
}

/// The 2025 row of `channel`: count, value, estimate, note.
fn year_2025(est: &DataFrame, channel: &str) -> (i64, i64, Option<String>, String) {
    let row = row_of(est, 2025, channel);
    (
        i64s(&row, "count")[0].unwrap(),
        i64s(&row, "value")[0].unwrap(),
        strs(&row, "estimate")[0].clone(),
        strs(&row, "estimate_note")[0].clone().unwrap_or_default(),
    )
}

fn english() {
    cashless::lang::set_language(cashless::lang::Lang::En);
}

#[test]
fn same_period_and_run_rate_on_eleven_months() {
    english();
    let tx = two_years(&(1..=11).collect::<Vec<_>>());
    let opts = AggregateOptions::default();
    // Same period: 2024 count 120 × (11 · 12) / (11 · 10) = 144; value 7,800 (100 · 78) ×
    // 9,900 (150 · 66) / 6,600 (100 · 66) = 11,700.
    let est = estimate_year(&tx, 2025, Estimate::SamePeriod, 6, &opts).unwrap();
    let (count, value, method, note) = year_2025(&est, "mobile");
    assert_eq!((count, value), (144, 11_700));
    assert_eq!(method.as_deref(), Some("same_period"));
    assert_eq!(note, "2025: estimated by the same period, 11 months");
    // The observed months stay what the data has.
    let row = row_of(&est, 2025, "mobile");
    assert_eq!(i64s(&row, "months")[0], Some(11));
    // Run rate: 132 × 12 / 11 = 144; 9,900 × 12 / 11 = 10,800.
    let est = estimate_year(&tx, 2025, Estimate::RunRate, 6, &opts).unwrap();
    let (count, value, method, note) = year_2025(&est, "mobile");
    assert_eq!((count, value), (144, 10_800));
    assert_eq!(method.as_deref(), Some("run_rate"));
    assert!(
        note.contains("seasonality not taken into account"),
        "{note}"
    );
    // 2024 is whole: no estimate, no note.
    let row = row_of(&est, 2024, "mobile");
    assert_eq!(strs(&row, "estimate")[0], None);
    assert_eq!(i64s(&row, "count")[0], Some(120));
}

#[test]
fn a_missing_month_is_left_out_of_both_years() {
    english();
    // May 2025 is missing: S = {1..4, 6..11}, 10 months.
    let months: Vec<u32> = (1..=11).filter(|m| *m != 5).collect();
    let tx = two_years(&months);
    let opts = AggregateOptions::default();
    // Same period: count 120 × 120 / 100 = 144; value 7,800 × (150 · 61) / (100 · 61) = 11,700.
    let est = estimate_year(&tx, 2025, Estimate::SamePeriod, 6, &opts).unwrap();
    let (count, value, _, note) = year_2025(&est, "mobile");
    assert_eq!((count, value), (144, 11_700));
    assert_eq!(
        note,
        "2025: estimated by the same period, 10 months (months missing: 2025-05, left out of both years)"
    );
    // Run rate: 120 × 12 / 10 = 144; 9,150 × 12 / 10 = 10,980.
    let est = estimate_year(&tx, 2025, Estimate::RunRate, 6, &opts).unwrap();
    let (count, value, _, _) = year_2025(&est, "mobile");
    assert_eq!((count, value), (144, 10_980));
}

#[test]
fn too_few_months_or_no_whole_year_before_refuse_with_the_reason() {
    english();
    let opts = AggregateOptions::default();
    // Five months of 2025, six needed: the observed figures stay (5 · 12 = 60 and
    // 150 · 15 = 2,250), no method, the reason in the note.
    let est = estimate_year(
        &two_years(&[1, 2, 3, 4, 5]),
        2025,
        Estimate::SamePeriod,
        6,
        &opts,
    )
    .unwrap();
    let (count, value, method, note) = year_2025(&est, "mobile");
    assert_eq!((count, value, method), (60, 2_250, None));
    assert_eq!(
        note,
        "2025 has 5 months of data; an estimate of the full year needs at least 6: not estimated"
    );
    // 2024 without December: no whole year to scale by the same period (the run rate needs none).
    let tx = two_years(&(1..=11).collect::<Vec<_>>());
    let tx = tx
        .lazy()
        .filter(col("period").neq(lit("2024-12")))
        .collect()
        .unwrap();
    let est = estimate_year(&tx, 2025, Estimate::SamePeriod, 6, &opts).unwrap();
    let (count, _, method, note) = year_2025(&est, "mobile");
    assert_eq!((count, method), (132, None));
    assert_eq!(
        note,
        "2024 is not a whole year in the data: no same-period estimate"
    );
    let est = estimate_year(&tx, 2025, Estimate::RunRate, 6, &opts).unwrap();
    assert_eq!(year_2025(&est, "mobile").0, 144);
}

#[test]
fn estimates_round_to_the_nearest_whole_unit() {
    english();
    // 2024: 7 in January, 3 in February, 9 in each later month; 2025: 3 in January, 1 in
    // each of the next five months.
    let mut rows: Vec<(String, i64)> = vec![("2024-01".into(), 7)];
    rows.extend((2..=12).map(|m| (format!("2024-{m:02}"), if m == 2 { 3 } else { 9 })));
    rows.extend((1..=6).map(|m| (format!("2025-{m:02}"), if m == 1 { 3 } else { 1 })));
    let rows: Vec<(&str, &str, &str, i64, i64)> = rows
        .iter()
        .map(|(p, c)| ("38", p.as_str(), "qr", *c, *c))
        .collect();
    let tx = monthly(&rows);
    // 2024 = 7 + 3 + 10 · 9 = 100; months 1–6 of 2025: 3 + 5 = 8; of 2024: 7 + 3 + 4 · 9 = 46.
    // 100 × 8 / 46 = 17.39… → 17. Run rate: 8 × 12 / 6 = 16.
    let opts = AggregateOptions::default();
    let est = estimate_year(&tx, 2025, Estimate::SamePeriod, 6, &opts).unwrap();
    assert_eq!(year_2025(&est, "qr").0, 17);
    let est = estimate_year(&tx, 2025, Estimate::RunRate, 6, &opts).unwrap();
    assert_eq!(year_2025(&est, "qr").0, 16);
}

/// Monthly mobile figures for 2020–2025: every month of a year the same; 2025 has 11 months.
fn stage_series() -> DataFrame {
    // Per month: 2020 16, 2021 24, 2022 36, 2023 54, 2024 81, 2025 121 (11 months).
    let per_month = [
        (2020, 16i64),
        (2021, 24),
        (2022, 36),
        (2023, 54),
        (2024, 81),
        (2025, 121),
    ];
    let mut rows = Vec::new();
    for (y, x) in per_month {
        let months = if y == 2025 { 11 } else { 12 };
        for m in 1..=months {
            rows.push((format!("{y}-{m:02}"), x));
        }
    }
    let rows: Vec<(&str, &str, &str, i64, i64)> = rows
        .iter()
        .map(|(p, x)| ("38", p.as_str(), "mobile", *x, *x))
        .collect();
    monthly(&rows)
}

fn verdict(v: &DataFrame, id: &str) -> (String, Option<f64>, bool, String) {
    let ids = strs(v, "target_id");
    let i = ids.iter().position(|t| t.as_deref() == Some(id)).unwrap();
    (
        strs(v, "status")[i].clone().unwrap(),
        v.column("actual").unwrap().f64().unwrap().get(i),
        v.column("estimated")
            .unwrap()
            .bool()
            .unwrap()
            .get(i)
            .unwrap(),
        strs(v, "note")[i].clone().unwrap_or_default(),
    )
}

#[test]
fn a_stage_whose_last_year_is_partial_is_judged_on_the_estimate_only() {
    english();
    let cat = Catalogue::builtin("decision-1813").unwrap();
    let tx = stage_series();
    // No estimate: 2025 has 11 months, so no final verdict and no progress status either.
    let v = attainment(&tx, None, &cat, &AttainmentOptions::default()).unwrap();
    let (status, actual, estimated, note) = verdict(&v, "growth.mobile.value");
    assert_eq!(
        (status.as_str(), actual, estimated),
        ("not_evaluable", None, false)
    );
    assert!(
        note.contains("2025 has 11 of 12 months in the data"),
        "{note}"
    );
    // Same period: 2024 = 972, 2025 ≈ 972 × 1,331 / 891 = 1,452 exactly; 2020 = 192.
    // Average (1,452 / 192)^(1/5) − 1 = 49.88 %: below 50–80 % (count) and 80–100 % (value).
    let options = AttainmentOptions {
        estimate: Estimate::SamePeriod,
        ..Default::default()
    };
    let v = attainment(&tx, None, &cat, &options).unwrap();
    let expected = (1452f64 / 192.0).powf(0.2) - 1.0;
    for id in ["growth.mobile.count", "growth.mobile.value"] {
        let (status, actual, estimated, note) = verdict(&v, id);
        assert_eq!((status.as_str(), estimated), ("below", true), "{id}");
        assert_relative_eq!(actual.unwrap(), expected, max_relative = 1e-12);
        assert!(
            note.contains("2025: estimated by the same period, 11 months"),
            "{note}"
        );
    }
    // The same table with only 4 months of 2025: the estimate is refused and says why.
    let short = tx
        .lazy()
        .filter(col("period").lt(lit("2025-05")))
        .collect()
        .unwrap();
    let v = attainment(&short, None, &cat, &options).unwrap();
    let (status, _, _, note) = verdict(&v, "growth.mobile.value");
    assert_eq!(status, "not_evaluable");
    assert!(
        note.contains("an estimate of the full year needs at least 6"),
        "{note}"
    );
}

#[test]
fn published_stage_averages_are_judged_as_given() {
    english();
    // The SBV's 2021–2025 averages (data/published/sbv_published_stage_average.csv):
    // all channels 58.86 % in count, 24.36 % in value; mobile 73.32 % and 52.55 %.
    let averages = df!(
        "region_code" => ["VN"; 4],
        "channel" => ["all", "all", "mobile", "mobile"],
        "metric" => ["count", "value", "count", "value"],
        "avg_growth" => [0.5886, 0.2436, 0.7332, 0.5255],
    )
    .unwrap();
    let cat = Catalogue::builtin("decision-1813").unwrap();
    let v = attainment(&averages, None, &cat, &AttainmentOptions::default()).unwrap();
    let status = |id: &str| verdict(&v, id);
    // 58.86 % > 25 %: exceeded; 24.36 % in 20–25 %: met, 4.36 points above 20 %;
    // 73.32 % in 50–80 %: met; 52.55 % < 80 %: below.
    assert_eq!(status("growth.all.count").0, "exceeded");
    assert_eq!(status("growth.all.value").0, "met");
    assert_eq!(status("growth.mobile.count").0, "met");
    assert_eq!(status("growth.mobile.value").0, "below");
    assert_relative_eq!(status("growth.all.value").1.unwrap(), 0.2436);
    let ids = strs(&v, "target_id");
    let i = ids
        .iter()
        .position(|t| t.as_deref() == Some("growth.all.value"))
        .unwrap();
    assert_relative_eq!(
        v.column("gap_pp").unwrap().f64().unwrap().get(i).unwrap(),
        4.36,
        max_relative = 1e-9
    );
    // Internet was not given: not evaluable, not a pass.
    assert_eq!(status("growth.internet.count").0, "not_evaluable");
    // A rate of −100 % or below is refused with its row.
    let bad = df!(
        "region_code" => ["VN"],
        "channel" => ["all"],
        "metric" => ["count"],
        "avg_growth" => [-1.5],
    )
    .unwrap();
    let e = attainment(&bad, None, &cat, &AttainmentOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("avg_growth") && e.contains("-1.5"), "{e}");
}
