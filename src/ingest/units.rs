//! Units as report headers write them: "(món)", "(nghìn món)", "(triệu đồng)", "(tỷ đồng)".
//! Counts are kept in món and values in đồng, exactly: a unit is a metric and a whole-number
//! factor.

use crate::channels::normalize;
use crate::metrics::Metric;

/// A unit: what it measures and how many món or đồng one of it is.
///
/// ```
/// use cashless::ingest::units::{unit_in, Unit};
/// use cashless::Metric;
/// assert_eq!(unit_in("Giá trị GD Mobile banking (triệu đồng)"), Some(Unit { metric: Metric::Value, factor: 1_000_000 }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// Count (món) or value (đồng).
    pub metric: Metric,
    /// Món or đồng per unit.
    pub factor: i64,
}

// Normalized unit words, longest first so that "nghin mon" wins over "mon".
pub(crate) const UNITS: &[(&str, Metric, i64)] = &[
    ("nghin ty dong", Metric::Value, 1_000_000_000_000),
    ("ngan ty dong", Metric::Value, 1_000_000_000_000),
    ("nghin mon", Metric::Count, 1_000),
    ("ngan mon", Metric::Count, 1_000),
    ("trieu mon", Metric::Count, 1_000_000),
    ("nghin giao dich", Metric::Count, 1_000),
    ("trieu giao dich", Metric::Count, 1_000_000),
    ("nghin dong", Metric::Value, 1_000),
    ("ngan dong", Metric::Value, 1_000),
    ("trieu dong", Metric::Value, 1_000_000),
    ("tr dong", Metric::Value, 1_000_000),
    ("ty dong", Metric::Value, 1_000_000_000),
    ("ti dong", Metric::Value, 1_000_000_000),
    ("mon", Metric::Count, 1),
    ("dong", Metric::Value, 1),
    ("vnd", Metric::Value, 1),
    ("trd", Metric::Value, 1_000_000),
    // English headers ("Value (million VND)", "Value (VND bn)", "Count (thousand transactions)").
    ("thousand transactions", Metric::Count, 1_000),
    ("million transactions", Metric::Count, 1_000_000),
    ("transactions", Metric::Count, 1),
    ("thousand vnd", Metric::Value, 1_000),
    ("vnd thousand", Metric::Value, 1_000),
    ("million vnd", Metric::Value, 1_000_000),
    ("vnd million", Metric::Value, 1_000_000),
    ("vnd mn", Metric::Value, 1_000_000),
    ("mn vnd", Metric::Value, 1_000_000),
    ("billion vnd", Metric::Value, 1_000_000_000),
    ("vnd billion", Metric::Value, 1_000_000_000),
    ("vnd bn", Metric::Value, 1_000_000_000),
    ("bn vnd", Metric::Value, 1_000_000_000),
    ("tr d", Metric::Value, 1_000_000),
];

/// The unit a header names, in parentheses or as its last words ("Số lượng (nghìn món)",
/// "Giá trị, tỷ đồng"); `None` when it names none (the caller then needs one given).
///
/// ```
/// use cashless::ingest::units::unit_in;
/// assert_eq!(unit_in("Số lượng GD qua Internet Banking (món)").unwrap().factor, 1);
/// assert_eq!(unit_in("Số lượng (nghìn món)").unwrap().factor, 1_000);
/// assert_eq!(unit_in("Giá trị (Tỷ đồng)").unwrap().factor, 1_000_000_000);
/// assert_eq!(unit_in("Kênh thanh toán"), None);
/// ```
pub fn unit_in(header: &str) -> Option<Unit> {
    // What is in parentheses is the unit, when there is something there.
    let inside: Vec<&str> = header
        .split('(')
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .collect();
    let candidates: Vec<String> = if inside.is_empty() {
        vec![normalize(header)]
    } else {
        inside.iter().map(|s| normalize(s)).collect()
    };
    for text in candidates.iter().rev() {
        let padded = format!(" {text} ");
        // In a parenthesis the unit is all there is; in bare text it ends the header.
        let hit = UNITS.iter().find(|(words, _, _)| {
            if inside.is_empty() {
                padded.ends_with(&format!(" {words} "))
            } else {
                text == words
            }
        });
        if let Some(&(_, metric, factor)) = hit {
            return Some(Unit { metric, factor });
        }
    }
    None
}

/// A multiplier written alone in parentheses ("Count (thousand)", "Số lượng (nghìn)"): the
/// metric comes from the header's own words.
///
/// ```
/// use cashless::ingest::units::multiplier_in;
/// assert_eq!(multiplier_in("Count (thousand)"), Some(1_000));
/// assert_eq!(multiplier_in("Giá trị (tỷ)"), Some(1_000_000_000));
/// assert_eq!(multiplier_in("Giá trị (triệu đồng)"), None); // a whole unit, not a multiplier
/// ```
pub fn multiplier_in(header: &str) -> Option<i64> {
    let inside = header.rsplit_once('(')?.1.split(')').next()?;
    Some(match normalize(inside).as_str() {
        "thousand" | "thousands" | "000" | "nghin" | "ngan" => 1_000,
        "million" | "millions" | "mn" | "trieu" => 1_000_000,
        "billion" | "billions" | "bn" | "ty" | "ti" => 1_000_000_000,
        _ => return None,
    })
}

/// Whether the header has a parenthesis that is neither a unit nor a multiplier: its figures
/// cannot be taken to be in base units.
pub(crate) fn unknown_unit(header: &str) -> Option<String> {
    let inside = header.rsplit_once('(')?.1.split(')').next()?.trim();
    if inside.is_empty() || unit_in(header).is_some() || multiplier_in(header).is_some() {
        return None;
    }
    Some(inside.to_string())
}
