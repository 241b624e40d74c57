//! Verdicts on hand-made data, each figure computed by hand (method §2 and §3), and the
//! verdicts on the built-in sample.
mod common;

use approx::assert_relative_eq;
use polars::prelude::*;

use cashless::attainment::{attainment, AttainmentOptions, Status};
use cashless::{sample, Catalogue, Estimate, Reading};
use common::{annual_series, strs};

/// One verdict row, read into plain values.
#[derive(Debug)]
struct Row {
    status: String,
    actual: Option<f64>,
    gap_pp: Option<f64>,
    ratio: Option<f64>,
    required: Option<f64>,
    projected: Option<f64>,
    years_used: Option<i32>,
    lo: f64,
    note: String,
}

fn row(v: &DataFrame, target: &str, region: &str) -> Row {
    let ids = strs(v, "target_id");
    let regions = strs(v, "region_code");
    let i = (0..v.height())
        .find(|&i| ids[i].as_deref() == Some(target) && regions[i].as_deref() == Some(region))
        .unwrap_or_else(|| panic!("no verdict for {target} in {region}"));
    let f = |c: &str| v.column(c).unwrap().f64().unwrap().get(i);
    Row {
        status: strs(v, "status")[i].clone().unwrap(),
        actual: f("actual"),
        gap_pp: f("gap_pp"),
        ratio: f("ratio"),
        required: f("required"),
        projected: f("projected"),
        years_used: v.column("years_used").unwrap().i32().unwrap().get(i),
        lo: f("lo").unwrap(),
        note: strs(v, "note")[i].clone().unwrap_or_default(),
    }
}

fn judge(annual: &DataFrame, indicators: Option<&DataFrame>, id: &str, year: i32) -> DataFrame {
    let options = AttainmentOptions {
        year,
        ..Default::default()
    };
    attainment(
        annual,
        indicators,
        &Catalogue::builtin(id).unwrap(),
        &options,
    )
    .unwrap()
}

/// Verdicts on indicators alone (the transactions are a placeholder year).
fn judge_indicators(ind: &DataFrame, id: &str, year: i32) -> DataFrame {
    judge(&annual_series("all", &[(2020, 1, 1)]), Some(ind), id, year)
}

/// An indicator table for region 38 from (year, indicator, value).
fn indicators(rows: &[(i32, &str, f64)]) -> DataFrame {
    indicators_for("38", rows)
}

fn indicators_for(region: &str, rows: &[(i32, &str, f64)]) -> DataFrame {
    df!(
        "region_code" => vec![region; rows.len()],
        "year" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "indicator" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
    )
    .unwrap()
}

#[test]
fn a_stage_that_ends_exactly_at_the_lower_bound_is_met() {
    // 100 000 × 1.2^5 = 248 832: exactly 20 %/yr, the lower bound of 20–25 %.
    let years = annual_series("all", &[(2020, 100_000, 1), (2025, 248_832, 1)]);
    let v = judge(&years, None, "decision-1813", 2025);
    let r = row(&v, "growth.all.count", "38");
    assert_eq!(r.status, "met");
    assert_relative_eq!(r.actual.unwrap(), 0.2, max_relative = 1e-12);
    assert!(r.gap_pp.unwrap().abs() < 1e-9);
    assert_relative_eq!(r.ratio.unwrap(), 1.0, max_relative = 1e-12);
    assert_eq!(r.years_used, Some(5));
    // value 1 → 1: no growth at all.
    let value = row(&v, "growth.all.value", "38");
    assert_eq!(value.status, "below");
    assert_relative_eq!(value.gap_pp.unwrap(), -20.0, max_relative = 1e-12);
    assert_eq!(value.ratio, Some(0.0));
}

#[test]
fn above_the_range_is_exceeded_and_short_of_it_below() {
    // Mobile count 1 000 → 24 761 in five years: (24.761)^(1/5) − 1 = 0.9000002, above 80 %.
    // Internet count 1 000 → 3 713: (3.713)^(1/5) − 1 = 0.3000049, short of 35 %.
    let mobile = annual_series("mobile", &[(2020, 1_000, 1), (2025, 24_761, 1)]);
    let internet = annual_series("internet", &[(2020, 1_000, 1), (2025, 3_713, 1)]);
    let years = mobile.vstack(&internet).unwrap();
    let v = judge(&years, None, "decision-1813", 2025);
    let m = row(&v, "growth.mobile.count", "38");
    assert_eq!(m.status, "exceeded");
    assert_relative_eq!(m.actual.unwrap(), 0.900_000_153_467, max_relative = 1e-9);
    assert_relative_eq!(m.gap_pp.unwrap(), 40.000_015_346_7, max_relative = 1e-9);
    let i = row(&v, "growth.internet.count", "38");
    assert_eq!(i.status, "below");
    assert_relative_eq!(i.actual.unwrap(), 0.300_004_901_752, max_relative = 1e-9);
    assert_relative_eq!(
        i.ratio.unwrap(),
        0.300_004_901_752 / 0.35,
        max_relative = 1e-9
    );
}

#[test]
fn a_stage_under_way_two_years_in() {
    // Value 1 000 → 1 100 → 1 210: 10 %/yr in 2021–2022. Open SDG's ratio: 0.1 / 0.2 = 0.5
    // → limited progress. For a 20 % average over 2021–2025, 2023–2025 need
    // ((1.2^5) / 1.21)^(1/3) − 1 = 0.271667640 a year (the `remaining` ratio would be
    // 0.368097). Projection: 1 210 × 1.1^3 = 1 610.51.
    let years = annual_series(
        "all",
        &[
            (2020, 1_000, 1_000),
            (2021, 1_100, 1_100),
            (2022, 1_210, 1_210),
        ],
    );
    let v = judge(&years, None, "decision-1813", 2022);
    let r = row(&v, "growth.all.value", "38");
    assert_eq!(r.status, "limited_progress");
    assert_relative_eq!(r.actual.unwrap(), 0.1, max_relative = 1e-12);
    assert_relative_eq!(r.required.unwrap(), 0.271_667_639_982, max_relative = 1e-9);
    assert_relative_eq!(r.ratio.unwrap(), 0.5, max_relative = 1e-12);
    assert_relative_eq!(r.projected.unwrap(), 1_610.51, max_relative = 1e-12);
    assert_eq!(r.years_used, Some(2));
    assert!(r.note.starts_with("as of 2022"), "{}", r.note);
    // The same data is a finished-stage failure only if the stage were over: it is not.
    assert!(!r.note.contains("below"));
}

#[test]
fn each_status_of_a_stage_under_way() {
    // 2020 → 2022 at (a) +20 %/yr: ratio 0.2 / 0.2 = 1 → on track;
    // (b) 1 000 → 1 323: 15.02 %/yr against 20 % → 0.751 → acceleration needed (23.44 % a
    // year still required in 2023–2025);
    // (c) −10 %/yr → ratio < 0 → deterioration;
    // (d) 2 500 ≥ 1 000 × 1.2^5 = 2 488.32 already: met, here above 25 %/yr → exceeded.
    let cases = [
        (1_440, "on_track"),
        (1_323, "acceleration_needed"),
        (810, "deterioration"),
        (2_500, "exceeded"),
    ];
    for (end, status) in cases {
        let years = annual_series("all", &[(2020, 1_000, 1), (2022, end, 1)]);
        // 2021 is absent: the average runs over the years that exist, never bridging growth.
        let v = judge(&years, None, "decision-1813", 2022);
        assert_eq!(
            row(&v, "growth.all.count", "38").status,
            status,
            "2022 = {end}"
        );
    }
    let years = annual_series("all", &[(2020, 1_000, 1), (2022, 1_323, 1)]);
    let r = row(
        &judge(&years, None, "decision-1813", 2022),
        "growth.all.count",
        "38",
    );
    assert_relative_eq!(r.actual.unwrap(), 0.150_217_370_761, max_relative = 1e-9);
    assert_relative_eq!(r.required.unwrap(), 0.234_379_769_435, max_relative = 1e-9);
    assert_relative_eq!(r.ratio.unwrap(), 0.751_086_853_804, max_relative = 1e-9);
}

/// Open SDG's progress value for a quantitative target (open-sdg/sdg-build,
/// `sdg/ProgressMeasure.py`, `methodology_2` with `growth_calculation`), direction positive:
/// cagr(current, base) / |cagr(target, base)|.
fn open_sdg_ratio(
    base: f64,
    base_year: i32,
    current: f64,
    year: i32,
    target: f64,
    end: i32,
) -> f64 {
    let cagr = |v1: f64, v2: f64, t1: i32, t2: i32| (v1 / v2).powf(1.0 / f64::from(t1 - t2)) - 1.0;
    cagr(current, base, year, base_year) / cagr(target, base, end, base_year).abs()
}

#[test]
fn progress_is_open_sdgs_ratio() {
    // Growth targets of Decision 1813 (lo = 20 %/yr over 2021–2025, base 2020 = 1 000): the
    // target level is 1 000 × 1.2^5 = 2 488.32 in 2025.
    let target = 1_000.0 * 1.2f64.powi(5);
    // (year, level, status): 1 650 in 2023 is the issue's case, 0.908 (0.797 by the growth
    // still required); 1 500 in 2024 limited; 1 100 in 2021 limited; 900 falling; 1 440 in
    // 2022 on track; 2 600 in 2024, above the target level already: exceeded, no ratio.
    let cases = [
        (2023, 1_650, "acceleration_needed"),
        (2024, 1_500, "limited_progress"),
        (2021, 1_100, "limited_progress"),
        (2023, 900, "deterioration"),
        (2022, 1_440, "on_track"),
        (2024, 2_600, "exceeded"),
    ];
    for (year, level, status) in cases {
        let years = annual_series("all", &[(2020, 1_000, 1), (year, level, 1)]);
        let r = row(
            &judge(&years, None, "decision-1813", year),
            "growth.all.count",
            "38",
        );
        assert_eq!(r.status, status, "{year} = {level}");
        let expected = open_sdg_ratio(1_000.0, 2020, level as f64, year, target, 2025);
        if status == "exceeded" {
            assert!(expected >= 1.0 && r.ratio.is_none());
        } else {
            assert_relative_eq!(r.ratio.unwrap(), expected, max_relative = 1e-9);
        }
    }
    // The issue's case by hand: (1.65^(1/3) − 1) / 0.2 = 0.908329.
    let years = annual_series("all", &[(2020, 1_000, 1), (2023, 1_650, 1)]);
    let r = row(
        &judge(&years, None, "decision-1813", 2023),
        "growth.all.count",
        "38",
    );
    assert_relative_eq!(r.ratio.unwrap(), 0.908_328_752_338, max_relative = 1e-9);
    // The earlier ratio, over the growth still required in 2024–2025, on request.
    let options = AttainmentOptions {
        year: 2023,
        progress: cashless::attainment::Progress::Remaining,
        ..Default::default()
    };
    let cat = cashless::Catalogue::builtin("decision-1813").unwrap();
    let v = cashless::attainment(&years, None, &cat, &options).unwrap();
    let remaining = row(&v, "growth.all.count", "38");
    let required = (1.2f64.powi(5) / 1.65).sqrt() - 1.0;
    assert_relative_eq!(
        remaining.ratio.unwrap(),
        (1.65f64.cbrt() - 1.0) / required,
        max_relative = 1e-9
    );
    assert_relative_eq!(remaining.required.unwrap(), required, max_relative = 1e-9);
    assert_eq!(remaining.status, "acceleration_needed"); // 0.797
}

#[test]
fn progress_bands_follow_the_sdg_thresholds() {
    assert_eq!(Status::from_progress(1.3), Status::OnTrack);
    assert_eq!(Status::from_progress(0.949), Status::AccelerationNeeded);
    assert_eq!(Status::from_progress(0.599), Status::LimitedProgress);
    assert_eq!(Status::from_progress(-1e-12), Status::Deterioration);
}

#[test]
fn a_share_target_with_a_missing_denominator_names_it() {
    let ind = indicators(&[(2025, "population_15plus_with_account", 850.0)]);
    let v = judge_indicators(&ind, "decision-1813", 2025);
    let r = row(&v, "accounts", "38");
    assert_eq!(r.status, "not_evaluable");
    assert_eq!(r.note, "missing population_15plus for region 38, year 2025");
    assert_eq!(r.actual, None);
}

#[test]
fn shares_at_the_deadline_and_under_way() {
    let ind = indicators(&[
        (2025, "population_15plus", 1_000.0),
        (2025, "population_15plus_with_account", 800.0),
        (2025, "payers", 200.0),
        (2025, "payers_electronic", 110.0),
        (2025, "ecommerce_value", 1_000.0),
        (2025, "ecommerce_cashless_value", 440.0),
    ]);
    let v = judge_indicators(&ind, "decision-1813", 2025);
    let accounts = row(&v, "accounts", "38");
    assert_eq!(accounts.status, "met"); // 80 % exactly
    assert_relative_eq!(accounts.actual.unwrap(), 0.8);
    let users = row(&v, "epayment_users", "38");
    assert_eq!(users.status, "exceeded"); // 55 % above the 40–50 % range
    let ecommerce = row(&v, "ecommerce", "38");
    assert_eq!(ecommerce.status, "below");
    assert_relative_eq!(ecommerce.gap_pp.unwrap(), -6.0, max_relative = 1e-12);
    assert_relative_eq!(ecommerce.ratio.unwrap(), 0.88, max_relative = 1e-12);

    // Under way in 2023: 50 % in 2020, 68.6 % in 2023: (1.372)^(1/3) − 1 = 0.111181 a year;
    // a steady path from 50 % in 2020 to 80 % in 2025 is (1.6)^(1/5) − 1 = 0.098561 a year:
    // Open SDG's ratio 1.128045, on track. 80 % by 2025 still needs
    // (0.8 / 0.686)^(1/2) − 1 = 0.079898 a year.
    let ind = indicators(&[
        (2020, "population_15plus", 1_000.0),
        (2020, "population_15plus_with_account", 500.0),
        (2023, "population_15plus", 1_000.0),
        (2023, "population_15plus_with_account", 686.0),
    ]);
    let v = judge_indicators(&ind, "decision-1813", 2023);
    let r = row(&v, "accounts", "38");
    assert_eq!(r.status, "on_track");
    assert_relative_eq!(r.ratio.unwrap(), 1.128_045_084_253, max_relative = 1e-9);
    assert_relative_eq!(r.required.unwrap(), 0.079_898_494_312, max_relative = 1e-9);
    assert_relative_eq!(r.projected.unwrap(), 0.847_019_723_423, max_relative = 1e-9);
    assert_eq!(r.years_used, Some(3));
}

#[test]
fn full_coverage_is_all_or_below() {
    let v = |accepting: f64| {
        let ind = indicators(&[
            (2025, "schools", 120.0),
            (2025, "schools_accepting_cashless", accepting),
        ]);
        let v = judge_indicators(&ind, "thanh-hoa-106-2022", 2025);
        row(&v, "tuition.schools", "38").status
    };
    assert_eq!(v(120.0), "met");
    assert_eq!(v(119.0), "below");
    // More schools accepting than schools: a data error, never "exceeded".
    assert_eq!(v(121.0), "not_evaluable");
}

#[test]
fn a_commune_whose_acceptance_points_fell_in_2023() {
    let rows = [
        (2020, "acceptance_points", 10.0),
        (2021, "acceptance_points", 12.0),
        (2022, "acceptance_points", 15.0),
        (2023, "acceptance_points", 14.0),
        (2024, "acceptance_points", 18.0),
        (2025, "acceptance_points", 20.0),
    ];
    let ind = indicators_for("26001", &rows);
    let tx = annual_series("all", &[(2020, 1, 1)]);
    let v = judge(&tx, Some(&ind), "xuan-loc-83-2023", 2025);
    let r = row(&v, "acceptance_points.rising", "26001");
    assert_eq!(r.status, "below");
    assert_eq!(r.note, "did not rise in 2023 (15 → 14)");
    assert_relative_eq!(r.actual.unwrap(), 0.8); // 4 of the 5 yearly changes were rises
    assert_eq!(r.years_used, Some(5));
    // Judged in 2024 it is already lost.
    let v = judge(&tx, Some(&ind), "xuan-loc-83-2023", 2024);
    let r = row(&v, "acceptance_points.rising", "26001");
    assert_eq!(r.status, "below");
    assert!(
        r.note.contains("can no longer be met by 2025"),
        "{}",
        r.note
    );
    // Judged in 2022 it was rising every year so far.
    let v = judge(&tx, Some(&ind), "xuan-loc-83-2023", 2022);
    assert_eq!(
        row(&v, "acceptance_points.rising", "26001").status,
        "on_track"
    );
    // A missing year is named, not skipped.
    let gap: Vec<_> = rows.iter().filter(|r| r.0 != 2021).copied().collect();
    let v = judge(
        &tx,
        Some(&indicators_for("26001", &gap)),
        "xuan-loc-83-2023",
        2022,
    );
    let r = row(&v, "acceptance_points.rising", "26001");
    assert_eq!(r.status, "not_evaluable");
    assert_eq!(
        r.note,
        "missing acceptance_points for region 26001, years 2021"
    );
}

#[test]
fn the_water_conflict_keeps_both_readings() {
    let ind = indicators(&[
        (2025, "water_revenue", 1_000.0),
        (2025, "water_revenue_cashless", 620.0),
    ]);
    let tx = annual_series("all", &[(2020, 1, 1)]);
    let cat = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let body = attainment(&tx, Some(&ind), &cat, &AttainmentOptions::default()).unwrap();
    let r = row(&body, "water.revenue", "38");
    assert_eq!((r.status.as_str(), r.lo), ("met", 0.5));
    assert!(
        r.note
            .starts_with("conflicting reading (appendix row 14, ≥ 80 %): Below"),
        "{}",
        r.note
    );
    let options = AttainmentOptions {
        reading: Reading::Alternative,
        ..Default::default()
    };
    let appendix = attainment(&tx, Some(&ind), &cat, &options).unwrap();
    let r = row(&appendix, "water.revenue", "38");
    assert_eq!((r.status.as_str(), r.lo), ("below", 0.8));
    assert!(r
        .note
        .starts_with("conflicting reading (II.2.đ; appendix row 14, ≥ 50 %): Met"));
}

#[test]
fn missing_data_is_named() {
    // No base year: the stage average cannot be computed.
    let years = annual_series("all", &[(2021, 10, 10), (2025, 20, 20)]);
    let v = judge(&years, None, "decision-1813", 2025);
    let r = row(&v, "growth.all.count", "38");
    assert_eq!(r.status, "not_evaluable");
    assert_eq!(
        r.note,
        "Count – All cashless for region 38: no data for base year 2020"
    );
    assert_eq!(
        row(&v, "growth.mobile.count", "38").note,
        "no transactions by Mobile for region 38"
    );
    // No indicator table: the same for every unit (named by the row), worded once.
    assert_eq!(
        row(&v, "accounts", "38").note,
        "no indicator table given: population_15plus_with_account, population_15plus needed"
    );
}

#[test]
fn every_built_in_target_is_evaluable_on_the_sample() {
    let tx = cashless::sample_data().unwrap();
    let ind = sample::sample_indicators().unwrap();
    for id in cashless::catalogue::builtin_ids() {
        let cat = Catalogue::builtin(id).unwrap();
        // The sample's 2025 has 11 months: the stage is judged on the estimated full year.
        let options = AttainmentOptions {
            regions: Some(sample::sample_regions()),
            estimate: Estimate::SamePeriod,
            ..Default::default()
        };
        let v = attainment(&tx, Some(&ind), &cat, &options).unwrap();
        if id == "decision-1813" {
            // National targets, and the sample has no nation: no unit at that level, and each
            // target says so.
            assert_eq!(v.height(), cat.targets.len());
            assert_eq!(
                strs(&v, "note")[0].as_deref(),
                Some("no nation in the data to judge this target for")
            );
            assert_eq!(
                v.column("region_code").unwrap().null_count(),
                cat.targets.len()
            );
            // Judged for the province instead, as an analyst compares it with the nation's.
            let province =
                cashless::rollup(&tx, &sample::sample_regions(), cashless::Level::Province)
                    .unwrap();
            let ind38 = ind
                .clone()
                .lazy()
                .filter(col("region_code").eq(lit("38")))
                .collect()
                .unwrap();
            let options = AttainmentOptions {
                estimate: Estimate::SamePeriod,
                ..Default::default()
            };
            let v = attainment(&province, Some(&ind38), &cat, &options).unwrap();
            assert_eq!(v.height(), cat.targets.len());
            assert!(strs(&v, "status")
                .iter()
                .all(|s| s.as_deref() != Some("not_evaluable")));
            continue;
        }
        let statuses = strs(&v, "status");
        let notes = strs(&v, "note");
        for (i, s) in statuses.iter().enumerate() {
            assert_ne!(s.as_deref(), Some("not_evaluable"), "{id}: {:?}", notes[i]);
        }
        // Every target has at least one verdict, at its own level.
        let ids = strs(&v, "target_id");
        for t in &cat.targets {
            assert!(
                ids.iter().any(|i| i.as_deref() == Some(t.id.as_str())),
                "{id}: {}",
                t.id
            );
        }
        // Same input, same output.
        assert!(v.equals_missing(&attainment(&tx, Some(&ind), &cat, &options).unwrap()));
    }
}

#[test]
fn the_sample_is_judged_at_each_target_level() {
    let tx = cashless::sample_data().unwrap();
    let ind = sample::sample_indicators().unwrap();
    let options = AttainmentOptions {
        regions: Some(sample::sample_regions()),
        ..Default::default()
    };
    let xl = Catalogue::builtin("xuan-loc-83-2023").unwrap();
    let v = attainment(&tx, Some(&ind), &xl, &options).unwrap();
    // Thọ Xuân's 30 communes and their district for the rising target, 27 districts for
    // each of the other 13.
    assert_eq!(v.height(), 30 + 1 + 27 * 13);
    // Xã Nam Giang, the fourth commune by code, is the one whose points fell in 2023.
    let r = row(&v, "acceptance_points.rising", "15505");
    assert_eq!(r.status, "below");
    assert!(r.note.starts_with("did not rise in 2023"));
    // Thọ Xuân: one commune fell, so the district is below; 29 of 30 rose every year.
    let r = row(&v, "acceptance_points.rising", "395");
    assert_eq!(r.status, "below");
    assert_relative_eq!(r.actual.unwrap(), 29.0 / 30.0);
    assert!(
        r.note.starts_with(
            "29 of 30 units rose every year; 1 did not: Xã Nam Giang (did not rise in 2023"
        ),
        "{}",
        r.note
    );

    // Thanh Hóa: the province, rolled up from the districts with the plan's December year.
    // 2025 runs December 2024 – October 2025 (11 months): without an estimate the stage,
    // whose last year is partly in the data, gets no verdict and no progress status.
    let th = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let v = attainment(&tx, Some(&ind), &th, &options).unwrap();
    assert_eq!(v.height(), th.targets.len());
    let r = row(&v, "growth.mobile.count", "38");
    assert_eq!(r.status, "not_evaluable");
    assert!(
        r.note.contains("2025 has 11 of 12 months in the data"),
        "{}",
        r.note
    );
    // With the same-period estimate the verdict is final, marked estimated, and its figure is
    // the stage average over the estimated 2025 (computed here with the public functions).
    let estimated = AttainmentOptions {
        estimate: Estimate::SamePeriod,
        ..options.clone()
    };
    let v = attainment(&tx, Some(&ind), &th, &estimated).unwrap();
    let r = row(&v, "growth.mobile.count", "38");
    assert!(["exceeded", "met", "below"].contains(&r.status.as_str()));
    assert_eq!(r.years_used, Some(5));
    assert!(
        r.note
            .contains("2025: estimated by the same period, 11 months"),
        "{}",
        r.note
    );
    let province =
        cashless::rollup(&tx, &sample::sample_regions(), cashless::Level::Province).unwrap();
    let years = cashless::estimate_year(
        &province,
        2025,
        Estimate::SamePeriod,
        6,
        &cashless::AggregateOptions {
            year_start: "12-01".parse().unwrap(),
            ..Default::default()
        },
    )
    .unwrap();
    let avg = cashless::average_growth(&years, 2021, 2025, cashless::Method::Geometric).unwrap();
    let mask = avg
        .column("channel")
        .unwrap()
        .str()
        .unwrap()
        .equal("mobile")
        & avg.column("metric").unwrap().str().unwrap().equal("count");
    let expected = avg
        .filter(&mask)
        .unwrap()
        .column("avg_growth")
        .unwrap()
        .f64()
        .unwrap()
        .get(0);
    assert_relative_eq!(r.actual.unwrap(), expected.unwrap(), max_relative = 1e-12);
}

#[test]
fn bad_indicator_rows_are_named() {
    let refused = |ind: DataFrame| {
        attainment(
            &annual_series("all", &[(2020, 1, 1)]),
            Some(&ind),
            &Catalogue::builtin("decision-1813").unwrap(),
            &AttainmentOptions::default(),
        )
        .unwrap_err()
        .to_string()
    };
    let e = refused(indicators(&[
        (2025, "schools", 10.0),
        (2025, "schools", 11.0),
    ]));
    assert_eq!(
        e,
        "DataFrame, row 1, column `indicator`, value \"schools\": region \"38\", year 2025 already has it at row 0"
    );
    let e = refused(indicators(&[(2025, "schools", -1.0)]));
    assert!(
        e.starts_with("DataFrame, row 0, column `value`, value \"-1\""),
        "{e}"
    );
}

#[test]
fn a_growth_reading_in_conflict_is_judged_on_rolled_up_data() {
    // A body text with a share, an appendix with a growth range: the alternative reading still
    // gets its transactions rolled up to the target's level.
    let cat = Catalogue::from_toml(
        r#"id = "conflicted"
level = "province"
document = { number = "1/KH", date = "2024-01-02", issuer = "UBND" }
[[targets]]
id = "mobile"
text_vi = "a"
text_en = "a"
rule = { kind = "share", indicator = "mobile_share", lo = 0.5 }
[targets.conflict]
source = { appendix_row = "1" }
text_vi = "b"
rule = { kind = "growth_range", channel = "mobile", metric = "count", lo = 0.5 }
note = "body and appendix differ"
"#,
        "conflicted.toml",
        None,
    )
    .unwrap();
    // Two districts, 100 + 100 in 2020 and 300 + 500 in 2025: (800 / 200)^(1/5) − 1 = 0.3195.
    let mut rows = Vec::new();
    for (code, base, end) in [("380", 100, 300), ("381", 100, 500)] {
        for m in 1..=12 {
            rows.push((code, format!("2020-{m:02}"), base));
            rows.push((code, format!("2025-{m:02}"), end));
        }
    }
    let tx = df!(
        "region_code" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "period" => rows.iter().map(|r| r.1.clone()).collect::<Vec<_>>(),
        "channel" => vec!["mobile"; rows.len()],
        "count" => rows.iter().map(|r| r.2 as i64).collect::<Vec<_>>(),
        "value" => vec![1i64; rows.len()],
    )
    .unwrap();
    let options = AttainmentOptions {
        regions: Some(sample::sample_regions()),
        reading: Reading::Alternative,
        ..Default::default()
    };
    cashless::lang::set_language(cashless::lang::Lang::En);
    let v = attainment(&tx, None, &cat, &options).unwrap();
    let r = row(&v, "mobile", "38");
    assert_eq!(r.status, "below");
    assert_relative_eq!(
        r.actual.unwrap(),
        4f64.powf(0.2) - 1.0,
        max_relative = 1e-12
    );
    // 2021–2024 are not in the data: the average is right, and says what it rests on.
    assert_eq!(
        r.note,
        "no data for 2021, 2022, 2023, 2024: the average rests on the base year and 2025 alone; \
         conflicting reading (body text, ≥ 50 %): Not evaluable; body and appendix differ"
    );
}

#[test]
fn a_figure_that_falls_to_zero_is_deterioration() {
    // Mobile count 1 000 in 2020, none in 2022: no growth can bring it back.
    let years = annual_series("all", &[(2020, 1_000, 1), (2022, 0, 1)]);
    let r = row(
        &judge(&years, None, "decision-1813", 2022),
        "growth.all.count",
        "38",
    );
    assert_eq!(r.status, "deterioration");
    assert_eq!(r.actual, Some(-1.0));
    assert_eq!(r.required, None);
    assert!(
        r.note.ends_with("fell from 1000 in 2020 to 0 in 2022"),
        "{}",
        r.note
    );
    // Accounts: 50 % in 2020, none in 2023.
    let ind = indicators(&[
        (2020, "population_15plus", 1_000.0),
        (2020, "population_15plus_with_account", 500.0),
        (2023, "population_15plus", 1_000.0),
        (2023, "population_15plus_with_account", 0.0),
    ]);
    let r = row(
        &judge_indicators(&ind, "decision-1813", 2023),
        "accounts",
        "38",
    );
    assert_eq!(r.status, "deterioration");
    assert_eq!(r.note, "as of 2023; share 50.00 % in 2020, 0 in 2023");
}

/// `attainment` after `average_growth` on the same table takes the stage averages kept from
/// it: the verdicts are the ones computed afresh, on the sample (every channel, partial
/// years) and on a series whose base year is missing.
#[test]
fn verdicts_after_average_growth_on_the_same_table_are_the_same() {
    let sample = cashless::annual(
        &cashless::sample_data().unwrap(),
        &cashless::AggregateOptions::default(),
    )
    .unwrap();
    let gap = df!(
        "region_code" => ["99", "99"],
        "channel" => ["mobile", "mobile"],
        "year" => [2022i32, 2025],
        "count" => [5i64, 9],
        "value" => [50i64, 90],
    )
    .unwrap();
    let catalogue = Catalogue::builtin("decision-1813").unwrap();
    let options = AttainmentOptions::default();
    for table in [sample, gap] {
        // The same values over buffers of their own: nothing kept from another step.
        let copy = DataFrame::new(
            table.height(),
            table
                .columns()
                .iter()
                .map(|c| {
                    let s = c.as_materialized_series();
                    let mut out = s.slice(0, 1);
                    out.append(&s.slice(1, usize::MAX)).unwrap();
                    out.rechunk().into_column()
                })
                .collect(),
        )
        .unwrap();
        let alone = attainment(&copy, None, &catalogue, &options).unwrap();
        cashless::average_growth(&table, 2021, 2025, cashless::Method::Geometric).unwrap();
        let after = attainment(&table, None, &catalogue, &options).unwrap();
        assert!(after.height() > 0);
        assert!(after.equals_missing(&alone), "{after}\n{alone}");
    }
}
