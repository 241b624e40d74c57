//! The readings Thanh Hóa's plan gives (issue 19, item 5): its appendix rows 9, 14 and 15
//! narrow or widen the body text, and each alternative reading counts indicators of its own.
mod common;

use polars::prelude::*;

use cashless::attainment::{attainment, AttainmentOptions};
use cashless::{Catalogue, Reading};
use common::{annual_series, strs};

/// 2025 figures for Thanh Hóa (38), both readings of each target, chosen so the readings
/// disagree: body met, appendix below (tax, water customers) and the reverse (the portal).
fn indicators() -> DataFrame {
    let rows = [
        // Row 9. Body: 1,900 / 2,000 = 95 % (90–100 %: met); appendix, declaring taxpayers
        // only: 850 / 1,000 = 85 % (below).
        ("taxpayers", 2_000.0),
        ("taxpayers_electronic", 1_900.0),
        ("taxpayers_declaring", 1_000.0),
        ("taxpayers_declaring_electronic", 850.0),
        // Row 14. Body, urban customers: 300 / 500 = 60 % (50–80 %: met); appendix, every
        // customer: 400 / 1,000 = 40 % (below).
        ("water_customers_urban", 500.0),
        ("water_customers_urban_cashless", 300.0),
        ("water_customers", 1_000.0),
        ("water_customers_cashless", 400.0),
        // Row 15. Body, with the intermediate schools: 17 / 20 = 85 % (90–100 %: below);
        // appendix, universities and colleges: 10 / 10 = 100 % (full coverage: met).
        ("universities", 20.0),
        ("universities_on_portal", 17.0),
        ("universities_colleges", 10.0),
        ("universities_colleges_on_portal", 10.0),
    ];
    df!(
        "region_code" => vec!["38"; rows.len()],
        "year" => vec![2025i32; rows.len()],
        "indicator" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "value" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
    )
    .unwrap()
}

fn statuses(reading: Reading) -> Vec<(String, String)> {
    let cat = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let options = AttainmentOptions {
        reading,
        ..Default::default()
    };
    let tx = annual_series("all", &[(2020, 1, 1)]);
    let v = attainment(&tx, Some(&indicators()), &cat, &options).unwrap();
    let (ids, st) = (strs(&v, "target_id"), strs(&v, "status"));
    ["tax.payers", "water.customers", "tuition.national_portal"]
        .iter()
        .map(|id| {
            let i = ids.iter().position(|t| t.as_deref() == Some(*id)).unwrap();
            (id.to_string(), st[i].clone().unwrap())
        })
        .collect()
}

#[test]
fn each_appendix_reading_counts_its_own_indicators() {
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        statuses(Reading::Body),
        pairs(&[
            ("tax.payers", "met"),
            ("water.customers", "met"),
            ("tuition.national_portal", "below"),
        ])
    );
    assert_eq!(
        statuses(Reading::Alternative),
        pairs(&[
            ("tax.payers", "below"),
            ("water.customers", "below"),
            ("tuition.national_portal", "met"),
        ])
    );
}

#[test]
fn the_catalogue_says_what_each_indicator_counts() {
    let names: Vec<&str> = cashless::indicators::INDICATORS
        .iter()
        .map(|i| i.name)
        .collect();
    // The hospital target counts clinics in urban areas and every hospital and district
    // health centre: its indicator is named for that, not for "urban facilities".
    assert!(names.contains(&"clinics_urban_hospitals"));
    assert!(!names
        .iter()
        .any(|n| n.starts_with("health_facilities_urban")));
    let cat = Catalogue::builtin("thanh-hoa-106-2022").unwrap();
    let hospital = cat.target("hospital.facilities").unwrap();
    assert_eq!(
        hospital.rule.indicators(),
        [
            "clinics_urban_hospitals_accepting_cashless",
            "clinics_urban_hospitals"
        ]
    );
    // The e-commerce target says it reads the value share.
    let ecommerce = cat.target("ecommerce").unwrap();
    assert!(
        ecommerce
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with("Read as the share of e-commerce value paid cashless")),
        "{:?}",
        ecommerce.note
    );
}

/// A district (D) of three communes: C1 rises every year, C2 falls in 2023, C3 has no
/// figures at all.
fn district_of_three() -> (DataFrame, cashless::Regions) {
    use cashless::{Level, Region, Regions};
    let region = |code: &str, name: &str, level: Level, parent: Option<&str>| Region {
        code: code.into(),
        name: name.into(),
        level,
        parent: parent.map(str::to_string),
    };
    let regions = Regions::new(vec![
        region("D", "Huyện Mẫu", Level::District, None),
        region("C1", "Xã Một", Level::Commune, Some("D")),
        region("C2", "Xã Hai", Level::Commune, Some("D")),
        region("C3", "Xã Ba", Level::Commune, Some("D")),
    ])
    .unwrap();
    let c1 = [10.0, 11.0, 12.0, 13.0, 14.0, 15.0];
    let c2 = [10.0, 12.0, 15.0, 14.0, 18.0, 20.0];
    let mut rows: Vec<(&str, i32, f64)> = Vec::new();
    for (k, y) in (2020..=2025).enumerate() {
        rows.push(("C1", y, c1[k]));
        rows.push(("C2", y, c2[k]));
    }
    let ind = df!(
        "region_code" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "year" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "indicator" => vec!["acceptance_points"; rows.len()],
        "value" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
    )
    .unwrap();
    (ind, regions)
}

#[test]
fn rising_in_every_commune_names_the_fall_and_the_commune_without_data() {
    cashless::lang::set_language(cashless::lang::Lang::En);
    let (ind, regions) = district_of_three();
    let cat = Catalogue::builtin("xuan-loc-83-2023").unwrap();
    let tx = df!(
        "region_code" => ["D"; 2],
        "channel" => ["all"; 2],
        "year" => [2020i32, 2021],
        "count" => [1i64, 1],
        "value" => [1i64, 1],
    )
    .unwrap();
    let judge = |year: i32| {
        let options = AttainmentOptions {
            year,
            regions: Some(regions.clone()),
            ..Default::default()
        };
        let v = attainment(&tx, Some(&ind), &cat, &options).unwrap();
        let mask = v
            .column("target_id")
            .unwrap()
            .str()
            .unwrap()
            .equal("acceptance_points.rising");
        let v = v.filter(&mask).unwrap();
        let (units, status, note) = (
            strs(&v, "region_code"),
            strs(&v, "status"),
            strs(&v, "note"),
        );
        (0..v.height())
            .map(|i| {
                (
                    units[i].clone().unwrap(),
                    status[i].clone().unwrap(),
                    note[i].clone().unwrap_or_default(),
                    v.column("actual").unwrap().f64().unwrap().get(i),
                    strs(&v, "level")[i].clone().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    // As of 2024: C2's fall in 2023 is final (below), C1 on track, C3 not evaluable; the
    // district below, 1 of 3 communes rising every year.
    let rows = judge(2024);
    let units: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(units, ["C1", "C2", "C3", "D"]);
    let statuses: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(statuses, ["on_track", "below", "not_evaluable", "below"]);
    assert_eq!(
        rows[1].2,
        "as of 2024; did not rise in 2023 (15 → 14); the target can no longer be met by 2025"
    );
    assert_eq!(
        rows[3].2,
        "as of 2024; 1 of 3 units rose every year; 1 did not: Xã Hai (did not rise in 2023 \
         (15 → 14)); 1 without figures: Xã Ba"
    );
    assert_eq!(rows[3].3, Some(1.0 / 3.0));
    assert_eq!(rows[3].4, "district");
    // As of 2022 nothing has fallen yet, but C3 has no figures: the district cannot be judged.
    let rows = judge(2022);
    assert_eq!(rows[3].1, "not_evaluable");
    assert_eq!(
        rows[3].2,
        "2 of 3 units rose every year; 1 without figures: Xã Ba"
    );
}
