//! Cell text as reports write it: numbers, periods, units. Every expected value written by hand.

use cashless::ingest::numbers::{parse_number, NumberStyle};
use cashless::ingest::periods::{parse_period, Period};
use cashless::ingest::units::unit_in;
use cashless::lang::Lang;
use cashless::Metric;

fn vi(text: &str) -> Result<String, String> {
    parse_number(text, NumberStyle::Vietnamese)
        .map(|n| n.value.to_string())
        .map_err(|w| w.get(Lang::En).to_string())
}

fn en(text: &str) -> Result<String, String> {
    parse_number(text, NumberStyle::English)
        .map(|n| n.value.to_string())
        .map_err(|w| w.get(Lang::En).to_string())
}

#[test]
fn vietnamese_numbers() {
    let cases = [
        ("1.234.567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1.234", "1234"), // a lone dot before three digits groups thousands
        ("0,5", "0.5"),
        ("0.125", "0.125"), // never "125"
        ("12,5%", "0.125"),
        ("100%", "1.00"),
        ("-1.234", "-1234"),
        ("(1.234)", "-1234"), // accounting negative
        ("1 234 567", "1234567"),
        ("1\u{a0}234\u{a0}567", "1234567"), // non-breaking spaces, as Excel exports them
        ("1,234,567.89", "1234567.89"),     // both marks: English, whatever the style
        ("  42  ", "42"),
        ("+7", "7"),
    ];
    for (text, want) in cases {
        assert_eq!(vi(text).as_deref(), Ok(want), "{text:?}");
    }
}

#[test]
fn english_numbers() {
    assert_eq!(en("1,234,567").as_deref(), Ok("1234567"));
    assert_eq!(en("1,234").as_deref(), Ok("1234"));
    assert_eq!(en("1.234").as_deref(), Ok("1.234"));
    assert_eq!(en("1234,5").as_deref(), Ok("1234.5")); // a lone comma not before three digits
    assert_eq!(en("1.234.567,89").as_deref(), Ok("1234567.89"));
}

#[test]
fn what_is_not_a_number_says_why() {
    for (text, why) in [
        ("", "is empty"),
        ("abc", "is not a number"),
        (
            "12.34.5",
            "groups its digits oddly for a thousands separator '.'",
        ),
        (
            "1.234,5,6",
            "mixes separators in a way that is not a number",
        ),
        (
            "1,2.345.6",
            "mixes separators in a way that is not a number",
        ),
        ("1.234,", "has a misplaced separator"),
        ("-", "is not a number"),
        ("12 món", "is not a number"),
    ] {
        assert_eq!(vi(text), Err(why.to_string()), "{text:?}");
    }
}

#[test]
fn units_make_exact_integers() {
    // 1.234,5 triệu đồng = 1 234 500 000 đồng; 2,5 nghìn món = 2 500 món.
    let n = parse_number("1.234,5", NumberStyle::Vietnamese)
        .unwrap()
        .value;
    assert_eq!(n.times(1_000_000), Ok(1_234_500_000));
    let n = parse_number("2,5", NumberStyle::Vietnamese).unwrap().value;
    assert_eq!(n.times(1_000), Ok(2_500));
    // Half a món is not a count.
    let half = n.times(1).unwrap_err();
    assert_eq!(
        half.get(Lang::En),
        "2.5 × 1 is not a whole number of the base unit"
    );
    assert_eq!(
        half.get(Lang::Vi),
        "2.5 × 1 không phải một số nguyên của đơn vị gốc (món, đồng)"
    );
    // 9.3 billion tỷ đồng leaves 64 bits.
    let n = parse_number("9.300.000.000", NumberStyle::Vietnamese)
        .unwrap()
        .value;
    assert!(n
        .times(1_000_000_000)
        .unwrap_err()
        .get(Lang::En)
        .contains("leaves 64 bits"));
}

#[test]
fn periods() {
    use Period::*;
    let m = |month| Month { year: 2023, month };
    let cases = [
        ("T5/2023", m(5)),
        ("T05/2023", m(5)),
        ("Tháng 5/2023", m(5)),
        ("tháng 05 năm 2023", m(5)),
        ("Thang 5/2023", m(5)),
        ("05/2023", m(5)),
        ("5/2023", m(5)),
        ("2023-05", m(5)),
        ("2023/05", m(5)),
        ("2023-05-01", m(5)),
        ("01/05/2023", m(5)),
        (
            "Quý 2/2023",
            Quarter {
                year: 2023,
                quarter: 2,
            },
        ),
        (
            "Quý II/2023",
            Quarter {
                year: 2023,
                quarter: 2,
            },
        ),
        (
            "Q2/2023",
            Quarter {
                year: 2023,
                quarter: 2,
            },
        ),
        (
            "quy 4 nam 2023",
            Quarter {
                year: 2023,
                quarter: 4,
            },
        ),
        (
            "6 tháng đầu năm 2023",
            Half {
                year: 2023,
                half: 1,
            },
        ),
        (
            "6 tháng cuối năm 2023",
            Half {
                year: 2023,
                half: 2,
            },
        ),
        (
            "6T/2023",
            Half {
                year: 2023,
                half: 1,
            },
        ),
        (
            "H2/2023",
            Half {
                year: 2023,
                half: 2,
            },
        ),
        (
            "9 tháng đầu năm 2023",
            FirstMonths {
                year: 2023,
                months: 9,
            },
        ),
        ("Năm 2023", Year(2023)),
        ("2023", Year(2023)),
    ];
    for (text, want) in cases {
        assert_eq!(parse_period(text), Ok(want), "{text:?}");
    }
    assert_eq!(
        FirstMonths {
            year: 2025,
            months: 10
        }
        .months(),
        (2025, 1, 10)
    );
    assert_eq!(
        Half {
            year: 2025,
            half: 2
        }
        .to_string(),
        "2025-H2"
    );
}

#[test]
fn what_is_not_a_period_says_why() {
    for (text, why) in [
        ("Tháng 5", "has no year (a period needs one, as in T5/2023)"),
        ("13/2023", "month 13 is not 1-12"),
        ("Quý 5/2023", "names a quarter without a number 1-4"),
        (
            "31/10/2025",
            "is a date, not a month (give the month, as in 10/2025)",
        ),
        ("2023-2024", "has more than one year"),
    ] {
        let got = parse_period(text).map_err(|w| w.get(Lang::En).to_string());
        assert_eq!(got, Err(why.to_string()), "{text:?}");
    }
}

#[test]
fn units_from_headers() {
    let cases = [
        ("Số lượng GD qua Internet Banking (món)", Metric::Count, 1),
        ("Số lượng (nghìn món)", Metric::Count, 1_000),
        ("Số lượng (ngàn món)", Metric::Count, 1_000),
        ("Số lượng (triệu món)", Metric::Count, 1_000_000),
        (
            "Giá trị GD Mobile banking (triệu đồng)",
            Metric::Value,
            1_000_000,
        ),
        ("Giá trị (Tỷ đồng)", Metric::Value, 1_000_000_000),
        ("Giá trị (nghìn đồng)", Metric::Value, 1_000),
        ("Giá trị (VNĐ)", Metric::Value, 1),
        ("Giá trị (tr.đ)", Metric::Value, 1_000_000),
        ("Giá trị, tỷ đồng", Metric::Value, 1_000_000_000),
        ("Giá trị giao dịch (Triệu Đồng)", Metric::Value, 1_000_000),
    ];
    for (header, metric, factor) in cases {
        let u = unit_in(header).unwrap_or_else(|| panic!("no unit in {header:?}"));
        assert_eq!((u.metric, u.factor), (metric, factor), "{header:?}");
    }
    assert_eq!(unit_in("Số lượng giao dịch"), None);
    assert_eq!(unit_in("Kênh (Internet)"), None);
}
