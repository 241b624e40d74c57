//! The built-in sample: **synthetic** monthly transactions of Thanh Hóa province.
//!
//! Nothing in it was reported by anybody. It is generated, deterministically from a fixed
//! seed, so that examples, notebooks and tests have realistic data to run on: Thanh Hóa's 27
//! district-level units (GSO codes of the map in force 2020 – June 2025), ten reporting banks
//! with neutral codes (`NH01` … `NH10`), December 2019 to October 2025 (December 2019 so that
//! Thanh Hóa's reporting year, which starts on 1 December, has a whole base year 2020; October
//! 2025 is the data cut-off of the
//! final 2021–2025 report), channels `internet`, `mobile`, `qr`, `pos`, `atm` and `all`.
//!
//! Its shape follows the national rates the State Bank published (see `data/` in the
//! repository): mobile growing fastest in count, QR from a small base, ATM shrinking, a peak
//! before Tết and a dip after it, a mid-2021 lockdown. Growth is scaled down for the mountain
//! districts of the west, so that verdicts differ by district and channel as they do in
//! reality. `all` is reported by the banks and is internet + mobile + POS + other channels that
//! are not itemised; QR payments are inside mobile and ATM transactions are not in `all`.

mod indicators;

pub use indicators::{sample_indicators, SAMPLE_COMMUNE_DISTRICT};

use polars::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use crate::calendar::days_from_civil;
use crate::crosswalk::{Crosswalk, CrosswalkEntry, ShareBasis};
use crate::error::Result;
use crate::maps;
use crate::regions::{Level, Region, Regions};
use crate::table::{BANK, CHANNEL, COUNT, PERIOD, REGION_CODE, REGION_MAP, VALUE};

/// Seed of the sample: the date of Decision 1813/QĐ-TTg.
pub const SAMPLE_SEED: u64 = 20_211_028;
/// Name of the administrative map the sample's region codes are on.
pub const SAMPLE_MAP: &str = maps::VN_2020;
/// Name of the map after the 2025 reform.
pub const MAP_2025: &str = maps::VN_2025;
/// Province code of Thanh Hóa.
pub const SAMPLE_PROVINCE: &str = "38";

/// How a district's usage compares: per-capita usage in 2020, and how much of the national
/// growth it reaches (a factor on log growth).
#[derive(Clone, Copy)]
enum Kind {
    City,
    Town,
    Lowland,
    Mountain,
}

impl Kind {
    fn usage(self) -> f64 {
        match self {
            Kind::City => 3.0,
            Kind::Town => 1.8,
            Kind::Lowland => 1.0,
            Kind::Mountain => 0.45,
        }
    }
    fn catch_up(self) -> f64 {
        match self {
            Kind::City => 1.05,
            Kind::Town => 0.95,
            Kind::Lowland => 0.85,
            Kind::Mountain => 0.45,
        }
    }
    fn banks(self) -> usize {
        match self {
            Kind::City => 10,
            Kind::Town => 8,
            Kind::Lowland => 6,
            Kind::Mountain => 4,
        }
    }
}

// Code, name, approximate population (thousands), kind.
const DISTRICTS: [(&str, &str, f64, Kind); 27] = [
    ("380", "Thành phố Thanh Hóa", 480.0, Kind::City),
    ("381", "Thị xã Bỉm Sơn", 60.0, Kind::Town),
    ("382", "Thành phố Sầm Sơn", 110.0, Kind::Town),
    ("384", "Huyện Mường Lát", 40.0, Kind::Mountain),
    ("385", "Huyện Quan Hóa", 50.0, Kind::Mountain),
    ("386", "Huyện Bá Thước", 110.0, Kind::Mountain),
    ("387", "Huyện Quan Sơn", 40.0, Kind::Mountain),
    ("388", "Huyện Lang Chánh", 50.0, Kind::Mountain),
    ("389", "Huyện Ngọc Lặc", 140.0, Kind::Lowland),
    ("390", "Huyện Cẩm Thủy", 120.0, Kind::Lowland),
    ("391", "Huyện Thạch Thành", 150.0, Kind::Lowland),
    ("392", "Huyện Hà Trung", 120.0, Kind::Lowland),
    ("393", "Huyện Vĩnh Lộc", 90.0, Kind::Lowland),
    ("394", "Huyện Yên Định", 170.0, Kind::Lowland),
    ("395", "Huyện Thọ Xuân", 230.0, Kind::Lowland),
    ("396", "Huyện Thường Xuân", 90.0, Kind::Mountain),
    ("397", "Huyện Triệu Sơn", 210.0, Kind::Lowland),
    ("398", "Huyện Thiệu Hóa", 170.0, Kind::Lowland),
    ("399", "Huyện Hoằng Hóa", 250.0, Kind::Lowland),
    ("400", "Huyện Hậu Lộc", 180.0, Kind::Lowland),
    ("401", "Huyện Nga Sơn", 150.0, Kind::Lowland),
    ("402", "Huyện Như Xuân", 70.0, Kind::Mountain),
    ("403", "Huyện Như Thanh", 95.0, Kind::Lowland),
    ("404", "Huyện Nông Cống", 190.0, Kind::Lowland),
    ("405", "Huyện Đông Sơn", 80.0, Kind::Lowland),
    ("406", "Huyện Quảng Xương", 230.0, Kind::Lowland),
    ("407", "Thị xã Nghi Sơn", 310.0, Kind::Town),
];

const BANK_SHARES: [f64; 10] = [0.30, 0.15, 0.14, 0.13, 0.06, 0.06, 0.05, 0.04, 0.04, 0.03];

// Itemised channels of the sample, in generation order.
const CHANNELS: [&str; 5] = ["internet", "mobile", "qr", "pos", "atm"];

// National year-on-year growth 2021..2025 (fractions), count then value, shaped on the SBV
// figures in data/published/sbv_published_growth.csv: published full-year rates where there are any,
// Jan–Nov or Jan–Sep rates otherwise, and 2021 backed out of SBV's 2021–2025 averages.
const COUNT_GROWTH: [[f64; 5]; 5] = [
    [0.556, 0.894, 0.560, 0.507, 0.540],     // internet
    [0.930, 1.393, 0.610, 0.541, 0.366],     // mobile
    [0.370, 2.254, 1.720, 1.040, 0.509],     // qr
    [0.100, 0.536, 0.150, 0.100, 0.080],     // pos
    [-0.050, 0.133, -0.088, -0.100, -0.173], // atm
];
const VALUE_GROWTH: [[f64; 5]; 5] = [
    [0.489, 0.406, 0.058, 0.330, 0.358],
    [1.217, 1.065, 0.120, 0.340, 0.201],
    [1.340, 2.439, 0.740, 0.970, 1.241],
    [0.080, 0.488, 0.120, 0.100, 0.070],
    [-0.030, 0.140, -0.090, -0.080, -0.060],
];
// Monthly transactions per inhabitant in 2020 (province average) and value per transaction.
const BASE_PER_CAPITA: [f64; 5] = [0.30, 0.65, 0.011, 0.15, 0.55];
const TICKET_VND: [f64; 5] = [18.0e6, 3.0e6, 0.45e6, 1.4e6, 2.2e6];
// Share of `all` in channels that are not itemised (direct debit, card-not-present …).
const OTHER_SHARE: f64 = 0.06;

/// Seasonal factor of a month: the month before Tết peaks, the next one dips; the 2021
/// lockdown moved card payments to phones.
fn season(year: i32, month: u32, channel: usize) -> f64 {
    // Month in which the ten days before Tết mostly fall (Tết: 25/1/2020, 12/2/2021,
    // 1/2/2022, 22/1/2023, 10/2/2024, 29/1/2025).
    let peak = match year {
        2021 => 2,
        _ => 1,
    };
    let mut f = 1.0;
    if month == peak {
        f *= if channel == 4 { 1.40 } else { 1.22 };
    } else if month == peak + 1 {
        f *= 0.88;
    } else if month == 12 {
        f *= 1.08;
    }
    if year == 2021 && (7..=9).contains(&month) {
        f *= match channel {
            3 => 0.78,     // POS: shops closed
            1 | 2 => 1.10, // mobile, QR
            _ => 1.0,
        };
    }
    f
}

/// The sample's administrative units: Thanh Hóa (`38`), its 27 district-level units as they
/// were from 2020 to 2024 (GSO codes), and the 30 communes of Thọ Xuân (`395`) as they were
/// until 30 June 2025 (GSO codes, from [`crate::maps`]), which carry the sample's commune
/// figures ([`sample_indicators`]).
///
/// ```
/// let regions = cashless::sample::sample_regions();
/// assert_eq!(regions.iter().filter(|r| r.level == cashless::Level::District).count(), 27);
/// ```
pub fn sample_regions() -> Regions {
    let mut list = vec![Region {
        code: SAMPLE_PROVINCE.into(),
        name: "Tỉnh Thanh Hóa".into(),
        level: Level::Province,
        parent: None,
    }];
    list.extend(DISTRICTS.iter().map(|(code, name, _, _)| Region {
        code: (*code).into(),
        name: (*name).into(),
        level: Level::District,
        parent: Some(SAMPLE_PROVINCE.into()),
    }));
    list.extend(indicators::communes());
    Regions::new(list).expect("the sample's region table is a valid tree")
}

/// The sample's crosswalk from its map to the 2025 map, the real one for Thanh Hóa. Thanh Hóa
/// kept its borders and its code (`38`) in the 2025 merger of provinces, and the district
/// level was abolished, so every district maps onto the province (district series stay on the
/// old map, province series are comparable across the reform); every old commune of Thanh Hóa
/// maps onto the new commune it went to, from the built-in crosswalk ([`crate::maps`]).
///
/// ```
/// let cw = cashless::sample::sample_crosswalk().unwrap();
/// assert!(cw.entries.iter().filter(|e| e.old_code.len() == 3).all(|e| e.new_code == "38"));
/// // Xã Xuân Hồng (Thọ Xuân) went into the new Xã Thọ Xuân.
/// assert!(cw.entries.iter().any(|e| e.old_code == "15493" && e.new_code == "15499"));
/// ```
pub fn sample_crosswalk() -> Result<Crosswalk> {
    let whole = |old: &str, new: &str| CrosswalkEntry {
        old_code: old.into(),
        new_code: new.into(),
        share: 1.0,
        basis: ShareBasis::Given,
    };
    let mut entries = vec![whole(SAMPLE_PROVINCE, SAMPLE_PROVINCE)];
    entries.extend(DISTRICTS.iter().map(|d| whole(d.0, SAMPLE_PROVINCE)));
    let old = maps::regions(maps::VN_2025_06)?.within(SAMPLE_PROVINCE)?;
    let communes = maps::crosswalk(maps::VN_2025_06, MAP_2025, Level::Commune)?;
    entries.extend(communes.entries.into_iter().filter(|e| {
        old.get(&e.old_code)
            .is_some_and(|r| r.level == Level::Commune)
    }));
    Ok(Crosswalk {
        from_map: SAMPLE_MAP.into(),
        to_map: MAP_2025.into(),
        entries,
    })
}

/// Rows the generator writes, column by column.
#[derive(Default)]
struct Rows {
    region: Vec<&'static str>,
    period: Vec<i32>,
    channel: Vec<&'static str>,
    count: Vec<i64>,
    value: Vec<i64>,
    bank: Vec<String>,
}

impl Rows {
    fn push(
        &mut self,
        region: &'static str,
        period: i32,
        channel: &'static str,
        bank: &str,
        c: i64,
        v: i64,
    ) {
        self.region.push(region);
        self.period.push(period);
        self.channel.push(channel);
        self.bank.push(bank.to_string());
        self.count.push(c);
        self.value.push(v);
    }
}

/// The built-in **synthetic** sample: monthly transactions of Thanh Hóa's 27 district-level
/// units by reporting bank, December 2019 – October 2025, in the canonical layout with `bank`
/// and `region_map` (`vn-2020`, so every table computed from it says which map it is on).
/// The same on every machine, every time.
///
/// ```
/// let tx = cashless::sample_data().unwrap();
/// assert_eq!(
///     tx.get_column_names(),
///     ["region_code", "period", "channel", "count", "value", "bank", "region_map"]
/// );
/// ```
pub fn sample_data() -> Result<DataFrame> {
    let mut rng = ChaCha8Rng::seed_from_u64(SAMPLE_SEED);
    let normal = Normal::new(0.0, 1.0).expect("unit normal");
    let mut rows = Rows::default();
    for (code, _, population, kind) in DISTRICTS {
        // How far this district follows the national trend, channel by channel.
        let catch_up: Vec<f64> = (0..CHANNELS.len())
            .map(|_| kind.catch_up() * (0.12f64 * normal.sample(&mut rng)).exp())
            .collect();
        // Yearly levels 2020..2025 relative to 2020, per channel, count and value.
        let mut levels = [[[1.0f64; 6]; 5]; 2];
        for (m, table) in [COUNT_GROWTH, VALUE_GROWTH].iter().enumerate() {
            for c in 0..CHANNELS.len() {
                for y in 0..5 {
                    let national = table[c][y].ln_1p();
                    // Declining channels decline everywhere alike.
                    let local = if national > 0.0 {
                        national * catch_up[c]
                    } else {
                        national
                    };
                    let g = local + 0.04 * normal.sample(&mut rng);
                    levels[m][c][y + 1] = levels[m][c][y] * g.exp();
                }
            }
        }
        let n_banks = kind.banks();
        let share_total: f64 = BANK_SHARES[..n_banks].iter().sum();
        for (b, share) in BANK_SHARES[..n_banks].iter().enumerate() {
            let bank = format!("NH{:02}", b + 1);
            let bank_scale = share / share_total * (0.15 * normal.sample(&mut rng)).exp();
            for year in 2019..=2025 {
                let (first_month, last_month) = match year {
                    2019 => (12, 12),
                    2025 => (1, 10),
                    _ => (1, 12),
                };
                for month in first_month..=last_month {
                    let period = days_from_civil(year, month, 1);
                    // December 2019 is at the level of 2020.
                    let y = (year.max(2020) - 2020) as usize;
                    let mut amounts = [(0i64, 0i64); 5];
                    for c in 0..CHANNELS.len() {
                        let base =
                            population * 1000.0 * kind.usage() * BASE_PER_CAPITA[c] * bank_scale;
                        let noise = (0.05 * normal.sample(&mut rng)).exp();
                        let s = season(year, month, c) * noise;
                        let count = base * levels[0][c][y] * s;
                        let ticket = TICKET_VND[c] * (0.03 * normal.sample(&mut rng)).exp();
                        let value = base * ticket * levels[1][c][y] * s;
                        amounts[c] = (count.round() as i64, value.round() as i64);
                    }
                    // QR payments are made from mobile apps: never more than mobile.
                    amounts[2].0 = amounts[2].0.min(amounts[1].0);
                    amounts[2].1 = amounts[2].1.min(amounts[1].1);
                    let other = 1.0 + OTHER_SHARE * (1.0 + 0.2 * (rng.random::<f64>() - 0.5));
                    let sum = |f: fn(&(i64, i64)) -> i64| -> i64 {
                        ([0usize, 1, 3].iter().map(|&c| f(&amounts[c])).sum::<i64>() as f64 * other)
                            .round() as i64
                    };
                    let all = (sum(|a| a.0), sum(|a| a.1));
                    for (c, name) in CHANNELS.iter().enumerate() {
                        rows.push(code, period, name, &bank, amounts[c].0, amounts[c].1);
                    }
                    rows.push(code, period, "all", &bank, all.0, all.1);
                }
            }
        }
    }
    let n = rows.region.len();
    Ok(DataFrame::new(
        n,
        vec![
            Column::new(REGION_CODE.into(), rows.region),
            Int32Chunked::from_vec(PERIOD.into(), rows.period)
                .into_date()
                .into_column(),
            Column::new(CHANNEL.into(), rows.channel),
            Column::new(COUNT.into(), rows.count),
            Column::new(VALUE.into(), rows.value),
            Column::new(BANK.into(), rows.bank),
            Column::new(REGION_MAP.into(), vec![SAMPLE_MAP; n]),
        ],
    )?)
}
