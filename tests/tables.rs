//! Canonical tables, reporting years, derived `all`, roll-ups and crosswalks.

mod common;

use cashless::{
    annual, apply_crosswalk, by_period, canonical, rollup, AggregateOptions, Channel, Crosswalk,
    Error, Frequency, Level, Region, Regions,
};
use common::*;
use polars::prelude::*;

#[test]
fn channel_aliases_in_both_languages() {
    let cases = [
        ("Mobile Banking", Channel::Mobile),
        ("điện thoại di động", Channel::Mobile),
        ("dien thoai di dong", Channel::Mobile),
        ("ĐIỆN THOẠI DI ĐỘNG", Channel::Mobile),
        ("Internet banking", Channel::Internet),
        ("Internet Banking", Channel::Internet),
        ("POS/mPOS", Channel::Pos),
        ("QR code", Channel::Qr),
        ("QR Code", Channel::Qr),
        ("Ví điện tử", Channel::Ewallet),
        ("vi dien tu", Channel::Ewallet),
        ("Mobile Money", Channel::MobileMoney),
        ("Thanh toán không dùng tiền mặt", Channel::All),
        ("Giao dịch qua kênh ATM", Channel::Atm),
    ];
    for (label, expected) in cases {
        assert_eq!(Channel::parse(label).unwrap(), expected, "{label}");
    }
}

#[test]
fn december_reporting_year() {
    // With a 1 December start, Dec 2022 – Nov 2023 is reporting year 2023.
    let tx = monthly(&[
        ("380", "2022-11", "pos", 1, 10),
        ("380", "2022-12", "pos", 2, 20),
        ("380", "2023-11", "pos", 4, 40),
        ("380", "2023-12", "pos", 8, 80),
    ]);
    let opts = AggregateOptions {
        year_start: "12-01".parse().unwrap(),
        ..Default::default()
    };
    let years = only(&annual(&tx, &opts).unwrap(), "channel", "pos");
    assert_eq!(
        i64s(&years, "year"),
        vec![Some(2022), Some(2023), Some(2024)]
    );
    assert_eq!(i64s(&years, "count"), vec![Some(1), Some(6), Some(8)]);
    assert_eq!(i64s(&years, "months"), vec![Some(1), Some(2), Some(1)]);
    let partial: Vec<Option<bool>> = years
        .column("partial")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(partial, vec![Some(true); 3]);
    // On the calendar year the same rows fall into 2022 and 2023.
    let cal = only(
        &annual(&tx, &AggregateOptions::default()).unwrap(),
        "channel",
        "pos",
    );
    assert_eq!(i64s(&cal, "count"), vec![Some(3), Some(12)]);
}

#[test]
fn mid_month_year_start_is_refused() {
    let tx = monthly(&[("380", "2022-11", "pos", 1, 10)]);
    let opts = AggregateOptions {
        year_start: "12-15".parse().unwrap(),
        ..Default::default()
    };
    let e = annual(&tx, &opts).unwrap_err().to_string();
    assert!(e.contains("12-15") && e.contains("inside a month"), "{e}");
}

#[test]
fn all_is_derived_from_additive_channels_and_marked() {
    let tx = monthly(&[
        // Region 380 reports no `all`: derived = internet + mobile + pos (qr, atm left out).
        ("380", "2024-01", "internet", 10, 1_000),
        ("380", "2024-01", "mobile", 20, 2_000),
        ("380", "2024-01", "qr", 7, 700),
        ("380", "2024-01", "pos", 3, 300),
        ("380", "2024-01", "atm", 50, 5_000),
        // Region 381 reports `all` itself, larger than its channels: kept as reported.
        ("381", "2024-01", "mobile", 20, 2_000),
        ("381", "2024-01", "all", 25, 2_600),
    ]);
    let years = annual(&tx, &AggregateOptions::default()).unwrap();
    let all = only(&years, "channel", "all");
    assert_eq!(
        strs(&all, "region_code"),
        vec![Some("380".into()), Some("381".into())]
    );
    assert_eq!(i64s(&all, "count"), vec![Some(33), Some(25)]);
    assert_eq!(i64s(&all, "value"), vec![Some(3_300), Some(2_600)]);
    let derived: Vec<Option<bool>> = all
        .column("derived")
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(derived, vec![Some(true), Some(false)]);

    // Without derivation there is no `all` for 380.
    let opts = AggregateOptions {
        derive_all: false,
        ..Default::default()
    };
    let plain = only(&annual(&tx, &opts).unwrap(), "channel", "all");
    assert_eq!(strs(&plain, "region_code"), vec![Some("381".into())]);
}

#[test]
fn half_years() {
    let tx = monthly(&[
        ("753", "2023-01", "mobile", 1, 1),
        ("753", "2023-06", "mobile", 2, 2),
        ("753", "2023-07", "mobile", 4, 4),
    ]);
    let opts = AggregateOptions {
        derive_all: false,
        ..Default::default()
    };
    let halves = by_period(&tx, Frequency::Half, &opts).unwrap();
    assert_eq!(i64s(&halves, "period_index"), vec![Some(1), Some(2)]);
    assert_eq!(i64s(&halves, "count"), vec![Some(3), Some(4)]);
    assert_eq!(i64s(&halves, "months"), vec![Some(2), Some(1)]);
}

fn thanh_hoa() -> Regions {
    let r = |code: &str, level, parent: Option<&str>| Region {
        code: code.into(),
        name: format!("unit {code}"),
        level,
        parent: parent.map(Into::into),
    };
    Regions::new(vec![
        r("VN", Level::Nation, None),
        r("38", Level::Province, Some("VN")),
        r("380", Level::District, Some("38")),
        r("381", Level::District, Some("38")),
        r("14758", Level::Commune, Some("380")),
    ])
    .unwrap()
}

#[test]
fn rollup_is_exact_and_refuses_double_counting() {
    // 2^53 + 1 and 2^53 + 3: a float sum would round these.
    let tx = monthly(&[
        (
            "380",
            "2024-01",
            "mobile",
            9_007_199_254_740_993,
            9_007_199_254_740_993,
        ),
        ("381", "2024-01", "mobile", 9_007_199_254_740_995, 1),
        ("14758", "2024-02", "mobile", 5, 5),
    ]);
    let up = rollup(&tx, &thanh_hoa(), Level::Province).unwrap();
    assert_eq!(
        strs(&up, "region_code"),
        vec![Some("38".into()), Some("38".into())]
    );
    assert_eq!(
        i64s(&up, "count"),
        vec![Some(18_014_398_509_481_988), Some(5)]
    );
    let nation = rollup(&tx, &thanh_hoa(), Level::Nation).unwrap();
    assert_eq!(strs(&nation, "region_code")[0].as_deref(), Some("VN"));

    // The commune and its district in the same month: summing both would double count.
    let twice = monthly(&[
        ("380", "2024-01", "qr", 1, 1),
        ("14758", "2024-01", "qr", 1, 1),
    ]);
    let e = rollup(&twice, &thanh_hoa(), Level::Province)
        .unwrap_err()
        .to_string();
    assert!(e.contains("count the same transactions twice"), "{e}");

    let unknown = monthly(&[("999", "2024-01", "qr", 1, 1)]);
    let e = rollup(&unknown, &thanh_hoa(), Level::Province).unwrap_err();
    assert!(matches!(e, Error::UnknownRegion { .. }));
    assert!(
        e.to_string().contains("\"999\"") && e.to_string().contains("row 0"),
        "{e}"
    );

    let down = rollup(&tx, &thanh_hoa(), Level::Commune)
        .unwrap_err()
        .to_string();
    assert!(down.contains("never split down"), "{down}");
}

#[test]
fn crosswalk_splits_exactly_and_merges() {
    // A merged into Z; B split 1/3 – 2/3 between Z and Y; C split in halves.
    let cw = Crosswalk::from_frame(
        &df!(
            "old_code" => ["A", "B", "B", "C", "C"],
            "new_code" => ["Z", "Z", "Y", "V", "W"],
            "share" => [1.0, 1.0 / 3.0, 2.0 / 3.0, 0.5, 0.5],
        )
        .unwrap(),
        "old",
        "new",
    )
    .unwrap();
    let tx = monthly(&[
        ("A", "2024-01", "pos", 100, 7),
        ("B", "2024-01", "pos", 10, 1_000_000_000_000_000_001),
        ("C", "2024-01", "pos", 3, 1_000_000_000_000_000_001),
    ]);
    let moved = apply_crosswalk(&tx, &cw).unwrap();
    let codes: Vec<Option<String>> = ["V", "W", "Y", "Z"]
        .iter()
        .map(|c| Some(c.to_string()))
        .collect();
    assert_eq!(strs(&moved, "region_code"), codes);
    // C's 3 in halves: 1.5 each, the spare unit to the first new code (V). B's 10: 6.67 → 7 to
    // Y, 3.33 → 3 to Z; Z = 100 + 3.
    assert_eq!(
        i64s(&moved, "count"),
        vec![Some(2), Some(1), Some(7), Some(103)]
    );
    // 10^18 + 1 in halves, to the unit.
    let values = i64s(&moved, "value");
    assert_eq!(values[0], Some(500_000_000_000_000_001));
    assert_eq!(values[1], Some(500_000_000_000_000_000));
    // B's 10^18 + 1 split into parts that add up to it exactly (Z also has A's 7).
    assert_eq!(
        values[2].unwrap() + values[3].unwrap() - 7,
        1_000_000_000_000_000_001
    );
    assert_eq!(strs(&moved, "region_map"), vec![Some("new".into()); 4]);

    let bad =
        df!("old_code" => ["A", "A"], "new_code" => ["X", "Y"], "share" => [0.5, 0.4]).unwrap();
    let e = Crosswalk::from_frame(&bad, "old", "new")
        .unwrap_err()
        .to_string();
    assert!(e.contains("add up to 0.9"), "{e}");
}

#[test]
fn bad_rows_are_named() {
    let negative = monthly(&[
        ("38", "2024-01", "qr", 1, 1),
        ("38", "2024-02", "qr", -4, 1),
    ]);
    let e = canonical(&negative, "bank.csv").unwrap_err().to_string();
    assert_eq!(e, "bank.csv, row 1, column `count`, value \"-4\": is negative: counts and values cannot be below zero");

    let unknown = monthly(&[
        ("38", "2024-01", "qr", 1, 1),
        ("38", "2024-01", "Tiền mặt", 1, 1),
    ]);
    let e = canonical(&unknown, "DataFrame").unwrap_err().to_string();
    assert!(
        e.starts_with("unknown channel label \"Tiền mặt\" at DataFrame, row 1, column `channel`"),
        "{e}"
    );

    let dup = monthly(&[
        ("38", "2024-01", "qr", 1, 1),
        ("38", "2024-02", "qr", 1, 1),
        ("38", "2024-01", "QR Code", 2, 2),
    ]);
    let e = canonical(&dup, "DataFrame").unwrap_err().to_string();
    assert!(
        e.contains("row 2") && e.contains("duplicate key: row 0"),
        "{e}"
    );

    let mid_month = monthly(&[("38", "2024-01-15", "qr", 1, 1)]);
    let e = canonical(&mid_month, "DataFrame").unwrap_err().to_string();
    assert!(
        e.contains("2024-01-15") && e.contains("not the first day of a month"),
        "{e}"
    );

    let fractional = df!(
        "region_code" => ["38"], "period" => ["2024-01"], "channel" => ["qr"],
        "count" => [1.5], "value" => [1i64],
    )
    .unwrap();
    let e = canonical(&fractional, "DataFrame").unwrap_err().to_string();
    assert!(
        e.contains("value \"1.5\"") && e.contains("not a whole number"),
        "{e}"
    );

    let missing = df!("region_code" => ["38"], "period" => ["2024-01"], "count" => [1i64]).unwrap();
    let e = canonical(&missing, "DataFrame").unwrap_err().to_string();
    assert!(e.contains("missing column `channel`"), "{e}");
}

#[test]
fn sparse_key_spaces_give_the_same_sums() {
    // 1,000 regions over a century of months: too wide for the dense arrays, so the duplicate
    // check and the sums take their hash-map paths. Region i has 1 transaction in January 1970
    // and i in January 2069.
    let mut rows: Vec<(String, &str, &str, i64, i64)> = Vec::new();
    for i in 0..1000i64 {
        rows.push((format!("R{i:04}"), "1970-01", "pos", 1, 10));
        rows.push((format!("R{i:04}"), "2069-01", "pos", i, 10 * i));
    }
    let frame = |rows: &[(String, &str, &str, i64, i64)]| {
        let borrowed: Vec<_> = rows
            .iter()
            .map(|r| (r.0.as_str(), r.1, r.2, r.3, r.4))
            .collect();
        monthly(&borrowed)
    };
    let tx = frame(&rows);
    let years = annual(&tx, &AggregateOptions::default()).unwrap();
    let pos = only(&years, "channel", "pos");
    assert_eq!(pos.height(), 2000);
    let r7 = only(&pos, "region_code", "R0007");
    assert_eq!(i64s(&r7, "year"), vec![Some(1970), Some(2069)]);
    assert_eq!(i64s(&r7, "count"), vec![Some(1), Some(7)]);
    // pos is additive, so each region also has a derived `all` equal to it.
    let all = only(&years, "channel", "all");
    assert_eq!(
        i64s(&all, "value").iter().flatten().sum::<i64>(),
        10 * 1000 + 10 * (999 * 1000 / 2)
    );

    let mut twice = rows.clone();
    twice.push(("R0500".into(), "2069-01", "POS/mPOS", 5, 5));
    let e = canonical(&frame(&twice), "DataFrame")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("row 2000") && e.contains("duplicate key: row 1001"),
        "{e}"
    );
}

#[test]
fn totals_beyond_64_bits_are_refused_not_wrapped() {
    let tx = monthly(&[
        ("38", "2024-01", "mobile", i64::MAX, 1),
        ("38", "2024-02", "mobile", 1, 1),
    ]);
    let e = annual(&tx, &AggregateOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("does not fit in a 64-bit integer"), "{e}");
}

/// Each shape of the pass's loop names the sum that leaves 64 bits by its channel and month:
/// years or quarters, with or without a derived `all`. Here internet and mobile each fit
/// (i64::MAX / 2 + 1 apiece) but their derived `all` does not, and a second mobile row in
/// February takes mobile itself past the range.
#[test]
fn every_shape_of_the_sums_names_the_one_past_64_bits() {
    let half = i64::MAX / 2 + 1;
    let own = monthly(&[
        ("38", "2024-01", "mobile", half, 1),
        ("38", "2024-02", "mobile", half, 1),
    ]);
    let both = monthly(&[
        ("38", "2024-03", "internet", half, 1),
        ("38", "2024-03", "mobile", half, 1),
    ]);
    for frequency in [Frequency::Year, Frequency::Quarter] {
        for derive_all in [false, true] {
            let options = AggregateOptions {
                derive_all,
                ..Default::default()
            };
            let e = by_period(&own, frequency, &options)
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("the mobile count or value") && e.contains("up to 2024-02"),
                "{frequency:?} {derive_all}: {e}"
            );
            let summed = by_period(&both, frequency, &options);
            if derive_all {
                let e = summed.unwrap_err().to_string();
                assert!(
                    e.contains("the all count or value") && e.contains("up to 2024-03"),
                    "{frequency:?}: {e}"
                );
            } else {
                let counts = summed
                    .unwrap()
                    .column("count")
                    .unwrap()
                    .i64()
                    .unwrap()
                    .to_vec();
                assert_eq!(counts, vec![Some(half), Some(half)], "{frequency:?}");
            }
        }
    }
}

#[test]
fn reference_tables_load_from_csv_with_codes_as_text() {
    let dir = std::env::temp_dir().join(format!("cashless-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let regions = dir.join("regions.csv");
    std::fs::write(
        &regions,
        "code,name,level,parent\n01,Thành phố Hà Nội,Tỉnh,\n001,Quận Ba Đình,Quận,01\n00001,Phường Phúc Xá,Phường,001\n",
    )
    .unwrap();
    let r = Regions::from_csv(&regions).unwrap();
    assert_eq!(r.get("00001").unwrap().level, Level::Commune);
    assert_eq!(r.ancestor_at("00001", Level::Province).unwrap(), "01");

    let crosswalk = dir.join("crosswalk.csv");
    std::fs::write(
        &crosswalk,
        "old_code,new_code,share\n001,01,1\n002,01,0.5\n002,02,abc\n",
    )
    .unwrap();
    let e = Crosswalk::from_csv(&crosswalk, "vn-2020", "vn-2025")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "crosswalk, row 2, column `share`, value \"abc\": is not a share in (0, 1]"
    );

    let e = Regions::from_csv(&dir.join("absent.csv"))
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("absent.csv: no such file"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn crosswalk_leaves_rows_of_other_maps_on_their_map() {
    let cw = Crosswalk::from_frame(
        &df!("old_code" => ["A"], "new_code" => ["Z"]).unwrap(),
        "old",
        "new",
    )
    .unwrap();
    let tx = df!(
        "region_code" => ["A", "Q"],
        "period" => ["2024-01", "2024-01"],
        "channel" => ["pos", "pos"],
        "count" => [1i64, 2],
        "value" => [1i64, 2],
        "region_map" => ["old", "elsewhere"],
    )
    .unwrap();
    let moved = apply_crosswalk(&tx, &cw).unwrap();
    assert_eq!(
        strs(&moved, "region_code"),
        vec![Some("Q".into()), Some("Z".into())]
    );
    assert_eq!(
        strs(&moved, "region_map"),
        vec![Some("elsewhere".into()), Some("new".into())]
    );
}

#[test]
fn rollup_and_crosswalk_refuse_totals_beyond_64_bits() {
    // Two districts whose values add up past i64::MAX: a polars sum would wrap to a negative.
    let big = 6_000_000_000_000_000_000i64;
    let tx = monthly(&[
        ("380", "2024-01", "pos", 1, big),
        ("381", "2024-01", "pos", 1, big),
    ]);
    let e = rollup(&tx, &thanh_hoa(), Level::Province)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("\"38\"")
            && e.contains("2024-01")
            && e.contains("does not fit in a 64-bit integer"),
        "{e}"
    );
    let cw = Crosswalk::from_frame(
        &df!("old_code" => ["380", "381"], "new_code" => ["38", "38"]).unwrap(),
        "a",
        "b",
    )
    .unwrap();
    let e = apply_crosswalk(&tx, &cw).unwrap_err().to_string();
    assert!(e.contains("does not fit in a 64-bit integer"), "{e}");
}
