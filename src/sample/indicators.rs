//! The sample's **synthetic** indicator table: what share, coverage and rising targets read,
//! for Thanh Hóa (the province's public-service figures), for its 27 districts (Xuân Lộc-like
//! district figures), and for the 30 real communes of Thọ Xuân (invented acceptance points).
//!
//! Shares move from a 2020 level to a 2025 level along a curve, with a little noise; the
//! levels are chosen so that verdicts differ: some targets met, some below, the water revenue
//! met on Thanh Hóa's body text (50 %) but below on its appendix (80 %), and one commune
//! (Xã Nam Giang, `15505`) whose acceptance points fell in 2023.

use polars::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Kind, DISTRICTS, SAMPLE_PROVINCE, SAMPLE_SEED};
use crate::error::Result;
use crate::indicators::{INDICATOR, YEAR};
use crate::regions::Region;
use crate::table::{REGION_CODE, VALUE};

/// The district whose communes the sample carries.
pub const SAMPLE_COMMUNE_DISTRICT: &str = "395";
// The commune whose acceptance points fall in 2023.
const FALLING_COMMUNE: usize = 4;

/// The communes of Thọ Xuân on the map until 30 June 2025, by code.
pub(super) fn communes() -> Vec<Region> {
    // The built-in map is checked by the tests of `maps`; it has these 30 communes.
    crate::maps::regions(crate::maps::VN_2025_06)
        .expect("the built-in map is a valid region table")
        .iter()
        .filter(|r| r.parent.as_deref() == Some(SAMPLE_COMMUNE_DISTRICT))
        .cloned()
        .collect()
}

/// The table as it is written.
#[derive(Default)]
struct Table {
    region: Vec<String>,
    year: Vec<i32>,
    indicator: Vec<&'static str>,
    value: Vec<f64>,
}

impl Table {
    fn push(&mut self, region: &str, year: i32, indicator: &'static str, value: f64) {
        self.region.push(region.to_string());
        self.year.push(year);
        self.indicator.push(indicator);
        self.value.push(value);
    }

    /// A total and its cashless part for 2020..=2025: the total grows by `growth` a year, the
    /// share goes from `from` to `to`, faster at first.
    #[allow(clippy::too_many_arguments)]
    fn pair(
        &mut self,
        rng: &mut ChaCha8Rng,
        region: &str,
        names: (&'static str, &'static str),
        total_2020: f64,
        growth: f64,
        from: f64,
        to: f64,
    ) {
        for year in 2020..=2025 {
            let t = f64::from(year - 2020) / 5.0;
            let total = (total_2020 * (1.0 + growth).powi(year - 2020)).round();
            let noise = if to >= 1.0 && year == 2025 {
                0.0
            } else {
                0.01 * (rng.random::<f64>() - 0.5)
            };
            let share = (from + (to - from) * t.sqrt() + noise).clamp(0.0, 1.0);
            self.push(region, year, names.0, total);
            self.push(region, year, names.1, (total * share).round());
        }
    }
}

/// Share of a district's target figure in 2025, by kind: cities lead, mountains lag.
fn reach(kind: Kind, city: f64, mountain: f64) -> f64 {
    let w = match kind {
        Kind::City => 0.0,
        Kind::Town => 0.3,
        Kind::Lowland => 0.6,
        Kind::Mountain => 1.0,
    };
    city + (mountain - city) * w
}

/// The built-in **synthetic** indicator table, `region_code, year, indicator, value`, for
/// 2020–2025: every indicator the built-in catalogues read, for the province (`38`), its
/// districts, and the 30 communes of Thọ Xuân (`15493` … `15598`).
///
/// ```
/// let ind = cashless::sample::sample_indicators().unwrap();
/// assert_eq!(ind.get_column_names(), ["region_code", "year", "indicator", "value"]);
/// ```
pub fn sample_indicators() -> Result<DataFrame> {
    let mut rng = ChaCha8Rng::seed_from_u64(SAMPLE_SEED + 1);
    let mut t = Table::default();
    let p = SAMPLE_PROVINCE;
    // Thanh Hóa: about 3.7 million people.
    let people = 3_700_000.0;
    let province: [(&str, &str, f64, f64, f64, f64); 17] = [
        (
            "population_15plus",
            "population_15plus_with_account",
            people * 0.76,
            0.005,
            0.68,
            0.87,
        ),
        (
            "ecommerce_value",
            "ecommerce_cashless_value",
            4.1e12,
            0.22,
            0.22,
            0.44,
        ),
        (
            "payers",
            "payers_electronic",
            people * 0.82,
            0.006,
            0.25,
            0.47,
        ),
        (
            "taxpayers",
            "taxpayers_electronic",
            118_000.0,
            0.04,
            0.80,
            0.985,
        ),
        (
            "electricity_customers",
            "electricity_customers_cashless",
            1_050_000.0,
            0.015,
            0.55,
            0.93,
        ),
        (
            "electricity_revenue",
            "electricity_revenue_cashless",
            9.8e12,
            0.07,
            0.62,
            0.86,
        ),
        (
            "water_customers_urban",
            "water_customers_urban_cashless",
            190_000.0,
            0.03,
            0.30,
            0.66,
        ),
        (
            "water_revenue",
            "water_revenue_cashless",
            6.2e11,
            0.06,
            0.35,
            0.62,
        ),
        (
            "schools",
            "schools_accepting_cashless",
            2_150.0,
            0.0,
            0.60,
            0.985,
        ),
        (
            "vocational_schools",
            "vocational_schools_accepting_cashless",
            64.0,
            0.0,
            0.50,
            1.0,
        ),
        (
            "tuition_urban",
            "tuition_urban_cashless",
            1.45e12,
            0.05,
            0.45,
            0.83,
        ),
        (
            "vocational_tuition",
            "vocational_tuition_cashless",
            1.9e11,
            0.04,
            0.40,
            0.74,
        ),
        (
            "universities",
            "universities_on_portal",
            21.0,
            0.0,
            0.20,
            0.96,
        ),
        (
            "university_tuition",
            "university_tuition_cashless",
            6.1e11,
            0.05,
            0.60,
            0.93,
        ),
        (
            "clinics_urban_hospitals",
            "clinics_urban_hospitals_accepting_cashless",
            160.0,
            0.01,
            0.50,
            1.0,
        ),
        (
            "hospital_fees",
            "hospital_fees_cashless",
            5.4e12,
            0.06,
            0.20,
            0.46,
        ),
        (
            "benefit_recipients_urban",
            "benefit_recipients_urban_cashless",
            61_000.0,
            0.03,
            0.35,
            0.64,
        ),
    ];
    for (total, part, base, growth, from, to) in province {
        t.pair(&mut rng, p, (total, part), base, growth, from, to);
    }
    for (code, _, thousands, kind) in DISTRICTS {
        let n = thousands * 1000.0;
        let district: [(&str, &str, f64, f64, f64, f64); 7] = [
            (
                "population_15plus",
                "population_15plus_with_account",
                n * 0.76,
                0.005,
                0.62,
                reach(kind, 0.93, 0.66),
            ),
            (
                "ecommerce_value",
                "ecommerce_cashless_value",
                n * 1.1e6,
                0.22,
                0.2,
                reach(kind, 0.56, 0.31),
            ),
            (
                "payers",
                "payers_electronic",
                n * 0.82,
                0.006,
                0.2,
                reach(kind, 0.52, 0.30),
            ),
            (
                "retail_outlets",
                "retail_outlets_accepting_cashless",
                (thousands * 0.6).round(),
                0.02,
                0.45,
                reach(kind, 1.0, 0.90),
            ),
            (
                "schools",
                "schools_accepting_cashless",
                (thousands * 0.35).round(),
                0.0,
                0.5,
                reach(kind, 1.0, 0.86),
            ),
            (
                "health_facilities",
                "health_facilities_accepting_cashless",
                (thousands * 0.12).round().max(4.0),
                0.0,
                0.25,
                reach(kind, 0.85, 0.45),
            ),
            (
                "benefit_recipients",
                "benefit_recipients_cashless",
                n * 0.06,
                0.03,
                0.3,
                reach(kind, 0.75, 0.48),
            ),
        ];
        for (total, part, base, growth, from, to) in district {
            t.pair(&mut rng, code, (total, part), base, growth, from, to);
        }
    }
    // The alternative readings of Thanh Hóa's appendix (rows 9, 14 and 15), drawn from a
    // stream of their own so the figures above stay as they were.
    let mut alt = ChaCha8Rng::seed_from_u64(SAMPLE_SEED + 2);
    let appendix: [(&str, &str, f64, f64, f64, f64); 3] = [
        (
            "taxpayers_declaring",
            "taxpayers_declaring_electronic",
            74_000.0,
            0.04,
            0.84,
            0.995,
        ),
        (
            "water_customers",
            "water_customers_cashless",
            410_000.0,
            0.03,
            0.18,
            0.46,
        ),
        (
            "universities_colleges",
            "universities_colleges_on_portal",
            14.0,
            0.0,
            0.20,
            1.0,
        ),
    ];
    for (total, part, base, growth, from, to) in appendix {
        t.pair(&mut alt, p, (total, part), base, growth, from, to);
    }
    for (i, commune) in communes().iter().enumerate() {
        let mut points = 40.0 + 15.0 * rng.random::<f64>();
        for year in 2020..=2025 {
            if year > 2020 {
                let rise = if i + 1 == FALLING_COMMUNE && year == 2023 {
                    // Two shops closed their accounts: fewer points than in 2022.
                    -0.06
                } else {
                    0.10 + 0.25 * rng.random::<f64>()
                };
                points *= 1.0 + rise;
            }
            t.push(&commune.code, year, "acceptance_points", points.round());
        }
    }
    Ok(df!(
        REGION_CODE => t.region,
        YEAR => t.year,
        INDICATOR => t.indicator,
        VALUE => t.value,
    )?)
}
