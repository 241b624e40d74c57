//! The built-in catalogues against the documents, and the errors of a user's catalogue.
//!
//! The lists below are written by hand from the documents in `catalogues/sources/` (Decision
//! 1813 as both plans quote it), not generated from the catalogues.

use cashless::targets::Rule;
use cashless::{Catalogue, Level};

/// (id, rule kind, lo, hi, source as printed, agency) for each target of a document.
type Expected = (
    &'static str,
    &'static str,
    f64,
    Option<f64>,
    &'static str,
    Option<&'static str>,
);

const NHNN: Option<&str> = Some("Ngân hàng Nhà nước Chi nhánh tỉnh Thanh Hoá");

/// Decision 1813 as quoted: e-commerce 50 %, accounts 80 %, all 20–25 %, mobile count
/// 50–80 % and value 80–100 %, internet 35–40 %, e-payment users 40–50 %; in Thanh Hóa's
/// plan with the appendix rows and agencies.
fn national(thanh_hoa: bool) -> Vec<Expected> {
    let (a, b, c) = if thanh_hoa {
        (
            "II.2.a; appendix row 3",
            "II.2.b; appendix row 1",
            "II.2.c; appendix row 1",
        )
    } else {
        ("II.2.a", "II.2.b", "II.2.c")
    };
    let agency = if thanh_hoa { NHNN } else { None };
    vec![
        (
            "ecommerce",
            "share",
            0.50,
            None,
            a,
            thanh_hoa.then_some("Sở Công Thương"),
        ),
        ("accounts", "share", 0.80, None, b, agency),
        (
            "growth.all.count",
            "growth_range",
            0.20,
            Some(0.25),
            c,
            agency,
        ),
        (
            "growth.all.value",
            "growth_range",
            0.20,
            Some(0.25),
            c,
            agency,
        ),
        (
            "growth.mobile.count",
            "growth_range",
            0.50,
            Some(0.80),
            c,
            agency,
        ),
        (
            "growth.mobile.value",
            "growth_range",
            0.80,
            Some(1.00),
            c,
            agency,
        ),
        (
            "growth.internet.count",
            "growth_range",
            0.35,
            Some(0.40),
            c,
            agency,
        ),
        (
            "growth.internet.value",
            "growth_range",
            0.35,
            Some(0.40),
            c,
            agency,
        ),
        ("epayment_users", "share", 0.40, Some(0.50), c, agency),
    ]
}

fn check(id: &str, expected: &[Expected]) -> Catalogue {
    let cat = Catalogue::builtin(id).unwrap();
    let ids: Vec<&str> = cat.targets.iter().map(|t| t.id.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
    let (mut a, mut b) = (ids.clone(), want.clone());
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "{id}: targets differ from the document");
    for (tid, kind, lo, hi, source, agency) in expected {
        let t = cat.target(tid).unwrap();
        assert_eq!(t.rule.kind(), *kind, "{id} {tid}");
        assert_eq!(t.rule.bounds(), (*lo, *hi), "{id} {tid}");
        assert_eq!(t.source.to_string(), *source, "{id} {tid}");
        assert_eq!(t.agency.as_deref(), *agency, "{id} {tid}");
        assert_eq!((t.stage.start, t.stage.end), (2021, 2025));
    }
    cat
}

#[test]
fn decision_1813_has_the_national_targets() {
    let cat = check("decision-1813", &national(false));
    assert!(cat.targets.iter().all(|t| t.level == Level::Nation));
    assert_eq!(cat.document.number, "1813/QĐ-TTg");
    assert_eq!(cat.document.date, "2021-10-28");
}

#[test]
fn thanh_hoa_has_every_target_of_part_ii_2_and_its_appendix() {
    let mut expected = national(true);
    expected.extend([
        (
            "tax.payers",
            "share",
            0.90,
            Some(1.00),
            "II.2.đ; appendix row 9",
            Some("Cục thuế tỉnh"),
        ),
        (
            "electricity.customers",
            "share",
            0.80,
            Some(0.90),
            "II.2.đ; appendix row 14",
            Some("Công ty Điện lực Thanh Hoá"),
        ),
        (
            "electricity.revenue",
            "share",
            0.80,
            None,
            "II.2.đ; appendix row 14",
            Some("Công ty Điện lực Thanh Hoá"),
        ),
        (
            "water.customers",
            "share",
            0.50,
            Some(0.80),
            "II.2.đ; appendix row 14",
            Some("Công ty CP Cấp nước Thanh Hoá"),
        ),
        (
            "water.revenue",
            "share",
            0.50,
            None,
            "II.2.đ; appendix row 14",
            Some("Công ty CP Cấp nước Thanh Hoá"),
        ),
        (
            "tuition.schools",
            "full_coverage",
            1.0,
            Some(1.0),
            "II.2.đ; appendix row 5",
            Some("Sở Giáo dục và Đào tạo"),
        ),
        (
            "tuition.vocational_schools",
            "full_coverage",
            1.0,
            Some(1.0),
            "II.2.đ; appendix row 6",
            Some("Sở Lao động - Thương binh và Xã hội"),
        ),
        (
            "tuition.urban_value",
            "share",
            0.80,
            None,
            "II.2.đ; appendix row 5",
            Some("Sở Giáo dục và Đào tạo"),
        ),
        (
            "tuition.vocational_value",
            "share",
            0.80,
            None,
            "II.2.đ; appendix row 6",
            Some("Sở Lao động - Thương binh và Xã hội"),
        ),
        (
            "tuition.national_portal",
            "share",
            0.90,
            Some(1.00),
            "II.2.đ; appendix row 15",
            Some("Các trường Đại học, cao đẳng trên địa bàn"),
        ),
        (
            "hospital.facilities",
            "full_coverage",
            1.0,
            Some(1.0),
            "II.2.đ; appendix row 7",
            Some("Sở Y tế"),
        ),
        (
            "hospital.fees",
            "share",
            0.50,
            None,
            "II.2.đ; appendix row 7",
            Some("Sở Y tế"),
        ),
        (
            "social_security",
            "share",
            0.60,
            None,
            "II.2.đ; appendix row 11",
            Some("Bảo hiểm Xã hội tỉnh"),
        ),
        // Only in appendix row 15: 90–100 % of university tuition paid cashless.
        (
            "tuition.university_value",
            "share",
            0.90,
            Some(1.00),
            "appendix row 15",
            Some("Các trường Đại học, cao đẳng trên địa bàn"),
        ),
    ]);
    let cat = check("thanh-hoa-106-2022", &expected);
    assert!(cat.targets.iter().all(|t| t.level == Level::Province));
    assert_eq!(cat.reporting.year_start.to_string(), "12-01");
    assert_eq!(cat.reporting.due, ["12-05"]);
    assert_eq!(cat.reporting.final_data_to.as_deref(), Some("2025-10-31"));
    // Four readings the document gives, each kept with indicators of its own: taxpayers
    // that declare (row 9), water customers without "tại khu vực đô thị" (row 14), water
    // revenue 50 % / 80 % (row 14), the portal 90–100 % / 100 % without trung cấp (row 15).
    let conflicts: Vec<_> = cat
        .targets
        .iter()
        .filter_map(|t| {
            t.conflict
                .as_ref()
                .map(|c| (t.id.as_str(), c.rule.bounds(), c.source.to_string()))
        })
        .collect();
    assert_eq!(
        conflicts,
        [
            ("tax.payers", (0.9, Some(1.0)), "appendix row 9".to_string()),
            (
                "water.customers",
                (0.5, Some(0.8)),
                "appendix row 14".to_string()
            ),
            ("water.revenue", (0.8, None), "appendix row 14".to_string()),
            (
                "tuition.national_portal",
                (1.0, Some(1.0)),
                "appendix row 15".to_string()
            ),
        ]
    );
    // The national targets keep the plan's own words and document.
    assert_eq!(cat.target("ecommerce").unwrap().document, "106/KH-UBND");
}

#[test]
fn xuan_loc_has_every_target_of_part_ii() {
    let none = None;
    // Part IV of the plan: the office each target's field is given to (IV.2, IV.4, IV.6,
    // IV.7, IV.16); growth targets come from the banks' reports and name none.
    let kt = Some("Phòng Kinh tế và Hạ tầng");
    let banks = Some("Các ngân hàng, tổ chức tín dụng trên địa bàn");
    let expected: Vec<Expected> = vec![
        ("ecommerce", "share", 0.50, None, "II.1", kt),
        ("accounts", "share", 0.80, None, "II.2", banks),
        (
            "acceptance_points.rising",
            "rising_every_year",
            1.0,
            Some(1.0),
            "II.3",
            banks,
        ),
        (
            "acceptance_points.retail",
            "full_coverage",
            1.0,
            Some(1.0),
            "II.3",
            kt,
        ),
        (
            "growth.all.count",
            "growth_range",
            0.20,
            Some(0.25),
            "II.4",
            none,
        ),
        (
            "growth.all.value",
            "growth_range",
            0.20,
            Some(0.25),
            "II.4",
            none,
        ),
        (
            "growth.mobile.count",
            "growth_range",
            0.50,
            Some(0.80),
            "II.4",
            none,
        ),
        (
            "growth.mobile.value",
            "growth_range",
            0.80,
            Some(1.00),
            "II.4",
            none,
        ),
        (
            "growth.internet.count",
            "growth_range",
            0.35,
            Some(0.40),
            "II.4",
            none,
        ),
        (
            "growth.internet.value",
            "growth_range",
            0.35,
            Some(0.40),
            "II.4",
            none,
        ),
        // 40 %, where Decision 1813 as Thanh Hóa quotes it says 40–50 %.
        ("epayment_users", "share", 0.40, None, "II.4", banks),
        (
            "schools",
            "share",
            0.90,
            Some(1.00),
            "II.5",
            Some("Phòng Giáo dục và Đào tạo"),
        ),
        (
            "clinics",
            "share",
            0.60,
            None,
            "II.5",
            Some("Phòng Y tế, Trung tâm Y tế huyện"),
        ),
        (
            "pensions",
            "share",
            0.60,
            None,
            "II.5",
            Some("Phòng Lao động - Thương binh và Xã hội"),
        ),
    ];
    let cat = check("xuan-loc-83-2023", &expected);
    for t in &cat.targets {
        let want = if t.id == "acceptance_points.rising" {
            Level::Commune
        } else {
            Level::District
        };
        assert_eq!(t.level, want, "{}", t.id);
    }
    assert_eq!(cat.reporting.due, ["06-15", "12-01"]);
    assert!(matches!(
        &cat.target("acceptance_points.rising").unwrap().rule,
        Rule::RisingEveryYear { indicator } if indicator == "acceptance_points"
    ));
}

/// Whitespace folded, so that a line break in the source does not hide a quotation.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_text_vi_is_quoted_word_for_word_from_its_document() {
    for (id, file) in [
        ("thanh-hoa-106-2022", "thanh-hoa-106-KH-UBND-2022.txt"),
        ("xuan-loc-83-2023", "xuan-loc-83-KH-UBND-2023.txt"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("catalogues/sources")
            .join(file);
        let document = fold(&std::fs::read_to_string(path).unwrap());
        for t in &Catalogue::builtin(id).unwrap().targets {
            assert!(
                document.contains(&fold(&t.text_vi)),
                "{id} {}: {:?}",
                t.id,
                t.text_vi
            );
            if let Some(c) = &t.conflict {
                assert!(
                    document.contains(&fold(&c.text_vi)),
                    "{id} {} conflict",
                    t.id
                );
            }
        }
    }
}

#[test]
fn a_users_catalogue_extends_a_built_in_one() {
    let dir = std::env::temp_dir().join(format!("cashless-cat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("base.toml"),
        r#"id = "base"
extends = "xuan-loc-83-2023"
document = { number = "5/KH-UBND", date = "2024-03-01", issuer = "UBND huyện Y" }
exclude = ["clinics"]
[[targets]]
id = "pensions"
rule = { kind = "share", numerator = "benefit_recipients_cashless", denominator = "benefit_recipients", lo = 0.7 }
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("mine.toml"),
        r#"id = "mine"
extends = "base.toml"
document = { number = "9/KH-UBND", date = "2024-04-01", issuer = "UBND xã Z" }
[[targets]]
id = "markets"
text_vi = "100% chợ có điểm chấp nhận thanh toán"
text_en = "Every market accepts cashless payment."
level = "commune"
rule = { kind = "full_coverage", indicator = "markets_accepting_share" }
"#,
    )
    .unwrap();
    let cat = Catalogue::from_path(&dir.join("mine.toml")).unwrap();
    assert_eq!(cat.extends, ["base", "xuan-loc-83-2023", "decision-1813"]);
    assert_eq!(cat.level, Level::District);
    assert_eq!(cat.targets.len(), 14); // 14 of Xuân Lộc, less clinics, plus markets
    assert!(cat.target("clinics").is_none());
    assert_eq!(cat.target("pensions").unwrap().rule.bounds(), (0.7, None));
    assert_eq!(cat.target("pensions").unwrap().document, "83/KH-UBND");
    assert_eq!(cat.target("markets").unwrap().document, "9/KH-UBND");
    assert_eq!(
        cat.required_indicators()
            .iter()
            .filter(|i| **i == "markets_accepting_share")
            .count(),
        1
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn error(text: &str) -> String {
    Catalogue::from_toml(text, "mine.toml", None)
        .unwrap_err()
        .to_string()
}

const HEAD: &str = r#"id = "mine"
level = "province"
document = { number = "1/KH", date = "2024-01-02", issuer = "UBND" }
"#;

#[test]
fn errors_name_the_line_and_the_key() {
    let e = error(&format!("{HEAD}[[targets]]\nid = \"x\"\ntext_vi = \"a\"\ntext_en = \"a\"\nrule = {{ kind = \"share\", numerator = \"a\", denominator = \"b\", lo = 0.5, upper = 0.6 }}\n"));
    assert!(e.starts_with("mine.toml, line 8: "), "{e}");
    assert!(e.contains("unknown field `upper`"), "{e}");

    let e = error(&format!(
        "{HEAD}[[targets]]\nid = \"x\"\nagencey = \"Sở Y tế\"\n"
    ));
    assert!(
        e.starts_with("mine.toml, line 6, key `agencey`: unknown field `agencey`"),
        "{e}"
    );

    let e = error(&format!(
        "{HEAD}\n[[targets]]\nid = \"x\"\ntext_vi = \"a\"\ntext_en = \"a\"\n"
    ));
    assert_eq!(
        e,
        "mine.toml, line 5, key `rule`: target \"x\" has no `rule`, and inherits none"
    );

    let e = error(&format!("{HEAD}[[targets]]\nid = \"x\"\ntext_vi = \"a\"\ntext_en = \"a\"\nrule = {{ kind = \"growth_range\", channel = \"mobile\", metric = \"count\", lo = 0.5, hi = 0.4 }}\n"));
    assert_eq!(
        e,
        "mine.toml, line 8, key `rule.hi`: target \"x\": 0.4 is below lo = 0.5"
    );

    let e = error(&format!("{HEAD}[[targets]]\nid = \"x\"\ntext_vi = \"a\"\ntext_en = \"a\"\nrule = {{ kind = \"growth_range\", channel = \"fax\", metric = \"count\", lo = 0.5 }}\n"));
    assert!(e.starts_with("mine.toml, line 8: "), "{e}");

    let twice = format!("{HEAD}[[targets]]\nid = \"x\"\n[[targets]]\nid = \"x\"\n");
    assert_eq!(
        error(&twice),
        "mine.toml, line 6, key `targets.id`: target id \"x\" is already used at line 4"
    );

    let e = error(&HEAD.replace("2024-01-02", "2/1/2024"));
    assert_eq!(
        e,
        "mine.toml, key `document.date`: \"2/1/2024\" is not a real date of the form YYYY-MM-DD"
    );

    let e = error(&format!("{HEAD}extends = \"nowhere\"\n"));
    assert!(
        e.starts_with("mine.toml, key `extends`: \"nowhere\" is neither a built-in"),
        "{e}"
    );
}

#[test]
fn reporting_dates_are_checked() {
    let e = error(&format!(
        "{HEAD}reporting = {{ final_data_to = \"31/10/2025\" }}\n"
    ));
    assert_eq!(
        e,
        "mine.toml, key `reporting.final_data_to`: \"31/10/2025\" is not a real date of the form YYYY-MM-DD"
    );
}
