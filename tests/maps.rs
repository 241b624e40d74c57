//! The built-in administrative maps (issue 21): both maps nationwide, the crosswalk between
//! them, names matched across the country, and a district series rebuilt across the reform.
//!
//! Counts per province are those of the source, `vietnamadminunits` 1.0.4, counted in its
//! `data/dataset.db` (tables `admin_units_legacy`, `admin_units`) with
//! `select provinceCode, count(*) … group by provinceCode`.

use std::collections::BTreeMap;

use polars::prelude::*;

use cashless::crosswalk::ShareBasis;
use cashless::ingest::names::RegionMatcher;
use cashless::report::{report, ReportInput, ReportOptions};
use cashless::{maps, Catalogue, Level};

// Per province: (code, district-level units, communes) on the old map, (code, communes) on
// the new one; from the source as said above.
#[rustfmt::skip]
const OLD: [(&str, usize, usize); 63] = [("01", 30, 526), ("02", 11, 193), ("04", 10, 161), ("06", 8, 108), ("08", 7, 137), ("10", 9, 151), ("11", 10, 129), ("12", 8, 106), ("14", 12, 200), ("15", 9, 168), ("17", 10, 151), ("19", 9, 172), ("20", 11, 194), ("22", 13, 171), ("24", 10, 192), ("25", 13, 207), ("26", 9, 121), ("27", 8, 121), ("30", 12, 207), ("31", 15, 167), ("33", 10, 139), ("34", 8, 242), ("35", 6, 98), ("36", 9, 175), ("37", 7, 125), ("38", 26, 547), ("40", 20, 412), ("42", 12, 209), ("44", 8, 145), ("45", 10, 119), ("46", 9, 133), ("48", 8, 47), ("49", 17, 233), ("51", 13, 170), ("52", 11, 155), ("54", 9, 106), ("56", 9, 132), ("58", 7, 62), ("60", 10, 121), ("62", 10, 102), ("64", 17, 218), ("66", 15, 180), ("67", 8, 71), ("68", 10, 137), ("70", 11, 111), ("72", 9, 94), ("74", 9, 91), ("75", 11, 159), ("77", 7, 77), ("79", 22, 273), ("80", 15, 186), ("82", 11, 164), ("83", 9, 148), ("84", 9, 104), ("86", 8, 102), ("87", 12, 141), ("89", 11, 155), ("91", 15, 143), ("92", 9, 80), ("93", 8, 75), ("94", 11, 108), ("95", 7, 64), ("96", 9, 100)];
const NEW: [(&str, usize); 34] = [
    ("01", 126),
    ("04", 56),
    ("08", 124),
    ("11", 45),
    ("12", 38),
    ("14", 75),
    ("15", 99),
    ("19", 92),
    ("20", 65),
    ("22", 54),
    ("24", 99),
    ("25", 148),
    ("31", 114),
    ("33", 104),
    ("37", 129),
    ("38", 166),
    ("40", 130),
    ("42", 69),
    ("44", 78),
    ("46", 40),
    ("48", 94),
    ("51", 96),
    ("52", 135),
    ("56", 65),
    ("66", 102),
    ("68", 124),
    ("75", 95),
    ("79", 168),
    ("80", 96),
    ("82", 102),
    ("86", 124),
    ("91", 102),
    ("92", 103),
    ("96", 64),
];

fn counts(map: &str, level: Level) -> BTreeMap<String, usize> {
    let r = maps::regions(map).unwrap();
    let mut out = BTreeMap::new();
    for u in r.iter().filter(|u| u.level == level) {
        let p = r.ancestor_at(&u.code, Level::Province).unwrap().to_string();
        *out.entry(p).or_default() += 1;
    }
    out
}

#[test]
fn the_maps_tell_their_totals() {
    let old = maps::regions(maps::VN_2025_06).unwrap();
    let new = maps::regions(maps::VN_2025).unwrap();
    let n = |r: &cashless::Regions, l: Level| r.iter().filter(|u| u.level == l).count();
    assert_eq!(
        (
            n(&old, Level::Province),
            n(&old, Level::District),
            n(&old, Level::Commune)
        ),
        (63, 696, 10_035)
    );
    assert_eq!(
        (n(&new, Level::Province), n(&new, Level::Commune)),
        (34, 3_321)
    );
}

#[test]
fn every_province_has_the_units_the_source_gives() {
    let districts = counts(maps::VN_2025_06, Level::District);
    let communes = counts(maps::VN_2025_06, Level::Commune);
    for (p, d, c) in OLD {
        assert_eq!(districts.get(p), Some(&d), "districts of {p}");
        // The five island districts have no communes: a province may then have fewer rows.
        assert_eq!(communes.get(p).copied().unwrap_or(0), c, "communes of {p}");
    }
    assert_eq!(districts.len(), 63);
    let new = counts(maps::VN_2025, Level::Commune);
    for (p, c) in NEW {
        assert_eq!(new.get(p), Some(&c), "communes of {p}");
    }
    assert_eq!(new.len(), 34);
    // Thanh Hóa was not merged: 166 communes and wards on the new map.
    assert_eq!(new["38"], 166);
}

fn check_units(map: &str, units: &[(&str, &str, Option<&str>)]) {
    let r = maps::regions(map).unwrap();
    for (code, name, parent) in units {
        let u = r.get(code).unwrap_or_else(|| panic!("{code} on {map}"));
        assert_eq!(
            (u.name.as_str(), u.parent.as_deref()),
            (*name, *parent),
            "{code} on {map}"
        );
    }
}

#[test]
fn ten_units_checked_by_hand_on_each_map() {
    // GSO codes as in Decision 124/2004/QĐ-TTg and its updates (old map) and the 2025
    // resolutions of the National Assembly Standing Committee (new map).
    check_units(
        maps::VN_2025_06,
        &[
            ("01", "Thành phố Hà Nội", None),
            ("001", "Quận Ba Đình", Some("01")),
            ("00001", "Phường Phúc Xá", Some("001")),
            ("38", "Tỉnh Thanh Hóa", None),
            ("380", "Thành phố Thanh Hóa", Some("38")),
            ("395", "Huyện Thọ Xuân", Some("38")),
            ("15499", "Thị trấn Thọ Xuân", Some("395")),
            ("75", "Tỉnh Đồng Nai", None),
            ("741", "Huyện Xuân Lộc", Some("75")),
            ("26449", "Xã Xuân Tâm", Some("741")),
            ("689", "Thành phố Đồng Xoài", Some("70")),
        ],
    );
    check_units(
        maps::VN_2025,
        &[
            ("01", "Thành phố Hà Nội", None),
            ("00004", "Phường Ba Đình", Some("01")),
            ("38", "Tỉnh Thanh Hóa", None),
            ("14797", "Phường Hạc Thành", Some("38")),
            ("15499", "Xã Thọ Xuân", Some("38")),
            ("75", "Tỉnh Đồng Nai", None),
            ("26425", "Xã Xuân Lộc", Some("75")),
            ("26446", "Xã Xuân Hòa", Some("75")),
            // Bình Phước was merged into Đồng Nai.
            ("25210", "Phường Đồng Xoài", Some("75")),
            ("26740", "Phường Sài Gòn", Some("79")),
            ("26732", "Đặc khu Côn Đảo", Some("79")),
        ],
    );
    let old = maps::regions(maps::VN_2025_06).unwrap();
    assert!(old.get("70").is_some() && maps::regions(maps::VN_2025).unwrap().get("70").is_none());
    assert_eq!(old.get("26449").unwrap().kind(), Some("Xã"));
    assert_eq!(
        maps::regions(maps::VN_2025)
            .unwrap()
            .get("26732")
            .unwrap()
            .kind(),
        Some("Đặc khu")
    );
}

#[test]
fn a_divided_commune_is_shared_by_the_published_areas() {
    let cw = maps::crosswalk(maps::VN_2025_06, maps::VN_2025, Level::Commune).unwrap();
    // Xã Xuân Tâm (Xuân Lộc) was divided between Xã Xuân Đông (108 km²) and Xã Xuân Hòa
    // (306 km²), the areas the source publishes for the new communes.
    let lines: Vec<_> = cw
        .entries
        .iter()
        .filter(|e| e.old_code == "26449")
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0].new_code.as_str(), lines[1].new_code.as_str()),
        ("26359", "26446")
    );
    assert!((lines[0].share - 108.0 / 414.0).abs() < 1e-12);
    assert!((lines[1].share - 306.0 / 414.0).abs() < 1e-12);
    assert!((lines[0].share + lines[1].share - 1.0).abs() < 1e-12);
    assert!(lines.iter().all(|e| e.basis == ShareBasis::NewCommuneArea));
    // Every divided commune's shares add up to 1, and only divided ones are approximate.
    let mut total: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for e in &cw.entries {
        let t = total.entry(&e.old_code).or_default();
        t.0 += e.share;
        t.1 += 1;
        assert_eq!(e.basis.is_approximation(), e.share < 1.0, "{e:?}");
    }
    assert!(total.values().all(|(s, _)| (s - 1.0).abs() < 1e-9));
    // Old districts go onto their new province: Đồng Xoài (Bình Phước) onto Đồng Nai.
    let dx: Vec<_> = cw.entries.iter().filter(|e| e.old_code == "689").collect();
    assert_eq!(
        (dx.len(), dx[0].new_code.as_str(), dx[0].share),
        (1, "75", 1.0)
    );
}

#[test]
fn names_resolve_across_the_country() {
    let old = maps::regions(maps::VN_2025_06).unwrap();
    let m = RegionMatcher::new(Some(&old));
    for written in [
        "Huyện Thọ Xuân",
        "H. Thọ Xuân",
        "tho xuan",
        "395",
        "huyen tho xuan",
    ] {
        assert_eq!(m.resolve(written).unwrap(), "395", "{written}");
    }
    assert_eq!(m.resolve("TP Thanh Hoá").unwrap(), "380");
    assert_eq!(m.resolve("Thanh Hóa").unwrap(), "38");
    assert_eq!(m.resolve("Thị trấn Thọ Xuân").unwrap(), "15499");
    assert_eq!(m.resolve("Xuân Lộc").unwrap(), "741");
    // Three communes are called Xuân Hòa on the old map at least; the candidates are named
    // with their provinces.
    let why = m
        .resolve("Xã Xuân Hòa")
        .unwrap_err()
        .get(cashless::lang::Lang::En)
        .to_string();
    assert!(
        why.contains("15517 (Xã Xuân Hòa") && why.contains("Tỉnh Thanh Hóa"),
        "{why}"
    );
    let new = maps::regions(maps::VN_2025).unwrap();
    let m = RegionMatcher::new(Some(&new));
    let why = m
        .resolve("Xuân Lộc")
        .unwrap_err()
        .get(cashless::lang::Lang::Vi)
        .to_string();
    assert!(
        why.contains("26425 (Xã Xuân Lộc") && why.contains("Tỉnh Đồng Nai"),
        "{why}"
    );
    assert_eq!(m.resolve("Hạc Thành").unwrap(), "14797");
    // Within one province a commune's name is unique again.
    let dong_nai = maps::load("vn-2025:Đồng Nai").unwrap();
    assert_eq!(
        RegionMatcher::new(Some(&dong_nai))
            .resolve("xuan loc")
            .unwrap(),
        "26425"
    );
}

/// Xuân Lộc district: 2020–2024 by the old district on the old map; 2025 by the new communes
/// on the new map. Counts a month: 50 for the district; for the new communes 10 for each of the
/// four wholly inside it, 26 for Xuân Đông (3/26 inside), 10 for Xuân Bắc (1/2), 30 for Xuân
/// Định (2/3). Values are 100 × the counts.
fn xuan_loc_across_the_reform() -> DataFrame {
    let mut region = vec![];
    let mut map = vec![];
    let mut period = vec![];
    let mut count = vec![];
    for y in 2020..=2024 {
        for m in 1..=12 {
            region.push("741");
            map.push(maps::VN_2025_06);
            period.push(format!("{y}-{m:02}"));
            count.push(50i64);
        }
    }
    let new = [
        ("26425", 10),
        ("26434", 10),
        ("26446", 10),
        ("26458", 10),
        ("26359", 26),
        ("26428", 10),
        ("26461", 30),
    ];
    for m in 1..=12 {
        for (code, c) in new {
            region.push(code);
            map.push(maps::VN_2025);
            period.push(format!("2025-{m:02}"));
            count.push(c);
        }
    }
    let value: Vec<i64> = count.iter().map(|c| c * 100).collect();
    let n = region.len();
    df!(
        "region_code" => region, "period" => period, "channel" => vec!["all"; n],
        "count" => count, "value" => value, "region_map" => map,
    )
    .unwrap()
}

#[test]
fn a_district_series_is_rebuilt_from_new_communes() {
    let tx = xuan_loc_across_the_reform();
    let back = maps::crosswalk(maps::VN_2025, maps::VN_2025_06, Level::District).unwrap();
    let moved = cashless::apply_crosswalk(&tx, &back).unwrap();
    let district = moved
        .lazy()
        .filter(col("region_code").eq(lit("741")))
        .collect()
        .unwrap();
    let years = cashless::annual(&district, &Default::default()).unwrap();
    let count = years.column("count").unwrap().i64().unwrap();
    // 2020–2024: 12 × 50; 2025: 12 × (4 × 10 + 26 × 3/26 + 10 / 2 + 30 × 2/3) = 12 × 68.
    let got: Vec<i64> = count.into_no_null_iter().collect();
    assert_eq!(got, vec![600, 600, 600, 600, 600, 816]);
    let value: Vec<i64> = years
        .column("value")
        .unwrap()
        .i64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert_eq!(value[5], 81_600);
    // The 2025 months rest on approximate shares, and say so.
    let basis = district.column("share_basis").unwrap().str().unwrap();
    let months_2025: Vec<Option<&str>> = basis.iter().skip(60).collect();
    assert!(
        months_2025.iter().all(|b| *b == Some("equal_parts")),
        "{months_2025:?}"
    );
    assert!(basis.iter().take(60).all(|b| b.is_none()));
}

#[test]
fn a_district_plan_is_judged_on_its_old_district_and_says_how() {
    let regions = maps::load("vn-2025-06:Đồng Nai").unwrap();
    let input = ReportInput {
        transactions: xuan_loc_across_the_reform(),
        regions: Some(regions),
        indicators: None,
        ledger: None,
        sources: vec!["test".into()],
        synthetic: false,
    };
    let options = ReportOptions {
        region: Some("741".into()),
        ..Default::default()
    };
    let catalogue = Catalogue::builtin("xuan-loc-83-2023").unwrap();
    let r = report(&input, &catalogue, &options).unwrap();
    assert!(r.title.ends_with("Huyện Xuân Lộc"), "{}", r.title);
    let method = r.section("method").unwrap().paragraphs.join("\n");
    assert!(
        method.contains(
            "Số liệu theo bản đồ hành chính từ ngày 1/7/2025 (34 tỉnh, thành phố; không còn cấp huyện) (vn-2025; 7 đơn vị) được quy về bản đồ hành chính đến ngày 30/6/2025"
        ),
        "{method}"
    );
    assert!(
        method.contains(
            "(tỷ lệ xấp xỉ): Xã Xuân Đông 11,54 %; Xã Xuân Bắc 50,00 %; Xã Xuân Định 66,67 %."
        ),
        "{method}"
    );
    let summary = r.section("summary").unwrap().paragraphs.join("\n");
    assert!(summary.contains("Lưu ý: số liệu của 3 đơn vị theo bản đồ hành chính mới được tính vào Huyện Xuân Lộc theo tỷ lệ xấp xỉ"), "{summary}");
    // The 2025 figure of the district is the rebuilt one: 12 × 68 (see above).
    let levels = &r.section("channels").unwrap().tables[0];
    assert_eq!(levels.columns[7], "2025");
    assert_eq!(
        format!("{:?}", &levels.rows[0][..]),
        "[Text(\"Tổng TTKDTM\"), Text(\"Số lượng (món)\"), Int(600), Int(600), Int(600), Int(600), Int(600), Int(816)]"
    );
    assert_eq!(r.section("regions").unwrap().paragraphs[0], "Các đơn vị được xếp hạng theo bản đồ hành chính đến ngày 30/6/2025 (63 tỉnh, thành phố; có cấp huyện) (vn-2025-06). Giai đoạn đi qua đợt sắp xếp đơn vị hành chính từ ngày 1/7/2025 (không còn cấp huyện, các xã được sắp xếp lại): số liệu theo đơn vị mới phải được quy về đơn vị cũ mới so sánh được với các năm trước.");
}
