//! Units as report headers write them: "(món)", "(nghìn món)", "(triệu đồng)", "(tỷ đồng)".
//! Counts are kept in món and values in đồng, exactly: a unit is a metric and a whole-number
//! factor.

use crate::channels::normalize;
use crate::growth::Metric;

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
